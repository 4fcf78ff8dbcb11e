// getComparison on a small seeded demo plus hand-made edge runs: every aggregate computed in SQL is checked against
// the same statistic computed in Node from the raw rows, and missing data is reported in fields.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { parseCompareQuery } from "@/lib/compare/query";
import { createRun } from "@/lib/server/create-run";
import { getComparison, type Comparison } from "@/lib/server/get-comparison";
import { seedDemo } from "@/lib/server/seed-demo";
import { pearson } from "@/lib/stats/correlation";
import { rankingAccuracy, type GroupMember } from "@/lib/stats/ranking";
import { groupScores, rocCurve } from "@/lib/stats/roc";
import { useTestDatabase } from "../helpers/database";

const db = useTestDatabase();
let client: pg.Client;
let demo: Comparison;
let runIds: Record<string, number>;

type Raw = { id: number; runId: number; taskId: number; correct: boolean | null; rrmScore: number | null; groupKey: string | null; trainingStep: number | null; refined: boolean };

let raw: Raw[];

beforeAll(async () => {
  await seedDemo({ trajectories: 300, seed: "compare" });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  raw = (await client.query<Raw>(`
    SELECT t.id, t."runId", t."taskId", t.correct, t."rrmScore", t."groupKey", t."trainingStep",
           EXISTS (SELECT 1 FROM "Trajectory" r WHERE r."parentId" = t.id) AS refined
    FROM "Trajectory" t`)).rows;
  runIds = Object.fromEntries((await client.query<{ id: number; name: string }>(`SELECT id, name FROM "Run"`)).rows.map((r) => [r.name, r.id]));
  demo = await getComparison(parseCompareQuery(new URLSearchParams("tag=demo")));
}, 120_000);

afterAll(async () => {
  await client?.end();
});

const final = (r: Raw) => r.trainingStep === null && !r.refined;

