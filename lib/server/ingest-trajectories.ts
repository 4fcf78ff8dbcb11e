import "server-only";
import { createHash } from "node:crypto";
import type { PoolClient } from "pg";
import { getPool } from "@/lib/db/pool";
import type { AdapterEntry } from "@/lib/formats/format-adapter";
import {
  canonicalTrajectoryText,
  normalizedTrajectorySchema,
  summarizeSteps,
  type NormalizedTrajectory,
} from "@/lib/formats/trajectory-schema";
import { completeJudgment } from "@/lib/rrm/complete-judgment";
import { lockRunAggregates } from "@/lib/server/lock-run-aggregates";
import { storeJudgments, type JudgmentRow } from "@/lib/server/store-judgments";
import { describeZodError } from "@/lib/formats/describe-zod-error";

export const MAX_REPORTED_ERRORS = 100;

export type IngestError = { file: string | null; line: number | null; location: string | null; message: string };

export type IngestCounts = { accepted: number; duplicates: number; rejected: number; warnings: number };

export type IngestReport = IngestCounts & {
  runId: number;
  /** The first MAX_REPORTED_ERRORS rejected records; `rejected` counts them all. */
  errors: IngestError[];
};

export type IngestOptions = {
  runId: number;
  fileName: string | null;
  sourceFormat: string;
  batchSize?: number;
  /** Called after every stored batch with the running totals. */
  onProgress?: (counts: IngestCounts) => void | Promise<void>;
};

/** Task ids synthesised from the question when the source has none; export leaves them out again. */
export const SYNTHETIC_TASK_ID_PREFIX = "question-sha256:";

type Prepared = {
  trajectory: NormalizedTrajectory;
  raw: string;
  contentHash: string;
  taskExternalId: string;
};

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * Stores the trajectories an adapter reads, in batches, each batch in one transaction. Idempotent: a record already
 * stored in the run (same external id, else same content hash) counts as a duplicate and is not written again, so a
 * re-run after a crash completes without doubling anything. Bad records are counted and reported with file and line;
 * the good ones around them land.
 */
export async function ingestTrajectories(entries: AsyncIterable<AdapterEntry>, options: IngestOptions): Promise<IngestReport> {
  const batchSize = options.batchSize ?? 250;
  const report: IngestReport = { runId: options.runId, accepted: 0, duplicates: 0, rejected: 0, warnings: 0, errors: [] };
  const reject = (entry: { line: number | null; location: string | null }, message: string) => {
    report.rejected++;
    if (report.errors.length < MAX_REPORTED_ERRORS) {
      report.errors.push({ file: options.fileName, line: entry.line, location: entry.location, message });
    }
  };

  // One batch is written while the next one is read and validated: parsing is Node's work and writing the
  // database's, so on two cores the two overlap instead of taking turns. Batches are still written one at a time and
  // in file order (a duplicate of a record in the previous batch finds it stored).
  let batch: Prepared[] = [];
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (!batch.length) return;
    const full = batch;
    batch = [];
    await writing;
    // Rejections and warnings up to this batch: the next batch's are being counted while this one is written.
    const { rejected, warnings } = report;
    writing = storeBatch(options, full).then(async ({ inserted }) => {
      report.accepted += inserted;
      report.duplicates += full.length - inserted;
      await options.onProgress?.({ accepted: report.accepted, duplicates: report.duplicates, rejected, warnings });
    });
    writing.catch(() => {}); // handled: the next flush (or the end) awaits it and throws
  };

  try {
    for await (const entry of entries) {
      if (!entry.ok) {
        reject(entry, entry.error);
        continue;
      }
      const parsed = normalizedTrajectorySchema.safeParse(entry.trajectory);
      if (!parsed.success) {
        reject(entry, describeZodError(parsed.error));
        continue;
      }
      const trajectory = { ...parsed.data, judgments: parsed.data.judgments.map(completeJudgment) };
      report.warnings += entry.warnings.length;
      batch.push({
        trajectory,
        raw: entry.raw,
        contentHash: sha256(canonicalTrajectoryText(trajectory)),
        taskExternalId: trajectory.task.externalId ?? `${SYNTHETIC_TASK_ID_PREFIX}${sha256(trajectory.task.question).slice(0, 32)}`,
      });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await writing;
  } catch (error) {
    await writing.catch(() => {}); // no batch is still being written once this returns
    throw error;
  }
  return report;
}

async function storeBatch(options: IngestOptions, batch: Prepared[]): Promise<{ inserted: number }> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    await lockRunAggregates(client, [options.runId]);
    const taskIds = await upsertTasks(client, batch);
    const trajectoryIds = await insertTrajectories(client, options, batch, taskIds);
    await insertBodies(client, options, batch, trajectoryIds.inserted);
    await upsertJudgments(client, batch, trajectoryIds.all);
    await resolveParents(client, options.runId, [...trajectoryIds.all.values()], batch);
    await client.query("COMMIT");
    return { inserted: trajectoryIds.inserted.size };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

