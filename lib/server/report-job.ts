import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { appendJobLog } from "@/lib/server/append-job-log";

export const jobReportSchema = z.object({
  progress: z.number().min(0).max(1).optional(),
  note: z.string().max(500).optional(),
  metrics: z.array(z.object({ name: z.string().trim().min(1).max(100), step: z.number().int().nonnegative(), value: z.number() })).max(10_000).default([]),
  /** Lines of output, for clusters whose output files the app cannot read. */
  log: z.string().max(100_000).optional(),
});
export type JobReport = z.input<typeof jobReportSchema>;

/** What a running job posts about itself: progress, metrics (into its run, upserted by name and step), log lines. */
export async function reportJob(jobId: number, input: JobReport): Promise<{ metrics: number }> {
  const report = jobReportSchema.parse(input);
  const prisma = getPrisma();
  const job = await prisma.job.findUnique({ where: { id: jobId }, select: { id: true, kind: true, parameters: true, runs: { select: { id: true }, orderBy: { id: "asc" }, take: 1 } } });
  if (!job) throw new ApiError(404, "job_not_found", `There is no job ${jobId}`);
  if (report.progress !== undefined || report.note !== undefined) {
    await prisma.job.update({ where: { id: jobId }, data: { progress: report.progress, progressNote: report.note } });
  }
  const runId = job.runs[0]?.id ?? null;
  if (report.metrics.length) {
    if (!runId) throw new ApiError(409, "no_run", `Job ${jobId} has no run to hold metrics`);
    await prisma.$transaction(
      report.metrics.map((m) =>
        prisma.metric.upsert({ where: { runId_name_step: { runId, name: m.name, step: m.step } }, create: { runId, ...m }, update: { value: m.value } }),
      ),
    );
  }
  if (report.log) await appendJobLog(jobId, report.log.endsWith("\n") ? report.log : `${report.log}\n`);
  return { metrics: report.metrics.length };
}