describe("getComparison on the demo", () => {
  it("picks the seven demo runs by tag and leaves the paper's runs out", () => {
    expect(demo.runs.map((r) => r.name)).toContain("Reagent-U");
    expect(demo.runs).toHaveLength(7);
    expect(demo.runs.every((r) => r.source !== "reported")).toBe(true);
  });

  it("pass@1 over final attempts matches a count of the raw rows, with an interval around it", () => {
    for (const run of demo.runs) {
      const mine = raw.filter((r) => r.runId === run.id && final(r) && r.correct !== null);
      const cell = demo.accuracy.find((a) => a.series === `run:${run.id}` && a.benchmark === "All")!;
      expect(cell.graded).toBe(mine.length);
      expect(cell.correct).toBe(mine.filter((r) => r.correct).length);
      expect(cell.pass1).toBeCloseTo(mine.filter((r) => r.correct).length / mine.length, 12);
      expect(cell.ci!.low).toBeLessThanOrEqual(cell.pass1!);
      expect(cell.ci!.high).toBeGreaterThanOrEqual(cell.pass1!);
      expect(cell.tasks).toBe(new Set(mine.map((r) => r.taskId)).size);
    }
  });

  it("is deterministic: the same query gives the same intervals", async () => {
    const again = await getComparison(parseCompareQuery(new URLSearchParams("tag=demo")));
    expect(again.accuracy).toEqual(demo.accuracy);
  });

  it("RRM: AUROC of the binned score and Pearson match Node on the raw rows", () => {
    for (const run of demo.runs) {
      const mine = raw.filter((r) => r.runId === run.id && r.correct !== null && r.rrmScore !== null);
      const rrm = demo.rrm.find((x) => x.series === `run:${run.id}`)!;
      expect(rrm.n).toBe(mine.length);
      const binned = mine.map((r) => Math.min(99, Math.floor(r.rrmScore! * 100 + 1e-6)) / 100);
      expect(rrm.auroc).toBeCloseTo(rocCurve(groupScores(binned, mine.map((r) => r.correct!))).auroc!, 10);
      expect(rrm.pointBiserial.r).toBeCloseTo(pearson(mine.map((r) => r.rrmScore!), mine.map((r) => (r.correct ? 1 : 0))).r!, 10);
      expect(rrm.histogram.reduce((a, h) => a + h.correct + h.incorrect, 0)).toBe(mine.length);
      expect(rrm.reliability.reduce((a, b) => a + b.n, 0)).toBe(mine.length);
    }
  });

  it("with an RRM model, scores come from that model's judgments and the rest count as unscored", async () => {
    const { rows } = await client.query<{ rrmModel: string; runId: number; n: number }>(`
      SELECT j."rrmModel", t."runId", count(*)::int AS n FROM "Judgment" j JOIN "Trajectory" t ON t.id = j."trajectoryId"
      WHERE t.correct IS NOT NULL AND j.score IS NOT NULL GROUP BY 1, 2 ORDER BY n`);
    const pick = rows[0];
    const c = await getComparison(parseCompareQuery(new URLSearchParams(`runs=${pick.runId}&rrmModel=${encodeURIComponent(pick.rrmModel)}`)));
    const graded = raw.filter((r) => r.runId === pick.runId && r.correct !== null).length;
    expect(c.rrm[0].n).toBe(pick.n);
    expect(c.rrm[0].unscored).toBe(graded - pick.n);
    expect(c.rrmModels).toContain(pick.rrmModel);
  });

  it("within-group ranking matches the pure function over the raw GRPO groups", () => {
    const u = runIds["Reagent-U"];
    const groups = new Map<string, GroupMember[]>();
    for (const r of raw.filter((x) => x.runId === u && x.groupKey !== null)) groups.set(r.groupKey!, [...(groups.get(r.groupKey!) ?? []), { score: r.rrmScore, correct: r.correct }]);
    const expected = rankingAccuracy([...groups.values()]);
    const got = demo.rrm.find((x) => x.series === `run:${u}`)!.ranking;
    expect(expected.pairs).toBeGreaterThan(0);
    expect(got.pairs).toBe(expected.pairs);
    expect(got.wins).toBeCloseTo(expected.wins, 10);
    expect(got.groups).toBe(groups.size);
    expect(got.informativeGroups).toBe(expected.informativeGroups);
    const base = demo.rrm.find((x) => x.series === `run:${runIds["Qwen3-8B (base)"]}`)!.ranking;
    expect(base.accuracy).toBeNull();
    expect(base.note).toBe("no GRPO groups");
  });

  it("task delta counts fixed and broken tasks against the baseline by majority of final attempts", () => {
    const solved = (runId: number) => {
      const per = new Map<number, { n: number; c: number }>();
      for (const r of raw.filter((x) => x.runId === runId && final(x) && x.correct !== null)) {
        const t = per.get(r.taskId) ?? { n: 0, c: 0 };
        t.n++;
        if (r.correct) t.c++;
        per.set(r.taskId, t);
      }
      return new Map([...per].map(([k, v]) => [k, v.c * 2 > v.n]));
    };
    const baseline = solved(demo.delta.baseline!);
    for (const count of demo.delta.counts) {
      const other = solved(count.runId);
      let fixed = 0;
      let broken = 0;
      for (const [task, ok] of other) {
        if (!baseline.has(task)) continue;
        if (ok && !baseline.get(task)) fixed++;
        if (!ok && baseline.get(task)) broken++;
      }
      expect([count.fixed, count.broken]).toEqual([fixed, broken]);
    }
  });

  it("paper markers match picked runs by variant and λ", () => {
    const r03 = runIds["Reagent-R λ=0.3"];
    const markers = demo.reported.filter((m) => m.series.includes(`run:${r03}`));
    expect(markers.length).toBeGreaterThan(0);
    expect(markers.every((m) => m.runName === "Paper: Reagent-R")).toBe(true);
    expect(demo.reported.some((m) => m.series.includes(`run:${runIds["Reagent-R λ=0.1"]}`))).toBe(false);
  });

  it("the λ sweep holds the three Reagent-R runs in λ order, and curves come from metrics", () => {
    const sweep = demo.lambda.find((l) => l.variant === "reagent_r" && l.benchmark === "All")!;
    expect(sweep.points.map((p) => p.lambda)).toEqual([0.1, 0.3, 0.5]);
    expect(demo.curves.map((c) => c.metric)).toContain("reward");
  });

  it("groups by variant: the Reagent-R runs pool into one series", async () => {
    const c = await getComparison(parseCompareQuery(new URLSearchParams("tag=demo&groupBy=variant")));
    const r = c.series.find((s) => s.key === "variant:reagent_r")!;
    expect(r.runIds).toHaveLength(3);
    const pooled = c.accuracy.find((a) => a.series === r.key && a.benchmark === "All")!;
    const parts = r.runIds.map((id) => demo.accuracy.find((a) => a.series === `run:${id}` && a.benchmark === "All")!);
    expect(pooled.graded).toBe(parts.reduce((a, p) => a + p.graded, 0));
  });
});

