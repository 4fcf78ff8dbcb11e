import "server-only";
// The numbers behind every chart of the Compare page (and GET /api/v1/compare). Everything is aggregated in SQL and
// only aggregates reach Node, so the cost does not grow with the number of trajectories beyond the scans themselves:
// - accuracy: per run × split × (graded attempts, correct attempts) → number of tasks. With a fixed number of
//   rollouts that is a handful of task types per split; pass@1 (averaged over rollouts), pass@k (Chen et al.) and a
//   cluster bootstrap over tasks (a multinomial draw over the task types, lib/stats/bootstrap) are exact from it.
// - RRM: per run × score bin of width 0.01 × correctness → count and score sum, plus exact moments for Pearson.
//   ROC/AUROC and Spearman are those of the score rounded down to 0.01 (exact when scores have two decimals, as the
//   RRM's usually do); reliability bins and ECE use the exact mean score of each bin.
// - ranking: a self-join of each GRPO group's correct and incorrect members, summed in SQL.
// - task delta: per run × task outcome computed in SQL; only the counts and one page of rows come back.
// Evaluation outcomes follow lib/server/run-outcomes.ts: final attempts only (a refined retry replaces its first
// attempt), training rollouts (trainingStep set) left out. The RRM analysis and the ranking use every judged and graded
// trajectory, training rollouts included: they are about the reward model, not about the run's result.
import { Prisma } from "@/generated/prisma/client";
import { getPrisma } from "@/lib/db/prisma";
import type { CompareQuery, GroupBy } from "@/lib/compare/query";
import { reportedBenchmarkName } from "@/lib/demo/benchmarks";
import { bootstrapRatioCI, type Interval } from "@/lib/stats/bootstrap";
import { pearsonFromMoments, spearmanFromCells, type Correlation, type Moments } from "@/lib/stats/correlation";
import { meanPassAtK, type TaskType } from "@/lib/stats/pass-at-k";
import { reliability, rocCurve, scoreHistogram, type ReliabilityBin, type RocPoint, type ScoreGroup } from "@/lib/stats/roc";

export type CompareRun = {
  id: number;
  name: string;
  variant: string;
  lambda: number | null;
  agentModel: string | null;
  rrmModel: string | null;
  trainingStep: number | null;
  tags: string[];
  source: string;
};

export type Series = { key: string; label: string; runIds: number[] };

export type AccuracyCell = {
  series: string;
  /** Split name as the paper writes it ("GAIA-L1", "HLE"), or "All" over every split. */
  benchmark: string;
  trajectories: number;
  graded: number;
  correct: number;
  tasks: number;
  /** pass@1 averaged over rollouts: correct / graded. */
  pass1: number | null;
  /** 95% cluster-bootstrap interval over tasks (1000 resamples, seeded by series and benchmark). */
  ci: Interval | null;
  passK: { k: number; value: number | null; n: number };
  /** Why a number is missing: "no trajectories", "no graded trajectories", "one task only: no interval". */
  note: string | null;
};

export type ReportedMarker = { runId: number; runName: string; benchmark: string; accuracy: number; sourceTable: string | null; series: string[] };

export type RrmAnalysis = {
  series: string;
  rrmModel: string | null;
  /** Graded trajectories with a score. */
  n: number;
  positives: number;
  negatives: number;
  /** Graded trajectories without a score (judgment missing or unparsable). */
  unscored: number;
  histogram: { low: number; high: number; correct: number; incorrect: number }[];
  roc: RocPoint[];
  auroc: number | null;
  pearson: Correlation;
  spearman: Correlation;
  pointBiserial: Correlation;
  reliability: ReliabilityBin[];
  ece: number | null;
  ranking: { groups: number; informativeGroups: number; pairs: number; wins: number; accuracy: number | null; note: string | null };
  note: string | null;
};

export type DeltaCell = { attempts: number; correct: number; solved: boolean | null; meanScore: number | null; trajectoryId: number };
export type DeltaRow = { taskId: number; benchmark: string; question: string; cells: Record<string, DeltaCell>; flips: number };
export type DeltaCounts = { runId: number; shared: number; fixed: number; broken: number; bothSolved: number; bothFailed: number };

