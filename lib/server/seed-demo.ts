import "server-only";
// Writes the demo data set (lib/demo) into the database of DATABASE_URL: jobs, runs, the paper's reported numbers,
// annotators, the rubric, tasks, trajectories with bodies and judgments, training metrics and annotations.
//
// Fast and flat: trajectories stream from the generator in batches; each batch gets its ids from the sequences
// (nextval on a second connection, so ids are known before writing and parents/judgments can point at them) and is
// written with COPY … FROM STDIN on PostgreSQL, or with one INSERT … SELECT FROM json_populate_recordset per table on
// PGlite (whose socket server does not speak the COPY sub-protocol). The next batch is generated while the previous
// one is being written. Everything happens in one transaction: a failed seed leaves nothing behind.
//
// Only into a database without other data: a database holding runs or tasks that are not demo data is refused, and so
// is one that already holds the demo (unless `reset`, which first deletes the demo's rows: runs of source demo or
// reported with everything under them, demo tasks, demo annotators and demo jobs).
import { createHash } from "node:crypto";
import { once } from "node:events";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { DEMO_RRM_MODEL } from "@/lib/demo/benchmarks";
import {
  DEMO_ANNOTATORS, DEMO_RUBRIC, demoCanonicalText, demoJobs, demoMetrics, demoReportedRuns, demoRuns, demoTasks, demoTrajectories, planDemo,
  type DemoOptions, type DemoPlan, type DemoTaskRow, type DemoTrajectory,
} from "@/lib/demo/generate";

export type SeedPhase = "prepare" | "reset" | "runs" | "tasks" | "trajectories" | "metrics" | "annotations" | "analyze" | "done";

export type SeedProgress = {
  phase: SeedPhase;
  /** Items of this phase written so far, and how many there are. */
  done: number;
  total: number;
  elapsedMs: number;
  /** Items per second in this phase. */
  rate: number;
};

export type SeedDemoOptions = DemoOptions & {
  /** Delete an existing demo (runs of source demo/reported and what hangs off them) before seeding. */
  reset?: boolean;
  onProgress?: (progress: SeedProgress) => void;
  /** Defaults to process.env.DATABASE_URL. */
  databaseUrl?: string;
  /** "copy" (PostgreSQL) or "insert" (multi-row INSERT; PGlite). Default: chosen from the server. */
  method?: "auto" | "copy" | "insert";
  /** Trajectories per batch. Default 250 with COPY (bigger batches only cost memory), 200 with INSERT. */
  batchSize?: number;
};

export type SeedDemoResult = {
  plan: Pick<DemoPlan, "seed" | "requested" | "trajectories" | "taskCount" | "trainingGroups">;
  method: "copy" | "insert";
  tasks: number;
  runs: number;
  reportedRuns: number;
  reportedResults: number;
  trajectories: number;
  judgments: number;
  metrics: number;
  annotations: number;
  annotatedTrajectories: number;
  users: number;
  jobs: number;
  /** What `reset` deleted first. */
  removed: DemoRemoval | null;
  elapsedMs: number;
};

export type DemoRemoval = { runs: number; tasks: number; users: number; jobs: number };

/** The database cannot take the demo (holds other data, or the demo already): nothing was changed. */
export class SeedRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SeedRefusedError";
  }
}

const DEMO_SOURCES = "('demo', 'reported')";
const DEMO_TASK_PREFIX = "demo-";
const DEMO_USER_PREFIX = "demo-annotator-";
const DEMO_JOB_PREFIX = "demo-job-";
const SEED_LOCK_KEY = 7_352_114; // advisory lock: two seeds never run at once on one database

// ------------------------------------------------------------------------------------------------ row encoding

type ColumnType = "int" | "float" | "text" | "bool" | "json" | "text[]" | "ts";
type Column = readonly [name: string, type: ColumnType];
type TableSpec = { table: string; columns: readonly Column[] };