const taskKey = (benchmark: string, externalId: string) => `${benchmark}\u0000${externalId}`;

/** Creates the tasks the batch needs (first description wins) and returns their ids by (benchmark, external id). */
async function upsertTasks(client: PoolClient, batch: Prepared[]): Promise<Map<string, number>> {
  const rows = batch.map(({ trajectory: { task }, taskExternalId }) => ({
    benchmark: task.benchmark,
    level: task.level ?? null,
    externalId: taskExternalId,
    question: task.question,
    groundTruth: task.groundTruth ?? null,
    metadata: task.metadata ?? null,
  }));
  const { rows: ids } = await client.query<{ id: number; benchmark: string; externalId: string }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS r(benchmark text, level text, "externalId" text, question text, "groundTruth" text, metadata jsonb)
     ), created AS (
       INSERT INTO "Task" (benchmark, level, "externalId", question, "groundTruth", metadata)
       SELECT DISTINCT ON (benchmark, "externalId") benchmark, level, "externalId", question, "groundTruth", metadata FROM input
       ON CONFLICT (benchmark, "externalId") DO NOTHING
       RETURNING id, benchmark, "externalId"
     )
     SELECT id, benchmark, "externalId" FROM created
     UNION ALL
     SELECT t.id, t.benchmark, t."externalId" FROM "Task" t JOIN (SELECT DISTINCT benchmark, "externalId" FROM input) i USING (benchmark, "externalId")`,
    [JSON.stringify(rows)],
  );
  return new Map(ids.map((row) => [taskKey(row.benchmark, row.externalId), row.id]));
}

/**
 * Inserts the batch's trajectories, skipping those the run already has. Returns the ids of the rows inserted now
 * (by batch position) and of every batch record's stored row, new or old (for judgments).
 */
async function insertTrajectories(client: PoolClient, options: IngestOptions, batch: Prepared[], taskIds: Map<string, number>) {
  const rows = batch.map(({ trajectory: t, contentHash, taskExternalId }, position) => {
    const summary = summarizeSteps(t.steps);
    const latest = latestJudgment(t);
    return {
      position,
      taskId: taskIds.get(taskKey(t.task.benchmark, taskExternalId)),
      rolloutIndex: t.rolloutIndex,
      groupKey: t.groupKey ?? null,
      stage: t.stage,
      parentExternalId: t.parentExternalId ?? null,
      trainingStep: t.trainingStep ?? null,
      finalAnswer: t.finalAnswer ?? null,
      correct: t.correct ?? null,
      ruleReward: t.ruleReward ?? null,
      termination: t.termination ?? null,
      stepCount: summary.stepCount,
      toolCallCount: summary.toolCallCount,
      tokenCount: t.tokenCount ?? summary.stepTokens,
      promptTokens: t.promptTokens ?? null,
      completionTokens: t.completionTokens ?? null,
      durationMs: t.durationMs ?? null,
      externalId: t.externalId ?? null,
      contentHash,
      benchmark: t.task.benchmark,
      level: t.task.level ?? null,
      toolsUsed: summary.toolsUsed,
      rrmScore: latest?.score ?? null,
      judgmentCount: new Set(t.judgments.map((j) => j.rrmModel)).size,
    };
  });
  // Rows are inserted in batch order, so ids follow the file; ON CONFLICT covers both the external-id and the
  // content-hash uniqueness of a run, including duplicates inside this very batch.
  const { rows: inserted } = await client.query<{ id: number; position: number }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb) AS r(
         position int, "taskId" int, "rolloutIndex" int, "groupKey" text, stage "AttemptStage", "parentExternalId" text,
         "trainingStep" int, "finalAnswer" text, correct boolean, "ruleReward" float8, termination text, "stepCount" int,
         "toolCallCount" int, "tokenCount" int, "promptTokens" int, "completionTokens" int, "durationMs" int,
         "externalId" text, "contentHash" text, benchmark text, level text, "toolsUsed" jsonb, "rrmScore" float8,
         "judgmentCount" int)
     ), created AS (
       INSERT INTO "Trajectory" ("runId", "taskId", "rolloutIndex", "groupKey", stage, "parentExternalId", "trainingStep",
         "finalAnswer", correct, "ruleReward", termination, "stepCount", "toolCallCount", "tokenCount", "promptTokens",
         "completionTokens", "durationMs", "externalId", "contentHash", benchmark, level, "toolsUsed", "rrmScore", "judgmentCount")
       SELECT $1, "taskId", "rolloutIndex", "groupKey", stage, "parentExternalId", "trainingStep", "finalAnswer", correct,
         "ruleReward", termination, "stepCount", "toolCallCount", "tokenCount", "promptTokens", "completionTokens",
         "durationMs", "externalId", "contentHash", benchmark, level,
         ARRAY(SELECT jsonb_array_elements_text("toolsUsed")), "rrmScore", "judgmentCount"
       FROM input ORDER BY position
       ON CONFLICT DO NOTHING
       RETURNING id, "contentHash"
     )
     SELECT created.id, min(input.position)::int AS position
     FROM created JOIN input USING ("contentHash") GROUP BY created.id`,
    [options.runId, JSON.stringify(rows)],
  );
  const insertedByPosition = new Map(inserted.map((row) => [row.position, row.id]));
  // Every record's stored row, whether inserted now or before (matched like the uniqueness rules: external id, then hash).
  const { rows: stored } = await client.query<{ id: number; externalId: string | null; contentHash: string }>(
    `SELECT id, "externalId", "contentHash" FROM "Trajectory"
     WHERE "runId" = $1 AND ("contentHash" = ANY($2::text[]) OR "externalId" = ANY($3::text[]))`,
    [options.runId, batch.map((p) => p.contentHash), batch.flatMap((p) => (p.trajectory.externalId ? [p.trajectory.externalId] : []))],
  );
  const byExternalId = new Map(stored.filter((r) => r.externalId !== null).map((r) => [r.externalId!, r.id]));
  const byHash = new Map(stored.map((r) => [r.contentHash, r.id]));
  const all = new Map<number, number>();
  batch.forEach((p, position) => {
    const id = (p.trajectory.externalId ? byExternalId.get(p.trajectory.externalId) : undefined) ?? byHash.get(p.contentHash);
    if (id !== undefined) all.set(position, id);
  });
  return { inserted: insertedByPosition, all };
}

