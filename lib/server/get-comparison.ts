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
// Training curves come from "Metric" rows, averaged in SQL into at most MAX_CURVE_POINTS points per run and metric.
import { Prisma } from "@/generated/prisma/client";
import { getPrisma } from "@/lib/db/prisma";
import { describeLambdaSettings, type LambdaRun, lambdaSeries } from "@/lib/compare/lambda-series";
import { MAX_COMPARE_RUNS, type CompareQuery, type GroupBy } from "@/lib/compare/query";
import { accuracyCell, pass1Cell, type AccuracyCell, type TaskTypeRow } from "@/lib/compare/accuracy-cells";
import { rankingNote, type GroupMakeup } from "@/lib/compare/ranking-note";
import { inSplit, leafSplitName, splitsOf, type Split } from "@/lib/compare/splits";
import { representativeAttempt } from "@/lib/compare/task-pair";
import { reportedBenchmarkName } from "@/lib/demo/benchmarks";
import { variantLabel } from "@/lib/variant-label";
import type { RatioInterval } from "@/lib/stats/bootstrap";
import { pearsonFromMoments, spearmanFromCells, type Correlation, type Moments } from "@/lib/stats/correlation";
import { reliability, rocCurve, scoreHistogram, type ReliabilityBin, type RocPoint, type ScoreGroup } from "@/lib/stats/roc";

export type CompareRun = LambdaRun & { tags: string[]; source: string };

export type Series = { key: string; label: string; runIds: number[] };
export type { AccuracyCell, PassK } from "@/lib/compare/accuracy-cells";

export type ReportedMarker = {
  runId: number;
  runName: string;
  benchmark: string;
  /** accuracyPct / 100. */
  accuracy: number;
  /** The number as the table gives it, in percent. */
  accuracyPct: number;
  sourceTable: string | null;
  /** Series whose variant, λ and model it matches (drawn on their bars). */
  series: string[];
  /** Asked for with `reported=`: drawn across every series of its benchmark. */
  picked: boolean;
};

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

export type DeltaCell = {
  attempts: number;
  correct: number;
  solved: boolean | null;
  meanScore: number | null;
  /** The attempt that shows the run's outcome on the task: a correct one when solved, an incorrect one when not. */
  trajectoryId: number;
  correctTrajectoryId: number | null;
  incorrectTrajectoryId: number | null;
};
export type DeltaRow = { taskId: number; benchmark: string; question: string; cells: Record<string, DeltaCell>; flips: number };
export type DeltaCounts = { runId: number; shared: number; fixed: number; broken: number; bothSolved: number; bothFailed: number };

export type LambdaPoint = {
  lambda: number;
  runId: number;
  runName: string;
  pass1: number | null;
  ci: RatioInterval | null;
  /** Graded final attempts. */
  n: number;
  note: string | null;
};

export type LambdaSweep = {
  /** Series key: the variant, agent model, RRM model and training step its runs share. */
  key: string;
  variant: string;
  agentModel: string | null;
  rrmModel: string | null;
  trainingStep: number | null;
  label: string;
  benchmark: string;
  points: LambdaPoint[];
  /** Two runs at one λ, points without data. */
  notes: string[];
};

export type CurveRun = {
  runId: number;
  /** Metric rows the run has for this metric. */
  n: number;
  /** True when `points` are bucket means of consecutive steps rather than every row (n > MAX_CURVE_POINTS). */
  downsampled: boolean;
  points: { step: number; value: number }[];
};

export type Comparison = {
  query: CompareQuery;
  runs: CompareRun[];
  series: Series[];
  /** Names of the splits, "All" left out (it is always there). */
  benchmarks: string[];
  /** The splits with what they are made of, "All" last. */
  splits: Split[];
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
  lambda: LambdaSweep[];
  /** Picked runs with a λ that no λ series holds, and why. */
  lambdaNotes: string[];
  curves: { metric: string; runs: CurveRun[] }[];
  notes: string[];
};

/** The most points of one training curve an answer holds; longer curves are averaged over consecutive steps. */
export const MAX_CURVE_POINTS = 250;

const ids = (xs: number[]) => Prisma.join(xs.length ? xs : [-1]);
/** "Each trajectory's latest judgment" in the aggregates' rrmModel column. */
const LATEST_SCORE = "";