const TRAJECTORY: TableSpec = {
  table: "Trajectory",
  columns: [
    ["id", "int"], ["runId", "int"], ["taskId", "int"], ["rolloutIndex", "int"], ["groupKey", "text"], ["stage", "text"],
    ["parentId", "int"], ["parentExternalId", "text"], ["trainingStep", "int"], ["finalAnswer", "text"], ["correct", "bool"],
    ["ruleReward", "float"], ["termination", "text"], ["stepCount", "int"], ["toolCallCount", "int"], ["tokenCount", "int"],
    ["promptTokens", "int"], ["completionTokens", "int"], ["durationMs", "int"],
    ["externalId", "text"], ["contentHash", "text"], ["benchmark", "text"], ["level", "text"], ["toolsUsed", "text[]"],
    ["rrmScore", "float"], ["judgmentCount", "int"], ["annotated", "bool"], ["createdAt", "ts"],
  ],
};
const BODY: TableSpec = {
  table: "TrajectoryBody",
  columns: [["trajectoryId", "int"], ["steps", "json"], ["metadata", "json"], ["error", "text"], ["sourceFormat", "text"], ["rawSource", "text"]],
};
const JUDGMENT: TableSpec = {
  table: "Judgment",
  columns: [
    ["id", "int"], ["trajectoryId", "int"], ["rrmModel", "text"], ["reasoning", "text"], ["critique", "text"], ["score", "float"],
    ["rawOutput", "text"], ["parseStatus", "text"], ["parseNotes", "text[]"], ["source", "text"], ["createdAt", "ts"],
  ],
};
const TASK: TableSpec = {
  table: "Task",
  columns: [["id", "int"], ["benchmark", "text"], ["level", "text"], ["externalId", "text"], ["question", "text"], ["groundTruth", "text"], ["metadata", "json"], ["createdAt", "ts"]],
};
const METRIC: TableSpec = {
  table: "Metric",
  columns: [["runId", "int"], ["name", "text"], ["step", "int"], ["value", "float"], ["createdAt", "ts"]],
};

/** A value ready for its column: JSON columns hold their JSON text, arrays are string arrays. */
type Cell = string | number | boolean | null | string[];

// COPY text format: backslash, newline, carriage return and tab are escaped (four plain passes beat one with a callback).
const copyText = (text: string) => text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
const arrayLiteral = (items: string[]) => `{${items.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`;

function copyCell(value: Cell, type: ColumnType): string {
  if (value === null || value === undefined) return "\\N";
  switch (type) {
    case "bool":
      return value ? "t" : "f";
    case "text[]":
      return copyText(arrayLiteral(value as string[]));
    case "int":
    case "float":
      return String(value);
    default:
      return copyText(String(value));
  }
}

function jsonCell(value: Cell, type: ColumnType): string {
  if (value === null || value === undefined) return "null";
  if (type === "json") return value as string; // already JSON text
  return JSON.stringify(value);
}

/** Collects the rows of one table for one batch, in the encoding the write method needs. */
class RowBuffer {
  private parts: string[] = [];
  count = 0;
  constructor(readonly spec: TableSpec, private readonly method: "copy" | "insert") {}

  add(values: Cell[]) {
    const cols = this.spec.columns;
    if (this.method === "copy") {
      let line = "";
      for (let i = 0; i < cols.length; i++) line += (i ? "\t" : "") + copyCell(values[i], cols[i][1]);
      this.parts.push(line + "\n");
    } else {
      let obj = "{";
      for (let i = 0; i < cols.length; i++) obj += (i ? "," : "") + JSON.stringify(cols[i][0]) + ":" + jsonCell(values[i], cols[i][1]);
      this.parts.push(obj + "}");
    }
    this.count++;
  }

  /** Writes the buffered rows on `client` and empties the buffer. */
  async flush(client: pg.PoolClient) {
    if (!this.count) return;
    const cols = this.spec.columns.map(([name]) => `"${name}"`).join(", ");
    const parts = this.parts;
    this.parts = [];
    this.count = 0;
    if (this.method === "copy") {
      const stream = client.query(copyFrom(`COPY "${this.spec.table}" (${cols}) FROM STDIN`));
      const done = new Promise<void>((resolve, reject) => {
        stream.on("finish", resolve);
        stream.on("error", reject);
      });
      // Write in chunks of ~1 MB, honouring back-pressure.
      let chunk = "";
      for (const part of parts) {
        chunk += part;
        if (chunk.length >= 1 << 20) {
          if (!stream.write(chunk)) await Promise.race([once(stream, "drain"), done]);
          chunk = "";
        }
      }
      stream.end(chunk);
      await done;
    } else {
      await client.query(
        `INSERT INTO "${this.spec.table}" (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::"${this.spec.table}", $1::json)`,
        [`[${parts.join(",")}]`],
      );
    }
  }
}

