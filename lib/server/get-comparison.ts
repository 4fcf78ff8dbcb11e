import "server-only";
// The numbers behind every chart of the Compare page (and GET /api/v1/compare). They are read from aggregates that
// triggers keep exact as trajectories and judgments are written (migration compare_aggregates, docs/compare.md), so a
// page reads a few thousand rows whatever the size of the runs:
// - accuracy: "RunTaskType" (per run × split × task type (graded final attempts, correct ones) → number of tasks).
//   With a fixed number of rollouts that is a handful of types per split; pass@1
//   (averaged over rollouts), pass@k (Chen et al.) and a cluster bootstrap over tasks (a multinomial draw over the task
//   types, lib/stats/bootstrap) are exact from it.
// - RRM: "RunScoreBin" (per run × split × scorer × score bin of width 0.01 × correctness → count, exact score sum and
//   sum of squares). ROC/AUROC and Spearman are those of the score rounded down to 0.01 (exact when scores have two
//   decimals, as the RRM's usually do); reliability bins and ECE use the exact mean score of each bin; Pearson is exact.
// - ranking: "RunRanking" (per run × split × scorer: GRPO groups, correct × incorrect pairs within them and how many
//   the scorer orders right).
// - task delta: "RunTaskOutcome" rows of the picked runs; only the counts and one page of rows come back.
// Evaluation outcomes count final attempts only (a refined retry replaces its first attempt) and leave training
// rollouts (trainingStep set) out. The RRM analysis and the ranking use every judged and graded trajectory, training
// rollouts included: they are about the reward model, not about the run's result.
import { Prisma } from "@/generated/prisma/client";
import { getPrisma } from "@/lib/db/prisma";
import type { CompareQuery, GroupBy } from "@/lib/compare/query";
import { reportedBenchmarkName } from "@/lib/demo/benchmarks";
import { bootstrapRatioCI, type RatioInterval } from "@/lib/stats/bootstrap";
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
  /**
   * 95% cluster-bootstrap interval over tasks (1000 resamples, seeded by series and benchmark); `method` "normal" when
   * the resampled sums were drawn from their normal limit (200+ tasks, lib/stats/bootstrap).
   */
  ci: RatioInterval | null;
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
  lambda: { variant: string; benchmark: string; points: { lambda: number; runId: number; pass1: number | null; ci: RatioInterval | null; n: number }[] }[];
  curves: { metric: string; runs: { runId: number; points: { step: number; value: number }[] }[] }[];
  notes: string[];
};

const ids = (xs: number[]) => Prisma.join(xs.length ? xs : [-1]);
/** "Each trajectory's latest judgment" in the aggregates' rrmModel column. */
const LATEST_SCORE = "";