export type Comparison = {
  query: CompareQuery;
  runs: CompareRun[];
  series: Series[];
  benchmarks: string[];
  accuracy: AccuracyCell[];
  reported: ReportedMarker[];
  rrm: RrmAnalysis[];
  rrmModels: string[];
  delta: {
    baseline: number | null;
    benchmark: string | null;
    /** A task counts as solved by a run when more than half of its graded final attempts are correct. */
    rule: string;
    counts: DeltaCounts[];
    rows: DeltaRow[];
    totalRows: number;
    note: string | null;
  };
  lambda: { variant: string; benchmark: string; points: { lambda: number; runId: number; pass1: number | null; ci: Interval | null; n: number }[] }[];
  curves: { metric: string; runs: { runId: number; points: { step: number; value: number }[] }[] }[];
  notes: string[];
};

const ids = (xs: number[]) => Prisma.join(xs.length ? xs : [-1]);
const FINAL = Prisma.sql`t."trainingStep" IS NULL AND NOT EXISTS (SELECT 1 FROM "Trajectory" r WHERE r."parentId" = t.id)`;

function benchmarkFilter(benchmark: string | undefined) {
  return benchmark ? Prisma.sql`AND (t.benchmark = ${benchmark} OR t.benchmark || '-' || t.level = ${benchmark})` : Prisma.empty;
}

/** Runs picked by ids, tag and variant (union), reported runs left out; in the order asked, then by id. */
async function pickRuns(query: CompareQuery): Promise<CompareRun[]> {
  const or: Prisma.RunWhereInput[] = [];
  if (query.runs?.length) or.push({ id: { in: query.runs } });
  if (query.tag) or.push({ tags: { has: query.tag } });
  if (query.variant) or.push({ variant: query.variant });
  if (!or.length) return [];
  const rows = await getPrisma().run.findMany({
    where: { OR: or, NOT: { source: "reported" } },
    select: { id: true, name: true, variant: true, lambda: true, agentModel: true, rrmModel: true, trainingStep: true, tags: true, source: true },
    orderBy: { id: "asc" },
    take: 50,
  });
  const order = new Map((query.runs ?? []).map((id, i) => [id, i]));
  return rows.sort((a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9) || a.id - b.id);
}

/** Series of runs under a grouping; a run with several tags is in several tag series. Pure. */
export function groupRuns(runs: CompareRun[], groupBy: GroupBy): Series[] {
  const map = new Map<string, Series>();
  const add = (key: string, label: string, id: number) => {
    const s = map.get(key) ?? { key, label, runIds: [] };
    s.runIds.push(id);
    map.set(key, s);
  };
  for (const run of runs) {
    if (groupBy === "run") add(`run:${run.id}`, run.name, run.id);
    else if (groupBy === "variant") add(`variant:${run.variant}`, run.variant, run.id);
    else if (groupBy === "lambda") add(`lambda:${run.lambda ?? "none"}`, run.lambda === null ? "no λ" : `λ=${run.lambda}`, run.id);
    else if (groupBy === "model") add(`model:${run.agentModel ?? "none"}`, run.agentModel ?? "no model", run.id);
    else if (groupBy === "rrmModel") add(`rrm:${run.rrmModel ?? "none"}`, run.rrmModel ?? "no RRM", run.id);
    else if (groupBy === "step") add(`step:${run.trainingStep ?? "none"}`, run.trainingStep === null ? "no step" : `step ${run.trainingStep}`, run.id);
    else if (run.tags.length === 0) add("tag:none", "untagged", run.id);
    else for (const tag of run.tags) add(`tag:${tag}`, `#${tag}`, run.id);
  }
  return [...map.values()];
}

type TaskTypeRow = { runId: number; benchmark: string; level: string | null; trajectories: number; attempts: number; correct: number; tasks: number };

/** Accuracy cells of one series and one split (or "All") from its task types. Pure. */
export function accuracyCell(series: string, benchmark: string, rows: TaskTypeRow[], k: number): AccuracyCell {
  const trajectories = rows.reduce((a, r) => a + r.trajectories * r.tasks, 0);
  const types: TaskType[] = rows.map((r) => ({ attempts: r.attempts, correct: r.correct, tasks: r.tasks }));
  const graded = types.reduce((a, t) => a + t.attempts * t.tasks, 0);
  const correct = types.reduce((a, t) => a + t.correct * t.tasks, 0);
  const tasks = types.filter((t) => t.attempts > 0).reduce((a, t) => a + t.tasks, 0);
  const ci = bootstrapRatioCI(types.map((t) => ({ numerator: t.correct, denominator: t.attempts, count: t.tasks })), { seed: `compare/${series}/${benchmark}` });
  const note = trajectories === 0 ? "no trajectories" : graded === 0 ? "no graded trajectories" : ci === null ? "one task only: no interval" : null;
  return {
    series, benchmark, trajectories, graded, correct, tasks,
    pass1: graded ? correct / graded : null,
    ci,
    passK: { k, ...meanPassAtK(types, k) },
    note,
  };
}

