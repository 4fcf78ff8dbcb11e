// The one interface every scheduler backend implements (local child processes, Slurm's REST API).
// Pure types: no I/O.

export type ClusterBackendName = "local" | "slurm";

/** The states the workbench knows; `submitted` is ours (before the scheduler answered), the rest map from the scheduler. */
export type ClusterJobState = "pending" | "running" | "completed" | "failed" | "cancelled" | "timeout" | "lost";

export const FINAL_STATES: ReadonlySet<string> = new Set(["completed", "failed", "cancelled", "timeout", "lost"]);

export type SubmitRequest = {
  /** A short name, shown by the scheduler. */
  name: string;
  /** The whole job script, starting with `#!`. */
  script: string;
  /** Environment of the job (secrets such as the job's API token go here, never into the script). */
  env: Record<string, string>;
  /** Slurm resources; the local backend ignores them. */
  resources?: { nodes?: number; gpusPerNode?: number; timeLimitMinutes?: number; cpusPerTask?: number };
};

export type SubmitResult = { schedulerJobId: string; logPath: string | null };

export type JobStatus = {
  state: ClusterJobState;
  /** Why it is pending or why it ended (scheduler's words). */
  reason: string | null;
  /** The script's exit status when it exited; null when killed by a signal or not finished. */
  exitCode: number | null;
  signal: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  logPath: string | null;
};

export interface ClusterBackend {
  readonly name: ClusterBackendName;
  /** Where its jobs live: the slurmrestd URL, the local jobs directory. A job is followed where it was sent. */
  readonly location: string;
  submit(request: SubmitRequest): Promise<SubmitResult>;
  /**
   * A job submitted under `name` that the scheduler accepted (pending, running, or started at some point), for a
   * submit whose answer was lost: the newest, or null. Only schedulers that can be asked by name implement it.
   */
  findSubmitted?(name: string): Promise<SubmitResult | null>;
  /** The job's state; `lost` when the scheduler no longer knows it. Throws ClusterUnreachableError when it cannot ask. */
  status(schedulerJobId: string, logPath?: string | null): Promise<JobStatus>;
  cancel(schedulerJobId: string): Promise<void>;
  /** The tail of the job's output (at most `maxBytes`), or null when there is no readable output file. */
  logs(schedulerJobId: string, logPath: string | null, maxBytes?: number): Promise<string | null>;
}

/** The scheduler could not be asked (connection refused, 5xx that is not about the job): keep the job, try later. */
export class ClusterUnreachableError extends Error {
  override name = "ClusterUnreachableError";
}

/** The scheduler refused the request (bad partition, bad token, invalid field, not configured): a clear message. */
export class ClusterRequestError extends Error {
  override name = "ClusterRequestError";
}