describe("missing data is said in fields", () => {
  it("a run with no trajectories, one with a single unjudged all-correct trajectory", async () => {
    const empty = await createRun({ name: "empty run" });
    const single = await createRun({ name: "single run" });
    const prisma = getPrisma();
    const task = await prisma.task.create({ data: { benchmark: "HLE", externalId: "edge-1", question: "Edge?" } });
    await prisma.trajectory.create({ data: { runId: single.id, taskId: task.id, benchmark: "HLE", correct: true, contentHash: "edge-hash-1" } });
    const c = await getComparison(parseCompareQuery(new URLSearchParams(`runs=${empty.id},${single.id}`)));
    expect(c.notes).toContain("empty run has no evaluation trajectories.");
    const none = c.accuracy.find((a) => a.series === `run:${empty.id}` && a.benchmark === "All")!;
    expect(none).toMatchObject({ pass1: null, ci: null, note: "no trajectories" });
    const one = c.accuracy.find((a) => a.series === `run:${single.id}` && a.benchmark === "HLE")!;
    expect(one).toMatchObject({ pass1: 1, ci: null, note: "one graded rollout only: no interval", tasks: 1 });
    const rrm = c.rrm.find((r) => r.series === `run:${single.id}`)!;
    expect(rrm).toMatchObject({ n: 0, unscored: 1, auroc: null, note: "no judgments: no trajectory has an RRM score" });
    expect(c.rrm.find((r) => r.series === `run:${empty.id}`)!.note).toBe("no graded trajectories");
    expect(c.delta.note).toBe("the baseline shares no graded task with the other runs");
  });

  it("all correct and judged: no ROC, said so", async () => {
    const run = await createRun({ name: "all correct" });
    const prisma = getPrisma();
    for (let i = 0; i < 3; i++) {
      const task = await prisma.task.create({ data: { benchmark: "GSM8K", externalId: `ac-${i}`, question: `Q${i}` } });
      await prisma.trajectory.create({ data: { runId: run.id, taskId: task.id, benchmark: "GSM8K", correct: true, rrmScore: 0.5 + i / 10, contentHash: `ac-${i}` } });
    }
    const c = await getComparison(parseCompareQuery(new URLSearchParams(`runs=${run.id}`)));
    const rrm = c.rrm[0];
    expect(rrm).toMatchObject({ n: 3, auroc: null, note: "no incorrect trajectories" });
    expect(rrm.pointBiserial.r).toBeNull();
    expect(rrm.pointBiserial.note).toMatch(/constant/);
  });

  it("nothing picked", async () => {
    const c = await getComparison(parseCompareQuery(new URLSearchParams("")));
    expect(c.runs).toEqual([]);
    expect(c.notes[0]).toMatch(/No runs picked/);
  });
});