type BinRow = { runId: number; bin: number; correct: boolean; count: number; scoreSum: number; scoreSq: number };
type MomentRow = { runId: number; n: number; sx: number; sy: number; sxx: number; syy: number; sxy: number };
type RankRow = { runId: number; groups: number; informative: number; pairs: number; wins: number };

/** RRM analysis of one series from its bins, moments and ranking tallies. Pure. */
export function rrmAnalysis(series: string, rrmModel: string | null, bins: BinRow[], moments: MomentRow[], ranks: RankRow[], unscored: number): RrmAnalysis {
  const byBin = new Map<number, ScoreGroup & { scoreSum: number }>();
  for (const b of bins) {
    const g = byBin.get(b.bin) ?? { score: b.bin / 100, positives: 0, negatives: 0, scoreSum: 0 };
    if (b.correct) g.positives += b.count;
    else g.negatives += b.count;
    g.scoreSum += b.scoreSum;
    byBin.set(b.bin, g);
  }
  const groups = [...byBin.values()];
  const roc = rocCurve(groups);
  const m: Moments = moments.reduce((a, r) => ({ n: a.n + r.n, sx: a.sx + r.sx, sy: a.sy + r.sy, sxx: a.sxx + r.sxx, syy: a.syy + r.syy, sxy: a.sxy + r.sxy }), { n: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 });
  const pb = pearsonFromMoments(m);
  const cells = groups.flatMap((g) => [{ x: g.score, y: 1, count: g.positives }, { x: g.score, y: 0, count: g.negatives }]).filter((c) => c.count > 0);
  const rel = reliability(groups, 10);
  const rk = ranks.reduce((a, r) => ({ groups: a.groups + r.groups, informative: a.informative + r.informative, pairs: a.pairs + r.pairs, wins: a.wins + r.wins }), { groups: 0, informative: 0, pairs: 0, wins: 0 });
  const n = roc.positives + roc.negatives;
  return {
    series, rrmModel, n, positives: roc.positives, negatives: roc.negatives, unscored,
    histogram: scoreHistogram(groups, 20),
    roc: roc.points.map((p) => ({ ...p, threshold: Number.isFinite(p.threshold) ? p.threshold : 1.01 })),
    auroc: roc.auroc,
    pearson: pb,
    spearman: cells.length ? spearmanFromCells(cells) : { r: null, n: 0, low: null, high: null, note: "no judged trajectories" },
    pointBiserial: pb,
    reliability: rel.bins,
    ece: rel.ece,
    ranking: {
      groups: rk.groups, informativeGroups: rk.informative, pairs: rk.pairs, wins: rk.wins,
      accuracy: rk.pairs ? rk.wins / rk.pairs : null,
      note: rk.groups === 0 ? "no GRPO groups" : rk.pairs === 0 ? "no group holds both a correct and an incorrect scored rollout" : null,
    },
    note: n === 0 ? (unscored ? "no judgments: no trajectory has an RRM score" : "no graded trajectories") : roc.note ?? null,
  };
}

