import "server-only";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { readTail } from "@/lib/cluster/read-tail";
import { type ClusterBackend, ClusterRequestError, type JobStatus, type SubmitRequest, type SubmitResult } from "@/lib/cluster/types";

/**
 * Child processes on the app's machine. Each job lives in `<dir>/<id>/`: job.sh, output.log, pid, started,
 * time_limit_seconds (when it has one), and —
 * written by the detached wrapper shell when the script ends — exit_code; `cancelled` when we cancelled it. The state
 * is read back from those files, so it survives restarts of the app (the processes are detached and keep running).
 */
export class LocalBackend implements ClusterBackend {
  readonly name = "local" as const;
  constructor(private readonly dir: string) {}

  get location(): string {
    return this.dir;
  }

  private jobDir(id: string): string {
    if (!/^[\w-]+$/.test(id)) throw new ClusterRequestError(`Not a local job id: ${id}`);
    return path.join(this.dir, id);
  }

  async submit(request: SubmitRequest): Promise<SubmitResult> {
    const id = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
    const dir = this.jobDir(id);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "job.sh"), request.script, { mode: 0o755 });
    const limit = request.resources?.timeLimitMinutes;
    const run = limit ? `timeout --signal=TERM ${Math.ceil(limit * 60)}s /bin/bash ./job.sh` : "/bin/bash ./job.sh";
    // The wrapper records the exit status atomically; it is the process-group leader, so cancel can signal the group.
    const wrapper = `${run} > output.log 2>&1; code=$?; echo $code > exit_code.tmp && mv exit_code.tmp exit_code`;
    const child = spawn("/bin/bash", ["-c", wrapper, `workbench-job-${id}`], {
      cwd: dir,
      detached: true,
      stdio: "ignore",
      env: { PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin", HOME: process.env.HOME ?? dir, ...request.env } as unknown as NodeJS.ProcessEnv,
    });
    if (!child.pid) throw new ClusterRequestError("Could not start the job's process");
    child.unref();
    await writeFile(path.join(dir, "pid"), String(child.pid));
    await writeFile(path.join(dir, "started"), new Date().toISOString());
    if (limit) await writeFile(path.join(dir, "time_limit_seconds"), String(Math.ceil(limit * 60)));
    return { schedulerJobId: id, logPath: path.join(dir, "output.log") };
  }

  private async alive(pid: number, dir: string): Promise<boolean> {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    // Guard against a reused pid: the wrapper's command line names the job.
    try {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8");
      return cmdline.includes(`workbench-job-${path.basename(dir)}`);
    } catch {
      return true; // no /proc: trust kill(0)
    }
  }

  async status(id: string): Promise<JobStatus> {
    const dir = this.jobDir(id);
    const logPath = path.join(dir, "output.log");
    const read = (name: string) => readFile(path.join(dir, name), "utf8").then((s) => s.trim(), () => null);
    const [pidText, exitText, cancelled, started, limitText] = await Promise.all([read("pid"), read("exit_code"), read("cancelled"), read("started"), read("time_limit_seconds")]);
    const startedAt = started ? new Date(started) : null;
    const base = { signal: null, startedAt, logPath };
    if (pidText === null) return { ...base, state: "lost", reason: "The job's directory is gone", exitCode: null, finishedAt: null };
    if (exitText !== null) {
      const code = Number(exitText);
      const finishedAt = await stat(path.join(dir, "exit_code")).then((s) => s.mtime, () => new Date());
      if (cancelled !== null) return { ...base, state: "cancelled", reason: cancelled || null, exitCode: code, finishedAt };
      if (code === 0) return { ...base, state: "completed", reason: null, exitCode: 0, finishedAt };
      // `timeout` exits 124 when the limit struck; a script may exit 124 itself, so the run time must reach the limit too.
      const ranSeconds = startedAt ? (finishedAt.getTime() - startedAt.getTime()) / 1000 : 0;
      if (code === 124 && limitText !== null && ranSeconds >= Number(limitText) - 1) return { ...base, state: "timeout", reason: "TimeLimit", exitCode: code, finishedAt };
      return { ...base, state: "failed", reason: "NonZeroExitCode", exitCode: code, finishedAt };
    }
    if (await this.alive(Number(pidText), dir)) return { ...base, state: "running", reason: null, exitCode: null, finishedAt: null };
    if (cancelled !== null) return { ...base, state: "cancelled", reason: cancelled || null, exitCode: null, finishedAt: new Date() };
    return { ...base, state: "lost", reason: "The job's process ended without recording an exit status", exitCode: null, finishedAt: null };
  }

  async cancel(id: string): Promise<void> {
    const dir = this.jobDir(id);
    const pid = Number(await readFile(path.join(dir, "pid"), "utf8").catch(() => "0"));
    // A job that already ended keeps the state it ended in: a cancel coming too late changes nothing.
    if (await stat(path.join(dir, "exit_code")).then(() => true, () => false)) return;
    await writeFile(path.join(dir, "cancelled"), "Cancelled");
    if (!pid || !(await this.alive(pid, dir))) return;
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      /* already gone */
    }
    setTimeout(() => {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }, 5_000).unref();
  }

  async logs(id: string, logPath: string | null, maxBytes = 256 * 1024): Promise<string | null> {
    return readTail(logPath ?? path.join(this.jobDir(id), "output.log"), maxBytes);
  }
}
