// Inter-annotator agreement: percent agreement, Cohen's κ (unweighted, linear, quadratic), Fleiss' κ, Krippendorff's α
// (nominal, ordinal, interval, ratio; missing data allowed) and confusion matrices. Pure: no I/O.
//
// Reliability data is a list of units (items), each with the values its raters gave; `null`/`undefined` is a
// missing value. Values are strings or numbers; ordinal/interval/ratio metrics need numbers or an explicit order.

export type RatingValue = string | number;
export type Rating = RatingValue | null | undefined;
/** One unit (item): the values of each rater, missing ones as null. Rater positions need not line up across units. */
export type ReliabilityData = ReadonlyArray<ReadonlyArray<Rating>>;

export type MeasurementLevel = "nominal" | "ordinal" | "interval" | "ratio";
export type KappaWeights = "none" | "linear" | "quadratic";

const present = (value: Rating): value is RatingValue => value !== null && value !== undefined && !(typeof value === "number" && Number.isNaN(value));

/** The distinct values in `data`, numbers ascending, then strings in first-seen order. */
export function categoriesOf(values: Iterable<Rating>): RatingValue[] {
  const seen = new Set<RatingValue>();
  for (const value of values) if (present(value)) seen.add(value);
  const numbers = [...seen].filter((v): v is number => typeof v === "number").sort((a, b) => a - b);
  const strings = [...seen].filter((v): v is string => typeof v === "string");
  return [...numbers, ...strings];
}

/**
 * Mean pairwise percent agreement: over units with at least two values, the share of rater pairs that gave the same
 * value, averaged over those units. null when no unit has two values.
 */
export function percentAgreement(data: ReliabilityData): number | null {
  let sum = 0;
  let units = 0;
  for (const unit of data) {
    const values = unit.filter(present);
    if (values.length < 2) continue;
    let agree = 0;
    let pairs = 0;
    for (let i = 0; i < values.length; i++) {
      for (let j = i + 1; j < values.length; j++) {
        pairs++;
        if (values[i] === values[j]) agree++;
      }
    }
    sum += agree / pairs;
    units++;
  }
  return units ? sum / units : null;
}

export type ConfusionMatrix = {
  /** Row labels (first rater) and column labels (second rater): the same ordered categories. */
  categories: RatingValue[];
  /** counts[i][j]: units the first rater put in categories[i] and the second in categories[j]. */
  counts: number[][];
  total: number;
};

/** Cross-tabulates two raters over the units both rated (pairs with a missing side are left out). */
export function confusionMatrix(a: ReadonlyArray<Rating>, b: ReadonlyArray<Rating>, categories?: ReadonlyArray<RatingValue>): ConfusionMatrix {
  if (a.length !== b.length) throw new Error(`confusionMatrix: the raters have ${a.length} and ${b.length} ratings; pass one per unit for each`);
  const cats = categories ? [...categories] : categoriesOf([...a, ...b]);
  const index = new Map(cats.map((c, i) => [c, i] as const));
  const counts = cats.map(() => cats.map(() => 0));
  let total = 0;
  for (let u = 0; u < a.length; u++) {
    const x = a[u];
    const y = b[u];
    if (!present(x) || !present(y)) continue;
    const i = index.get(x);
    const j = index.get(y);
    if (i === undefined || j === undefined) throw new Error(`confusionMatrix: ${JSON.stringify(i === undefined ? x : y)} is not one of the categories`);
    counts[i][j]++;
    total++;
  }
  return { categories: cats, counts, total };
}

function kappaWeight(i: number, j: number, k: number, weights: KappaWeights): number {
  if (weights === "none" || k < 2) return i === j ? 1 : 0;
  const d = Math.abs(i - j) / (k - 1);
  return weights === "linear" ? 1 - d : 1 - d * d;
}

/**
 * Cohen's κ from a k×k contingency table (rows: rater 1, columns: rater 2, categories in order). With `linear` or
 * `quadratic` weights, Cohen's (1968) weighted κ with agreement weights 1 − |i−j|/(k−1) or 1 − ((i−j)/(k−1))².
 * null when there is nothing to measure (no units, or chance agreement already 1).
 */
export function cohenKappaFromTable(counts: ReadonlyArray<ReadonlyArray<number>>, weights: KappaWeights = "none"): number | null {
  const k = counts.length;
  const total = counts.reduce((s, row) => s + row.reduce((t, c) => t + c, 0), 0);
  if (!total) return null;
  const rows = counts.map((row) => row.reduce((s, c) => s + c, 0) / total);
  const cols = counts[0].map((_, j) => counts.reduce((s, row) => s + row[j], 0) / total);
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = kappaWeight(i, j, k, weights);
      observed += (w * counts[i][j]) / total;
      expected += w * rows[i] * cols[j];
    }
  }
  if (Math.abs(1 - expected) < 1e-12) return null;
  return (observed - expected) / (1 - expected);
}

