// Stops and starts the daemons of the local Slurm cluster that ../shared/cluster/start-slurm.sh runs, for tests of
// what the workbench does while the scheduler is down. Only this machine's own test cluster is touched: the pid comes
// from the cluster's state directory and must belong to a process named slurmctld.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const START_SLURM = path.resolve(process.cwd(), "../shared/cluster/start-slurm.sh");
const stateDir = () => process.env.SLURM_DEV_DIR || "/tmp/slurm-dev";

/** Why the cluster's daemons cannot be restarted from here, or null when they can. */
export function cannotRestartSlurm(): string | null {
  if (!existsSync(START_SLURM)) return `${START_SLURM} not found`;
  if (process.getuid?.() !== 0) return "restarting the test cluster's daemons needs root";
  if (!existsSync(path.join(stateDir(), "run", "slurmctld.pid"))) return `no slurmctld pid file in ${stateDir()}/run`;
  return null;
}

function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "slurmctld";
  } catch {
    return false;
  }
}

/** SIGTERM to slurmctld (slurmd and the running jobs stay up), then waits until it has exited. */
export async function stopSlurmctld(): Promise<void> {
  const pid = Number(readFileSync(path.join(stateDir(), "run", "slurmctld.pid"), "utf8").trim());
  if (!alive(pid)) throw new Error(`pid ${pid} is not a slurmctld`);
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 30_000;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`slurmctld ${pid} did not stop within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts whatever is not running (start-slurm.sh is idempotent), in an environment without the client's SLURM_*
 * variables: a slurmctld that inherits SLURM_JWT reads its AuthType as auth/jwt at first and then, recovering a job
 * that was running, as auth/munge, and exits ("AuthType change requires restart of all Slurm daemons"; seen here).
 */
export async function startSlurm(): Promise<void> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("SLURM_") || key.startsWith("SLURM_DEV_")));
  let last: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await run("bash", [START_SLURM], { cwd: "/", timeout: 180_000, env: env as NodeJS.ProcessEnv });
      return;
    } catch (error) {
      last = error;
    }
  }
  throw new Error(`start-slurm.sh failed twice: ${(last as { stderr?: string }).stderr?.slice(-2000) ?? last}`);
}
