// getComparison on a small seeded demo plus hand-made edge runs: every aggregate computed in SQL is checked against
// the same statistic computed in Node from the raw rows, and missing data is reported in fields.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { parseCompareQuery } from "@/lib/compare/query";
import type { AdapterEntry } from "@/lib/formats/format-adapter";
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";
import { createRun } from "@/lib/server/create-run";
import { ingestTrajectories } from "@/lib/server/ingest-trajectories";
import { getComparison, MAX_CURVE_POINTS, type Comparison } from "@/lib/server/get-comparison";
import { seedDemo } from "@/lib/server/seed-demo";
import { pearson } from "@/lib/stats/correlation";
import { rankingAccuracy, type GroupMember } from "@/lib/stats/ranking";
import { groupScores, rocCurve } from "@/lib/stats/roc";
import { fixedRunBody } from "../fixtures/compare-fixed-dataset";
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

async function* entries(list: NormalizedTrajectoryInput[]): AsyncGenerator<AdapterEntry> {
  let line = 0;
  for (const trajectory of list) yield { ok: true, line: ++line, location: null, trajectory, raw: JSON.stringify(trajectory), warnings: [] };
}

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

// The hand-made dataset of tests/fixtures/compare-fixed-dataset.ts (its table is the reference for the counts below),
// ingested as two runs: "Fixed base" (variant base, Qwen3-8B: the paper's Qwen3-8B row matches it) and "Fixed tuned".
describe("a hand-made dataset: every number by hand", () => {
  let base: number;
  let tuned: number;
  const q = (params: string) => getComparison(parseCompareQuery(new URLSearchParams(params)));
  const cell = (c: Comparison, runId: number, benchmark: string) => c.accuracy.find((a) => a.series === `run:${runId}` && a.benchmark === benchmark)!;
  const externalIdOf = async (id: number) => (await getPrisma().trajectory.findUniqueOrThrow({ where: { id }, select: { externalId: true } })).externalId;

  beforeAll(async () => {
    base = (await createRun({ name: "Fixed base", variant: "base", agentModel: "Qwen3-8B", tags: ["fixed"] })).id;
    tuned = (await createRun({ name: "Fixed tuned", variant: "reagent_r", lambda: 0.3, agentModel: "Qwen3-8B", tags: ["fixed"] })).id;
    for (const [runId, side] of [[base, "base"], [tuned, "tuned"]] as const) {
      const list = fixedRunBody(side).trim().split("\n").map((l) => JSON.parse(l) as NormalizedTrajectoryInput);
      await ingestTrajectories(entries(list), { runId, fileName: "fixed.jsonl", sourceFormat: "native" });
    }
  }, 60_000);

  it("pass@1 per level, per whole benchmark (its levels pooled) and over All; intervals where every resample is known", async () => {
    const c = await q(`runs=${base},${tuned}`);
    expect(c.benchmarks).toEqual(["GAIA", "GAIA-L1", "GAIA-L2", "HLE", "MATH500"]);
    expect(c.splits.find((s) => s.name === "GAIA")).toMatchObject({ kind: "benchmark", levels: ["GAIA-L1", "GAIA-L2"] });
    // base: T1 1/2, T2 2/2 → GAIA-L1 3/4; T3 0/2 → GAIA-L2 0/2; GAIA = 3/6; T4 1/2 → HLE; All 4/8.
    expect([cell(c, base, "GAIA-L1"), cell(c, base, "GAIA-L2"), cell(c, base, "GAIA"), cell(c, base, "HLE"), cell(c, base, "All")].map((x) => [x.correct, x.graded, x.tasks]))
      .toEqual([[3, 4, 2], [0, 2, 1], [3, 6, 3], [1, 2, 1], [4, 8, 4]]);
    // tuned: T1 2/2, T2 0/2 → GAIA-L1 2/4; T3 1/2; GAIA 3/6; T4 2/2; T5 1/1; All 6/9 (training rollouts left out).
    expect([cell(c, tuned, "GAIA-L1"), cell(c, tuned, "GAIA-L2"), cell(c, tuned, "GAIA"), cell(c, tuned, "HLE"), cell(c, tuned, "MATH500"), cell(c, tuned, "All")].map((x) => [x.correct, x.graded, x.tasks]))
      .toEqual([[2, 4, 2], [1, 2, 1], [3, 6, 3], [2, 2, 1], [1, 1, 1], [6, 9, 5]]);
    // Two tasks of equal rollouts with proportions p and q: a resample is p (¼), (p+q)/2 (½) or q (¼), so the 2.5%
    // and 97.5% points are p and q whatever the seed: base GAIA-L1 (½, 1) → [0.5, 1], tuned GAIA-L1 (1, 0) → [0, 1].
    expect(cell(c, base, "GAIA-L1").ci).toMatchObject({ low: 0.5, high: 1, method: "multinomial" });
    expect(cell(c, tuned, "GAIA-L1").ci).toMatchObject({ low: 0, high: 1 });
    expect(cell(c, base, "GAIA-L2")).toMatchObject({ pass1: 0, ci: null, note: "one task only: no interval" });
    expect(cell(c, tuned, "MATH500")).toMatchObject({ pass1: 1, ci: null, note: "one graded rollout only: no interval" });
  });

  it("a benchmark missing from one run is said: in the notes, in its cell, and in the All it leaves out", async () => {
    const c = await q(`runs=${base},${tuned}`);
    expect(c.notes).toContain("Fixed base has no trajectories on MATH500, which other picked runs have.");
    expect(cell(c, base, "MATH500")).toMatchObject({ trajectories: 0, pass1: null, note: "no trajectories" });
    expect(cell(c, base, "All").note).toBe("leaves out MATH500 (no trajectories there, which other series have)");
    expect(cell(c, tuned, "All").note).toBeNull();
  });

  it("pass@k against a hand computation, and why it is missing when k exceeds the rollouts", async () => {
    // pass@2 of a task with 2 rollouts is 1 when one is right: base T1..T4 → 1, 1, 0, 1; tuned T1..T4 → 1, 0, 1, 1,
    // and T5 (one rollout) cannot be estimated.
    const c = await q(`runs=${base},${tuned}&k=2`);
    expect(cell(c, base, "GAIA").passK).toMatchObject({ k: 2, n: 3, note: null });
    expect(cell(c, base, "GAIA").passK.value).toBeCloseTo(2 / 3, 12);
    expect(cell(c, base, "All").passK).toMatchObject({ value: 0.75, n: 4 });
    expect(cell(c, tuned, "GAIA-L1").passK).toMatchObject({ value: 0.5, n: 2, ci: { low: 0, high: 1 } });
    expect(cell(c, tuned, "All").passK).toMatchObject({ value: 0.75, n: 4, note: "pass@2 over the 4 of 5 tasks with at least 2 graded rollouts" });
    expect(cell(c, tuned, "MATH500").passK).toMatchObject({ value: null, n: 0, note: "pass@2 needs 2 graded rollouts of a task; every task here has one" });
    const three = await q(`runs=${base},${tuned}&k=3`);
    expect(cell(three, base, "All").passK).toMatchObject({ value: null, note: "pass@3 needs 3 graded rollouts of a task; the most any task here has is 2" });
  });

  it("task delta: counts, flipsOnly and totalRows, and pairs that open attempts showing the flip", async () => {
    // Solved (> ½ right): base T2 only; tuned T1, T4 (and T5, which the baseline lacks).
    // T1 fixed, T2 broken, T3 both failed, T4 fixed.
    const c = await q(`runs=${base},${tuned}`);
    expect(c.delta.counts).toEqual([{ runId: tuned, shared: 4, fixed: 2, broken: 1, bothSolved: 0, bothFailed: 1 }]);
    expect(c.delta.totalRows).toBe(4);
    expect(c.delta.rows.map((r) => r.flips)).toEqual([1, 1, 1, 0]);
    const flips = await q(`runs=${base},${tuned}&flipsOnly=1`);
    expect(flips.delta.totalRows).toBe(3);
    expect(flips.delta.rows.map((r) => r.question.slice(0, 8))).toEqual(["Fixed T1", "Fixed T2", "Fixed T4"]);
    const page = await q(`runs=${base},${tuned}&flipsOnly=1&taskLimit=1`);
    expect([page.delta.rows.length, page.delta.totalRows]).toEqual([1, 3]);
    // T1: the baseline failed it (1/2, its lowest id is the right attempt): the pair opens its wrong attempt beside
    // one of the tuned run's right ones. T2, broken: the baseline's right attempt beside a wrong one.
    const t1 = c.delta.rows.find((r) => r.question.startsWith("Fixed T1"))!;
    expect(await externalIdOf(t1.cells[String(base)].trajectoryId)).toBe("base-T1-r1");
    expect(await externalIdOf(t1.cells[String(tuned)].trajectoryId)).toBe("tuned-T1-r0");
    const t2 = c.delta.rows.find((r) => r.question.startsWith("Fixed T2"))!;
    expect(await externalIdOf(t2.cells[String(base)].trajectoryId)).toBe("base-T2-r0");
    expect(await externalIdOf(t2.cells[String(tuned)].trajectoryId)).toBe("tuned-T2-r0");
    const alone = await q(`runs=${base}`);
    expect(alone.delta.note).toBe("pick a second run to compare with the baseline");
  });

  it("benchmark= narrows the task table and the RRM analysis to a whole benchmark or to one level", async () => {
    const gaia = await q(`runs=${base},${tuned}&benchmark=GAIA`);
    expect(gaia.delta.counts[0]).toMatchObject({ shared: 3, fixed: 1, broken: 1, bothFailed: 1 });
    const l1 = await q(`runs=${base},${tuned}&benchmark=GAIA-L1`);
    expect(l1.delta.counts[0]).toMatchObject({ shared: 2, fixed: 1, broken: 1, bothFailed: 0 });
    // RRM n of base on GAIA-L1: its 4 rollouts of T1, T2 and its GRPO group's 2 training rollouts (on T1).
    expect(l1.rrm.find((r) => r.series === `run:${base}`)!.n).toBe(6);
    expect(gaia.rrm.find((r) => r.series === `run:${base}`)!.n).toBe(8);
    const l2 = await q(`runs=${base},${tuned}&benchmark=GAIA-L2`);
    expect(l2.delta.counts[0]).toMatchObject({ shared: 1, fixed: 0, broken: 0, bothFailed: 1 });
    // Accuracy keeps every split whatever the filter.
    expect(l2.benchmarks).toContain("HLE");
  });

  it("RRM: AUROC, ECE and within-group ranking by hand; an all-correct GRPO group says so; unscored counted", async () => {
    const c = await q(`runs=${base},${tuned}`);
    const b = c.rrm.find((r) => r.series === `run:${base}`)!;
    const t = c.rrm.find((r) => r.series === `run:${tuned}`)!;
    // base: positives .8 .9 .7 .6 .5 .95, negatives .4 .2 .3 .6: wins 4+4+4+4 + 3.5 (.6: 3 and a tie) + 3 (.5) = 22.5 of 24.
    expect([b.positives, b.negatives]).toEqual([6, 4]);
    expect(b.auroc).toBeCloseTo(22.5 / 24, 12);
    // tuned: positives .9 .8 .6 .8 .5 .8 .4, negatives .7 .3 .4 .5 .2: 5 + 3·5 + 4 + 3.5 + 2.5 = 30 of 35.
    expect(t.auroc).toBeCloseTo(30 / 35, 12);
    // ECE over 10 bins, Σ n·|accuracy − mean score| / N: base (.2+.3+.4+.5+2·.1+.3+.2+2·.075)/10 = 0.225;
    // tuned (.2+.3+2·.1+0+.4+.7+3·.2+.1)/12 = 2.5/12.
    expect(b.ece).toBeCloseTo(0.225, 12);
    expect(t.ece).toBeCloseTo(2.5 / 12, 12);
    // tuned's group: right .8 .4 against wrong .5 .2: .8 wins twice, .4 beats .2 only → 3 of 4.
    expect(t.ranking).toMatchObject({ groups: 1, informativeGroups: 1, pairs: 4, wins: 3, accuracy: 0.75, note: null });
    expect(b.ranking).toMatchObject({ groups: 1, pairs: 0, accuracy: null, note: "the one GRPO group is all correct: no correct × incorrect pair to rank" });
    expect([t.n, t.unscored]).toEqual([12, 1]); // T5's rollout has no judgment
  });

  it("the paper's whole-benchmark numbers are markers of the whole-benchmark split", async () => {
    const c = await q(`runs=${base},${tuned}`);
    const gaia = c.reported.find((m) => m.benchmark === "GAIA" && m.series.includes(`run:${base}`))!;
    expect(gaia.runName).toBe("Paper: Qwen3-8B");
    expect(gaia.accuracyPct).toBe(gaia.accuracy * 100);
    expect(c.reported.some((m) => m.benchmark === "GAIA" && m.series.includes(`run:${tuned}`) && m.runName === "Paper: Reagent-R")).toBe(true);
  });

  it("training curves past MAX_CURVE_POINTS steps are averaged in SQL, the last step kept as logged", async () => {
    const prisma = getPrisma();
    await prisma.metric.createMany({ data: Array.from({ length: 1201 }, (_, step) => ({ runId: tuned, name: "fixed/reward", step, value: step % 2 ? 1 : 0 })) });
    await prisma.metric.createMany({ data: Array.from({ length: 10 }, (_, step) => ({ runId: base, name: "fixed/reward", step, value: step / 10 })) });
    const c = await q(`runs=${base},${tuned}`);
    const curve = c.curves.find((x) => x.metric === "fixed/reward")!;
    const long = curve.runs.find((r) => r.runId === tuned)!;
    expect(long).toMatchObject({ n: 1201, downsampled: true });
    expect(MAX_CURVE_POINTS).toBe(250);
    expect(long.points).toHaveLength(MAX_CURVE_POINTS);
    expect(long.points.at(-1)).toEqual({ step: 1200, value: 0 });
    // Steps 0..1199 fall into 249 equal step ranges (floor(step · 249 / 1200)) of 4 or 5 consecutive steps, values
    // alternating 0 and 1: each mean lies strictly between 0 and 1, and the steps rise.
    expect(long.points.every((p, i) => i === 0 || p.step > long.points[i - 1].step)).toBe(true);
    expect(long.points.slice(0, -1).every((p) => p.value > 0 && p.value < 1)).toBe(true);
    const short = curve.runs.find((r) => r.runId === base)!;
    expect(short).toMatchObject({ n: 10, downsampled: false });
    expect(short.points.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("λ series hold runs that differ in λ alone; two runs at one λ are both points, said so; a point without data says why", async () => {
    const prisma = getPrisma();
    const task = await prisma.task.findFirstOrThrow({ where: { externalId: "e2e-fixed-T4" } });
    const lambdaRun = async (name: string, lambda: number, agentModel = "Qwen3-8B", correct: boolean | null = true) => {
      const run = await createRun({ name, variant: "reagent_r", lambda, agentModel });
      await prisma.trajectory.create({ data: { runId: run.id, taskId: task.id, benchmark: "HLE", correct, contentHash: `lambda-${name}` } });
      return run.id;
    };
    const twin = await lambdaRun("λ twin 0.3", 0.3);
    const half = await lambdaRun("λ 0.5 ungraded", 0.5, "Qwen3-8B", null);
    const other = await lambdaRun("λ 0.1 other model", 0.1, "Qwen3-4B");
    const c = await q(`runs=${tuned},${twin},${half},${other}`);
    const hle = c.lambda.find((l) => l.benchmark === "HLE")!;
    expect(c.lambda.every((l) => l.agentModel === "Qwen3-8B")).toBe(true);
    expect(hle.label).toBe("Reagent-R · Qwen3-8B");
    expect(hle.points.map((p) => [p.lambda, p.runId])).toEqual([[0.3, tuned], [0.3, twin], [0.5, half]]);
    expect(hle.points.map((p) => p.pass1)).toEqual([1, 1, null]);
    expect(hle.notes).toEqual([
      "2 runs at λ=0.3 (Fixed tuned, λ twin 0.3): each is drawn as its own point, labelled with its run",
      "no point for λ 0.5 ungraded (λ=0.5): no graded trajectories",
    ]);
    expect(c.lambdaNotes).toEqual(["λ 0.1 other model (λ=0.1) is in no λ series: no other picked run differs from it in λ alone (same variant, agent model, RRM model and training step)."]);
  });

  it("a tag that picks more than 50 runs says how many it left out", async () => {
    for (let i = 0; i < 52; i++) await createRun({ name: `many ${i}`, tags: ["many"] });
    const c = await q("tag=many");
    expect(c.runs).toHaveLength(50);
    expect(c.notes.some((n) => n.startsWith('the tag "many" picks 2 more runs than the 50 compared at once'))).toBe(true);
  });
});
