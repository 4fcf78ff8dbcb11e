// Seeded bootstrap confidence intervals. Pure: the same input and seed always give the same interval.
import { Rng } from "@/lib/demo/prng";

export type Interval = { low: number; high: number };

export type BootstrapOptions = {
  /** Resamples (default 1000). */
  resamples?: number;
  /** Two-sided confidence level (default 0.95). */
  level?: number;
  /** PRNG seed (any string); the interval depends only on the data and this. */
  seed?: string;
  /** bootstrapRatioCI: always draw the multinomial, never its normal limit (slower; to check the limit against). */
  exact?: boolean;
};

/** The q-quantile (0 ≤ q ≤ 1) of sorted values, linear interpolation between order statistics (R type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function percentileInterval(stats: number[], level: number): Interval {
  const sorted = Float64Array.from(stats).sort(); // a typed array sorts numerically, several times faster than a comparator
  const alpha = (1 - level) / 2;
  return { low: quantileSorted(sorted, alpha), high: quantileSorted(sorted, 1 - alpha) };
}

/**
 * Percentile bootstrap CI of the mean of `values`: `resamples` samples of the same size drawn with replacement.
 * Null when fewer than two values (one observation has no spread to resample).
 */
export function bootstrapMeanCI(values: readonly number[], options: BootstrapOptions = {}): Interval | null {
  const n = values.length;
  if (n < 2) return null;
  const rng = new Rng(options.seed ?? "bootstrap");
  const stats: number[] = [];
  for (let b = 0; b < (options.resamples ?? 1000); b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(rng.next() * n)];
    stats.push(sum / n);
  }
  return percentileInterval(stats, options.level ?? 0.95);
}

/** One kind of resampling unit (e.g. tasks with `correct` of `attempts` rollouts right) and how many there are. */
export type WeightedUnit = { numerator: number; denominator: number; count: number };

/** A binomial(n, p) draw: exact by inversion for small n·min(p, 1−p), normal approximation otherwise. */
export function binomialDraw(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const q = Math.min(p, 1 - p);
  let k: number;
  if (n * q < 30) {
    // inversion: walk the CDF from 0
    const s = q / (1 - q);
    const u = rng.next();
    let pk = Math.pow(1 - q, n);
    let cdf = pk;
    k = 0;
    while (u > cdf && k < n) {
      pk *= (s * (n - k)) / (k + 1);
      cdf += pk;
      k++;
    }
  } else {
    k = Math.round(rng.normal(n * q, Math.sqrt(n * q * (1 - q))));
    k = Math.max(0, Math.min(n, k));
  }
  return q === p ? k : n - k;
}

/** A multinomial draw of `n` over category weights (sequential conditional binomials). */
export function multinomialDraw(rng: Rng, n: number, weights: readonly number[]): number[] {
  let left = n;
  let mass = weights.reduce((a, b) => a + b, 0);
  return weights.map((w, i) => {
    if (i === weights.length - 1) return left;
    const k = mass > 0 ? binomialDraw(rng, left, w / mass) : 0;
    left -= k;
    mass -= w;
    return k;
  });
}

/** How a ratio interval was resampled: the multinomial draw itself, or its normal limit (many units, see below). */
export type RatioInterval = Interval & { method: "multinomial" | "normal" };

/**
 * With at least this many units, and this many units on each side (with a numerator above 0, and with one below the
 * denominator: tasks with a correct and tasks with a wrong rollout), the resampled sums are drawn from their normal
 * limit instead of the multinomial. Counting units, not rollouts: one task with many rollouts is still one draw.
 */
export const NORMAL_LIMIT = { units: 200, eachSide: 20 } as const;