function latestJudgment(trajectory: NormalizedTrajectory) {
  // The last judgment listed wins unless dates say otherwise.
  let latest: NormalizedTrajectory["judgments"][number] | undefined;
  for (const judgment of trajectory.judgments) {
    if (!latest || (judgment.createdAt ?? "") >= (latest.createdAt ?? "")) latest = judgment;
  }
  return latest;
}

async function insertBodies(client: PoolClient, options: IngestOptions, batch: Prepared[], inserted: Map<number, number>) {
  if (!inserted.size) return;
  const rows = [...inserted].map(([position, id]) => {
    const t = batch[position].trajectory;
    // A native record is the normalized trajectory itself, which export rebuilds exactly: keeping it again as the
    // raw source would only double what is written.
    const raw = options.sourceFormat === "native" ? null : batch[position].raw;
    return { id, steps: t.steps, metadata: t.metadata ?? null, error: t.error ?? null, raw };
  });
  await client.query(
    `INSERT INTO "TrajectoryBody" ("trajectoryId", steps, metadata, error, "sourceFormat", "rawSource")
     SELECT id, steps, metadata, error, $2, raw
     FROM jsonb_to_recordset($1::jsonb) AS r(id int, steps jsonb, metadata jsonb, error text, raw text)`,
    [JSON.stringify(rows), options.sourceFormat],
  );
}

/** The batch's judgments, keyed to the stored trajectories. */
async function upsertJudgments(client: PoolClient, batch: Prepared[], ids: Map<number, number>) {
  const rows: JudgmentRow[] = [];
  batch.forEach((p, position) => {
    const trajectoryId = ids.get(position);
    if (trajectoryId !== undefined) for (const judgment of p.trajectory.judgments) rows.push({ trajectoryId, judgment });
  });
  await storeJudgments(client, rows);
}

/** Links refined retries to the attempts they refine, whichever of the two arrived first. */
async function resolveParents(client: PoolClient, runId: number, batchIds: number[], batch: Prepared[]) {
  const externalIds = batch.flatMap((p) => (p.trajectory.externalId ? [p.trajectory.externalId] : []));
  const hasParents = batch.some((p) => p.trajectory.parentExternalId);
  if (!hasParents && !externalIds.length) return;
  await client.query(
    `UPDATE "Trajectory" c SET "parentId" = p.id
     FROM "Trajectory" p
     WHERE c."runId" = $1 AND c."parentId" IS NULL AND c."parentExternalId" IS NOT NULL
       AND (c.id = ANY($2::int[]) OR c."parentExternalId" = ANY($3::text[]))
       AND p."runId" = c."runId" AND p."externalId" = c."parentExternalId"`,
    [runId, batchIds, externalIds],
  );
}
