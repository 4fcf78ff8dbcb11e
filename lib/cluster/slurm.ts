import "server-only";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmod, mkdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { readTail } from "@/lib/cluster/read-tail";
import {
  buildSubmitBody,
  findSubmittedJob,
  parseSlurmJob,
  parseSubmitResponse,
  SLURM_INVALID_JOB_ID,
  slurmApiVersions,
  slurmErrors,
} from "@/lib/cluster/slurm-parse";
import {
  type ClusterBackend,
  ClusterRequestError,
  ClusterUnreachableError,
  type JobStatus,
  type SubmitRequest,
  type SubmitResult,
} from "@/lib/cluster/types";

export type SlurmConfig = {
  url: string;
  user: string;
  /** A static JWT, or null when `jwtCommand` mints one. */
  jwt: string | null;
  /** A shell command that prints a token (`SLURM_JWT=…` or the bare token), run again when the token is refused. */
  jwtCommand: string | null;
  partition: string | null;
  account: string | null;
  /**
   * Where jobs work and write their output: a directory the app and the compute nodes share, or, when `jobDirShared`
   * is false, a directory that exists on every node (the app cannot read it: jobs post their output instead).
   */
  jobDir: string;
  jobDirShared: boolean;
  /** Force an API version instead of discovering it from /openapi/v3. */
  apiVersion: string | null;
};

const run = promisify(execFile);

/** Slurm through slurmrestd with JWT headers (X-SLURM-USER-NAME / X-SLURM-USER-TOKEN). */
export class SlurmBackend implements ClusterBackend {
  readonly name = "slurm" as const;
  readonly location: string;
  private version: string | null;
  private token: string | null;

  constructor(private readonly config: SlurmConfig) {
    this.location = config.url;
    this.version = config.apiVersion;
    this.token = config.jwt;
  }

  private async mintToken(): Promise<string> {
    if (!this.config.jwtCommand) throw new ClusterRequestError("No Slurm token: enter one in Settings → Cluster (or set SLURM_JWT or SLURM_JWT_COMMAND for the server)");
    const { stdout } = await run("/bin/sh", ["-c", this.config.jwtCommand], { timeout: 15_000 });
    const token = stdout.trim().replace(/^SLURM_JWT=/, "").split(/\s+/)[0];
    if (!token) throw new ClusterRequestError("SLURM_JWT_COMMAND printed no token");
    return (this.token = token);
  }