// ------------------------------------------------------------------------------------------------ helpers

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function allocateIds(client: pg.PoolClient, sequence: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  const { rows } = await client.query<{ id: number }>(`SELECT nextval($1::regclass)::int AS id FROM generate_series(1, $2::int)`, [sequence, count]);
  return rows.map((row) => row.id);
}

async function sequenceOf(client: pg.PoolClient, table: string): Promise<string> {
  const { rows } = await client.query<{ seq: string }>(`SELECT pg_get_serial_sequence($1, 'id') AS seq`, [`"${table}"`]);
  if (!rows[0]?.seq) throw new Error(`No id sequence for table ${table}`);
  return rows[0].seq;
}

type Inventory = { otherRuns: number; otherTasks: number; demoRuns: number; demoTrajectories: number; demoTasks: number; demoUsers: number; demoJobs: number };

async function inventory(client: pg.PoolClient): Promise<Inventory> {
  const { rows } = await client.query(`SELECT
      (SELECT count(*)::int FROM "Run" WHERE source NOT IN ${DEMO_SOURCES}) AS "otherRuns",
      (SELECT count(*)::int FROM "Task" WHERE "externalId" NOT LIKE '${DEMO_TASK_PREFIX}%') AS "otherTasks",
      (SELECT count(*)::int FROM "Run" WHERE source IN ${DEMO_SOURCES}) AS "demoRuns",
      (SELECT count(*)::int FROM "Trajectory" t JOIN "Run" r ON r.id = t."runId" WHERE r.source IN ${DEMO_SOURCES}) AS "demoTrajectories",
      (SELECT count(*)::int FROM "Task" WHERE "externalId" LIKE '${DEMO_TASK_PREFIX}%') AS "demoTasks",
      (SELECT count(*)::int FROM "user" WHERE id LIKE '${DEMO_USER_PREFIX}%') AS "demoUsers",
      (SELECT count(*)::int FROM "Job" WHERE "idempotencyKey" LIKE '${DEMO_JOB_PREFIX}%') AS "demoJobs"`);
  return rows[0] as Inventory;
}

/**
 * Deletes the demo's rows (and only those) inside the caller's transaction. `onlyDemo` (every run is a demo or paper
 * run, so every trajectory is a demo one) empties the trajectory tables with TRUNCATE … CASCADE instead of deleting
 * row by row: a million trajectories go in seconds instead of many minutes.
 */
export async function removeDemoData(client: pg.PoolClient, { onlyDemo = false }: { onlyDemo?: boolean } = {}): Promise<DemoRemoval> {
  if (onlyDemo) await client.query(`TRUNCATE "Trajectory" CASCADE`);
  const runs = await client.query(`DELETE FROM "Run" WHERE source IN ${DEMO_SOURCES}`);
  const tasks = await client.query(
    `DELETE FROM "Task" k WHERE k."externalId" LIKE '${DEMO_TASK_PREFIX}%' AND NOT EXISTS (SELECT 1 FROM "Trajectory" t WHERE t."taskId" = k.id)`,
  );
  const users = await client.query(`DELETE FROM "user" WHERE id LIKE '${DEMO_USER_PREFIX}%'`);
  const jobs = await client.query(`DELETE FROM "Job" WHERE "idempotencyKey" LIKE '${DEMO_JOB_PREFIX}%'`);
  return { runs: runs.rowCount ?? 0, tasks: tasks.rowCount ?? 0, users: users.rowCount ?? 0, jobs: jobs.rowCount ?? 0 };
}

function describeInventory(inv: Inventory): string {
  return `${inv.demoRuns} demo/paper runs, ${inv.demoTrajectories} demo trajectories, ${inv.demoTasks} demo tasks, ${inv.demoUsers} demo annotators, ${inv.demoJobs} demo jobs`;
}

// ------------------------------------------------------------------------------------------------ seedDemo

