import "server-only";
import { getPool } from "@/lib/db/pool";
import type { NormalizedTrajectory } from "@/lib/formats/trajectory-schema";
import { SYNTHETIC_TASK_ID_PREFIX } from "@/lib/server/ingest-trajectories";

const PAGE = 500;

type Row = {
  id: number;
  externalId: string | null;
  rolloutIndex: number;
  groupKey: string | null;
  stage: "initial" | "refined";
  parentExternalId: string | null;
  parentExternal: string | null;
  trainingStep: number | null;
  finalAnswer: string | null;
  correct: boolean | null;
  ruleReward: number | null;
  termination: string | null;
  tokenCount: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  durationMs: number | null;
  benchmark: string;
  level: string | null;
  taskExternalId: string;
  question: string;
  groundTruth: string | null;
  taskMetadata: Record<string, unknown> | null;
  steps: NormalizedTrajectory["steps"];
  metadata: Record<string, unknown> | null;
  error: string | null;
};

type JudgmentRow = {
  trajectoryId: number;
  rrmModel: string;
  reasoning: string | null;
  critique: string | null;
  score: number | null;
  rawOutput: string | null;
  parseStatus: "ok" | "partial" | "failed";
  parseNotes: string[];
  createdAt: Date;
};

/** Native records of the trajectories `where` selects (in `where`'s order), with their judgments. */
async function readNativeRecords(where: string, params: unknown[]): Promise<{ id: number; record: NormalizedTrajectory }[]> {
  const pool = getPool();
  const { rows } = await pool.query<Row>(
    `SELECT t.id, t."externalId", t."rolloutIndex", t."groupKey", t.stage, t."parentExternalId", p."externalId" AS "parentExternal",
            t."trainingStep", t."finalAnswer", t.correct, t."ruleReward", t.termination, t."tokenCount", t."promptTokens",
            t."completionTokens", t."durationMs", k.benchmark, k.level, k."externalId" AS "taskExternalId", k.question,
            k."groundTruth", k.metadata AS "taskMetadata", b.steps, b.metadata, b.error
     FROM "Trajectory" t
     JOIN "Task" k ON k.id = t."taskId"
     LEFT JOIN "TrajectoryBody" b ON b."trajectoryId" = t.id
     LEFT JOIN "Trajectory" p ON p.id = t."parentId"
     WHERE ${where}`,
    params,
  );
  if (!rows.length) return [];
  const { rows: judgments } = await pool.query<JudgmentRow>(
    `SELECT "trajectoryId", "rrmModel", reasoning, critique, score, "rawOutput", "parseStatus", "parseNotes", "createdAt"
     FROM "Judgment" WHERE "trajectoryId" = ANY($1::int[]) ORDER BY "createdAt", id`,
    [rows.map((r) => r.id)],
  );
  const judgmentsOf = new Map<number, JudgmentRow[]>();
  for (const j of judgments) judgmentsOf.set(j.trajectoryId, [...(judgmentsOf.get(j.trajectoryId) ?? []), j]);
  return rows.map((row) => ({ id: row.id, record: toNormalized(row, judgmentsOf.get(row.id) ?? []) }));
}

/**
 * A run's trajectories in the native format, in the order they were stored, read a page at a time so memory stays
 * flat. What this yields imports back to the same data.
 */
export async function* exportRun(runId: number): AsyncGenerator<NormalizedTrajectory> {
  let after = 0;
  for (;;) {
    const page = await readNativeRecords(`t."runId" = $1 AND t.id > $2 ORDER BY t.id LIMIT ${PAGE}`, [runId, after]);
    if (!page.length) return;
    for (const { record } of page) yield record;
    after = page[page.length - 1].id;
  }
}

/** One trajectory as export writes it; null when there is none. */
export async function exportTrajectory(id: number): Promise<NormalizedTrajectory | null> {
  const [found] = await readNativeRecords("t.id = $1", [id]);
  return found?.record ?? null;
}

function toNormalized(row: Row, judgments: JudgmentRow[]): NormalizedTrajectory {
  return {
    externalId: row.externalId,
    task: {
      benchmark: row.benchmark,
      level: row.level,
      externalId: row.taskExternalId.startsWith(SYNTHETIC_TASK_ID_PREFIX) ? null : row.taskExternalId,
      question: row.question,
      groundTruth: row.groundTruth,
      metadata: row.taskMetadata,
    },
    steps: row.steps ?? [],
    finalAnswer: row.finalAnswer,
    correct: row.correct,
    ruleReward: row.ruleReward,
    termination: row.termination,
    error: row.error,
    rolloutIndex: row.rolloutIndex,
    groupKey: row.groupKey,
    stage: row.stage,
    // A parent linked by id (e.g. demo data) is exported by its external id when it has one.
    parentExternalId: row.parentExternalId ?? row.parentExternal,
    trainingStep: row.trainingStep,
    tokenCount: row.tokenCount,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    durationMs: row.durationMs,
    metadata: row.metadata,
    judgments: judgments.map((j) => ({
      rrmModel: j.rrmModel,
      reasoning: j.reasoning,
      critique: j.critique,
      score: j.score,
      rawOutput: j.rawOutput,
      parseStatus: j.parseStatus,
      parseNotes: j.parseNotes,
      createdAt: j.createdAt.toISOString(),
    })),
  };
}
