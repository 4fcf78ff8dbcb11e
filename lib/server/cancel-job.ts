import "server-only";
import type { SessionUser } from "@/lib/auth/session";
import { ClusterUnreachableError } from "@/lib/cluster/types";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { recordJobEvent } from "@/lib/server/record-job-event";
import { isJobActive } from "@/lib/jobs/job-states";
import { backendForJob } from "@/lib/server/cluster-backend";
import { reconcileJobs } from "@/lib/server/reconcile-jobs";

/** Cancels a job on its scheduler and records who and when; a finished job is left as it is (409). */
export async function cancelJob(id: number, user: SessionUser): Promise<{ id: number; state: string }> {
  const prisma = getPrisma();
  const job = await prisma.job.findUnique({ where: { id }, select: { id: true, backend: true, schedulerUrl: true, state: true, schedulerJobId: true } });
  if (!job) throw new ApiError(404, "job_not_found", `There is no job ${id}`);
  if (!isJobActive(job.state)) throw new ApiError(409, "job_finished", `Job ${id} is already ${job.state}`);
  if (job.schedulerJobId) {
    try {
      await (await backendForJob(job)).cancel(job.schedulerJobId);
    } catch (error) {
      if (error instanceof ClusterUnreachableError) throw new ApiError(503, "scheduler_unreachable", `${error.message}: the job was not cancelled; try again`);
      throw new ApiError(502, "cancel_failed", `${(error as Error).message}: the job was not cancelled`);
    }
    // Recorded once the scheduler took the cancel: the history never shows a cancel that did not happen.
    await recordJobEvent(id, "cancel", { actorId: user.id, detail: `Cancelled by ${user.email}` });
    // The scheduler reports the cancellation shortly; ask now so the answer shows it when it can.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await reconcileJobs({ ids: [id] });
  } else {
    // Not on a scheduler yet (submitted, submit under way): the submit sees the state and cancels what it started.
    await prisma.job.updateMany({ where: { id, schedulerJobId: null }, data: { state: "cancelled", stateReason: `Cancelled by ${user.email} before it was submitted`, finishedAt: new Date() } });
    await recordJobEvent(id, "cancel", { actorId: user.id, detail: `Cancelled by ${user.email}` });
  }
  const after = await prisma.job.findUniqueOrThrow({ where: { id }, select: { state: true } });
  return { id, state: after.state };
}