export async function seedDemo(options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const started = Date.now();
  const url = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: seedDemo needs a database.");
  const plan = planDemo(options);
  const report = options.onProgress ?? (() => {});
  let phaseStart = Date.now();
  const progress = (phase: SeedPhase, done: number, total: number) => {
    const elapsed = Date.now() - phaseStart;
    report({ phase, done, total, elapsedMs: Date.now() - started, rate: elapsed > 0 ? (done * 1000) / elapsed : 0 });
  };
  const startPhase = (phase: SeedPhase, total: number) => {
    phaseStart = Date.now();
    progress(phase, 0, total);
  };

  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on("error", () => {}); // idle-client errors surface on the next query instead of crashing the process
  const client = await pool.connect();
  let side: pg.PoolClient | null = null;
  try {
    startPhase("prepare", 1);
    const { rows: versionRows } = await client.query<{ version: string }>("SELECT version()");
    const isPglite = /PGlite/i.test(versionRows[0].version);
    const method = options.method && options.method !== "auto" ? options.method : isPglite ? "insert" : "copy";
    if (method === "copy" && isPglite) throw new Error("PGlite's socket server does not support COPY: use method \"insert\".");
    const batchSize = Math.max(1, options.batchSize ?? (method === "copy" ? 250 : 200));
    // Ids come from the sequences (nextval is not transactional) on a second connection while `client` is busy
    // writing, except on PGlite: its single backend is pinned to the connection with the open transaction.
    side = isPglite ? null : await pool.connect();
    const ids = side ?? client;

    await client.query("BEGIN");
    const locked = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS ok", [SEED_LOCK_KEY]);
    if (!locked.rows[0].ok) throw new SeedRefusedError("Another seed is running on this database; wait for it to finish.");

    const before = await inventory(client);
    if (before.otherRuns > 0 || before.otherTasks > 0) {
      throw new SeedRefusedError(
        `This database already holds data that is not demo data (${before.otherRuns} runs, ${before.otherTasks} tasks): the demo is only loaded into a database without other data. Nothing was changed. Use a fresh database (e.g. createdb, then npm run db:migrate) or, for the embedded one, another DATA_DIR.`,
      );
    }
    const hasDemo = before.demoRuns + before.demoTasks + before.demoUsers + before.demoJobs > 0;
    let removed: DemoRemoval | null = null;
    if (hasDemo && !options.reset) {
      throw new SeedRefusedError(
        `This database already holds the demo data (${describeInventory(before)}). Nothing was changed. To replace it, run npm run seed -- --reset (deletes only demo and paper runs with their trajectories, demo tasks, demo annotators and demo jobs).`,
      );
    }
    if (hasDemo) {
      startPhase("reset", 1);
      removed = await removeDemoData(client, { onlyDemo: true }); // refused above when anything else is stored
      progress("reset", 1, 1);
    }

    const trajectorySeq = await sequenceOf(ids, "Trajectory");
    const judgmentSeq = await sequenceOf(ids, "Judgment");
    const taskSeq = await sequenceOf(ids, "Task");

    // Jobs, runs, reported numbers, annotators, rubric: a few dozen rows.
    startPhase("runs", 1);
    const jobIds = new Map<string, number>();
    const jobs = demoJobs(plan);
    for (const job of jobs) {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO "Job" (name, backend, kind, variant, parameters, script, "idempotencyKey", "schedulerJobId", state, "stateReason", "exitCode", progress, "progressNote", "createdAt", "startedAt", "finishedAt", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
        [job.name, job.backend, job.kind, job.variant, JSON.stringify(job.parameters), job.script, job.idempotencyKey, job.schedulerJobId, job.state,
          job.stateReason, job.exitCode, job.progress, job.progressNote, job.createdAt, job.startedAt, job.finishedAt],
      );
      for (const key of job.runKeys) jobIds.set(key, rows[0].id);
    }
    const runIds = new Map<string, number>();
    const runRows = demoRuns(plan);
    for (const run of runRows) {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO "Run" (name, description, variant, "agentModel", "rrmModel", lambda, "trainingStep", tags, config, source, "jobId", "createdAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [run.name, run.description, run.variant, run.agentModel, run.rrmModel, run.lambda, run.trainingStep, run.tags, JSON.stringify(run.config),
          run.source, jobIds.get(run.key) ?? null, run.createdAt],
      );
      runIds.set(run.key, rows[0].id);
    }
    const reported = demoReportedRuns();
    let reportedResults = 0;
    for (const run of reported) {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO "Run" (name, description, variant, "agentModel", lambda, tags, config, source, "createdAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [run.name, run.description, run.variant, run.agentModel, run.lambda, run.tags, JSON.stringify(run.config), run.source, new Date(plan.epoch - 7 * 86_400_000).toISOString()],
      );
      await client.query(
        `INSERT INTO "ReportedResult" ("runId", benchmark, "accuracyPct", "sourceTable") SELECT $1, * FROM unnest($2::text[], $3::float8[], $4::text[])`,
        [rows[0].id, run.results.map((r) => r.benchmark), run.results.map((r) => r.accuracyPct), run.results.map((r) => r.sourceTable)],
      );
      reportedResults += run.results.length;
    }
    for (const user of DEMO_ANNOTATORS) {
      await client.query(
        `INSERT INTO "user" (id, name, email, "emailVerified", role, "createdAt", "updatedAt") VALUES ($1, $2, $3, false, 'annotator', $4, $4)`,
        [user.id, user.name, user.email, new Date(plan.epoch - 14 * 86_400_000).toISOString()],
      );
    }
    await client.query(`INSERT INTO "Rubric" (name, version, questions) VALUES ($1, $2, $3) ON CONFLICT (name, version) DO NOTHING`, [
      DEMO_RUBRIC.name, DEMO_RUBRIC.version, JSON.stringify(DEMO_RUBRIC.questions),
    ]);
    const rubricId = (await client.query<{ id: number }>(`SELECT id FROM "Rubric" WHERE name = $1 AND version = $2`, [DEMO_RUBRIC.name, DEMO_RUBRIC.version])).rows[0].id;
    progress("runs", 1, 1);

    // Tasks.
    startPhase("tasks", plan.taskCount);
    const taskIds = new Int32Array(plan.taskCount);
    {
      const buffer = new RowBuffer(TASK, method);
      const taskBatch = method === "copy" ? 5000 : 1000;
      let done = 0;
      let pendingRows: DemoTaskRow[] = [];
      const flush = async () => {
        const allocated = await allocateIds(ids, taskSeq, pendingRows.length);
        pendingRows.forEach((task, i) => {
          taskIds[task.index] = allocated[i];
          buffer.add([allocated[i], task.benchmark, task.level, task.externalId, task.question, task.groundTruth, JSON.stringify(task.metadata), new Date(plan.epoch - 10 * 86_400_000).toISOString()]);
        });
        done += pendingRows.length;
        pendingRows = [];
        await buffer.flush(client);
        progress("tasks", done, plan.taskCount);
      };
      for (const task of demoTasks(plan)) {
        pendingRows.push(task);
        if (pendingRows.length >= taskBatch) await flush();
      }
      await flush();
    }

    // Trajectories, bodies, judgments: generated in batches, written while the next batch is generated.
    startPhase("trajectories", plan.trajectories);
    const trajectoryBuffer = () => new RowBuffer(TRAJECTORY, method);
    const ring = new Int32Array(1 << 12); // ordinal → id for recent trajectories (parents are at most 15 back)
    const ringMask = ring.length - 1;
    const pendingAnnotations: Array<{ trajectoryId: number; judgmentId: number; a: DemoTrajectory["annotations"][number] }> = [];
    let written = 0;
    let judgmentsWritten = 0;
    let annotatedTrajectories = 0;
    let inflight: Promise<void> = Promise.resolve();
    const generator = demoTrajectories(plan);
    let exhausted = false;
    while (!exhausted) {
      const batch: DemoTrajectory[] = [];
      let judgmentCount = 0;
      while (batch.length < batchSize) {
        const next = generator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        batch.push(next.value);
        judgmentCount += next.value.record.judgments.length;
        if (batch.length % 50 === 0) await yieldToEventLoop(); // let the in-flight write drain into the socket
      }
      if (!batch.length) break;
      if (!side) await inflight; // one connection: never two queries on it at once
      const tIds = await allocateIds(ids, trajectorySeq, batch.length);
      const jIds = await allocateIds(ids, judgmentSeq, judgmentCount);
      const trajectories = trajectoryBuffer();
      const bodies = new RowBuffer(BODY, method);
      const judgments = new RowBuffer(JUDGMENT, method);
      let j = 0;
      for (let i = 0; i < batch.length; i++) {
        const t = batch[i];
        const id = tIds[i];
        ring[t.ordinal & ringMask] = id;
        const r = t.record;
        const s = t.summary;
        const parentId = t.parentOrdinal === null ? null : ring[t.parentOrdinal & ringMask];
        const stepsJson = JSON.stringify(r.steps);
        trajectories.add([
          id, runIds.get(t.runKey)!, taskIds[t.taskIndex], r.rolloutIndex, r.groupKey ?? null, r.stage, parentId, r.parentExternalId ?? null,
          r.trainingStep ?? null, r.finalAnswer ?? null, r.correct ?? null, r.ruleReward ?? null, r.termination ?? null, s.stepCount,
          s.toolCallCount, s.tokenCount, r.promptTokens ?? null, r.completionTokens ?? null, r.durationMs ?? null, r.externalId ?? null, sha256(demoCanonicalText(r, stepsJson)), s.benchmark, s.level, s.toolsUsed, s.rrmScore,
          s.judgmentCount, s.annotated, t.createdAt,
        ]);
        bodies.add([id, stepsJson, JSON.stringify(r.metadata ?? null), r.error ?? null, t.sourceFormat, t.rawSource]);
        const judgmentIdsOfThis: number[] = [];
        for (const judgment of r.judgments) {
          const jid = jIds[j++];
          judgmentIdsOfThis.push(jid);
          judgments.add([
            jid, id, judgment.rrmModel, judgment.reasoning ?? null, judgment.critique ?? null, judgment.score ?? null, judgment.rawOutput ?? null,
            judgment.parseStatus, judgment.parseNotes, "demo", judgment.createdAt,
          ]);
        }
        if (t.annotations.length) annotatedTrajectories++;
        for (const a of t.annotations) pendingAnnotations.push({ trajectoryId: id, judgmentId: judgmentIdsOfThis[a.judgmentIndex], a });
        if (i % 100 === 99) await yieldToEventLoop();
      }
      await inflight;
      const batchLength = batch.length;
      const batchJudgments = judgments.count;
      inflight = (async () => {
        await trajectories.flush(client);
        await bodies.flush(client);
        await judgments.flush(client);
        written += batchLength;
        judgmentsWritten += batchJudgments;
        progress("trajectories", written, plan.trajectories);
      })();
      inflight.catch(() => {}); // awaited above on the next round or below; never an unhandled rejection
    }
    await inflight;

    // Training curves.
    startPhase("metrics", 0);
    const metrics = new RowBuffer(METRIC, method);
    const metricTime = new Date(plan.epoch).toISOString();
    for (const metric of demoMetrics(plan)) metrics.add([runIds.get(metric.runKey)!, metric.name, metric.step, metric.value, metricTime]);
    const metricCount = metrics.count;
    await metrics.flush(client);
    progress("metrics", metricCount, metricCount);

    // Annotations (a few dozen).
    startPhase("annotations", pendingAnnotations.length);
    for (const { trajectoryId, judgmentId, a } of pendingAnnotations) {
      await client.query(
        `INSERT INTO "Annotation" ("trajectoryId", "judgmentId", "annotatorId", "rubricId", answers, "errorTags", note, "createdAt", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
        [trajectoryId, judgmentId, a.annotatorId, rubricId, JSON.stringify(a.answers), a.errorTags, a.note, a.createdAt],
      );
    }
    progress("annotations", pendingAnnotations.length, pendingAnnotations.length);

    await client.query("COMMIT");

    startPhase("analyze", 1);
    await client.query(`ANALYZE "Task", "Run", "Trajectory", "TrajectoryBody", "Judgment", "Metric"`);
    progress("analyze", 1, 1);
    const result: SeedDemoResult = {
      plan: { seed: plan.seed, requested: plan.requested, trajectories: plan.trajectories, taskCount: plan.taskCount, trainingGroups: plan.trainingGroups },
      method,
      tasks: plan.taskCount,
      runs: runRows.length,
      reportedRuns: reported.length,
      reportedResults,
      trajectories: written,
      judgments: judgmentsWritten,
      metrics: metricCount,
      annotations: pendingAnnotations.length,
      annotatedTrajectories,
      users: DEMO_ANNOTATORS.length,
      jobs: jobs.length,
      removed,
      elapsedMs: Date.now() - started,
    };
    phaseStart = started;
    progress("done", written, plan.trajectories);
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
    side?.release();
    await pool.end();
  }
}

/** The RRM model name the demo's judgments carry (for tests and docs). */
export const SEEDED_RRM_MODEL = DEMO_RRM_MODEL;
