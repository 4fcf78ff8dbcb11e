import "server-only";
import { ClusterRequestError, ClusterUnreachableError, FINAL_STATES, type JobStatus } from "@/lib/cluster/types";
import { getPrisma } from "@/lib/db/prisma";
import { ACTIVE_JOB_STATES } from "@/lib/jobs/job-states";
import { backendForJob } from "@/lib/server/cluster-backend";
import { SUBMIT_FAILED } from "@/lib/server/submit-job";
import { recordJobEvent, revokeJobTokens } from "@/lib/server/record-job-event";

export const UNREACHABLE = "Scheduler unreachable";
/** The scheduler could be reached but the job cannot be followed there (configuration changed, request refused). */
export const NOT_FOLLOWED = "Not followed";

/** Whether a job's state is the last one seen, because its scheduler could not be asked since. */
export function isStaleReason(reason: string | null): boolean {
  return !!reason && (reason.startsWith(UNREACHABLE) || reason.startsWith(NOT_FOLLOWED));
}

/**
 * Asks the scheduler about every job that is not finished (or only `ids`) and stores what it says. A scheduler that
 * cannot be asked leaves the job's state alone, with reason "Scheduler unreachable: …" (or "Not followed: …" when the
 * job was sent to a scheduler the workbench is no longer configured for) until it answers again; a scheduler that no
 * longer knows a job makes it `lost`. Safe to run concurrently (updates are conditional on the state
 * read) and after restarts (everything it needs is in the database and the scheduler).
 */
export async function reconcileJobs({ ids }: { ids?: number[] } = {}): Promise<{ checked: number; changed: number; unreachable: number }> {
  const prisma = getPrisma();
  await failAbandonedSubmits(ids);
  const jobs = await prisma.job.findMany({
    where: { state: { in: [...ACTIVE_JOB_STATES] }, schedulerJobId: { not: null }, ...(ids ? { id: { in: ids } } : {}) },
    select: { id: true, backend: true, schedulerUrl: true, schedulerJobId: true, state: true, stateReason: true, logPath: true, startedAt: true },
  });
  let changed = 0;
  let unreachable = 0;
  for (const job of jobs) {
    let status: JobStatus;
    try {
      status = await (await backendForJob(job)).status(job.schedulerJobId!, job.logPath);
    } catch (error) {
      const reachable = !(error instanceof ClusterUnreachableError);
      const message = `${reachable ? NOT_FOLLOWED : UNREACHABLE}: ${(error as Error).message}`;
      if (reachable && !(error instanceof ClusterRequestError)) console.error(`[jobs] reconcile of job ${job.id} failed:`, error);
      unreachable++;
      if (job.stateReason !== message) {
        await prisma.job.updateMany({ where: { id: job.id, state: job.state }, data: { stateReason: message } });
        if (!isStaleReason(job.stateReason)) await recordJobEvent(job.id, "unreachable", { detail: message });
      }
      continue;
    }
    const wasUnreachable = isStaleReason(job.stateReason);
    if (status.state === job.state && !wasUnreachable && (status.reason ?? null) === job.stateReason) continue;
    const reason = status.reason ?? (status.signal ? `Killed by signal ${status.signal}` : null);
    const { count } = await prisma.job.updateMany({
      where: { id: job.id, state: job.state },
      data: {
        state: status.state,
        stateReason: reason,
        exitCode: status.exitCode,
        startedAt: job.startedAt ?? status.startedAt ?? (status.state === "running" ? new Date() : undefined),
        finishedAt: status.finishedAt ?? (status.state === "pending" || status.state === "running" ? null : new Date()),
        ...(status.logPath ? { logPath: status.logPath } : {}),
        ...(status.state === "completed" ? { progress: 1 } : {}),
      },
    });
    if (count) {
      changed++;
      if (wasUnreachable) await recordJobEvent(job.id, "reachable", { detail: "The scheduler answers again" });
      if (status.state !== job.state) {
        const exit = status.exitCode !== null ? `, exit code ${status.exitCode}` : status.signal ? `, signal ${status.signal}` : "";
        await recordJobEvent(job.id, "state", { detail: `${job.state} → ${status.state}${reason ? ` (${reason})` : ""}${exit}` });
      }
      if (FINAL_STATES.has(status.state)) await revokeJobTokens(job.id); // its work is done: its token has no more use
    }
  }
  return { checked: jobs.length, changed, unreachable };
}

/** A submit takes seconds; one still under way after this long was abandoned (the server stopped in the middle). */
export const ABANDONED_SUBMIT_MS = 10 * 60_000;

/**
 * Jobs claimed for submitting (state submitted, no scheduler id yet) whose submit never finished become submit_failed,
 * so they can be retried, with a reason that says to look for the job on the scheduler first: the scheduler may have
 * accepted it before the server stopped.
 */
async function failAbandonedSubmits(ids?: number[]): Promise<void> {
  const prisma = getPrisma();
  const stale = await prisma.job.findMany({
    where: { state: "submitted", schedulerJobId: null, updatedAt: { lt: new Date(Date.now() - ABANDONED_SUBMIT_MS) }, ...(ids ? { id: { in: ids } } : {}) },
    select: { id: true },
  });
  for (const { id } of stale) {
    const reason = `${SUBMIT_FAILED}: the submit did not finish (the server stopped?); Retry submit first looks for it on the scheduler (as rw-${id}-…)`;
    const { count } = await prisma.job.updateMany({ where: { id, state: "submitted", schedulerJobId: null }, data: { state: "submit_failed", stateReason: reason, finishedAt: new Date() } });
    if (count) await recordJobEvent(id, "submit_failed", { detail: reason });
  }
}

const RECONCILE_INTERVAL_MS = Number(process.env.JOBS_RECONCILE_INTERVAL_MS) || 3_000;
const state = globalThis as unknown as { workbenchReconciler?: { timer: NodeJS.Timeout; running: boolean } };

/** Starts (once per server process) a timer that reconciles every few seconds; instrumentation.ts calls it at start-up. */
export function ensureReconciler(): void {
  if (state.workbenchReconciler) return;
  const entry = { running: false, timer: undefined as unknown as NodeJS.Timeout };
  entry.timer = setInterval(async () => {
    if (entry.running) return;
    entry.running = true;
    try {
      await reconcileJobs();
    } catch (error) {
      console.error("[jobs] reconcile failed:", error);
    } finally {
      entry.running = false;
    }
  }, RECONCILE_INTERVAL_MS);
  entry.timer.unref();
  state.workbenchReconciler = entry;
}
