// The compare aggregates ("RunTaskOutcome", "RunTaskType", "RunScoreBin", "GroupRanking", "RunRanking") are kept by
// triggers. After every kind of write the application and its tools make (seeding by COPY or INSERT, batched ingest with
// retries arriving before their first attempts, judgments of two RRM models replaced and deleted, outcome and group
// changes, trajectory and run deletes, TRUNCATE, two writers of one run at once) each table must equal its recount from
// scratch (rw_task_outcomes, rw_score_bins, rw_group_rankings, and their sums), row for row, numeric sums digit for digit.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdapterEntry } from "@/lib/formats/format-adapter";
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";
import { createRun } from "@/lib/server/create-run";
import { ingestJudgments } from "@/lib/server/ingest-judgments";
import { ingestTrajectories } from "@/lib/server/ingest-trajectories";
import { removeDemoData, seedDemo } from "@/lib/server/seed-demo";
import { testServerUrl, useTestDatabase } from "../helpers/database";

const db = useTestDatabase();
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
});

const TASK_OUTCOMES = `SELECT * FROM "rw_task_outcomes"(ARRAY(SELECT DISTINCT ROW("runId", "taskId")::"rw_run_task" FROM "Trajectory"))`;
const GROUP_RANKINGS = `SELECT * FROM "rw_group_rankings"(ARRAY(SELECT DISTINCT ROW("runId", "groupKey")::"rw_run_group" FROM "Trajectory" WHERE "groupKey" IS NOT NULL))`;
/** Each maintained table and its recount from the trajectories and judgments. */
const MAINTAINED = {
  RunTaskOutcome: TASK_OUTCOMES,
  RunTaskType: `SELECT "runId", benchmark, level, graded, correct, count(*)::int, sum(trajectories)::int, sum(judged)::int, sum("scoreSum") FROM (${TASK_OUTCOMES}) o GROUP BY 1, 2, 3, 4, 5`,
  RunScoreBin: `SELECT * FROM "rw_score_bins"(ARRAY(SELECT id FROM "Run"))`,
  GroupRanking: GROUP_RANKINGS,
  RunRanking: `SELECT "runId", benchmark, level, "rrmModel", count(*)::int, (count(*) FILTER (WHERE pairs > 0))::int, sum(pairs)::int, sum(wins)
    FROM (${GROUP_RANKINGS}) g GROUP BY 1, 2, 3, 4`,
} as const;

