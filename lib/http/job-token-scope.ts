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
