import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { SessionUser } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { jobRunId } from "@/lib/jobs/job-run";
import { jobResources } from "@/lib/jobs/templates";
import { type ClusterBackend, ClusterUnreachableError, type SubmitResult } from "@/lib/cluster/types";
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
 * The job's name on the scheduler: its id, a hash of its idempotency key (the same for every retry of one launch,
 * different for another workbench database whose job ids start over on the same cluster) and its name. A retry finds
 * an earlier try of the same launch by it, never another launch's job.
 */
export function schedulerJobName(job: { id: number; idempotencyKey: string; name: string }): string {
  return `rw-${job.id}-${createHash("sha256").update(job.idempotencyKey).digest("hex").slice(0, 8)}-${job.name}`.slice(0, 60);
}

/** How a renewal key is stored: its SHA-256 (the key itself only ever is in the job's environment). */
export function renewalKeyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * Submits a stored job (state submitted) to its backend: mints an expiring `ingest` token scoped to the job and its
 * run, and a renewal key that mints fresh tokens while the job is active (lib/server/renew-job-token), and hands the
 * scheduler the script with WORKBENCH_URL, _TOKEN, _RENEWAL_KEY, _JOB_ID, _RUN_ID in its environment (never in the
 * script). Never submits one launch twice: a retry first asks the scheduler for a job of that name it already
 * accepted, and so does a submit whose answer was lost (timeout, connection dropped). When the scheduler cannot be
 * reached or refuses, the job is left in state submit_failed with the reason, its token disabled, ready to be retried.
 */
export async function submitJob(jobId: number, { user, origin, retried }: { user: SessionUser; origin: string | null; retried: boolean }): Promise<LaunchedJob> {
  const prisma = getPrisma();
  const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId }, include: { runs: { select: { id: true }, orderBy: { id: "asc" } } } });
  const params = job.parameters as Record<string, unknown>;
  const runId = jobRunId(job);
  const name = schedulerJobName(job);
  let result: SubmitResult | null = null;
  let backend: ClusterBackend | null = null;
  try {
    backend = await getClusterBackend(job.backend);
    if (retried) result = (await backend.findSubmitted?.(name)) ?? null; // an earlier try the scheduler accepted after all
    if (!result) {
      const timeLimit = typeof params.timeLimitMinutes === "number" ? params.timeLimitMinutes : 24 * 60;
      const token = await createApiToken(
        { id: user.id },
        { name: `job ${job.id}`, scopes: ["ingest"], expiresInDays: Math.min(365, Math.ceil(timeLimit / (24 * 60)) + 1) },
        { metadata: { jobId: job.id, runId } },
      );
      await recordJobEvent(job.id, "token", { detail: token.token.id });
      const renewalKey = `rwr_${randomBytes(32).toString("base64url")}`;
      await prisma.job.update({ where: { id: job.id }, data: { renewalKeyHash: renewalKeyHash(renewalKey) } });
      const request = {
        name,
        script: job.script,
        env: {
          WORKBENCH_URL: jobCallbackUrl(origin),
          WORKBENCH_TOKEN: token.secret,
          WORKBENCH_RENEWAL_KEY: renewalKey,
          WORKBENCH_JOB_ID: String(job.id),
          WORKBENCH_RUN_ID: runId === null ? "" : String(runId),
          // Where the workbench's own job helpers live (scripts/jobs/judge-run.mjs), on a shared file system.
          WORKBENCH_APP_DIR: process.env.WORKBENCH_APP_DIR || process.cwd(),
        },
        resources: jobResources(params),
      };
      try {
        result = await backend.submit(request);
      } catch (error) {
        // The request may have reached the scheduler before the answer was lost: look before calling it failed.
        if (!(error instanceof ClusterUnreachableError) || !backend.findSubmitted) throw error;
        result = await backend.findSubmitted(name).catch(() => null);
        if (!result) throw error;
      }
    }
  } catch (error) {
    const message = `${SUBMIT_FAILED}: ${(error as Error).message}`;
    await prisma.job.update({ where: { id: job.id }, data: { state: "submit_failed", stateReason: message, finishedAt: new Date() } });
    await recordJobEvent(job.id, "submit_failed", { detail: message });
    await revokeJobTokens(job.id);
    return launchedJob({ ...job, state: "submit_failed", schedulerJobId: null }, !retried);
  }
  // The scheduler has the job from here on: whatever fails now must not make it look unsubmitted (a retry would run it
  // twice). Only a job still waiting for this submit becomes pending: one cancelled meanwhile is cancelled there too.
  const data = { schedulerJobId: result.schedulerJobId, schedulerUrl: backend!.location, logPath: result.logPath };
  const { count } = await prisma.job.updateMany({ where: { id: job.id, state: "submitted" }, data: { ...data, state: "pending", stateReason: null, finishedAt: null } });
  if (!count) {
    await prisma.job.update({ where: { id: job.id }, data });
    await backend!.cancel(result.schedulerJobId).catch(() => undefined);
    await recordJobEvent(job.id, "cancel", { detail: `Cancelled on ${job.backend} as ${result.schedulerJobId}: the job was cancelled while it was being submitted` });
  } else {
    await recordJobEvent(job.id, "submit", { detail: `Submitted to ${job.backend} as ${result.schedulerJobId}` });
  }
  const updated = await prisma.job.findUniqueOrThrow({ where: { id: job.id } });
  return launchedJob({ ...job, ...updated }, !retried);
}
