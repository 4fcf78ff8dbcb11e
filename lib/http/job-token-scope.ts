import "server-only";
import type { Principal } from "@/lib/auth/authorize";
import { ApiError } from "@/lib/http/api-error";

/** The job and run a job's token was minted for (lib/server/launch-job.ts), or null for any other caller. */
export function tokenJobScope(principal: Principal): { jobId: number; runId: number | null } | null {
  if (principal.kind !== "token") return null;
  const jobId = principal.token.metadata?.jobId;
  if (typeof jobId !== "number") return null;
  const runId = principal.token.metadata?.runId;
  return { jobId, runId: typeof runId === "number" ? runId : null };
}

/** A job's token may only post to its own run: 403 for any other. Other callers pass. */
export function assertMayWriteRun(principal: Principal, runId: number): void {
  const scope = tokenJobScope(principal);
  if (scope && scope.runId !== runId) {
    throw new ApiError(403, "run_not_allowed", `This token belongs to job ${scope.jobId} and may only post to run ${scope.runId ?? "(none)"}, not run ${runId}`);
  }
}

/** Routes a job calls about itself (report, renew, its work): only that job's own token. 403 for anyone else. */
export function assertOwnJob(principal: Principal, jobId: number, what: string): { jobId: number; runId: number | null } {
  const scope = tokenJobScope(principal);
  if (!scope || scope.jobId !== jobId) throw new ApiError(403, "job_not_allowed", `Only job ${jobId}'s own token may ${what}`);
  return scope;
}

/** A job's token works on its own job and run only: it may not create runs. 403 for it; other callers pass. */
export function assertNotJobToken(principal: Principal, what: string): void {
  const scope = tokenJobScope(principal);
  if (scope) throw new ApiError(403, "job_token_not_allowed", `This token belongs to job ${scope.jobId}: it may not ${what}`);
}
