import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { getPrisma } from "@/lib/db/prisma";
import { z } from "zod";
import type { OutcomeCounts } from "@/lib/stats/accuracy";

/** The fields that describe a run, as the runs list and the run page return them. */
export const runFieldsSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  variant: z.string(),
  source: z.string(),
  tags: z.array(z.string()),
  agentModel: z.string().nullable(),
  rrmModel: z.string().nullable(),
  lambda: z.number().nullable(),
  createdAt: z.string(),
});
export type RunFields = z.infer<typeof runFieldsSchema>;

export function runFields(run: Omit<RunFields, "createdAt"> & { createdAt: Date }): RunFields {
  return {
    id: run.id,
    name: run.name,
    description: run.description,
    variant: run.variant,
    source: run.source,
    tags: run.tags,
    agentModel: run.agentModel,
    rrmModel: run.rrmModel,
    lambda: run.lambda,
    createdAt: run.createdAt.toISOString(),
  };
}

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
 * (Reagent-C/U) is replaced by its retry, and rollouts sampled inside training (trainingStep set) are left out. Read
 * from "RunTaskType", which triggers keep per run, split and task type (docs/compare.md).
 */
export async function runOutcomes(runIds?: number[]): Promise<BenchmarkOutcome[]> {
  const runFilter = runIds ? Prisma.sql`WHERE "runId" IN (${Prisma.join(runIds.length ? runIds : [-1])})` : Prisma.empty;
  const rows = await getPrisma().$queryRaw<OutcomeRow[]>`
    SELECT "runId", benchmark, NULLIF(level, '') AS level,
           sum(trajectories)::int AS trajectories,
           sum(graded * tasks)::int AS graded,
           sum(correct * tasks)::int AS correct,
           sum(judged)::int AS judged,
           sum("scoreSum")::float8 AS "scoreSum"
    FROM "RunTaskType"
    ${runFilter}
    GROUP BY 1, 2, 3
    ORDER BY 2, 3 NULLS FIRST`;
  return rows.map((row) => ({ ...row, scoreSum: row.scoreSum ?? 0 }));
}
