import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { jobRunId } from "@/lib/jobs/job-run";
import type { JobDetail } from "@/lib/jobs/job-schemas";
import { getClusterBackend } from "@/lib/server/cluster-backend";
import { isStaleReason } from "@/lib/server/reconcile-jobs";

export { jobDetailSchema, type JobDetail } from "@/lib/jobs/job-schemas";


export async function getJob(id: number): Promise<JobDetail | null> {
  const prisma = getPrisma();
  const job = await prisma.job.findUnique({
    where: { id },
    include: {
      template: { select: { name: true, version: true } },
      runs: { select: { id: true, name: true, _count: { select: { trajectories: true } } }, orderBy: { id: "asc" } },
      events: { where: { action: { notIn: ["token", "log"] } }, orderBy: { id: "asc" }, take: 500 },
    },
  });
  if (!job) return null;
  const actorIds = [...new Set([job.createdById, ...job.events.map((e) => e.actorId)].filter((x): x is string => !!x))];
  const users = new Map((await prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]));
  const params = job.parameters as Record<string, unknown>;
  const runId = jobRunId(job);
  const metrics = runId
    ? await prisma.metric.findMany({ where: { runId }, select: { name: true, step: true, value: true }, orderBy: [{ name: "asc" }, { step: "asc" }], take: 20_000 })
    : [];
  return {
    id: job.id,
    name: job.name,
    backend: job.backend,
    kind: job.kind,
    variant: job.variant,
    template: job.template ? `${job.template.name} v${job.template.version}` : null,
    parameters: params,
    script: job.script,
    schedulerJobId: job.schedulerJobId,
    state: job.state,
    stateReason: job.stateReason,
    schedulerUnreachable: isStaleReason(job.stateReason),
    exitCode: job.exitCode,
    progress: job.progress,
    progressNote: job.progressNote,
    logPath: job.logPath,
    createdBy: job.createdById ? (users.get(job.createdById) ?? job.createdById) : null,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    updatedAt: job.updatedAt.toISOString(),
    runId,
    runs: job.runs.map((r) => ({ id: r.id, name: r.name, trajectories: r._count.trajectories })),
    metrics,
    events: job.events.map((e) => ({ id: e.id, action: e.action, actor: e.actorId ? (users.get(e.actorId) ?? e.actorId) : null, detail: e.detail, at: e.createdAt.toISOString() })),
  };
}

/**
 * The job's log: the tail of its output file where the app can read it (shared file system), else the lines the job
 * posted through the report API.
 */
export async function getJobLog(id: number, maxBytes = 256 * 1024): Promise<{ source: "file" | "posted" | "none"; path: string | null; text: string } | null> {
  const prisma = getPrisma();
  const job = await prisma.job.findUnique({ where: { id }, select: { backend: true, schedulerJobId: true, logPath: true } });
  if (!job) return null;
  if (job.schedulerJobId) {
    try {
      const text = await (await getClusterBackend(job.backend)).logs(job.schedulerJobId, job.logPath, maxBytes);
      if (text !== null) return { source: "file", path: job.logPath, text };
    } catch {
      /* backend not configured any more: fall back to what the job posted */
    }
  }
  const posted = await prisma.jobEvent.findMany({ where: { jobId: id, action: "log" }, orderBy: { id: "asc" }, select: { detail: true } });
  if (!posted.length) return { source: "none", path: job.logPath, text: "" };
  return { source: "posted", path: null, text: posted.map((p) => p.detail ?? "").join("").slice(-maxBytes) };
}