/** Cohen's κ of two raters over the same units (pairs with a missing side are left out). */
export function cohenKappa(
  a: ReadonlyArray<Rating>,
  b: ReadonlyArray<Rating>,
  { weights = "none", categories }: { weights?: KappaWeights; categories?: ReadonlyArray<RatingValue> } = {},
): number | null {
  return cohenKappaFromTable(confusionMatrix(a, b, categories).counts, weights);
}

/**
 * Fleiss' κ (1971) from a subjects × categories table of counts (how many raters put subject i in category j).
 * Subjects may have different numbers of raters; subjects with fewer than two are left out. null when undefined.
 */
export function fleissKappaFromCounts(counts: ReadonlyArray<ReadonlyArray<number>>): number | null {
  const rows = counts.filter((row) => row.reduce((s, c) => s + c, 0) >= 2);
  if (!rows.length) return null;
  const k = rows[0].length;
  let ratings = 0;
  const perCategory = new Array<number>(k).fill(0);
  let pSum = 0;
  for (const row of rows) {
    const n = row.reduce((s, c) => s + c, 0);
    ratings += n;
    let squares = 0;
    for (let j = 0; j < k; j++) {
      perCategory[j] += row[j];
      squares += row[j] * row[j];
    }
    pSum += (squares - n) / (n * (n - 1));
  }
  const pBar = pSum / rows.length;
  const pe = perCategory.reduce((s, c) => s + (c / ratings) ** 2, 0);
  if (Math.abs(1 - pe) < 1e-12) return null;
  return (pBar - pe) / (1 - pe);
}

/** Fleiss' κ from reliability data (units × raters, missing values allowed). */
export function fleissKappa(data: ReliabilityData, categories?: ReadonlyArray<RatingValue>): number | null {
  const cats = categories ? [...categories] : categoriesOf(data.flat());
  const index = new Map(cats.map((c, i) => [c, i] as const));
  const counts = data.map((unit) => {
    const row = cats.map(() => 0);
    for (const value of unit) {
      if (!present(value)) continue;
      const i = index.get(value);
      if (i === undefined) throw new Error(`fleissKappa: ${JSON.stringify(value)} is not one of the categories`);
      row[i]++;
    }
    return row;
  });
  return fleissKappaFromCounts(counts);
}

export type KrippendorffOptions = {
  level?: MeasurementLevel;
  /** Order of the values for the ordinal metric (default: numbers ascending). Also restricts nominal values. */
  order?: ReadonlyArray<RatingValue>;
};

/**
 * Krippendorff's α (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"), via the coincidence matrix:
 * α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck, over pairable units (two or more values). null when there is no
 * pairable value or no variation at all.
 */
export function krippendorffAlpha(data: ReliabilityData, { level = "nominal", order }: KrippendorffOptions = {}): number | null {
  const units = data.map((unit) => unit.filter(present)).filter((values) => values.length >= 2);
  if (!units.length) return null;
  const values = order ? [...order] : categoriesOf(units.flat());
  const index = new Map(values.map((v, i) => [v, i] as const));
  const k = values.length;
  const o = values.map(() => new Array<number>(k).fill(0));
  for (const unit of units) {
    const m = unit.length;
    const idx = unit.map((v) => {
      const i = index.get(v);
      if (i === undefined) throw new Error(`krippendorffAlpha: ${JSON.stringify(v)} is not one of the ordered values`);
      return i;
    });
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) if (a !== b) o[idx[a]][idx[b]] += 1 / (m - 1);
  }
  const nc = o.map((row) => row.reduce((s, x) => s + x, 0));
  const n = nc.reduce((s, x) => s + x, 0);
  if (level !== "nominal" && level !== "ordinal" && values.some((v) => typeof v !== "number")) {
    throw new Error(`krippendorffAlpha: the ${level} metric needs numeric values`);
  }
  const delta2 = (c: number, kk: number): number => {
    if (c === kk) return 0;
    switch (level) {
      case "nominal":
        return 1;
      case "ordinal": {
        const [lo, hi] = c < kk ? [c, kk] : [kk, c];
        let sum = 0;
        for (let g = lo; g <= hi; g++) sum += nc[g];
        return (sum - (nc[lo] + nc[hi]) / 2) ** 2;
      }
      case "interval":
        return ((values[c] as number) - (values[kk] as number)) ** 2;
      case "ratio": {
        const x = values[c] as number;
        const y = values[kk] as number;
        return x + y === 0 ? 0 : ((x - y) / (x + y)) ** 2;
      }
    }
  };
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let kk = 0; kk < k; kk++) {
      const d = delta2(c, kk);
      observed += o[c][kk] * d;
      expected += nc[c] * nc[kk] * d;
    }
  }
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

/**
 * Reliability data laid out by rater (rows: raters, columns: units), as Krippendorff prints it, turned into the
 * units × raters layout the functions here take.
 */
export function byUnit(raters: ReadonlyArray<ReadonlyArray<Rating>>): Rating[][] {
  const width = Math.max(0, ...raters.map((r) => r.length));
  return Array.from({ length: width }, (_, u) => raters.map((r) => r[u] ?? null));
}