/** A split as the page names it ("GAIA", or "GAIA-2" for one level) over the aggregates' benchmark and level columns. */
function splitFilter(benchmark: string | undefined) {
  return benchmark ? Prisma.sql`AND (benchmark = ${benchmark} OR (level <> '' AND benchmark || '-' || level = ${benchmark}))` : Prisma.empty;
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

/** `tasks` tasks of one run and split with `attempts` graded final attempts, `correct` of them right; `trajectories`: their final attempts in all. */
type TaskTypeRow = { runId: number; benchmark: string; level: string | null; trajectories: number; attempts: number; correct: number; tasks: number };

/** Accuracy cells of one series and one split (or "All") from its task types. Pure. */
export function accuracyCell(series: string, benchmark: string, rows: TaskTypeRow[], k: number): AccuracyCell {
  const trajectories = rows.reduce((a, r) => a + r.trajectories, 0);
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
  const bf = splitFilter(query.benchmark);
  const scorer = query.rrmModel ?? LATEST_SCORE;
  const baseline = query.baseline ?? runIds[0] ?? null;

  const [typeRows, scoreRows, rankRows, reportedRows, metricRows, rrmModelRows, delta] = await Promise.all([
    prisma.$queryRaw<TaskTypeRow[]>`
      SELECT "runId", benchmark, NULLIF(level, '') AS level, trajectories, graded AS attempts, correct, tasks
      FROM "RunTaskType" WHERE "runId" IN (${ids(runIds)})`,
    // The scorer's bins, and the latest-score bins, which count every graded trajectory once (bin -1: no score): the
    // difference is what the scorer left unscored.
    prisma.$queryRaw<(BinRow & { latest: boolean })[]>`
      SELECT "runId", "rrmModel" = ${LATEST_SCORE} AS latest, bin, correct, sum(count)::int AS count,
             sum("scoreSum")::float8 AS "scoreSum", sum("scoreSq")::float8 AS "scoreSq"
      FROM "RunScoreBin" WHERE "runId" IN (${ids(runIds)}) AND "rrmModel" IN (${LATEST_SCORE}, ${scorer}) ${bf}
      GROUP BY 1, 2, 3, 4`,
    prisma.$queryRaw<RankRow[]>`
      SELECT "runId", sum(groups)::int AS groups, sum(informative)::int AS informative, sum(pairs)::int AS pairs, sum(wins)::float8 AS wins
      FROM "RunRanking" WHERE "runId" IN (${ids(runIds)}) AND "rrmModel" = ${scorer} ${bf}
      GROUP BY 1`,
    prisma.reportedResult.findMany({
      where: { run: { source: "reported" } },
      select: { runId: true, benchmark: true, accuracyPct: true, sourceTable: true, run: { select: { name: true, variant: true, lambda: true, agentModel: true } } },
    }),
    prisma.metric.findMany({ where: { runId: { in: runIds } }, select: { runId: true, name: true, step: true, value: true }, orderBy: [{ name: "asc" }, { runId: "asc" }, { step: "asc" }] }),
    // Models that scored graded trajectories of these runs.
    prisma.$queryRaw<{ rrmModel: string }[]>`
      SELECT DISTINCT "rrmModel" FROM "RunScoreBin" WHERE "runId" IN (${ids(runIds)}) AND "rrmModel" <> ${LATEST_SCORE} ORDER BY 1`,
    baseline !== null && runIds.length ? taskDelta(baseline, runIds, query) : Promise.resolve(null),
  ]);

  const binRows = scoreRows.filter((b) => b.latest === (scorer === LATEST_SCORE) && b.bin >= 0);
  const graded = new Map<number, number>();
  for (const b of scoreRows) if (b.latest) graded.set(b.runId, (graded.get(b.runId) ?? 0) + b.count);
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
  const scored = new Map<number, number>();
  for (const b of binRows) scored.set(b.runId, (scored.get(b.runId) ?? 0) + b.count);
  const unscoredRows = runIds.map((runId) => ({ runId, count: (graded.get(runId) ?? 0) - (scored.get(runId) ?? 0) }));

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
  const all = [...new Set([baseline, ...runIds])];
  // One statement: the picked runs' task outcomes are read once, paired with the baseline's once, and both the counts
  // per run and the page of tasks (most flips first) come from those pairs.
  type PageRow = PerTaskRow & { flips: number; total: number; benchmark: string; level: string | null; question: string };
  const [{ counts, pageRows }] = await getPrisma().$queryRaw<{ counts: DeltaCounts[]; pageRows: PageRow[] }[]>`
    WITH per AS MATERIALIZED (
      SELECT "runId", "taskId", correct * 2 > graded AS solved
      FROM "RunTaskOutcome" WHERE "runId" IN (${ids(all)}) AND graded > 0 ${splitFilter(query.benchmark)}),
    pairs AS MATERIALIZED (
      SELECT p."runId", p."taskId", p.solved, b.solved AS "baseSolved"
      FROM per p JOIN per b ON b."taskId" = p."taskId" AND b."runId" = ${baseline}
      WHERE p."runId" <> ${baseline}),
    counts AS (
      SELECT "runId", count(*)::int AS shared,
             (count(*) FILTER (WHERE solved AND NOT "baseSolved"))::int AS fixed,
             (count(*) FILTER (WHERE NOT solved AND "baseSolved"))::int AS broken,
             (count(*) FILTER (WHERE solved AND "baseSolved"))::int AS "bothSolved",
             (count(*) FILTER (WHERE NOT solved AND NOT "baseSolved"))::int AS "bothFailed"
      FROM pairs GROUP BY 1),
    flips AS (SELECT "taskId", (count(*) FILTER (WHERE solved <> "baseSolved"))::int AS flips FROM pairs GROUP BY 1),
    chosen AS (
      SELECT "taskId", flips, count(*) OVER ()::int AS total FROM flips
      WHERE ${query.flipsOnly ? Prisma.sql`flips > 0` : Prisma.sql`true`}
      ORDER BY flips DESC, "taskId" LIMIT ${query.taskLimit})
    SELECT
      (SELECT coalesce(json_agg(counts ORDER BY "runId"), '[]') FROM counts) AS counts,
      (SELECT coalesce(json_agg(r ORDER BY r.flips DESC, r."taskId", r."runId"), '[]') FROM (
        SELECT o."runId", o."taskId", o.graded AS attempts, o.correct, (o."scoreSum" / NULLIF(o.judged, 0))::float8 AS "meanScore",
               o."firstTrajectoryId" AS "trajectoryId", chosen.flips, chosen.total, k.benchmark, k.level, left(k.question, 300) AS question
        FROM chosen JOIN "RunTaskOutcome" o ON o."taskId" = chosen."taskId" AND o."runId" IN (${ids(all)})
        JOIN "Task" k ON k.id = chosen."taskId") r) AS "pageRows"`;
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
    counts,
    rows: [...rows.values()],
    totalRows: pageRows[0]?.total ?? 0,
    note: counts.length === 0 ? "the baseline shares no graded task with the other runs" : null,
  };
}
