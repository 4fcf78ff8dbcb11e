import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getPrisma } from "@/lib/db/prisma";
import type { OutcomeCounts } from "@/lib/stats/accuracy";

export type BenchmarkOutcome = OutcomeCounts & { runId: number; benchmark: string; level: string | null };

type OutcomeRow = {
  runId: number;
  benchmark: string;
  level: string | null;
  trajectories: number;
  graded: number;
  correct: number;
  judged: number;
  scoreSum: number | null;
};

/**
 * Evaluation outcomes per run, benchmark and level. Only final attempts count: a first attempt that was refined
 * (Reagent-C/U) is replaced by its retry, and rollouts sampled inside training (trainingStep set) are left out.
 */
export async function runOutcomes(runIds?: number[]): Promise<BenchmarkOutcome[]> {
  const runFilter = runIds ? Prisma.sql`AND t."runId" IN (${Prisma.join(runIds.length ? runIds : [-1])})` : Prisma.empty;
  const rows = await getPrisma().$queryRaw<OutcomeRow[]>`
    SELECT t."runId", t.benchmark, t.level,
           count(*)::int AS trajectories,
           count(t.correct)::int AS graded,
           count(*) FILTER (WHERE t.correct)::int AS correct,
           count(t."rrmScore")::int AS judged,
           sum(t."rrmScore")::float8 AS "scoreSum"
    FROM "Trajectory" t
    WHERE t."trainingStep" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "Trajectory" r WHERE r."parentId" = t.id)
      ${runFilter}
    GROUP BY t."runId", t.benchmark, t.level
    ORDER BY t.benchmark, t.level NULLS FIRST`;
  return rows.map((row) => ({ ...row, scoreSum: row.scoreSum ?? 0 }));
}