  private async request(method: string, url: string, body?: unknown, retried = false): Promise<{ status: number; json: unknown; text: string }> {
    const token = this.token ?? (await this.mintToken());
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          "X-SLURM-USER-NAME": this.config.user,
          "X-SLURM-USER-TOKEN": token,
          ...(body ? { "Content-Type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new ClusterUnreachableError(`Slurm REST API at ${this.config.url} is unreachable (${(error as Error).cause ?? (error as Error).message})`);
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* 401 is text/plain */
    }
    // A bad or expired token is a 500 with error -1 on reads, 5005 "Zero Bytes were transmitted or received" on submit
    // (or 401 without headers): mint a fresh one once, when we can. No job was accepted, so retrying cannot double-submit.
    const authFailure = res.status === 401 || (res.status === 500 && slurmErrors(json).some((e) => e.code === -1 || e.code === 5005));
    if (authFailure && this.config.jwtCommand && !retried) {
      await this.mintToken();
      return this.request(method, url, body, true);
    }
    if (res.status === 401) throw new ClusterRequestError("Slurm refused the credentials (HTTP 401): check the user name and token in Settings → Cluster (or SLURM_USER_NAME and SLURM_JWT)");

    if (res.status >= 502) throw new ClusterUnreachableError(`Slurm REST API answered HTTP ${res.status}`);
    return { status: res.status, json, text };
  }

  /** The newest API version slurmrestd offers, from /openapi/v3 (cached). */
  async apiVersion(): Promise<string> {
    if (this.version) return this.version;
    const r = await this.request("GET", `${this.config.url}/openapi/v3`);
    const versions = slurmApiVersions(r.json);
    if (!versions.length) throw new ClusterRequestError(`Slurm REST API at ${this.config.url} lists no /slurm/v0.0.x paths in /openapi/v3`);
    return (this.version = versions[0]);
  }

  private async base(): Promise<string> {
    return `${this.config.url}/slurm/${await this.apiVersion()}`;
  }

  async ping(): Promise<{ version: string }> {
    const base = await this.base();
    const r = await this.request("GET", `${base}/ping`);
    if (r.status !== 200) throw new ClusterRequestError(`Slurm ping failed: HTTP ${r.status} ${slurmErrors(r.json).map((e) => e.message).join("; ")}`);
    return { version: await this.apiVersion() };
  }

  async submit(request: SubmitRequest): Promise<SubmitResult> {
    const version = await this.apiVersion();
    const shared = this.config.jobDirShared;
    // Shared: each job gets its own directory, made here. Not shared: the nodes' directory is used as it is, and the
    // output file (named by Slurm's %j) is on the node only.
    const dir = shared ? path.join(this.config.jobDir, `${request.name.replace(/[^\w.-]+/g, "-").slice(0, 40)}-${randomUUID().slice(0, 8)}`) : this.config.jobDir;
    if (shared) {
      await mkdir(dir, { recursive: true });
      await chmod(dir, 0o777); // the job runs as the token's user, which may not be us
    }
    const output = shared ? path.join(dir, "output.log") : path.join(dir, "rw-%j.out");
    const body = buildSubmitBody(version, {
      name: request.name,
      script: request.script,
      env: { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: dir, ...(shared ? {} : { WORKBENCH_POST_LOG: "1" }), ...request.env },
      partition: this.config.partition,
      account: this.config.account,
      cwd: dir,
      output,
      timeLimitMinutes: request.resources?.timeLimitMinutes,
      nodes: request.resources?.nodes,
      gpusPerNode: request.resources?.gpusPerNode,
      cpusPerTask: request.resources?.cpusPerTask,
    });
    const r = await this.request("POST", `${await this.base()}/job/submit`, body);
    const id = r.status === 200 ? parseSubmitResponse(r.json) : null;
    if (!id) {
      const errors = slurmErrors(r.json).map((e) => e.message).join("; ") || r.text.slice(0, 300);
      throw new ClusterRequestError(`Slurm refused the job (HTTP ${r.status}): ${errors}`);
    }
    return { schedulerJobId: id, logPath: shared ? output : null };
  }

  async findSubmitted(name: string): Promise<SubmitResult | null> {
    const r = await this.request("GET", `${await this.base()}/jobs`);
    if (r.status !== 200) throw new ClusterUnreachableError(`Slurm could not list its jobs: HTTP ${r.status} ${slurmErrors(r.json).map((e) => e.message).join("; ")}`);
    const found = findSubmittedJob((r.json as { jobs?: unknown } | null)?.jobs ?? null, name);
    return found && { schedulerJobId: found.id, logPath: this.config.jobDirShared ? found.status.logPath : null };
  }

  async status(schedulerJobId: string, logPath?: string | null): Promise<JobStatus> {
    const r = await this.request("GET", `${await this.base()}/job/${encodeURIComponent(schedulerJobId)}`);
    const errors = slurmErrors(r.json);
    if (errors.some((e) => e.code === SLURM_INVALID_JOB_ID)) {
      return { state: "lost", reason: "The scheduler no longer knows this job", exitCode: null, signal: null, startedAt: null, finishedAt: null, logPath: logPath ?? null };
    }
    const jobs = (r.json as { jobs?: unknown[] } | null)?.jobs;
    if (r.status !== 200 || !Array.isArray(jobs) || !jobs.length) {
      // slurmrestd answers "error -1" both when slurmctld is down and when it refuses the token (expired, another
      // user's): the two cannot be told apart from here, so the job keeps its state and the message names both.
      const hint = errors.some((e) => e.code === -1) ? " (slurmctld down, or the Slurm token expired: check Settings → Cluster)" : "";
      throw new ClusterUnreachableError(`Slurm could not report job ${schedulerJobId}: HTTP ${r.status} ${errors.map((e) => e.message).join("; ")}${hint}`);
    }
    const status = parseSlurmJob(jobs[0] as Record<string, unknown>);
    return { ...status, logPath: this.config.jobDirShared ? (logPath ?? status.logPath) : null };
  }

  async cancel(schedulerJobId: string): Promise<void> {
    const r = await this.request("DELETE", `${await this.base()}/job/${encodeURIComponent(schedulerJobId)}`);
    if (r.status === 200) return;
    const errors = slurmErrors(r.json);
    if (errors.some((e) => e.code === SLURM_INVALID_JOB_ID)) return; // already gone
    if (errors.some((e) => e.code === -1)) throw new ClusterUnreachableError(`Slurm could not cancel job ${schedulerJobId}: HTTP ${r.status} (slurmctld down, or the Slurm token expired)`);
    throw new ClusterRequestError(`Slurm could not cancel job ${schedulerJobId}: HTTP ${r.status} ${errors.map((e) => e.message).join("; ")}`);
  }

  async logs(_id: string, logPath: string | null, maxBytes = 256 * 1024): Promise<string | null> {
    return logPath ? readTail(logPath, maxBytes) : null;
  }
}
