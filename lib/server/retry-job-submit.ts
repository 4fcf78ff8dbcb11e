import "server-only";
import type { SessionUser } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { recordJobEvent } from "@/lib/server/record-job-event";
import { type LaunchedJob, launchedJob, submitJob } from "@/lib/server/submit-job";

/**
 * Submits a job whose submit failed once more, with the script it was rendered to. Only a job in state submit_failed
 * can be retried (409 otherwise); two retries at once submit it once (the state is claimed first).
 */
export async function retryJobSubmit(id: number, { user, origin }: { user: SessionUser; origin: string | null }): Promise<LaunchedJob> {
  const prisma = getPrisma();
  const include = { runs: { select: { id: true }, orderBy: { id: "asc" as const } } };
  const job = await prisma.job.findUnique({ where: { id }, include });
  if (!job) throw new ApiError(404, "job_not_found", `There is no job ${id}`);
  const claimed = await prisma.job.updateMany({ where: { id, state: "submit_failed", schedulerJobId: null }, data: { state: "submitted", stateReason: "Retrying the submit" } });
  if (claimed.count !== 1) {
    const now = await prisma.job.findUniqueOrThrow({ where: { id }, include });
    if (job.state !== "submit_failed") throw new ApiError(409, "job_not_retryable", `Job ${id} is ${now.state}: only a job whose submit failed can be retried`);
    return launchedJob(now, false); // another retry claimed it a moment ago
  }
  await recordJobEvent(id, "launch", { actorId: user.id, detail: `Submit retried by ${user.email}` });
  return submitJob(id, { user, origin, retried: true });
}