/**
 * A split as the page names it ("GAIA" for all its levels, "GAIA-L1" for one, "GAIA (no level)") over the
 * benchmark and level columns of the aggregates (level '' for none) or of Trajectory (`nullLevel`: level NULL).
 */
function splitFilter(benchmark: string | undefined, table = Prisma.empty, nullLevel = false) {
  if (!benchmark) return Prisma.empty;
  const level = Prisma.sql`${table}level`;
  const none = nullLevel ? Prisma.sql`${level} IS NULL` : Prisma.sql`${level} = ''`;
  const some = nullLevel ? Prisma.sql`${level} IS NOT NULL` : Prisma.sql`${level} <> ''`;
  return Prisma.sql`AND (${table}benchmark = ${benchmark}
    OR (${some} AND ${table}benchmark || '-' || ${level} = ${benchmark})
    OR (${none} AND ${table}benchmark || ' (no level)' = ${benchmark}))`;
}

const RUN_SELECT = { id: true, name: true, variant: true, lambda: true, agentModel: true, rrmModel: true, trainingStep: true, tags: true, source: true } as const;

/**
 * Runs picked by ids, tag and variant (union), reported runs left out: the ids asked for in their order, then the
 * tag's and variant's runs by id, MAX_COMPARE_RUNS at most. `more` counts the runs the tag or variant picks beyond.
 */
async function pickRuns(query: CompareQuery): Promise<{ runs: CompareRun[]; more: number }> {
  const prisma = getPrisma();
  const asked = query.runs?.length
    ? await prisma.run.findMany({ where: { id: { in: query.runs }, NOT: { source: "reported" } }, select: RUN_SELECT })
    : [];
  const order = new Map((query.runs ?? []).map((id, i) => [id, i]));
  asked.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const or: Prisma.RunWhereInput[] = [];
  if (query.tag) or.push({ tags: { has: query.tag } });
  if (query.variant) or.push({ variant: query.variant });
  if (!or.length) return { runs: asked, more: 0 };
  const where: Prisma.RunWhereInput = { OR: or, NOT: { source: "reported" }, id: { notIn: asked.map((r) => r.id) } };
  const room = MAX_COMPARE_RUNS - asked.length;
  const added = room > 0 ? await prisma.run.findMany({ where, select: RUN_SELECT, orderBy: { id: "asc" }, take: room + 1 }) : [];
  const more = added.length > room || room <= 0 ? (await prisma.run.count({ where })) - Math.max(0, room) : 0;
  return { runs: [...asked, ...added.slice(0, Math.max(0, room))], more };
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
    else if (groupBy === "variant") add(`variant:${run.variant}`, variantLabel(run.variant), run.id);
    else if (groupBy === "lambda") add(`lambda:${run.lambda ?? "none"}`, run.lambda === null ? "no λ" : `λ=${run.lambda}`, run.id);
    else if (groupBy === "model") add(`model:${run.agentModel ?? "none"}`, run.agentModel ?? "no model", run.id);
    else if (groupBy === "rrmModel") add(`rrm:${run.rrmModel ?? "none"}`, run.rrmModel ?? "no RRM", run.id);
    else if (groupBy === "step") add(`step:${run.trainingStep ?? "none"}`, run.trainingStep === null ? "no step" : `step ${run.trainingStep}`, run.id);
    else if (run.tags.length === 0) add("tag:none", "untagged", run.id);
    else for (const tag of run.tags) add(`tag:${tag}`, `#${tag}`, run.id);
  }
  return [...map.values()];
}

type BinRow = { runId: number; bin: number; correct: boolean; count: number; scoreSum: number; scoreSq: number };
type MomentRow = { runId: number; n: number; sx: number; sy: number; sxx: number; syy: number; sxy: number };
type RankRow = { runId: number; groups: number; informative: number; pairs: number; wins: number };
/** RRM analysis of one series from its bins, moments and ranking tallies. Pure. */
export function rrmAnalysis(series: string, rrmModel: string | null, bins: BinRow[], moments: MomentRow[], ranks: RankRow[], unscored: number, makeup?: GroupMakeup): RrmAnalysis {
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
      note: rankingNote(rk.groups, rk.pairs, makeup),
    },
    note: n === 0 ? (unscored ? "no judgments: no trajectory has an RRM score" : "no graded trajectories") : roc.note ?? null,
  };
}

const list = (names: string[]) => (names.length > 6 ? `${names.slice(0, 6).join(", ")} and ${names.length - 6} more` : names.join(", "));

