import "server-only";
import type { SessionUser } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { jobRunId } from "@/lib/jobs/job-run";
import { jobResources } from "@/lib/jobs/templates";
import type { SubmitResult } from "@/lib/cluster/types";
import { getClusterBackend } from "@/lib/server/cluster-backend";
import { createApiToken } from "@/lib/server/create-api-token";
import { recordJobEvent, revokeJobTokens } from "@/lib/server/record-job-event";

export const SUBMIT_FAILED = "Submit failed";

/** Where a job reaches the workbench: WORKBENCH_JOB_URL, else APP_URL, else the URL the launch request came to. */
export function jobCallbackUrl(requestOrigin: string | null): string {
  const url = process.env.WORKBENCH_JOB_URL || process.env.APP_URL || requestOrigin;
  if (!url) throw new ApiError(500, "no_callback_url", "Set APP_URL (or WORKBENCH_JOB_URL) so jobs can report back");
  return url.replace(/\/+$/, "");
}

/** What launching or retrying answers: the job, its state and run; `created` false when an earlier launch is returned. */
export type LaunchedJob = { id: number; state: string; schedulerJobId: string | null; runId: number | null; created: boolean };

type StoredJob = { id: number; state: string; schedulerJobId: string | null; kind: string; parameters: unknown; runs: { id: number }[] };

export function launchedJob(job: StoredJob, created: boolean): LaunchedJob {
  return { id: job.id, state: job.state, schedulerJobId: job.schedulerJobId, runId: jobRunId(job), created };
}

/**
 * Submits a stored job (state submitted) to its backend: mints an expiring `ingest` token scoped to the job and its
 * run, and hands the scheduler the script with WORKBENCH_URL, _TOKEN, _JOB_ID, _RUN_ID in its environment (never in
 * the script). When the scheduler cannot be reached or refuses, the job is left in state submit_failed with the
 * reason, its token disabled, ready to be retried.
 */
export async function submitJob(jobId: number, { user, origin, retried }: { user: SessionUser; origin: string | null; retried: boolean }): Promise<LaunchedJob> {
  const prisma = getPrisma();
  const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId }, include: { runs: { select: { id: true }, orderBy: { id: "asc" } } } });
  const params = job.parameters as Record<string, unknown>;
  const runId = jobRunId(job);
  let result: SubmitResult;
  try {
    const timeLimit = typeof params.timeLimitMinutes === "number" ? params.timeLimitMinutes : 24 * 60;
    const token = await createApiToken(
      { id: user.id },
      { name: `job ${job.id}`, scopes: ["ingest"], expiresInDays: Math.min(365, Math.ceil(timeLimit / (24 * 60)) + 1) },
      { metadata: { jobId: job.id, runId } },
    );
    await recordJobEvent(job.id, "token", { detail: token.token.id });
    const backend = await getClusterBackend(job.backend);
    result = await backend.submit({
      name: `rw-${job.id}-${job.name}`.slice(0, 60),
      script: job.script,
      env: {
        WORKBENCH_URL: jobCallbackUrl(origin),
        WORKBENCH_TOKEN: token.secret,
        WORKBENCH_JOB_ID: String(job.id),
        WORKBENCH_RUN_ID: runId === null ? "" : String(runId),
        // Where the workbench's own job helpers live (scripts/jobs/judge-run.mjs), on a shared file system.
        WORKBENCH_APP_DIR: process.env.WORKBENCH_APP_DIR || process.cwd(),
      },
      resources: jobResources(params),
    });
  } catch (error) {
    const message = `${SUBMIT_FAILED}: ${(error as Error).message}`;
    await prisma.job.update({ where: { id: job.id }, data: { state: "submit_failed", stateReason: message, finishedAt: new Date() } });
    await recordJobEvent(job.id, "submit_failed", { detail: message });
    await revokeJobTokens(job.id);
    return launchedJob({ ...job, state: "submit_failed", schedulerJobId: null }, !retried);
  }
  // The scheduler has the job from here on: whatever fails now must not make it look unsubmitted (a retry would run it twice).
  const updated = await prisma.job.update({
    where: { id: job.id },
    data: { schedulerJobId: result.schedulerJobId, logPath: result.logPath, state: "pending", stateReason: null, finishedAt: null },
  });
  await recordJobEvent(job.id, "submit", { detail: `Submitted to ${job.backend} as ${result.schedulerJobId}` });
  return launchedJob({ ...job, ...updated }, !retried);
}
