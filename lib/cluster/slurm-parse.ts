// Pure readers for slurmrestd responses, tolerant of both shapes: v0.0.38 (strings, plain numbers, raw wait status)
// and v0.0.39/v0.0.40+ ({set, infinite, number} numbers, state arrays, exit_code {status, return_code, signal}).
import type { ClusterJobState, JobStatus } from "@/lib/cluster/types";

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** `{set, infinite, number}` or a plain number → number (null when unset or infinite). */
export function slurmNumber(value: Json): number | null {
  if (typeof value === "number") return value;
  if (isObj(value)) {
    if (value.set === false || value.infinite === true) return null;
    return typeof value.number === "number" ? value.number : null;
  }
  return null;
}

/** `"RUNNING"` or `["RUNNING", "COMPLETING"]` → `{ base, flags }`. */
export function slurmJobState(job: Obj): { base: string; flags: string[] } {
  const raw = job.job_state;
  const list = Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? [raw] : [];
  return { base: (list[0] ?? "UNKNOWN").toUpperCase(), flags: list.slice(1).map((s) => s.toUpperCase()) };
}

/** The batch script's exit status, or the signal that killed it. */
export function slurmExit(job: Obj): { code: number | null; signal: number | null } {
  const e = job.exit_code;
  if (isObj(e) && "return_code" in e) {
    const signal = isObj(e.signal) ? slurmNumber(e.signal.id) : null;
    const status = Array.isArray(e.status) ? e.status.map(String) : [];
    if (status.includes("SIGNALED") || status.includes("CORE_DUMPED")) return { code: null, signal };
    return { code: slurmNumber(e.return_code), signal };
  }
  const raw = slurmNumber(e);
  if (raw == null) return { code: null, signal: null };
  return raw & 0x7f ? { code: null, signal: raw & 0x7f } : { code: raw >> 8, signal: null };
}

const STATE_MAP: Record<string, ClusterJobState> = {
  PENDING: "pending",
  REQUEUED: "pending",
  REQUEUE_HOLD: "pending",
  REQUEUE_FED: "pending",
  SUSPENDED: "running",
  RUNNING: "running",
  CONFIGURING: "running",
  COMPLETING: "running",
  SIGNALING: "running",
  STAGE_OUT: "running",
  RESIZING: "running",
  STOPPED: "running",
  COMPLETED: "completed",
  FAILED: "failed",
  NODE_FAIL: "failed",
  OUT_OF_MEMORY: "failed",
  BOOT_FAIL: "failed",
  LAUNCH_FAILED: "failed",
  PREEMPTED: "cancelled",
  CANCELLED: "cancelled",
  REVOKED: "cancelled",
  TIMEOUT: "timeout",
  DEADLINE: "timeout",
};

/** A Slurm state (base first) → ours. A flag reported in place of the base state means "not finished yet". */
export function mapSlurmState(base: string): ClusterJobState {
  return STATE_MAP[base.toUpperCase()] ?? "running";
}

const toDate = (seconds: number | null): Date | null => (seconds && seconds > 0 ? new Date(seconds * 1000) : null);

/** Expands %j %x %u %% in an output path pattern (v0.0.38 returns the raw pattern; newer versions the path). */
export function expandOutputPattern(pattern: string, job: { id: string; name: string; user: string }): string {
  return pattern.replace(/%[%jxuA]/g, (m) => (m === "%%" ? "%" : m === "%j" || m === "%A" ? job.id : m === "%x" ? job.name : job.user));
}

/** One job object from `GET /job/{id}` (`.jobs[0]`) → our status. */
export function parseSlurmJob(job: Obj): JobStatus {
  const { base } = slurmJobState(job);
  const state = mapSlurmState(base);
  const { code, signal } = slurmExit(job);
  const finished = state !== "pending" && state !== "running";
  const id = String(slurmNumber(job.job_id) ?? "");
  let out = typeof job.standard_output === "string" ? job.standard_output : "";
  const cwd = typeof job.current_working_directory === "string" ? job.current_working_directory : "";
  if (!out && cwd) out = `${cwd.replace(/\/$/, "")}/slurm-${id}.out`;
  const logPath = out
    ? expandOutputPattern(out, { id, name: typeof job.name === "string" ? job.name : "", user: typeof job.user_name === "string" ? job.user_name : "" })
    : null;
  const reason = typeof job.state_reason === "string" && job.state_reason !== "None" ? job.state_reason : null;
  return {
    state,
    reason,
    exitCode: finished ? code : null,
    signal: finished ? signal : null,
    startedAt: state === "pending" ? null : toDate(slurmNumber(job.start_time)),
    finishedAt: finished ? toDate(slurmNumber(job.end_time)) : null,
    logPath,
  };
}

