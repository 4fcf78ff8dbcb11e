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
};

/** The q-quantile (0 ≤ q ≤ 1) of sorted values, linear interpolation between order statistics (R type 7). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function percentileInterval(stats: number[], level: number): Interval {
  stats.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return { low: quantileSorted(stats, alpha), high: quantileSorted(stats, 1 - alpha) };
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

/**
 * Cluster bootstrap of a ratio of sums Σnumerator / Σdenominator over units (tasks), from unit types and counts:
 * resampling T units with replacement is a multinomial draw of T over the types, so it costs O(types) per resample
 * whatever T is. For pass@1 averaged over rollouts, a unit is a task and numerator/denominator its correct/graded
 * rollouts; rollouts of one task move together, as they should. Null when fewer than two units.
 */
export function bootstrapRatioCI(units: readonly WeightedUnit[], options: BootstrapOptions = {}): Interval | null {
  const kept = units.filter((u) => u.count > 0 && u.denominator > 0);
  const total = kept.reduce((a, u) => a + u.count, 0);
  if (total < 2) return null;
  const rng = new Rng(options.seed ?? "bootstrap");
  const weights = kept.map((u) => u.count);
  const stats: number[] = [];
  for (let b = 0; b < (options.resamples ?? 1000); b++) {
    const draw = multinomialDraw(rng, total, weights);
    let num = 0;
    let den = 0;
    draw.forEach((k, i) => {
      num += k * kept[i].numerator;
      den += k * kept[i].denominator;
    });
    stats.push(den === 0 ? 0 : num / den);
  }
  return percentileInterval(stats, options.level ?? 0.95);
}
