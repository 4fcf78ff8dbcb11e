// ROC curve, AUROC and calibration of a score against a binary outcome. Pure. Inputs are score groups (all
// observations sharing one score value, or one histogram bin): exact for raw scores, and for binned scores exactly the
// ROC of the binned score (ties inside a bin count half, as the Mann-Whitney statistic does).

export type ScoreGroup = { score: number; positives: number; negatives: number };

export function groupScores(scores: readonly number[], outcomes: readonly boolean[]): ScoreGroup[] {
  const map = new Map<number, ScoreGroup>();
  scores.forEach((score, i) => {
    const g = map.get(score) ?? { score, positives: 0, negatives: 0 };
    if (outcomes[i]) g.positives++;
    else g.negatives++;
    map.set(score, g);
  });
  return [...map.values()];
}

export type RocPoint = { threshold: number; fpr: number; tpr: number };
export type Roc = { points: RocPoint[]; auroc: number | null; positives: number; negatives: number; note?: string };

/**
 * ROC points from the highest threshold down (one point per distinct score, so a tie is one diagonal segment) and
 * AUROC by the trapezoid rule, which equals P(score of a positive > score of a negative) + ½ P(tie).
 */
export function rocCurve(groups: readonly ScoreGroup[]): Roc {
  const sorted = groups.filter((g) => g.positives + g.negatives > 0).sort((a, b) => b.score - a.score);
  const P = sorted.reduce((a, g) => a + g.positives, 0);
  const N = sorted.reduce((a, g) => a + g.negatives, 0);
  if (P === 0 || N === 0) {
    return { points: [], auroc: null, positives: P, negatives: N, note: P === 0 ? "no correct trajectories" : "no incorrect trajectories" };
  }
  const points: RocPoint[] = [{ threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  let area = 0;
  for (const g of sorted) {
    const prevTpr = tp / P;
    const prevFpr = fp / N;
    tp += g.positives;
    fp += g.negatives;
    area += ((fp / N - prevFpr) * (tp / P + prevTpr)) / 2;
    points.push({ threshold: g.score, fpr: fp / N, tpr: tp / P });
  }
  return { points, auroc: area, positives: P, negatives: N };
}

export type ReliabilityBin = { low: number; high: number; n: number; meanScore: number | null; accuracy: number | null };

/**
 * Reliability diagram in `bins` equal-width bins over [0, 1] (a score of exactly 1 goes in the last bin) and the
 * expected calibration error ECE = Σ (n_b / N) · |accuracy_b − meanScore_b| (Guo et al. 2017). Groups carry their
 * score; `scoreSum` lets a pre-binned histogram pass the exact mean score of a group.
 */
export function reliability(groups: readonly (ScoreGroup & { scoreSum?: number })[], bins = 10): { bins: ReliabilityBin[]; ece: number | null; n: number } {
  const acc = Array.from({ length: bins }, (_, i) => ({ low: i / bins, high: (i + 1) / bins, n: 0, pos: 0, sum: 0 }));
  for (const g of groups) {
    const count = g.positives + g.negatives;
    if (count === 0) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(g.score * bins + 1e-9)));
    acc[b].n += count;
    acc[b].pos += g.positives;
    acc[b].sum += g.scoreSum ?? g.score * count;
  }
  const N = acc.reduce((a, b) => a + b.n, 0);
  const out = acc.map((b) => ({ low: b.low, high: b.high, n: b.n, meanScore: b.n ? b.sum / b.n : null, accuracy: b.n ? b.pos / b.n : null }));
  if (N === 0) return { bins: out, ece: null, n: 0 };
  const ece = out.reduce((a, b) => (b.n ? a + (b.n / N) * Math.abs(b.accuracy! - b.meanScore!) : a), 0);
  return { bins: out, ece, n: N };
}

/** Counts of scores in `bins` equal-width bins over [0, 1], separately for correct and incorrect. */
export function scoreHistogram(groups: readonly ScoreGroup[], bins = 20): { low: number; high: number; correct: number; incorrect: number }[] {
  const out = Array.from({ length: bins }, (_, i) => ({ low: i / bins, high: (i + 1) / bins, correct: 0, incorrect: 0 }));
  for (const g of groups) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(g.score * bins + 1e-9)));
    out[b].correct += g.positives;
    out[b].incorrect += g.negatives;
  }
  return out;
}