export async function getComparison(query: CompareQuery): Promise<Comparison> {
  const prisma = getPrisma();
  const { runs, more } = await pickRuns(query);
  const runIds = runs.map((r) => r.id);
  const series = groupRuns(runs, query.groupBy);
  const notes: string[] = [];
  if (!runs.length) notes.push("No runs picked: choose runs, a tag or a variant.");
  if (more > 0) {
    const by = [query.tag ? `the tag "${query.tag}"` : null, query.variant ? `the variant ${query.variant}` : null].filter(Boolean).join(" and ");
    notes.push(`${by} picks ${more} more run${more === 1 ? "" : "s"} than the ${MAX_COMPARE_RUNS} compared at once: these are the first ${MAX_COMPARE_RUNS} (runs named in runs= first, then by id); pick runs by id to see others.`);
  }
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
      orderBy: [{ runId: "asc" }, { benchmark: "asc" }],
    }),
    readCurves(runIds),
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

  // Accuracy per series × split: each level, each whole benchmark (all its levels), and "All".
  const splits = splitsOf(typeRows);
  const leafOf = (r: TaskTypeRow) => leafSplitName(splits, r);
  const leavesOfRun = new Map<number, Set<string>>();
  for (const r of typeRows) leavesOfRun.set(r.runId, (leavesOfRun.get(r.runId) ?? new Set()).add(leafOf(r)));
  const allLeaves = new Set(typeRows.map(leafOf));
  const accuracy: AccuracyCell[] = [];
  for (const s of series) {
    const mine = typeRows.filter((r) => s.runIds.includes(r.runId));
    const myLeaves = new Set(mine.map(leafOf));
    for (const split of splits) {
      const cell = accuracyCell(s.key, split.name, mine.filter((r) => inSplit(split, r)), query.k);
      // A whole-benchmark or "All" number over fewer splits than the other series cover compares different things.
      if (cell.trajectories > 0 && split.kind !== "level") {
        const expected = [...allLeaves].filter((leaf) => split.kind === "all" || leaf === split.name || split.levels.includes(leaf));
        const missing = expected.filter((leaf) => !myLeaves.has(leaf));
        if (missing.length) {
          const sentence = `leaves out ${list(missing)} (no trajectories there, which other series have)`;
          cell.note = cell.note ? `${cell.note}; ${sentence}` : sentence;
        }
      }
      accuracy.push(cell);
    }
  }
  for (const run of runs) {
    const mine = leavesOfRun.get(run.id);
    if (!mine) notes.push(`${run.name} has no evaluation trajectories.`);
    else {
      const missing = [...allLeaves].filter((leaf) => !mine.has(leaf)).sort();
      if (missing.length) notes.push(`${run.name} has no trajectories on ${list(missing)}, which other picked runs have.`);
    }
  }

  // Paper markers: reported runs with the variant, λ and model of a picked run, and those asked for with reported=.
  const picked = new Set(query.reported ?? []);
  const reported: ReportedMarker[] = [];
  for (const r of reportedRows) {
    const matches = series.filter((s) =>
      s.runIds.some((id) => {
        const run = runs.find((x) => x.id === id)!;
        return run.variant !== "custom" && run.variant === r.run.variant && (run.lambda ?? null) === (r.run.lambda ?? null) && (!run.agentModel || !r.run.agentModel || run.agentModel === r.run.agentModel);
      }),
    );
    if (!matches.length && !picked.has(r.runId)) continue;
    reported.push({
      runId: r.runId, runName: r.run.name, benchmark: r.benchmark, accuracy: r.accuracyPct / 100, accuracyPct: r.accuracyPct,
      sourceTable: r.sourceTable, series: matches.map((s) => s.key), picked: picked.has(r.runId),
    });
  }
  const splitNames = new Set(splits.map((s) => s.name));
  for (const id of picked) {
    const mine = reported.filter((m) => m.runId === id);
    if (!reportedRows.some((r) => r.runId === id)) notes.push(`Reported table ${id} does not exist or holds no numbers.`);
    else if (mine.length && runs.length && !mine.some((m) => splitNames.has(m.benchmark))) {
      notes.push(`${mine[0].runName} reports none of the picked runs' benchmarks (${list(mine.map((m) => m.benchmark))}).`);
    }
  }

  // RRM analysis per series. Series whose GRPO groups hold no correct × incorrect pair get told what the groups hold.
  const unscoredBy = new Map<number, number>();
  for (const r of unscoredRows) unscoredBy.set(r.runId, (unscoredBy.get(r.runId) ?? 0) + r.count);
  const rankOf = (s: Series) => rankRows.filter((b) => s.runIds.includes(b.runId));
  const pairless = series.filter((s) => rankOf(s).some((r) => r.groups > 0) && rankOf(s).every((r) => r.pairs === 0));
  const makeup = pairless.length ? await groupMakeup([...new Set(pairless.flatMap((s) => s.runIds))], query) : new Map<number, GroupMakeup>();
  const rrm = series.map((s) =>
    rrmAnalysis(
      s.key, query.rrmModel ?? null,
      binRows.filter((b) => s.runIds.includes(b.runId)),
      momentRows.filter((b) => s.runIds.includes(b.runId)),
      rankOf(s),
      s.runIds.reduce((a, id) => a + (unscoredBy.get(id) ?? 0), 0),
      pairless.includes(s)
        ? s.runIds.reduce((a, id) => {
            const m = makeup.get(id);
            return m ? { allCorrect: a.allCorrect + m.allCorrect, allIncorrect: a.allIncorrect + m.allIncorrect, mixed: a.mixed + m.mixed } : a;
          }, { allCorrect: 0, allIncorrect: 0, mixed: 0 })
        : undefined,
    ),
  );

  // Accuracy against λ: runs that differ only in λ (lib/compare/lambda-series), per split.
  const { series: sweeps, alone } = lambdaSeries(runs);
  const lambda: LambdaSweep[] = [];
  for (const sweep of sweeps) {
    for (const split of splits) {
      const points = sweep.runs.map((run): LambdaPoint => {
        // The same interval as the run's own accuracy cell (same seed); λ points need no pass@k.
        const cell = pass1Cell(`run:${run.id}`, split.name, typeRows.filter((r) => r.runId === run.id && inSplit(split, r)));
        return { lambda: run.lambda!, runId: run.id, runName: run.name, pass1: cell.pass1, ci: cell.ci, n: cell.graded, note: cell.pass1 === null ? cell.note : null };
      });
      const empty = points.filter((p) => p.pass1 === null);
      const pointNotes = empty.length ? [`no point for ${list(empty.map((p) => `${p.runName} (λ=${p.lambda}): ${p.note}`))}`] : [];
      lambda.push({
        key: sweep.key, variant: sweep.variant, agentModel: sweep.agentModel, rrmModel: sweep.rrmModel, trainingStep: sweep.trainingStep,
        label: describeLambdaSettings(sweep), benchmark: split.name, points, notes: [...sweep.notes, ...pointNotes],
      });
    }
  }
  const lambdaNotes = alone.map(({ run, reason }) => `${run.name} (λ=${run.lambda}) is in no λ series: ${reason}.`);

  const curveMap = new Map<string, CurveRun[]>();
  for (const row of metricRows) {
    const run: CurveRun = { runId: row.runId, n: row.n, downsampled: row.n > MAX_CURVE_POINTS, points: row.points.map(([step, value]) => ({ step, value })) };
    curveMap.set(row.name, [...(curveMap.get(row.name) ?? []), run]);
  }
  const curves = [...curveMap].map(([metric, perRun]) => ({ metric, runs: perRun }));

  return {
    query, runs, series,
    benchmarks: splits.filter((s) => s.kind !== "all").map((s) => s.name),
    splits, accuracy, reported, rrm,
    rrmModels: rrmModelRows.map((r) => r.rrmModel),
    delta: delta ?? { baseline, benchmark: query.benchmark ?? null, rule: DELTA_RULE, counts: [], rows: [], totalRows: 0, note: runIds.length ? null : "no runs" },
    lambda, lambdaNotes, curves, notes,
  };
}

