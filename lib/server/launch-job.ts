import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { getBackend } from "@/lib/cluster/config";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { type LaunchJobInput, launchJobInputSchema } from "@/lib/jobs/launch-input";
import { JOB_TEMPLATES, jobResources, renderJob } from "@/lib/jobs/templates";
import { createApiToken } from "@/lib/server/create-api-token";
import { recordJobEvent, revokeJobTokens } from "@/lib/server/record-job-event";

export type LaunchedJob = { id: number; state: string; schedulerJobId: string | null; runId: number | null; created: boolean };

export const SUBMIT_FAILED = "Submit failed";

/** Where a job reaches the workbench: WORKBENCH_JOB_URL, else APP_URL, else the URL the launch request came to. */
export function jobCallbackUrl(requestOrigin: string | null): string {
  const url = process.env.WORKBENCH_JOB_URL || process.env.APP_URL || requestOrigin;
  if (!url) throw new ApiError(500, "no_callback_url", "Set APP_URL (or WORKBENCH_JOB_URL) so jobs can report back");
  return url.replace(/\/+$/, "");
}

const summary = (job: { id: number; state: string; schedulerJobId: string | null; runs: { id: number }[] }, created: boolean): LaunchedJob => ({
  id: job.id,
  state: job.state,
  schedulerJobId: job.schedulerJobId,
  runId: job.runs[0]?.id ?? null,
  created,
});

/**
 * Validates and renders the job (field-level 400s before anything is stored), records it with its idempotency key
 * (the same key again returns the first job, never a second submit), creates the run it reports into, mints an
 * expiring `ingest` token scoped to that run and job, and submits. An unreachable or misconfigured scheduler leaves
 * the job failed with reason "Submit failed: …"; launching again with the same key retries that submit.
 */
export async function launchJob(input: LaunchJobInput, { user, origin }: { user: SessionUser; origin: string | null }): Promise<LaunchedJob> {
  const { backend, kind, params: rawParams, idempotencyKey = crypto.randomUUID() } = launchJobInputSchema.parse(input);
  const prisma = getPrisma();
  const include = { runs: { select: { id: true }, orderBy: { id: "asc" as const } } };

  const existing = await prisma.job.findUnique({ where: { idempotencyKey }, include });
  if (existing) {
    const retry = existing.schedulerJobId === null && existing.state === "failed" && existing.stateReason?.startsWith(SUBMIT_FAILED);
    if (!retry) return summary(existing, false);
    const claimed = await prisma.job.updateMany({ where: { id: existing.id, state: "failed", schedulerJobId: null }, data: { state: "submitted", stateReason: "Retrying the submit" } });
    if (claimed.count !== 1) return summary(await prisma.job.findUniqueOrThrow({ where: { id: existing.id }, include }), false);
    await recordJobEvent(existing.id, "launch", { actorId: user.id, detail: `Submit retried by ${user.email}` });
    return submit(existing.id, user, origin, true);
  }

  const template = JOB_TEMPLATES[kind];
  const rendered = renderJob(kind, rawParams);
  if (!rendered.ok) {
    if (rendered.templateError) throw new ApiError(422, "template_error", rendered.templateError);
    throw new ApiError(400, "invalid_parameters", "Some parameters are not valid; nothing was submitted", {
      issues: Object.entries(rendered.fieldErrors).map(([path, message]) => ({ path: `params.${path}`, message })),
    });
  }
  if (backend === "slurm") getBackend("slurm"); // a clear error now when Slurm is not configured
  if (kind === "judge") {
    const runId = rendered.params.runId as number;
    if (!(await prisma.run.findUnique({ where: { id: runId }, select: { id: true } }))) {
      throw new ApiError(400, "invalid_parameters", `There is no run ${runId} to judge`, { issues: [{ path: "params.runId", message: `There is no run ${runId}` }] });
    }
  }

  const templateRow = await prisma.jobTemplate.upsert({
    where: { name_version: { name: template.id, version: template.version } },
    create: { name: template.id, kind: template.kind, version: template.version, body: template.body },
    update: {},
    select: { id: true },
  });
  let job;
  try {
    job = await prisma.job.create({
      data: {
        name: String(rendered.params.name ?? template.id),
        backend,
        kind: template.kind,
        variant: template.variant ?? (kind === "eval" ? (rendered.params.critique ? "reagent_c" : "base") : null),
        templateId: templateRow.id,
        parameters: rendered.params as Prisma.InputJsonValue,
        script: rendered.script,
        idempotencyKey,
        createdById: user.id,
      },
      select: { id: true, name: true, variant: true },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return summary(await prisma.job.findUniqueOrThrow({ where: { idempotencyKey }, include }), false);
    }
    throw error;
  }
  await recordJobEvent(job.id, "launch", { actorId: user.id, detail: `Launched by ${user.email} (${template.label}, ${backend})` });
  if (kind !== "judge") {
    const p = rendered.params;
    await prisma.run.create({
      data: {
        name: `${job.name} · job ${job.id}`,
        variant: job.variant ?? "custom",
        agentModel: typeof p.model === "string" ? p.model : typeof p.baseModel === "string" ? p.baseModel : null,
        rrmModel: typeof p.rrmModel === "string" && (p.critique || kind !== "eval") ? p.rrmModel : null,
        lambda: typeof p.lambda === "number" ? p.lambda : null,
        config: { template: template.id, version: template.version, params: p } as Prisma.InputJsonValue,
        source: "job",
        jobId: job.id,
      },
    });
  }
  return submit(job.id, user, origin, false);
}

async function submit(jobId: number, user: SessionUser, origin: string | null, retried: boolean): Promise<LaunchedJob> {
  const prisma = getPrisma();
  const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId }, include: { runs: { select: { id: true }, orderBy: { id: "asc" } } } });
  const params = job.parameters as Record<string, unknown>;
  const runId = job.kind === "judge" ? (params.runId as number) : (job.runs[0]?.id ?? null);
  try {
    const timeLimit = typeof params.timeLimitMinutes === "number" ? params.timeLimitMinutes : 24 * 60;
    const token = await createApiToken(
      { id: user.id },
      { name: `job ${job.id}`, scopes: ["ingest"], expiresInDays: Math.min(365, Math.ceil(timeLimit / (24 * 60)) + 1) },
      { metadata: { jobId: job.id, runId } },
    );
    await recordJobEvent(job.id, "token", { detail: token.token.id });
    const result = await getBackend(job.backend).submit({
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
    const updated = await prisma.job.update({
      where: { id: job.id },
      data: { schedulerJobId: result.schedulerJobId, logPath: result.logPath, state: "pending", stateReason: null },
      include: { runs: { select: { id: true } } },
    });
    await recordJobEvent(job.id, "submit", { detail: `Submitted to ${job.backend} as ${result.schedulerJobId}` });
    return { ...summary(updated, !retried), runId };
  } catch (error) {
    const message = `${SUBMIT_FAILED}: ${(error as Error).message}`;
    await prisma.job.update({ where: { id: job.id }, data: { state: "failed", stateReason: message, finishedAt: new Date() } });
    await recordJobEvent(job.id, "submit_failed", { detail: message });
    await revokeJobTokens(job.id);
    return { id: job.id, state: "failed", schedulerJobId: null, runId, created: !retried };
  }
}
