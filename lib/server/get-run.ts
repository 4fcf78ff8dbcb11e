import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";
import { accuracy, addCounts, emptyCounts, meanScore, type OutcomeCounts } from "@/lib/stats/accuracy";
import { runFields, runFieldsSchema, runOutcomes } from "@/lib/server/run-outcomes";

const benchmarkRowSchema = z.object({
  benchmark: z.string(),
  level: z.string().nullable(),
  trajectories: z.number().int(),
  graded: z.number().int(),
  correct: z.number().int(),
  judged: z.number().int(),
  accuracy: z.number().nullable(),
  meanScore: z.number().nullable(),
});

export const runDetailSchema = runFieldsSchema.extend({
  trainingStep: z.number().int().nullable(),
  config: z.unknown(),
  trajectoryCount: z.number().int(),
  benchmarks: z.array(benchmarkRowSchema),
  total: benchmarkRowSchema.omit({ benchmark: true, level: true }),
  reported: z.array(z.object({ benchmark: z.string(), accuracyPct: z.number(), sourceTable: z.string().nullable() })),
  metricNames: z.array(z.string()),
  job: z.object({ id: z.number().int(), name: z.string(), state: z.string() }).nullable(),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

/** One run with its per-benchmark (and per-level) outcomes; null when there is no such run. */
export async function getRun(id: number): Promise<RunDetail | null> {
  const prisma = getPrisma();
  const run = await prisma.run.findUnique({
    where: { id },
    include: { reportedResults: { orderBy: { id: "asc" } }, job: { select: { id: true, name: true, state: true } } },
  });
  if (!run) return null;
  const [outcomes, trajectoryCount, metrics] = await Promise.all([
    runOutcomes([id]),
    prisma.trajectory.count({ where: { runId: id } }),
    prisma.metric.findMany({ where: { runId: id }, distinct: ["name"], select: { name: true }, orderBy: { name: "asc" } }),
  ]);
  const row = (o: OutcomeCounts) => ({
    trajectories: o.trajectories,
    graded: o.graded,
    correct: o.correct,
    judged: o.judged,
    accuracy: accuracy(o),
    meanScore: meanScore(o),
  });
  const total = outcomes.reduce(addCounts, emptyCounts());
  return {
    ...runFields(run),
    trainingStep: run.trainingStep,
    config: run.config,
    trajectoryCount,
    benchmarks: outcomes.map((o) => ({ benchmark: o.benchmark, level: o.level, ...row(o) })),
    total: row(total),
    reported: run.reportedResults.map((r) => ({ benchmark: r.benchmark, accuracyPct: r.accuracyPct, sourceTable: r.sourceTable })),
    metricNames: metrics.map((m) => m.name),
    job: run.job,
  };
}