/**
 * Training curves of the runs, at most MAX_CURVE_POINTS points per run and metric. A longer curve's steps but the last
 * are cut into MAX_CURVE_POINTS − 1 equal step ranges, each answered as the mean value of its rows at their mean step;
 * the last step is kept as logged (the number a run ended on). Buckets come from the step's place between the curve's
 * first and last step, not from a row number: no sort of the rows, one hash aggregate. Ordered by metric, run, step.
 */
function readCurves(runIds: number[]) {
  const last = MAX_CURVE_POINTS - 1;
  // One row per curve with its points as [step, value] pairs: ten thousand points cost the driver far less as forty
  // JSON arrays than as ten thousand rows.
  return getPrisma().$queryRaw<{ runId: number; name: string; n: number; points: [number, number][] }[]>`
    WITH s AS (
      SELECT "runId", name, count(*) AS n, min(step) AS lo, max(step) AS hi
      FROM "Metric" WHERE "runId" IN (${ids(runIds)}) GROUP BY 1, 2),
    b AS (
      SELECT m."runId", m.name, s.n, round(avg(m.step))::int AS step, avg(m.value)::float8 AS value
      FROM "Metric" m JOIN s ON s."runId" = m."runId" AND s.name = m.name
      WHERE m."runId" IN (${ids(runIds)})
      GROUP BY m."runId", m.name, s.n,
        CASE WHEN s.n <= ${MAX_CURVE_POINTS} THEN m.step::bigint
             WHEN m.step = s.hi THEN ${last}::bigint
             ELSE ((m.step - s.lo)::bigint * ${last}) / (s.hi - s.lo) END)
    SELECT "runId", name, n::int AS n, json_agg(json_build_array(step, value) ORDER BY step) AS points
    FROM b GROUP BY "runId", name, n
    ORDER BY name COLLATE "C", "runId"`;
}

