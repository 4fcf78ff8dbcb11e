import "server-only";
import { getPool } from "@/lib/db/pool";
import type { Step } from "@/lib/formats/trajectory-schema";
import { previewStep } from "@/lib/trajectory-text";
import type { Attempt, JudgmentView, TrajectoryDetail } from "@/lib/trajectory-schemas";

export type { TrajectoryDetail };

type Row = Omit<TrajectoryDetail, "run" | "task" | "steps" | "judgments" | "parent" | "refinements" | "groupSize" | "error" | "sourceFormat"> & {
  runId: number;
  runName: string;
  variant: string;
  lambda: number | null;
  runRrmModel: string | null;
  taskId: number;
  benchmark: string;
  level: string | null;
  taskExternalId: string;
  question: string;
  groundTruth: string | null;
  steps: Step[] | null;
  error: string | null;
  sourceFormat: string | null;
  groupSize: number;
};

const ATTEMPT_COLUMNS = `a.id, a.stage::text AS stage, a."rolloutIndex", a."finalAnswer", a.correct, a."ruleReward", a."rrmScore",
  a."stepCount", a.termination, lj.critique, lj."rrmModel" AS "critiqueModel"`;
const LATEST_JUDGMENT = `LEFT JOIN LATERAL (SELECT j.critique, j."rrmModel" FROM "Judgment" j WHERE j."trajectoryId" = a.id
  ORDER BY j."createdAt" DESC, j.id DESC LIMIT 1) lj ON true`;

/**
 * One trajectory for the reader: summary, task, run, steps with long texts cut (STEP_PREVIEW_CHARS), every judgment,
 * the attempt it refines and its refined retries, and the size of its GRPO group. Null when there is none.
 */
export async function getTrajectory(id: number): Promise<TrajectoryDetail | null> {
  const pool = getPool();
  const [main, judgments, attempts] = await Promise.all([
    pool.query<Row>(
      `SELECT t.id, t."externalId", t."runId", r.name AS "runName", r.variant::text AS variant, r.lambda, r."rrmModel" AS "runRrmModel",
              t."taskId", k.benchmark, k.level, k."externalId" AS "taskExternalId", k.question, k."groundTruth",
              t."finalAnswer", t.correct, t."ruleReward", t."rrmScore", t.termination, t."stepCount", t."toolCallCount",
              t."tokenCount", t."promptTokens", t."completionTokens", t."durationMs", t."rolloutIndex", t."groupKey",
              t.stage::text AS stage, t."parentId", t."trainingStep",
              to_char(t."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
              b.steps, b.error, b."sourceFormat",
              CASE WHEN t."groupKey" IS NULL THEN 0 ELSE
                (SELECT count(*)::int FROM "Trajectory" g WHERE g."runId" = t."runId" AND g."groupKey" = t."groupKey") END AS "groupSize"
       FROM "Trajectory" t
       JOIN "Run" r ON r.id = t."runId"
       JOIN "Task" k ON k.id = t."taskId"
       LEFT JOIN "TrajectoryBody" b ON b."trajectoryId" = t.id
       WHERE t.id = $1`,
      [id],
    ),
    pool.query<JudgmentView>(
      `SELECT id, "rrmModel", reasoning, critique, score,
              CASE WHEN "parseStatus" = 'ok' THEN NULL ELSE "rawOutput" END AS "rawOutput",
              "parseStatus"::text AS "parseStatus", "parseNotes", source::text AS source,
              to_char("createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
       FROM "Judgment" WHERE "trajectoryId" = $1 ORDER BY "createdAt" DESC, id DESC`,
      [id],
    ),
    pool.query<Attempt & { relation: "parent" | "refinement" }>(
      `SELECT 'parent' AS relation, ${ATTEMPT_COLUMNS}
       FROM "Trajectory" t JOIN "Trajectory" a ON a.id = t."parentId" ${LATEST_JUDGMENT} WHERE t.id = $1
       UNION ALL
       SELECT 'refinement' AS relation, ${ATTEMPT_COLUMNS}
       FROM "Trajectory" a ${LATEST_JUDGMENT} WHERE a."parentId" = $1`,
      [id],
    ),
  ]);
  const row = main.rows[0];
  if (!row) return null;
  const { relation: _p, ...parent } = attempts.rows.find((a) => a.relation === "parent") ?? { relation: null };
  return {
    id: row.id,
    externalId: row.externalId,
    run: { id: row.runId, name: row.runName, variant: row.variant, lambda: row.lambda, rrmModel: row.runRrmModel },
    task: { id: row.taskId, benchmark: row.benchmark, level: row.level, externalId: row.taskExternalId, question: row.question, groundTruth: row.groundTruth },
    finalAnswer: row.finalAnswer,
    correct: row.correct,
    ruleReward: row.ruleReward,
    rrmScore: row.rrmScore,
    termination: row.termination,
    error: row.error,
    stepCount: row.stepCount,
    toolCallCount: row.toolCallCount,
    tokenCount: row.tokenCount,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    durationMs: row.durationMs,
    rolloutIndex: row.rolloutIndex,
    groupKey: row.groupKey,
    stage: row.stage,
    parentId: row.parentId,
    trainingStep: row.trainingStep,
    createdAt: row.createdAt,
    sourceFormat: row.sourceFormat,
    steps: (Array.isArray(row.steps) ? row.steps : []).map((step) => previewStep(step)),
    judgments: judgments.rows,
    parent: "id" in parent ? (parent as Attempt) : null,
    refinements: attempts.rows.filter((a) => a.relation === "refinement").map(({ relation: _r, ...a }) => a),
    groupSize: row.groupSize,
  };
}