export async function getComparison(query: CompareQuery): Promise<Comparison> {
  const prisma = getPrisma();
  const runs = await pickRuns(query);
  const runIds = runs.map((r) => r.id);
  const series = groupRuns(runs, query.groupBy);
  const notes: string[] = [];
  if (!runs.length) notes.push("No runs picked: choose runs, a tag or a variant.");
  const bf = benchmarkFilter(query.benchmark);
  const score = query.rrmModel ? Prisma.sql`j.score` : Prisma.sql`t."rrmScore"`;
  const judged = query.rrmModel ? Prisma.sql`JOIN "Judgment" j ON j."trajectoryId" = t.id AND j."rrmModel" = ${query.rrmModel}` : Prisma.empty;
  const baseline = query.baseline ?? runIds[0] ?? null;

  const [typeRows, allBinRows, rankRows, reportedRows, metricRows, rrmModelRows, delta] = await Promise.all([
    prisma.$queryRaw<TaskTypeRow[]>`
      SELECT "runId", benchmark, level, trajectories, attempts, correct, count(*)::int AS tasks FROM (
        SELECT t."runId", t.benchmark, t.level, t."taskId", count(*)::int AS trajectories, count(t.correct)::int AS attempts,
               count(*) FILTER (WHERE t.correct)::int AS correct
        FROM "Trajectory" t WHERE t."runId" IN (${ids(runIds)}) AND ${FINAL}
        GROUP BY 1, 2, 3, 4) per_task
      GROUP BY 1, 2, 3, 4, 5, 6`,
    // One scan for the histogram, the exact moments (Σs² per bin) and the unscored count (bin −1).
    prisma.$queryRaw<BinRow[]>`
      SELECT t."runId", CASE WHEN ${score} IS NULL THEN -1 ELSE LEAST(99, GREATEST(0, floor(${score} * 100 + 1e-6)))::int END AS bin, t.correct,
             count(*)::int AS count, COALESCE(sum(${score}), 0)::float8 AS "scoreSum", COALESCE(sum(${score} * ${score}), 0)::float8 AS "scoreSq"
      FROM "Trajectory" t ${query.rrmModel ? Prisma.sql`LEFT JOIN "Judgment" j ON j."trajectoryId" = t.id AND j."rrmModel" = ${query.rrmModel}` : Prisma.empty}
      WHERE t."runId" IN (${ids(runIds)}) AND t.correct IS NOT NULL ${bf}
      GROUP BY 1, 2, 3`,
    prisma.$queryRaw<RankRow[]>`
      WITH m AS (
        SELECT t."runId", t."groupKey", t.correct, ${score} AS s FROM "Trajectory" t ${judged}
        WHERE t."runId" IN (${ids(runIds)}) AND t."groupKey" IS NOT NULL ${bf}),
      g AS (SELECT "runId", count(DISTINCT "groupKey")::int AS groups FROM m GROUP BY 1),
      p AS (
        SELECT a."runId", count(DISTINCT a."groupKey")::int AS informative, count(*)::int AS pairs,
               sum(CASE WHEN a.s > b.s THEN 1 WHEN a.s = b.s THEN 0.5 ELSE 0 END)::float8 AS wins
        FROM m a JOIN m b ON a."runId" = b."runId" AND a."groupKey" = b."groupKey"
        WHERE a.correct AND NOT b.correct AND a.s IS NOT NULL AND b.s IS NOT NULL GROUP BY 1)
      SELECT g."runId", g.groups, COALESCE(p.informative, 0)::int AS informative, COALESCE(p.pairs, 0)::int AS pairs, COALESCE(p.wins, 0)::float8 AS wins
      FROM g LEFT JOIN p USING ("runId")`,
    prisma.reportedResult.findMany({
      where: { run: { source: "reported" } },
      select: { runId: true, benchmark: true, accuracyPct: true, sourceTable: true, run: { select: { name: true, variant: true, lambda: true, agentModel: true } } },
    }),
    prisma.metric.findMany({ where: { runId: { in: runIds } }, select: { runId: true, name: true, step: true, value: true }, orderBy: [{ name: "asc" }, { runId: "asc" }, { step: "asc" }] }),
    prisma.$queryRaw<{ rrmModel: string }[]>`
      SELECT DISTINCT j."rrmModel" FROM "Judgment" j JOIN "Trajectory" t ON t.id = j."trajectoryId" WHERE t."runId" IN (${ids(runIds)}) ORDER BY 1`,
    baseline !== null && runIds.length ? taskDelta(baseline, runIds, query) : Promise.resolve(null),
  ]);

  const binRows = allBinRows.filter((b) => b.bin >= 0);
  const momentRows: MomentRow[] = runIds.map((runId) => {
    const m = { runId, n: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 };
    for (const b of binRows) {
      if (b.runId !== runId) continue;
      m.n += b.count;
      m.sx += b.scoreSum;
      m.sxx += b.scoreSq;
      if (b.correct) {
        m.sy += b.count;
        m.syy += b.count;
        m.sxy += b.scoreSum;
      }
    }
    return m;
  });
  const unscoredRows = allBinRows.filter((b) => b.bin < 0).map((b) => ({ runId: b.runId, count: b.count }));

  // Accuracy per series × split, plus "All".
  const runSeries = new Map<number, string[]>();
  for (const s of series) for (const id of s.runIds) runSeries.set(id, [...(runSeries.get(id) ?? []), s.key]);
  const splitNames = [...new Set(typeRows.map((r) => reportedBenchmarkName(r.benchmark, r.level)))].sort();
  const accuracy: AccuracyCell[] = [];
  for (const s of series) {
    const mine = typeRows.filter((r) => s.runIds.includes(r.runId));
    for (const name of [...splitNames, "All"]) {
      const rows = name === "All" ? mine : mine.filter((r) => reportedBenchmarkName(r.benchmark, r.level) === name);
      // "All" merges task types of every split: types with the same counts add up.
      accuracy.push(accuracyCell(s.key, name, rows, query.k));
    }
  }

  // Paper markers: reported runs with the variant, λ and model of a picked run, and any asked for by id.
  const reported: ReportedMarker[] = [];
  for (const r of reportedRows) {
    const matches = series.filter((s) =>
      s.runIds.some((id) => {
        const run = runs.find((x) => x.id === id)!;
        return run.variant !== "custom" && run.variant === r.run.variant && (run.lambda ?? null) === (r.run.lambda ?? null) && (!run.agentModel || !r.run.agentModel || run.agentModel === r.run.agentModel);
      }),
    );
    if (!matches.length && !query.reported?.includes(r.runId)) continue;
    reported.push({ runId: r.runId, runName: r.run.name, benchmark: r.benchmark, accuracy: r.accuracyPct / 100, sourceTable: r.sourceTable, series: matches.map((s) => s.key) });
  }

  // RRM analysis per series.
  const unscoredBy = new Map<number, number>();
  for (const r of unscoredRows) unscoredBy.set(r.runId, (unscoredBy.get(r.runId) ?? 0) + r.count);
  const rrm = series.map((s) =>
    rrmAnalysis(
      s.key, query.rrmModel ?? null,
      binRows.filter((b) => s.runIds.includes(b.runId)),
      momentRows.filter((b) => s.runIds.includes(b.runId)),
      rankRows.filter((b) => s.runIds.includes(b.runId)),
      s.runIds.reduce((a, id) => a + (unscoredBy.get(id) ?? 0), 0),
    ),
  );

  // Accuracy against λ: runs of one variant that carry a λ, per split (and All), if at least two λ values.
  const lambda: Comparison["lambda"] = [];
  const byVariant = new Map<string, CompareRun[]>();
  for (const run of runs) if (run.lambda !== null) byVariant.set(run.variant, [...(byVariant.get(run.variant) ?? []), run]);
  for (const [variant, list] of byVariant) {
    if (new Set(list.map((r) => r.lambda)).size < 2) continue;
    for (const name of [...splitNames, "All"]) {
      const points = list
        .map((run) => {
          const rows = typeRows.filter((r) => r.runId === run.id && (name === "All" || reportedBenchmarkName(r.benchmark, r.level) === name));
          const cell = accuracyCell(`run:${run.id}`, name, rows, 1);
          return { lambda: run.lambda!, runId: run.id, pass1: cell.pass1, ci: cell.ci, n: cell.graded };
        })
        .sort((a, b) => a.lambda - b.lambda);
      lambda.push({ variant, benchmark: name, points });
    }
  }

  const curveMap = new Map<string, Map<number, { step: number; value: number }[]>>();
  for (const m of metricRows) {
    const perRun = curveMap.get(m.name) ?? new Map();
    perRun.set(m.runId, [...(perRun.get(m.runId) ?? []), { step: m.step, value: m.value }]);
    curveMap.set(m.name, perRun);
  }
  const curves = [...curveMap].map(([metric, perRun]) => ({ metric, runs: [...perRun].map(([runId, points]) => ({ runId, points })) }));

  for (const run of runs) {
    if (!typeRows.some((r) => r.runId === run.id)) notes.push(`${run.name} has no evaluation trajectories.`);
  }

  return {
    query, runs, series, benchmarks: splitNames, accuracy, reported, rrm,
    rrmModels: rrmModelRows.map((r) => r.rrmModel),
    delta: delta ?? { baseline, benchmark: query.benchmark ?? null, rule: DELTA_RULE, counts: [], rows: [], totalRows: 0, note: runIds.length ? null : "no runs" },
    lambda, curves, notes,
  };
}

