import "server-only";
import { getPool } from "@/lib/db/pool";
import type { NormalizedTrajectory } from "@/lib/formats/trajectory-schema";
import { SYNTHETIC_TASK_ID_PREFIX } from "@/lib/server/ingest-trajectories";

export type RawTrajectory = { fileName: string; body: string; format: string };

/**
 * The source record of a trajectory as it was imported (other formats keep it verbatim), or, for native imports and
 * demo data (which store no copy), the native record rebuilt as export writes it. Null when there is no trajectory.
 */
export async function getTrajectoryRaw(id: number): Promise<RawTrajectory | null> {
  const pool = getPool();
  const { rows } = await pool.query(
    `SELECT t.id, t."externalId", t."rolloutIndex", t."groupKey", t.stage::text AS stage, t."parentExternalId",
            p."externalId" AS "parentExternal", t."trainingStep", t."finalAnswer", t.correct, t."ruleReward", t.termination,
            t."tokenCount", t."promptTokens", t."completionTokens", t."durationMs", k.benchmark, k.level,
            k."externalId" AS "taskExternalId", k.question, k."groundTruth", k.metadata AS "taskMetadata",
            b.steps, b.metadata, b.error, b."rawSource", b."sourceFormat"
     FROM "Trajectory" t
     JOIN "Task" k ON k.id = t."taskId"
     LEFT JOIN "TrajectoryBody" b ON b."trajectoryId" = t.id
     LEFT JOIN "Trajectory" p ON p.id = t."parentId"
     WHERE t.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const format: string = row.sourceFormat ?? "native";
  if (typeof row.rawSource === "string") {
    const isJson = /^\s*[[{]/.test(row.rawSource);
    return { fileName: `trajectory-${id}.${format.replace(/[^a-z0-9-]/gi, "_")}.${isJson ? "json" : "txt"}`, body: row.rawSource, format };
  }
  const { rows: judgments } = await pool.query(
    `SELECT "rrmModel", reasoning, critique, score, "rawOutput", "parseStatus"::text AS "parseStatus", "parseNotes", "createdAt"
     FROM "Judgment" WHERE "trajectoryId" = $1 ORDER BY "createdAt", id`,
    [id],
  );
  const record: NormalizedTrajectory = {
    externalId: row.externalId,
    task: {
      benchmark: row.benchmark,
      level: row.level,
      externalId: String(row.taskExternalId).startsWith(SYNTHETIC_TASK_ID_PREFIX) ? null : row.taskExternalId,
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
    parentExternalId: row.parentExternalId ?? row.parentExternal,
    trainingStep: row.trainingStep,
    tokenCount: row.tokenCount,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    durationMs: row.durationMs,
    metadata: row.metadata,
    judgments: judgments.map((j) => ({ ...j, createdAt: (j.createdAt as Date).toISOString() })),
  };
  return { fileName: `trajectory-${id}.native.json`, body: JSON.stringify(record), format: "native" };
}
