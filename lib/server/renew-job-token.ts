import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { createApiToken } from "@/lib/server/create-api-token";
import { recordJobEvent } from "@/lib/server/record-job-event";

/**
 * A fresh token for a running job, minted with the same scope (its job and run) and owner, for jobs that outlive
 * their token: the job calls this with its current token before it expires. Finished jobs get none.
 */
export async function renewJobToken(jobId: number, runId: number | null, { days = 1 }: { days?: number } = {}): Promise<{ token: string; expiresAt: string | null }> {
  const prisma = getPrisma();
  const job = await prisma.job.findUnique({ where: { id: jobId }, select: { state: true, createdById: true } });
  if (!job) throw new ApiError(404, "job_not_found", `There is no job ${jobId}`);
  if (!["submitted", "pending", "running"].includes(job.state)) throw new ApiError(409, "job_finished", `Job ${jobId} is ${job.state}: no new token`);
  if (!job.createdById) throw new ApiError(409, "no_owner", `Job ${jobId} has no owner to mint a token for`);
  const created = await createApiToken({ id: job.createdById }, { name: `job ${jobId}`, scopes: ["ingest"], expiresInDays: days }, { metadata: { jobId, runId } });
  await recordJobEvent(jobId, "token", { detail: created.token.id });
  return { token: created.secret, expiresAt: created.token.expiresAt ?? null };
}
