import { createHash } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_RUNS, PAPER_ROWS, reportedBenchmarkName, targetAccuracy } from "@/lib/demo/benchmarks";
import { demoTrajectories, planDemo } from "@/lib/demo/generate";
import { canonicalTrajectoryText } from "@/lib/formats/trajectory-schema";
import { SeedRefusedError, seedDemo, type SeedDemoResult, type SeedProgress } from "@/lib/server/seed-demo";
import { useTestDatabase } from "../helpers/database";

const db = useTestDatabase();
const N = 300;
const SEED = "integration";

let client: pg.Client;
let result: SeedDemoResult;
const progress: SeedProgress[] = [];

const count = async (sql: string, params: unknown[] = []) => Number((await client.query(sql, params)).rows[0].n);

beforeAll(async () => {
  result = await seedDemo({ trajectories: N, seed: SEED, onProgress: (p) => progress.push(p) });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
});

describe("seedDemo", () => {
  it("writes every table of the demo", async () => {
    const plan = planDemo({ trajectories: N, seed: SEED });
    expect(result.trajectories).toBe(plan.trajectories);
    expect(await count(`SELECT count(*) n FROM "Trajectory"`)).toBe(plan.trajectories);
    expect(await count(`SELECT count(*) n FROM "TrajectoryBody"`)).toBe(plan.trajectories);
    expect(await count(`SELECT count(*) n FROM "Judgment"`)).toBe(result.judgments);
    expect(await count(`SELECT count(*) n FROM "Task"`)).toBe(plan.taskCount);
    expect(await count(`SELECT count(*) n FROM "Run" WHERE source = 'demo'`)).toBe(DEMO_RUNS.length);
    expect(await count(`SELECT count(*) n FROM "Run" WHERE source = 'reported'`)).toBe(new Set(PAPER_ROWS.map((r) => r.method)).size);
    expect(await count(`SELECT count(*) n FROM "ReportedResult"`)).toBe(PAPER_ROWS.length);
    expect(await count(`SELECT count(*) n FROM "Metric"`)).toBe(result.metrics);
    expect(await count(`SELECT count(*) n FROM "Annotation"`)).toBe(result.annotations);
    expect(result.annotations).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) n FROM "user" WHERE role = 'annotator' AND email LIKE '%.demo@example.invalid'`)).toBe(3);
    expect(await count(`SELECT count(*) n FROM "account"`)).toBe(0); // no passwords: the demo annotators cannot sign in
    expect(await count(`SELECT count(*) n FROM "Rubric" WHERE name = 'Critique quality' AND version = 1`)).toBe(1);
    expect(await count(`SELECT count(*) n FROM "Job" WHERE backend = 'local' AND state IN ('completed', 'failed', 'cancelled')`)).toBe(result.jobs);
    expect(await count(`SELECT count(*) n FROM "Run" r JOIN "Job" j ON j.id = r."jobId" WHERE j.state = 'completed'`)).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ phase: "done", done: plan.trajectories });
  });

  it("fills the summary columns consistently with the bodies and judgments", async () => {
    const { rows } = await client.query(`
      SELECT
        count(*) FILTER (WHERE t."rrmScore" IS DISTINCT FROM
          (SELECT j.score FROM "Judgment" j WHERE j."trajectoryId" = t.id ORDER BY j."createdAt" DESC, j.id DESC LIMIT 1))::int AS "badScore",
        count(*) FILTER (WHERE t."judgmentCount" <> (SELECT count(*) FROM "Judgment" j WHERE j."trajectoryId" = t.id))::int AS "badJudgmentCount",
        count(*) FILTER (WHERE t."stepCount" <> jsonb_array_length(b.steps))::int AS "badStepCount",
        count(*) FILTER (WHERE t."toolCallCount" <> (SELECT count(*) FROM jsonb_array_elements(b.steps) s WHERE s->>'kind' = 'tool_call'))::int AS "badToolCalls",
        count(*) FILTER (WHERE t."toolsUsed" IS DISTINCT FROM ARRAY(
          SELECT DISTINCT s->'tool'->>'name' FROM jsonb_array_elements(b.steps) s WHERE s->>'kind' = 'tool_call' ORDER BY 1))::int AS "badTools",
        count(*) FILTER (WHERE t."tokenCount" IS DISTINCT FROM (SELECT sum((s->>'tokens')::int) FROM jsonb_array_elements(b.steps) s)::int)::int AS "badTokens",
        count(*) FILTER (WHERE t."promptTokens" + t."completionTokens" <> t."tokenCount")::int AS "badTokenSplit",
        count(*) FILTER (WHERE t.annotated <> EXISTS (SELECT 1 FROM "Annotation" a WHERE a."trajectoryId" = t.id))::int AS "badAnnotated",
        count(*) FILTER (WHERE t.benchmark <> k.benchmark OR t.level IS DISTINCT FROM k.level)::int AS "badBenchmark",
        count(*) FILTER (WHERE t.termination = 'error' AND (b.error IS NULL OR t."finalAnswer" <> '[Failed]'))::int AS "badError",
        count(*) FILTER (WHERE t.correct AND t."ruleReward" <> 1)::int AS "badReward",
        count(*) FILTER (WHERE t."rrmScore" IS NOT NULL AND (t."rrmScore" < 0 OR t."rrmScore" > 1))::int AS "badRange"
      FROM "Trajectory" t JOIN "TrajectoryBody" b ON b."trajectoryId" = t.id JOIN "Task" k ON k.id = t."taskId"`);
    expect(rows[0]).toEqual({
      badScore: 0, badJudgmentCount: 0, badStepCount: 0, badToolCalls: 0, badTools: 0, badTokens: 0, badTokenSplit: 0,
      badAnnotated: 0, badBenchmark: 0, badError: 0, badReward: 0, badRange: 0,
    });
    expect(await count(`SELECT count(*) n FROM "Trajectory" WHERE "judgmentCount" = 0`)).toBeLessThan(N / 10);
  });

  it("links refined attempts to first attempts of the same run, task and group", async () => {
    const bad = await count(`SELECT count(*) n FROM "Trajectory" c LEFT JOIN "Trajectory" p ON p.id = c."parentId"
      WHERE c.stage = 'refined' AND (p.id IS NULL OR p.stage <> 'initial' OR p."runId" <> c."runId" OR p."taskId" <> c."taskId"
        OR p."groupKey" IS DISTINCT FROM c."groupKey" OR p."externalId" <> c."parentExternalId")`);
    expect(bad).toBe(0);
    expect(await count(`SELECT count(*) n FROM "Trajectory" WHERE stage = 'initial' AND "parentId" IS NOT NULL`)).toBe(0);
    const groups = await client.query(`SELECT "groupKey", count(*)::int AS n, count(*) FILTER (WHERE stage = 'refined')::int AS refined
      FROM "Trajectory" WHERE "groupKey" IS NOT NULL GROUP BY 1`);
    expect(groups.rows.length).toBe(result.plan.trainingGroups);
    for (const g of groups.rows) expect(g).toMatchObject({ n: 16, refined: 8 });
  });

  it("stores what the generator made: content hashes of the canonical records, paper-level accuracies", async () => {
    const { rows } = await client.query(`SELECT t."externalId", t."contentHash", r.name FROM "Trajectory" t JOIN "Run" r ON r.id = t."runId"`);
    const stored = new Map(rows.map((row) => [`${row.name}|${row.externalId}`, row.contentHash]));
    const names = new Map(DEMO_RUNS.map((r) => [r.key, r.name]));
    for (const t of demoTrajectories(planDemo({ trajectories: N, seed: SEED }))) {
      const hash = createHash("sha256").update(canonicalTrajectoryText(t.record)).digest("hex");
      expect(stored.get(`${names.get(t.runKey)}|${t.record.externalId}`)).toBe(hash);
    }
    // Final attempts (no refinement of them, no training rollouts) hit the paper's number per split.
    const outcomes = await client.query(`SELECT r.name, t.benchmark, t.level, count(*)::int AS n, count(*) FILTER (WHERE t.correct)::int AS correct
      FROM "Trajectory" t JOIN "Run" r ON r.id = t."runId"
      WHERE t."trainingStep" IS NULL AND NOT EXISTS (SELECT 1 FROM "Trajectory" c WHERE c."parentId" = t.id)
      GROUP BY 1, 2, 3`);
    expect(outcomes.rows.length).toBeGreaterThan(0);
    for (const row of outcomes.rows) {
      const run = DEMO_RUNS.find((r) => r.name === row.name)!;
      const target = targetAccuracy(run, { benchmark: row.benchmark, level: row.level });
      expect(Math.abs(row.correct / row.n - target), `${row.name} ${reportedBenchmarkName(row.benchmark, row.level)}`).toBeLessThanOrEqual(0.5 / row.n + 1e-9);
    }
  });

  it("refuses to seed a database that already holds the demo, and changes nothing", async () => {
    const before = await count(`SELECT count(*) n FROM "Trajectory"`);
    await expect(seedDemo({ trajectories: N, seed: SEED })).rejects.toThrow(SeedRefusedError);
    await expect(seedDemo({ trajectories: N, seed: SEED })).rejects.toThrow(/already holds the demo data.*--reset/);
    expect(await count(`SELECT count(*) n FROM "Trajectory"`)).toBe(before);
  });

  it("replaces the demo with reset", async () => {
    const again = await seedDemo({ trajectories: 104, seed: "smaller", reset: true });
    expect(again.removed).toMatchObject({ runs: DEMO_RUNS.length + new Set(PAPER_ROWS.map((r) => r.method)).size, users: 3, jobs: result.jobs });
    expect(await count(`SELECT count(*) n FROM "Trajectory"`)).toBe(104);
    expect(await count(`SELECT count(*) n FROM "Task"`)).toBe(again.tasks);
    expect(await count(`SELECT count(*) n FROM "Run"`)).toBe(again.runs + again.reportedRuns);
    expect(await count(`SELECT count(*) n FROM "Rubric"`)).toBe(1);
  });

  it("refuses a database with data that is not demo data, even with reset", async () => {
    await client.query(`INSERT INTO "Run" (name, source) VALUES ('my real run', 'import')`);
    const before = await count(`SELECT count(*) n FROM "Trajectory"`);
    await expect(seedDemo({ trajectories: N, reset: true })).rejects.toThrow(/not demo data/);
    expect(await count(`SELECT count(*) n FROM "Trajectory"`)).toBe(before);
    await client.query(`DELETE FROM "Run" WHERE name = 'my real run'`);
  });
});
