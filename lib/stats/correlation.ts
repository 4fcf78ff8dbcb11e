// Correlations with Fisher-z confidence intervals. Pure.

export type Correlation = { r: number | null; n: number; low: number | null; high: number | null; note?: string };

/** Standard normal quantile for a two-sided level (0.95 → 1.959964). Acklam's rational approximation. */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Sufficient statistics of a (weighted) sample of pairs; Pearson's r needs nothing else. */
export type Moments = { n: number; sx: number; sy: number; sxx: number; syy: number; sxy: number };

export function momentsOf(points: readonly { x: number; y: number; w?: number }[]): Moments {
  const m: Moments = { n: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 };
  for (const { x, y, w = 1 } of points) {
    m.n += w;
    m.sx += w * x;
    m.sy += w * y;
    m.sxx += w * x * x;
    m.syy += w * y * y;
    m.sxy += w * x * y;
  }
  return m;
}

/** Fisher-z interval around r: tanh(atanh r ± z·se), se = sqrt(varianceFactor / (n − 3)). */
export function fisherInterval(r: number, n: number, level = 0.95, varianceFactor = 1): { low: number; high: number } | null {
  if (n <= 3 || !Number.isFinite(r)) return null;
  if (Math.abs(r) >= 1) return { low: r, high: r };
  const z = Math.atanh(r);
  const se = Math.sqrt(varianceFactor / (n - 3));
  const q = normalQuantile(1 - (1 - level) / 2);
  return { low: Math.tanh(z - q * se), high: Math.tanh(z + q * se) };
}

/** Pearson's r from moments, with a Fisher-z CI. r is null when either variable is constant or n < 2. */
export function pearsonFromMoments(m: Moments, level = 0.95, varianceFactor = 1): Correlation {
  const n = Math.round(m.n);
  if (n < 2) return { r: null, n, low: null, high: null, note: "fewer than two pairs" };
  const cov = m.sxy - (m.sx * m.sy) / m.n;
  const vx = m.sxx - (m.sx * m.sx) / m.n;
  const vy = m.syy - (m.sy * m.sy) / m.n;
  if (vx <= 1e-12 * Math.max(1, m.sxx) || vy <= 1e-12 * Math.max(1, m.syy)) {
    return { r: null, n, low: null, high: null, note: vx <= 1e-12 * Math.max(1, m.sxx) ? "the first variable is constant" : "the second variable is constant" };
  }
  const r = Math.max(-1, Math.min(1, cov / Math.sqrt(vx * vy)));
  const ci = fisherInterval(r, n, level, varianceFactor);
  return { r, n, low: ci?.low ?? null, high: ci?.high ?? null, ...(ci ? {} : { note: "n ≤ 3: no interval" }) };
}

export function pearson(xs: readonly number[], ys: readonly number[], level = 0.95): Correlation {
  return pearsonFromMoments(momentsOf(xs.map((x, i) => ({ x, y: ys[i] }))), level);
}

/** Mid-ranks (1-based; ties share the mean of their ranks) of weighted distinct values. */
export function midRanks(values: readonly number[], weights?: readonly number[]): number[] {
  const order = values.map((v, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  let seen = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    let w = 0;
    while (j < order.length && values[order[j]] === values[order[i]]) {
      w += weights ? weights[order[j]] : 1;
      j++;
    }
    const rank = seen + (w + 1) / 2;
    for (let k = i; k < j; k++) ranks[order[k]] = rank;
    seen += w;
    i = j;
  }
  return ranks;
}

/**
 * Spearman's ρ (Pearson of mid-ranks, so ties are handled) from weighted cells {x, y, count}: raw pairs are cells of
 * count 1, a histogram of binned scores by correctness is a few hundred cells. CI: Fisher z with the variance factor
 * 1.06 of Fieller, Hartley and Pearson (1957).
 */
export function spearmanFromCells(cells: readonly { x: number; y: number; count: number }[], level = 0.95): Correlation {
  const xs = [...new Set(cells.map((c) => c.x))];
  const ys = [...new Set(cells.map((c) => c.y))];
  const weightX = new Map<number, number>();
  const weightY = new Map<number, number>();
  for (const c of cells) {
    weightX.set(c.x, (weightX.get(c.x) ?? 0) + c.count);
    weightY.set(c.y, (weightY.get(c.y) ?? 0) + c.count);
  }
  const wx = xs.map((x) => weightX.get(x)!);
  const wy = ys.map((y) => weightY.get(y)!);
  // Ranks of the distinct values, computed once (not once per value: that was quadratic in the number of cells).
  const ranksX = midRanks(xs, wx);
  const ranksY = midRanks(ys, wy);
  const rx = new Map(xs.map((x, i) => [x, ranksX[i]]));
  const ry = new Map(ys.map((y, i) => [y, ranksY[i]]));
  return pearsonFromMoments(momentsOf(cells.map((c) => ({ x: rx.get(c.x)!, y: ry.get(c.y)!, w: c.count }))), level, 1.06);
}

export function spearman(xs: readonly number[], ys: readonly number[], level = 0.95): Correlation {
  return spearmanFromCells(xs.map((x, i) => ({ x, y: ys[i], count: 1 })), level);
}

/** Point-biserial r between a continuous score and a binary outcome: Pearson with the outcome coded 0/1. */
export function pointBiserial(scores: readonly number[], outcomes: readonly boolean[], level = 0.95): Correlation {
  return pearson(scores, outcomes.map((o) => (o ? 1 : 0)), level);
}
