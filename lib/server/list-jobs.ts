import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";

export const jobSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.string(),
  backend: z.string(),
  variant: z.string().nullable(),
  state: z.string(),
  stateReason: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  progress: z.number().nullable(),
  schedulerJobId: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  runs: z.array(z.object({ id: z.number().int(), name: z.string() })),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

export async function listJobs(): Promise<JobSummary[]> {
  const jobs = await getPrisma().job.findMany({
    orderBy: { createdAt: "desc" },
    take: 200,
    include: { runs: { select: { id: true, name: true } } },
  });
  return jobs.map((job) => ({
    id: job.id,
    name: job.name,
    kind: job.kind,
    backend: job.backend,
    variant: job.variant,
    state: job.state,
    stateReason: job.stateReason,
    exitCode: job.exitCode,
    progress: job.progress,
    schedulerJobId: job.schedulerJobId,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    runs: job.runs,
  }));
}
