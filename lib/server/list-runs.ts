import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";
import { accuracy, addCounts, emptyCounts, meanScore, type OutcomeCounts } from "@/lib/stats/accuracy";
import { runFields, runFieldsSchema, runOutcomes } from "@/lib/server/run-outcomes";

export const runSummarySchema = runFieldsSchema.extend({
  /** Every stored trajectory, including training rollouts and refined first attempts. */
  trajectoryCount: z.number().int(),
  /** Benchmarks with the number of evaluated (final) attempts; for reported runs, the benchmarks reported. */
  benchmarks: z.array(z.object({ benchmark: z.string(), count: z.number().int() })),
  accuracy: z.number().nullable(),
  meanScore: z.number().nullable(),
  /** Mean of the reported per-benchmark accuracies (0–1) for runs of source "reported". */
  reportedMeanAccuracy: z.number().nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export async function listRuns(): Promise<RunSummary[]> {
  const prisma = getPrisma();
  const [runs, outcomes, counts] = await Promise.all([
    prisma.run.findMany({ orderBy: [{ source: "asc" }, { createdAt: "asc" }, { id: "asc" }], include: { reportedResults: true } }),
    runOutcomes(),
    prisma.trajectory.groupBy({ by: ["runId"], _count: { _all: true } }),
  ]);
  const trajectoryCounts = new Map(counts.map((row) => [row.runId, row._count._all]));
  return runs.map((run) => {
    const perBenchmark = new Map<string, OutcomeCounts>();
    for (const outcome of outcomes) {
      if (outcome.runId !== run.id) continue;
      perBenchmark.set(outcome.benchmark, addCounts(perBenchmark.get(outcome.benchmark) ?? emptyCounts(), outcome));
    }
    const total = [...perBenchmark.values()].reduce(addCounts, emptyCounts());
    const reported = run.reportedResults;
    return {
      ...runFields(run),
      trajectoryCount: trajectoryCounts.get(run.id) ?? 0,
      benchmarks: perBenchmark.size
        ? [...perBenchmark].map(([benchmark, c]) => ({ benchmark, count: c.trajectories }))
        : reported.map((r) => ({ benchmark: r.benchmark, count: 0 })),
      accuracy: accuracy(total),
      meanScore: meanScore(total),
      reportedMeanAccuracy: reported.length ? reported.reduce((sum, r) => sum + r.accuracyPct, 0) / reported.length / 100 : null,
    };
  });
}
