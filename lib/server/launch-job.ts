import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { type LaunchJobInput, launchJobInputSchema } from "@/lib/jobs/launch-input";
import { JOB_TEMPLATES, renderJob } from "@/lib/jobs/templates";
import { SLURM_NOT_CONFIGURED, slurmConfigured } from "@/lib/server/cluster-backend";
import { getCurrentJobTemplate } from "@/lib/server/get-current-job-template";
import { recordJobEvent } from "@/lib/server/record-job-event";
import { retryJobSubmit } from "@/lib/server/retry-job-submit";
import { type LaunchedJob, launchedJob, submitJob } from "@/lib/server/submit-job";

export type { LaunchedJob } from "@/lib/server/submit-job";

/**
 * Validates and renders the job (field-level 400s before anything is stored), records it with its idempotency key
 * (the same key again returns the first job, never a second submit), creates the run it reports into, and submits it
 * (lib/server/submit-job). An unreachable or misconfigured scheduler leaves the job in state submit_failed; launching
 * again with the same key retries that submit, as POST /api/v1/jobs/{id}/retry does.
 */
export async function launchJob(input: LaunchJobInput, { user, origin }: { user: SessionUser; origin: string | null }): Promise<LaunchedJob> {
  const { backend, kind, params: rawParams, templateVersion, idempotencyKey = crypto.randomUUID() } = launchJobInputSchema.parse(input);
  const prisma = getPrisma();
  const include = { runs: { select: { id: true }, orderBy: { id: "asc" as const } } };

  const existing = await prisma.job.findUnique({ where: { idempotencyKey }, include });
  if (existing) {
    if (existing.state !== "submit_failed") return launchedJob(existing, false);
    return retryJobSubmit(existing.id, { user, origin });
  }

  const template = JOB_TEMPLATES[kind];
  const current = await getCurrentJobTemplate(kind);
  if (templateVersion !== undefined && templateVersion !== current.version) {
    throw new ApiError(409, "template_changed", `The ${kind} template is now version ${current.version}, not the version ${templateVersion} you previewed: reload to see the script that would run`);
  }
  const rendered = renderJob(kind, rawParams, current);
  if (!rendered.ok) {
    if (rendered.templateError) throw new ApiError(422, "template_error", rendered.templateError);
    throw new ApiError(400, "invalid_parameters", "Some parameters are not valid; nothing was submitted", {
      issues: Object.entries(rendered.fieldErrors).map(([path, message]) => ({ path: `params.${path}`, message })),
    });
  }
  // Not configured at all: say so now and store nothing. Configured but broken (unreachable, refused, a token that
  // cannot be read): the job is stored and left submit_failed, to be retried once the configuration is fixed.
  if (backend === "slurm" && !(await slurmConfigured())) throw new ApiError(409, "cluster_not_configured", SLURM_NOT_CONFIGURED);
  if (kind === "judge") {
    const runId = rendered.params.runId as number;
    if (!(await prisma.run.findUnique({ where: { id: runId }, select: { id: true } }))) {
      throw new ApiError(400, "invalid_parameters", `There is no run ${runId} to judge`, { issues: [{ path: "params.runId", message: `There is no run ${runId}` }] });
    }
  }

  let job;
  try {
    job = await prisma.job.create({
      data: {
        name: String(rendered.params.name ?? template.id),
        backend,
        kind: template.kind,
        variant: template.variant ?? (kind === "eval" ? (rendered.params.critique ? "reagent_c" : "base") : null),
        templateId: current.rowId,
        parameters: rendered.params as Prisma.InputJsonValue,
        script: rendered.script,
        idempotencyKey,
        createdById: user.id,
      },
      select: { id: true, name: true, variant: true },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return launchedJob(await prisma.job.findUniqueOrThrow({ where: { idempotencyKey }, include }), false);
    }
    throw error;
  }
  await recordJobEvent(job.id, "launch", { actorId: user.id, detail: `Launched by ${user.email} (${template.label}, template v${current.version}, ${backend})` });
  if (kind !== "judge") {
    const p = rendered.params;
    await prisma.run.create({
      data: {
        name: `${job.name} · job ${job.id}`,
        variant: job.variant ?? "custom",
        agentModel: typeof p.model === "string" ? p.model : typeof p.baseModel === "string" ? p.baseModel : null,
        rrmModel: typeof p.rrmModel === "string" && (p.critique || kind !== "eval") ? p.rrmModel : null,
        lambda: typeof p.lambda === "number" ? p.lambda : null,
        config: { template: template.id, version: current.version, params: p } as Prisma.InputJsonValue,
        source: "job",
        jobId: job.id,
      },
    });
  }
  return submitJob(job.id, { user, origin, retried: false });
}
