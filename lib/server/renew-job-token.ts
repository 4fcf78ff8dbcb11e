import "server-only";
import { timingSafeEqual } from "node:crypto";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { jobRunId } from "@/lib/jobs/job-run";
import { isJobActive } from "@/lib/jobs/job-states";
import { createApiToken } from "@/lib/server/create-api-token";
import { recordJobEvent } from "@/lib/server/record-job-event";
import { renewalKeyHash } from "@/lib/server/submit-job";

/** The header a job sends its renewal key in (WORKBENCH_RENEWAL_KEY), instead of a token. */
export const RENEWAL_KEY_HEADER = "x-workbench-renewal-key";

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * A fresh token for an active job, with the same scope (its job and run) and owner. The job asks with the token it
 * holds, or, once that has expired (better-auth deletes an expired token when it is used), with its renewal key
 * (`renewalKey`, checked against the hash stored at submit). Finished jobs get none.
 */
export async function renewJobToken(jobId: number, { renewalKey, days = 1 }: { renewalKey?: string; days?: number } = {}): Promise<{ token: string; expiresAt: string | null }> {
  const prisma = getPrisma();
  const job = await prisma.job.findUnique({ where: { id: jobId }, select: { state: true, createdById: true, kind: true, parameters: true, renewalKeyHash: true, runs: { select: { id: true }, orderBy: { id: "asc" } } } });
  if (renewalKey !== undefined && !(job?.renewalKeyHash && sameHash(job.renewalKeyHash, renewalKeyHash(renewalKey)))) {
    throw new ApiError(401, "invalid_renewal_key", `This is not job ${jobId}'s renewal key`);
  }
  if (!job) throw new ApiError(404, "job_not_found", `There is no job ${jobId}`);
  if (!isJobActive(job.state)) throw new ApiError(409, "job_finished", `Job ${jobId} is ${job.state}: no new token`);
  if (!job.createdById) throw new ApiError(409, "no_owner", `Job ${jobId} has no owner to mint a token for`);
  const created = await createApiToken({ id: job.createdById }, { name: `job ${jobId}`, scopes: ["ingest"], expiresInDays: days }, { metadata: { jobId, runId: jobRunId(job) } });
  await recordJobEvent(jobId, "token", { detail: created.token.id });
  return { token: created.secret, expiresAt: created.token.expiresAt ?? null };
}