/** Per run: its GRPO groups by what their graded members are (all correct, all incorrect, both). */
async function groupMakeup(runIds: number[], query: CompareQuery): Promise<Map<number, GroupMakeup>> {
  const rows = await getPrisma().$queryRaw<({ runId: number } & GroupMakeup)[]>`
    SELECT "runId", (count(*) FILTER (WHERE all_right))::int AS "allCorrect", (count(*) FILTER (WHERE NOT any_right))::int AS "allIncorrect",
           (count(*) FILTER (WHERE any_right AND NOT all_right))::int AS mixed
    FROM (SELECT t."runId", t."groupKey", bool_and(t.correct) AS all_right, bool_or(t.correct) AS any_right
          FROM "Trajectory" t
          WHERE t."runId" IN (${ids(runIds)}) AND t."groupKey" IS NOT NULL AND t.correct IS NOT NULL ${splitFilter(query.benchmark, Prisma.raw("t."), true)}
          GROUP BY 1, 2) g
    GROUP BY 1`;
  return new Map(rows.map((r) => [r.runId, r]));
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
  // For the page's tasks only: each run's lowest-id correct and incorrect final attempt, so that a pair opens
  // attempts that show the flip (lib/compare/task-pair).
  const pageTasks = [...new Set(pageRows.map((r) => r.taskId))];
  const attempts = pageTasks.length
    ? await getPrisma().$queryRaw<{ runId: number; taskId: number; correct: boolean; id: number }[]>`
        SELECT DISTINCT ON (t."runId", t."taskId", t.correct) t."runId", t."taskId", t.correct, t.id
        FROM "Trajectory" t
        WHERE t."taskId" IN (${ids(pageTasks)}) AND t."runId" IN (${ids(all)}) AND t."trainingStep" IS NULL AND t.correct IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM "Trajectory" r WHERE r."parentId" = t.id)
        ORDER BY t."runId", t."taskId", t.correct, t.id`
    : [];
  const attemptOf = new Map(attempts.map((a) => [`${a.runId}/${a.taskId}/${a.correct}`, a.id]));
  const rows = new Map<number, DeltaRow>();
  for (const r of pageRows) {
    const row = rows.get(r.taskId) ?? { taskId: r.taskId, benchmark: r.level ? reportedBenchmarkName(r.benchmark, r.level) : r.benchmark, question: r.question, cells: {}, flips: r.flips };
    const solved = r.attempts ? r.correct * 2 > r.attempts : null;
    const correctTrajectoryId = attemptOf.get(`${r.runId}/${r.taskId}/true`) ?? null;
    const incorrectTrajectoryId = attemptOf.get(`${r.runId}/${r.taskId}/false`) ?? null;
    row.cells[String(r.runId)] = {
      attempts: r.attempts, correct: r.correct, solved, meanScore: r.meanScore,
      trajectoryId: representativeAttempt({ solved, correctTrajectoryId, incorrectTrajectoryId, firstTrajectoryId: r.trajectoryId }),
      correctTrajectoryId, incorrectTrajectoryId,
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
    note: all.length < 2
      ? "pick a second run to compare with the baseline"
      : counts.length === 0 ? "the baseline shares no graded task with the other runs" : null,
  };
}