/** Rows a maintained table has that a recount does not (`extra`) and the other way round (`missing`), as text. */
async function drift(connection: pg.Client = client) {
  const out: Record<string, { rows: number; extra: string[]; missing: string[] }> = {};
  for (const [table, recount] of Object.entries(MAINTAINED)) {
    const rows = Number((await connection.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
    const diff = async (a: string, b: string) => (await connection.query<{ r: string }>(`SELECT x::text AS r FROM ((${a}) EXCEPT ALL (${b})) x ORDER BY 1`)).rows.map((r) => r.r);
    out[table] = { rows, extra: await diff(`SELECT * FROM "${table}"`, recount), missing: await diff(recount, `SELECT * FROM "${table}"`) };
  }
  return out;
}

async function expectExact(connection?: pg.Client) {
  const d = await drift(connection);
  for (const [table, { extra, missing }] of Object.entries(d)) {
    expect({ table, extra, missing }).toEqual({ table, extra: [], missing: [] });
  }
  return d;
}

function record(n: number, extra: Partial<NormalizedTrajectoryInput> = {}): NormalizedTrajectoryInput {
  return {
    externalId: `t${n}`,
    task: { benchmark: n % 2 ? "GAIA" : "HLE", level: n % 2 ? String(1 + (n % 3)) : undefined, externalId: `task-${n % 5}`, question: `Question ${n % 5}?` },
    steps: [{ index: 0, kind: "final_answer", text: `\\boxed{${n}}`, answer: String(n) }],
    correct: n % 7 === 0 ? undefined : n % 3 !== 0,
    groupKey: `g${n % 4}`,
    rolloutIndex: n % 4,
    judgments: n % 6 === 5 ? [] : [{ rrmModel: "rrm-a", score: Math.round(((n * 37) % 100) * 10) / 1000 + 0.0001 * (n % 3) }],
    ...extra,
  };
}

async function* entries(list: NormalizedTrajectoryInput[]): AsyncGenerator<AdapterEntry> {
  let line = 0;
  for (const trajectory of list) yield { ok: true, line: ++line, location: null, trajectory, raw: JSON.stringify(trajectory), warnings: [] };
}

async function* bytesOf(text: string) {
  yield new TextEncoder().encode(text);
}

const ingest = (runId: number, list: NormalizedTrajectoryInput[], batchSize = 3) =>
  ingestTrajectories(entries(list), { runId, fileName: "a.jsonl", sourceFormat: "native", batchSize });

describe("compare aggregates stay equal to a recount", () => {
  it("after seeding the demo (COPY on PostgreSQL, INSERT on PGlite)", async () => {
    await seedDemo({ trajectories: 120, seed: "aggregates" });
    const d = await expectExact();
    expect(d.RunTaskOutcome.rows).toBeGreaterThan(10);
    expect(d.RunScoreBin.rows).toBeGreaterThan(10);
  }, 120_000);

  it("after ingest in small batches, retries before and after their first attempts, judgments of two models", async () => {
    const run = await createRun({ name: "agg-ingest", variant: "reagent_u" });
    // Retries of t1 and t2 come first (their parents are linked once the parents arrive), t3's retry comes after.
    const list = [
      record(101, { parentExternalId: "t1", stage: "refined", task: record(1).task }),
      record(102, { parentExternalId: "t2", stage: "refined", task: record(2).task }),
      ...Array.from({ length: 20 }, (_, i) => record(i + 1)),
      record(103, { parentExternalId: "t3", stage: "refined", task: record(3).task }),
      record(104, { trainingStep: 5 }),
    ];
    const report = await ingest(run.id, list);
    expect(report.accepted).toBe(list.length);
    const { rows: linked } = await client.query(`SELECT count(*)::int AS n FROM "Trajectory" WHERE "runId" = $1 AND "parentId" IS NOT NULL`, [run.id]);
    expect(linked[0].n).toBe(3);
    await expectExact();

    // The same file again: all duplicates, nothing changes.
    const again = await ingest(run.id, list, 7);
    expect(again.duplicates).toBe(list.length);
    await expectExact();

    // A second RRM model's judgments arrive on their own; then rrm-a's are replaced with other scores.
    const judgments = (model: string, shift: number) =>
      Array.from({ length: 22 }, (_, i) => JSON.stringify({ trajectoryExternalId: `t${i + 1}`, rrmModel: model, score: ((i * 13 + shift) % 100) / 100 })).join("\n");
    expect((await ingestJudgments(run.id, bytesOf(judgments("rrm-b", 0)))).rejected).toBe(2); // t21, t22 do not exist
    await expectExact();
    await ingestJudgments(run.id, bytesOf(judgments("rrm-a", 41)));
    const d = await expectExact();
    const { rows: models } = await client.query(`SELECT DISTINCT "rrmModel" FROM "RunScoreBin" WHERE "runId" = $1 ORDER BY 1`, [run.id]);
    expect(models.map((m) => m.rrmModel)).toEqual(["", "rrm-a", "rrm-b"]);
    expect(d.GroupRanking.rows).toBeGreaterThan(0);
  });

  it("after outcome, split, group, training-step and run changes, and judgment deletes", async () => {
    const { rows: [run] } = await client.query(`SELECT id FROM "Run" WHERE name = 'agg-ingest'`);
    const other = await createRun({ name: "agg-other", variant: "base" });
    await client.query(`UPDATE "Trajectory" SET correct = NOT correct WHERE "runId" = $1 AND "externalId" IN ('t4', 't5', 't6')`, [run.id]);
    await client.query(`UPDATE "Trajectory" SET correct = NULL WHERE "runId" = $1 AND "externalId" = 't8'`, [run.id]);
    await client.query(`UPDATE "Trajectory" SET "groupKey" = 'g-moved' WHERE "runId" = $1 AND "externalId" IN ('t9', 't10')`, [run.id]);
    await client.query(`UPDATE "Trajectory" SET "trainingStep" = 1 WHERE "runId" = $1 AND "externalId" = 't11'`, [run.id]);
    await client.query(`UPDATE "Trajectory" SET level = '3', "rrmScore" = 0.999 WHERE "runId" = $1 AND "externalId" = 't12'`, [run.id]);
    await client.query(`UPDATE "Trajectory" SET "runId" = $2 WHERE "runId" = $1 AND "externalId" IN ('t13', 't14')`, [run.id, other.id]);
    await client.query(`UPDATE "Trajectory" SET annotated = true WHERE "runId" = $1`, [run.id]);
    await expectExact();
    // A task, split or parent changed by hand; an ungraded trajectory that has judgments graded.
    const { rows: [task] } = await client.query(`INSERT INTO "Task" (benchmark, level, "externalId", question) VALUES ('GAIA', '3', 'agg-moved', 'q?') RETURNING id`);
    await client.query(`UPDATE "Trajectory" SET "taskId" = $2, benchmark = 'GAIA', level = '3' WHERE "runId" = $1 AND "externalId" = 't19'`, [run.id, task.id]);
    await client.query(`UPDATE "Trajectory" SET benchmark = 'HLE', level = NULL WHERE "runId" = $1 AND "externalId" = 't20'`, [run.id]);
    await client.query(`UPDATE "Trajectory" c SET "parentId" = p.id FROM "Trajectory" p WHERE c."runId" = $1 AND c."externalId" = 't102' AND p."runId" = $1 AND p."externalId" = 't5'`, [run.id]);
    await client.query(`UPDATE "Trajectory" SET "parentId" = NULL WHERE "runId" = $1 AND "externalId" = 't103'`, [run.id]);
    const { rows: [graded] } = await client.query(`UPDATE "Trajectory" SET correct = true WHERE "runId" = $1 AND "externalId" = 't7' AND correct IS NULL RETURNING "judgmentCount"`, [run.id]);
    expect(graded.judgmentCount).toBeGreaterThan(0);
    await expectExact();
    // A judgment moved to another trajectory, and one renamed to another model.
    await client.query(
      `UPDATE "Judgment" j SET "trajectoryId" = (SELECT id FROM "Trajectory" WHERE "runId" = $1 AND "externalId" = 't104') FROM "Trajectory" t
       WHERE t.id = j."trajectoryId" AND t."runId" = $1 AND t."externalId" = 't2' AND j."rrmModel" = 'rrm-b'`,
      [run.id],
    );
    await client.query(`UPDATE "Judgment" j SET "rrmModel" = 'rrm-c' FROM "Trajectory" t WHERE t.id = j."trajectoryId" AND t."runId" = $1 AND t."externalId" = 't3' AND j."rrmModel" = 'rrm-b'`, [run.id]);
    await expectExact();
    await client.query(`DELETE FROM "Judgment" j USING "Trajectory" t WHERE t.id = j."trajectoryId" AND t."runId" = $1 AND t."externalId" IN ('t15', 't16') AND j."rrmModel" = 'rrm-b'`, [run.id]);
    await client.query(`UPDATE "Judgment" j SET score = NULL FROM "Trajectory" t WHERE t.id = j."trajectoryId" AND t."runId" = $1 AND t."externalId" = 't17'`, [run.id]);
    await expectExact();
  });

  it("refuses writers outside READ COMMITTED, whose recounts would miss other writers' rows", async () => {
    const { rows: [run] } = await client.query(`SELECT id FROM "Run" WHERE name = 'agg-ingest'`);
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    try {
      await expect(client.query(`UPDATE "Trajectory" SET correct = NOT correct WHERE "runId" = $1 AND "externalId" = 't4'`, [run.id])).rejects.toThrow(/must be written in READ COMMITTED transactions \(this one is repeatable read\)/);
    } finally {
      await client.query("ROLLBACK");
    }
    // A change the aggregates do not read needs no lock and is not refused.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    await client.query(`UPDATE "Trajectory" SET annotated = false WHERE "runId" = $1`, [run.id]);
    await client.query("COMMIT");
    await expectExact();
  });

  it("after deleting first attempts, retries, single trajectories and whole runs", async () => {
    const { rows: [run] } = await client.query(`SELECT id FROM "Run" WHERE name = 'agg-ingest'`);
    // Deleting t1 sets its retry's parentId to NULL (ON DELETE SET NULL); deleting t103 (t3's retry) makes t3 final again.
    await client.query(`DELETE FROM "Trajectory" WHERE "runId" = $1 AND "externalId" IN ('t1', 't103', 't18')`, [run.id]);
    await expectExact();
    await client.query(`DELETE FROM "Run" WHERE name = 'agg-other'`);
    const d = await expectExact();
    const { rows: left } = await client.query(
      `SELECT (SELECT count(*) FROM "RunScoreBin" WHERE "runId" NOT IN (SELECT id FROM "Run"))::int + (SELECT count(*) FROM "RunTaskOutcome" WHERE "runId" NOT IN (SELECT id FROM "Run"))::int AS n`,
    );
    expect(left[0].n).toBe(0);
    expect(d.RunScoreBin.rows).toBeGreaterThan(0);
  });

  it("counts a group's pairs and wins as a hand count does (ties half, unscored and ungraded members left out)", async () => {
    const run = await createRun({ name: "agg-hand", variant: "grpo" });
    const { rows: [task] } = await client.query(`INSERT INTO "Task" (benchmark, "externalId", question) VALUES ('AIME24', 'agg-hand', 'q?') RETURNING id`);
    // correct: 0.8, 0.5, unscored; incorrect: 0.5, 0.2, 0.9; ungraded: 0.7.
    const members: [boolean | null, number | null][] = [[true, 0.8], [true, 0.5], [true, null], [false, 0.5], [false, 0.2], [false, 0.9], [null, 0.7]];
    for (const [i, [correct, score]] of members.entries()) {
      await client.query(
        `INSERT INTO "Trajectory" ("runId", "taskId", "contentHash", benchmark, correct, "rrmScore", "groupKey", "trainingStep") VALUES ($1, $2, $3, 'AIME24', $4, $5, 'hand', 1)`,
        [run.id, task.id, `hand-${i}`, correct, score],
      );
    }
    // Pairs: 2 scored correct × 3 scored incorrect. Wins: 0.8 beats 0.5 and 0.2 (2); 0.5 ties 0.5 (0.5) and beats 0.2 (1).
    const { rows } = await client.query(`SELECT members, pairs, wins FROM "GroupRanking" WHERE "runId" = $1 AND "rrmModel" = ''`, [run.id]);
    expect(rows).toEqual([{ members: 7, pairs: 6, wins: 3.5 }]);
    await expectExact();
  });

  // PGlite has one backend: a second transaction cannot start before the first ends, so this needs a real server
  // (npm test in CI runs on one).
  it.skipIf(!testServerUrl())("with two writers of one run at once (the second recounts with the first one's rows)", async () => {
    const run = await createRun({ name: "agg-concurrent", variant: "base" });
    const a = new pg.Client({ connectionString: db.url });
    const b = new pg.Client({ connectionString: db.url });
    await a.connect();
    await b.connect();
    try {
      const { rows: [task] } = await client.query(`INSERT INTO "Task" (benchmark, "externalId", question) VALUES ('GSM8K', 'agg-c', 'q?') RETURNING id`);
      const insert = (c: pg.Client, n: number) =>
        c.query(
          `INSERT INTO "Trajectory" ("runId", "taskId", "contentHash", benchmark, correct, "rrmScore", "groupKey") VALUES ($1, $2, $3, 'GSM8K', $4, $5, 'cg')`,
          [run.id, task.id, `h-${n}`, n % 2 === 0, n / 10],
        );
      await a.query("BEGIN");
      await b.query("BEGIN");
      await insert(a, 1);
      const second = insert(b, 2); // waits for a's run lock (on PGlite: for a's transaction, one backend)
      await insert(a, 3);
      await a.query("COMMIT");
      await second;
      await b.query("COMMIT");
      await expectExact();
      const { rows } = await client.query(`SELECT trajectories, graded, correct FROM "RunTaskOutcome" WHERE "runId" = $1`, [run.id]);
      expect(rows).toEqual([{ trajectories: 3, graded: 3, correct: 1 }]);
      const { rows: groups } = await client.query(`SELECT members, pairs FROM "GroupRanking" WHERE "runId" = $1 AND "rrmModel" = ''`, [run.id]);
      expect(groups).toEqual([{ members: 3, pairs: 2 }]);

      // A delete and an insert of one run at once.
      await a.query("BEGIN");
      await b.query("BEGIN");
      await a.query(`DELETE FROM "Trajectory" WHERE "runId" = $1 AND "contentHash" = 'h-1'`, [run.id]);
      const third = insert(b, 4);
      await a.query("COMMIT");
      await third;
      await b.query("COMMIT");
      await expectExact();
      const { rows: after } = await client.query(`SELECT trajectories, graded, correct FROM "RunTaskOutcome" WHERE "runId" = $1`, [run.id]);
      expect(after).toEqual([{ trajectories: 3, graded: 3, correct: 2 }]);
    } finally {
      await a.end().catch(() => {});
      await b.end().catch(() => {});
    }
  });

  it("after TRUNCATE of the judgments alone, only what they fed is gone", async () => {
    const before = await drift();
    await client.query(`TRUNCATE "Judgment" CASCADE`);
    const after = await expectExact();
    expect(after.RunTaskOutcome.rows).toBe(before.RunTaskOutcome.rows);
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "RunScoreBin" WHERE "rrmModel" <> ''`);
    expect(rows[0].n).toBe(0);
  });

  it("after TRUNCATE (the demo reset) every aggregate is empty, and refills as data arrives", async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    const c = await pool.connect();
    try {
      await c.query("BEGIN");
      await removeDemoData(c, { onlyDemo: true });
      await c.query("COMMIT");
    } finally {
      c.release();
      await pool.end();
    }
    const d = await expectExact();
    expect(Object.values(d).reduce((n, t) => n + t.rows, 0)).toBe(0);
    const run = await createRun({ name: "agg-after-truncate", variant: "base" });
    await ingest(run.id, Array.from({ length: 6 }, (_, i) => record(i + 200)));
    expect((await expectExact()).RunTaskOutcome.rows).toBeGreaterThan(0);
  });
});