/**
 * From `GET /jobs` (`.jobs[]`), the newest job named `name` that the scheduler accepted: pending, running, or started
 * at some point. A submit the scheduler refused can leave a record that never started (error 2014 leaves a FAILED
 * one); that one is not it.
 */
export function findSubmittedJob(jobs: Json, name: string): { id: string; status: JobStatus } | null {
  if (!Array.isArray(jobs)) return null;
  let best: { id: string; status: JobStatus } | null = null;
  for (const job of jobs) {
    if (!isObj(job) || job.name !== name) continue;
    const id = slurmNumber(job.job_id);
    if (id === null) continue;
    const status = parseSlurmJob(job);
    const accepted = status.state === "pending" || status.state === "running" || status.startedAt !== null;
    if (accepted && (!best || id > Number(best.id))) best = { id: String(id), status };
  }
  return best;
}

export type SlurmError = { code: number | null; message: string };

/** The `errors` array of any response (submit uses error_code, GET/DELETE error_number). */
export function slurmErrors(body: Json): SlurmError[] {
  if (!isObj(body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter(isObj).map((e) => ({
    code: typeof e.error_code === "number" ? e.error_code : typeof e.error_number === "number" ? e.error_number : null,
    message: [e.error, e.description].filter((s) => typeof s === "string" && s).join(": ") || "unknown error",
  }));
}

/** Error 2017: "Invalid job id specified" — the scheduler does not know (or no longer remembers) the job. */
export const SLURM_INVALID_JOB_ID = 2017;

/** A submit succeeded when the response has a job_id, whatever `errors` holds (held jobs carry error 2042). */
export function parseSubmitResponse(body: Json): string | null {
  if (!isObj(body)) return null;
  const id = slurmNumber(body.job_id) ?? (isObj(body.result) ? slurmNumber(body.result.job_id) : null);
  return id == null ? null : String(id);
}

/** Versions offered by `/openapi/v3` (from its paths `/slurm/v0.0.NN/...`), newest first. */
export function slurmApiVersions(openapi: Json): string[] {
  if (!isObj(openapi) || !isObj(openapi.paths)) return [];
  const found = new Set<string>();
  for (const p of Object.keys(openapi.paths)) {
    const m = /^\/slurm\/(v\d+\.\d+\.\d+)\//.exec(p);
    if (m) found.add(m[1]);
  }
  const num = (v: string) => v.slice(1).split(".").reduce((acc, part) => acc * 1000 + Number(part), 0);
  return [...found].sort((a, b) => num(b) - num(a));
}

/** v0.0.38 and older take `environment` as an object; v0.0.39+ as `["K=V"]`. */
export function usesEnvironmentObject(version: string): boolean {
  const m = /^v0\.0\.(\d+)$/.exec(version);
  return m ? Number(m[1]) <= 38 : false;
}

/** The submit body for `POST /job/submit` in `version`'s shape. */
export function buildSubmitBody(
  version: string,
  input: {
    name: string;
    script: string;
    env: Record<string, string>;
    partition?: string | null;
    account?: string | null;
    cwd: string;
    output: string;
    timeLimitMinutes?: number;
    nodes?: number;
    gpusPerNode?: number;
    cpusPerTask?: number;
  },
): Record<string, unknown> {
  const legacy = usesEnvironmentObject(version);
  const job: Record<string, unknown> = {
    name: input.name,
    current_working_directory: input.cwd,
    environment: legacy ? input.env : Object.entries(input.env).map(([k, v]) => `${k}=${v}`),
    standard_output: input.output,
    standard_error: input.output,
  };
  if (input.partition) job.partition = input.partition;
  if (input.account) job.account = input.account;
  if (input.timeLimitMinutes) job.time_limit = legacy ? input.timeLimitMinutes : { set: true, infinite: false, number: input.timeLimitMinutes };
  if (input.nodes && input.nodes > 1) job.nodes = legacy ? [input.nodes, input.nodes] : String(input.nodes);
  if (input.gpusPerNode) job.gpus_per_node = String(input.gpusPerNode);
  if (input.cpusPerTask) job.cpus_per_task = input.cpusPerTask;
  const m = /^v0\.0\.(\d+)$/.exec(version);
  if (m && Number(m[1]) >= 41) return { job: { ...job, script: input.script } };
  return { script: input.script, job };
}