/**
 * Cluster bootstrap of a ratio of sums Σnumerator / Σdenominator over units (tasks), from unit types and counts:
 * resampling T units with replacement is a multinomial draw of T over the types. For pass@1 averaged over rollouts, a
 * unit is a task and numerator/denominator its correct/graded rollouts; rollouts of one task move together, as they
 * should. Null when fewer than two units.
 *
 * The multinomial draw costs about T steps per resample, which at thousands of tasks and a hundred cells per page is
 * seconds. The resampled (Σnumerator, Σdenominator) is a sum of T independent draws from the units, so past
 * NORMAL_LIMIT units it is drawn from its bivariate normal limit (the units' mean and covariance, scaled by T: the
 * central limit theorem) at one step per resample; the ratio and its percentiles are taken from those draws as before.
 * The two agree to within a few percent of the interval's width there (tests/unit/compare-stats.test.ts); small or
 * lopsided samples, where the limit is poor, keep the exact multinomial.
 */
export function bootstrapRatioCI(units: readonly WeightedUnit[], options: BootstrapOptions = {}): RatioInterval | null {
  // Units of the same numerator and denominator are one category, in a fixed order, so the interval does not depend
  // on the order the units came in.
  const byRatio = new Map<string, WeightedUnit>();
  for (const u of units) {
    if (u.count <= 0 || u.denominator <= 0) continue;
    const key = `${u.numerator}/${u.denominator}`;
    const seen = byRatio.get(key);
    byRatio.set(key, seen ? { ...seen, count: seen.count + u.count } : { ...u });
  }
  const kept = [...byRatio.values()].sort((a, b) => a.denominator - b.denominator || a.numerator - b.numerator);
  const total = kept.reduce((a, u) => a + u.count, 0);
  if (total < 2) return null;
  const rng = new Rng(options.seed ?? "bootstrap");
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const withNumerator = kept.reduce((a, u) => a + (u.numerator > 0 ? u.count : 0), 0);
  const withRest = kept.reduce((a, u) => a + (u.numerator < u.denominator ? u.count : 0), 0);
  if (!options.exact && total >= NORMAL_LIMIT.units && Math.min(withNumerator, withRest) >= NORMAL_LIMIT.eachSide) {
    return { ...normalLimitRatioInterval(kept, total, rng, resamples, level), method: "normal" };
  }
  const weights = kept.map((u) => u.count);
  const stats: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const draw = multinomialDraw(rng, total, weights);
    let num = 0;
    let den = 0;
    draw.forEach((k, i) => {
      num += k * kept[i].numerator;
      den += k * kept[i].denominator;
    });
    stats.push(den === 0 ? 0 : num / den);
  }
  return { ...percentileInterval(stats, level), method: "multinomial" };
}

/** Percentile interval of Sn/Sd where (Sn, Sd)/T ~ N(mean of the units, their covariance / T). */
function normalLimitRatioInterval(units: readonly WeightedUnit[], total: number, rng: Rng, resamples: number, level: number): Interval {
  let mn = 0;
  let md = 0;
  for (const u of units) {
    mn += (u.count * u.numerator) / total;
    md += (u.count * u.denominator) / total;
  }
  let vnn = 0;
  let vdd = 0;
  let vnd = 0;
  for (const u of units) {
    const w = u.count / total;
    vnn += w * (u.numerator - mn) ** 2;
    vdd += w * (u.denominator - md) ** 2;
    vnd += w * (u.numerator - mn) * (u.denominator - md);
  }
  // Cholesky factor of the covariance of the per-unit means: [a 0; b c].
  const a = Math.sqrt(vnn / total);
  const b = a > 0 ? vnd / total / a : 0;
  const c = Math.sqrt(Math.max(0, vdd / total - b * b));
  // Resampled ratios stay within what a resample can give: between the lowest and the highest unit ratio.
  const ratios = units.map((u) => u.numerator / u.denominator);
  const lowest = Math.min(...ratios);
  const highest = Math.max(...ratios);
  const stats: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const z1 = rng.normal();
    const z2 = rng.normal();
    const ratio = (mn + a * z1) / (md + b * z1 + c * z2);
    stats.push(Math.min(highest, Math.max(lowest, ratio)));
  }
  return percentileInterval(stats, level);
}