const DELTA_RULE = "a task is solved when more than half of its graded final attempts are correct";

type PerTaskRow = { runId: number; taskId: number; attempts: number; correct: number; meanScore: number | null; trajectoryId: number };

async function taskDelta(baseline: number, runIds: number[], query: CompareQuery): Promise<Comparison["delta"]> {
  const prisma = getPrisma();
  const all = [...new Set([baseline, ...runIds])];
  const bf = benchmarkFilter(query.benchmark);
  const per = Prisma.sql`
    SELECT t."runId", t."taskId", count(t.correct)::int AS attempts, count(*) FILTER (WHERE t.correct)::int AS correct,
           avg(t."rrmScore")::float8 AS "meanScore", min(t.id)::int AS "trajectoryId"
    FROM "Trajectory" t WHERE t."runId" IN (${ids(all)}) AND ${FINAL} ${bf}
    GROUP BY 1, 2`;
  const [counts, pageRows] = await Promise.all([
    prisma.$queryRaw<(DeltaCounts & { flips: number })[]>`
      WITH per AS (${per}),
      b AS (SELECT "taskId", correct * 2 > attempts AS ok FROM per WHERE "runId" = ${baseline} AND attempts > 0)
      SELECT p."runId", count(*)::int AS shared,
             count(*) FILTER (WHERE p.correct * 2 > p.attempts AND NOT b.ok)::int AS fixed,
             count(*) FILTER (WHERE NOT (p.correct * 2 > p.attempts) AND b.ok)::int AS broken,
             count(*) FILTER (WHERE p.correct * 2 > p.attempts AND b.ok)::int AS "bothSolved",
             count(*) FILTER (WHERE NOT (p.correct * 2 > p.attempts) AND NOT b.ok)::int AS "bothFailed"
      FROM per p JOIN b USING ("taskId") WHERE p."runId" <> ${baseline} AND p.attempts > 0 GROUP BY 1`,
    prisma.$queryRaw<(PerTaskRow & { flips: number; total: number; benchmark: string; level: string | null; question: string })[]>`
      WITH per AS (${per}),
      b AS (SELECT "taskId", correct * 2 > attempts AS ok FROM per WHERE "runId" = ${baseline} AND attempts > 0),
      f AS (
        SELECT b."taskId", count(*) FILTER (WHERE (p.correct * 2 > p.attempts) <> b.ok)::int AS flips
        FROM b JOIN per p ON p."taskId" = b."taskId" AND p."runId" <> ${baseline} AND p.attempts > 0 GROUP BY 1),
      chosen AS (
        SELECT "taskId", flips, count(*) OVER ()::int AS total FROM f
        WHERE ${query.flipsOnly ? Prisma.sql`flips > 0` : Prisma.sql`true`}
        ORDER BY flips DESC, "taskId" LIMIT ${query.taskLimit})
      SELECT per.*, chosen.flips, chosen.total, k.benchmark, k.level, left(k.question, 300) AS question
      FROM chosen JOIN per USING ("taskId") JOIN "Task" k ON k.id = chosen."taskId"
      ORDER BY chosen.flips DESC, chosen."taskId"`,
  ]);
  const rows = new Map<number, DeltaRow>();
  for (const r of pageRows) {
    const row = rows.get(r.taskId) ?? { taskId: r.taskId, benchmark: reportedBenchmarkName(r.benchmark, r.level), question: r.question, cells: {}, flips: r.flips };
    row.cells[String(r.runId)] = {
      attempts: r.attempts, correct: r.correct, solved: r.attempts ? r.correct * 2 > r.attempts : null, meanScore: r.meanScore, trajectoryId: r.trajectoryId,
    };
    rows.set(r.taskId, row);
  }
  return {
    baseline,
    benchmark: query.benchmark ?? null,
    rule: DELTA_RULE,
    counts: counts.map(({ runId, shared, fixed, broken, bothSolved, bothFailed }) => ({ runId, shared, fixed, broken, bothSolved, bothFailed })),
    rows: [...rows.values()],
    totalRows: pageRows[0]?.total ?? 0,
    note: counts.length === 0 ? "the baseline shares no graded task with the other runs" : null,
  };
}
