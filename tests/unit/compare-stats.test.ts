// lib/stats for the Compare page. Each expected value is stated with where it comes from: a textbook example or a
// computation by hand written out beside it.
import { describe, expect, it } from "vitest";
import { Rng } from "@/lib/demo/prng";
import { binomialDraw, bootstrapMeanCI, bootstrapRatioCI, quantileSorted } from "@/lib/stats/bootstrap";
import { fisherInterval, midRanks, normalQuantile, pearson, pointBiserial, spearman, spearmanFromCells } from "@/lib/stats/correlation";
import { binomial, meanPassAtK, passAtK } from "@/lib/stats/pass-at-k";
import { rankGroup, rankingAccuracy } from "@/lib/stats/ranking";
import { groupScores, reliability, rocCurve, scoreHistogram } from "@/lib/stats/roc";
import { ema } from "@/lib/stats/smoothing";

describe("pass@k (Chen et al. 2021 unbiased estimator)", () => {
  it("matches 1 − C(n−c, k)/C(n, k) by hand", () => {
    expect(passAtK(5, 2, 1)).toBeCloseTo(0.4, 12); // 1 − C(3,1)/C(5,1) = 1 − 3/5
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 12); // 1 − C(3,2)/C(5,2) = 1 − 3/10
    expect(passAtK(5, 2, 4)).toBe(1); // n − c = 3 < k: every 4-subset holds a correct one
    expect(passAtK(3, 0, 1)).toBe(0);
    expect(passAtK(3, 3, 3)).toBe(1);
    expect(passAtK(10, 1, 5)).toBeCloseTo(0.5, 12); // 1 − C(9,5)/C(10,5) = 1 − 126/252
  });
  it("is not estimable when k > n", () => {
    expect(passAtK(2, 1, 3)).toBeNull();
    expect(passAtK(2, 1, 0)).toBeNull();
  });
  it("C(n,k)", () => {
    expect(binomial(5, 2)).toBe(10);
    expect(binomial(10, 5)).toBe(252);
    expect(binomial(3, 4)).toBe(0);
  });
  it("averages over task types and counts only tasks with enough attempts", () => {
    // 2 tasks 3/3 (pass@2 = 1), 1 task 1/3 (pass@2 = 1 − C(2,2)/C(3,2) = 2/3), 1 task with 1 attempt (left out)
    const r = meanPassAtK([{ attempts: 3, correct: 3, tasks: 2 }, { attempts: 3, correct: 1, tasks: 1 }, { attempts: 1, correct: 1, tasks: 1 }], 2);
    expect(r.n).toBe(3);
    expect(r.value).toBeCloseTo((2 + 2 / 3) / 3, 12);
    expect(meanPassAtK([], 1)).toEqual({ value: null, n: 0 });
  });
});

describe("correlations", () => {
  it("Pearson: x = 1..5, y = 2,4,5,4,5 → 6/√60", () => {
    // deviations dx = −2..2, dy = −2,0,1,0,1: Σdxdy = 6, Σdx² = 10, Σdy² = 6
    const r = pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(r.r).toBeCloseTo(6 / Math.sqrt(60), 12);
    expect(r.n).toBe(5);
  });
  it("Pearson of a constant says so", () => {
    const r = pearson([1, 1, 1], [1, 2, 3]);
    expect(r.r).toBeNull();
    expect(r.note).toMatch(/constant/);
  });
  it("Spearman: the IQ / hours of TV example (Wikipedia, Spearman's rank correlation) is −29/165", () => {
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearman(iq, tv).r).toBeCloseTo(-29 / 165, 12);
  });
  it("Spearman with ties uses mid-ranks and equals the same from weighted cells", () => {
    expect(midRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(midRanks([5, 1], [3, 2])).toEqual([4, 1.5]); // value 1 ×2 → ranks 1,2 (mean 1.5); value 5 ×3 → 3,4,5 (mean 4)
    const xs = [0.1, 0.1, 0.5, 0.9, 0.9, 0.9];
    const ys = [0, 1, 0, 1, 1, 0];
    const cells = [{ x: 0.1, y: 0, count: 1 }, { x: 0.1, y: 1, count: 1 }, { x: 0.5, y: 0, count: 1 }, { x: 0.9, y: 1, count: 2 }, { x: 0.9, y: 0, count: 1 }];
    expect(spearmanFromCells(cells).r).toBeCloseTo(spearman(xs, ys).r!, 12);
  });
  it("point-biserial: scores 1..4, outcomes F,F,T,T → 2/√5", () => {
    // dx = −1.5, −0.5, 0.5, 1.5; dy = −0.5, −0.5, 0.5, 0.5: Σdxdy = 2, Σdx² = 5, Σdy² = 1
    expect(pointBiserial([1, 2, 3, 4], [false, false, true, true]).r).toBeCloseTo(2 / Math.sqrt(5), 12);
  });
  it("Fisher z interval: r = 0.5, n = 28 → se 0.2, tanh(0.5493 ± 0.392) = [0.1560, 0.7355]", () => {
    const ci = fisherInterval(0.5, 28)!;
    expect(ci.low).toBeCloseTo(0.156, 3);
    expect(ci.high).toBeCloseTo(0.7355, 3);
    expect(fisherInterval(0.5, 3)).toBeNull();
  });
  it("Spearman's interval uses Fisher z with variance factor 1.06 (Fieller, Hartley and Pearson 1957)", () => {
    // The IQ / TV example: ρ = −29/165 = −0.175758, n = 10. By hand: z = atanh ρ = −0.177602;
    // se = √(1.06 / 7) = 0.389138; z ± 1.959964·se = −0.940298 and 0.585094; tanh → [−0.735359, 0.526359].
    // (Pearson's factor 1 would give se = 0.377964 and [−0.725139, 0.510344]: the factor widens the interval.)
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    const rho = spearman(iq, tv);
    expect(rho.low).toBeCloseTo(-0.735359, 5);
    expect(rho.high).toBeCloseTo(0.526359, 5);
    const plain = fisherInterval(-29 / 165, 10)!;
    expect(plain.low).toBeCloseTo(-0.725139, 5);
    expect(plain.high).toBeCloseTo(0.510344, 5);
  });
  it("normal quantile", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 5);
  });
});

describe("ROC and AUROC", () => {
  it("positives 0.9, 0.8, 0.4 vs negatives 0.7, 0.4, 0.2: AUROC = 7.5/9 (the tie at 0.4 counts ½)", () => {
    // pairs won: 0.9 beats 3, 0.8 beats 3, 0.4 beats 0.2 and ties 0.4 → 3 + 3 + 1.5 = 7.5 of 9
    const roc = rocCurve(groupScores([0.9, 0.8, 0.4, 0.7, 0.4, 0.2], [true, true, true, false, false, false]));
    expect(roc.auroc).toBeCloseTo(7.5 / 9, 12);
    expect(roc.points[0]).toMatchObject({ fpr: 0, tpr: 0 });
    expect(roc.points.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
    // the tied threshold 0.4 is one diagonal step: from (1/3, 2/3) to (2/3, 1)
    expect(roc.points.find((p) => p.threshold === 0.4)).toMatchObject({ fpr: 2 / 3, tpr: 1 });
  });
  it("perfect, inverted and all-tied scores give 1, 0 and ½", () => {
    expect(rocCurve(groupScores([0.9, 0.1], [true, false])).auroc).toBe(1);
    expect(rocCurve(groupScores([0.1, 0.9], [true, false])).auroc).toBe(0);
    expect(rocCurve(groupScores([0.5, 0.5, 0.5], [true, false, false])).auroc).toBe(0.5);
  });
  it("says why when one class is missing", () => {
    const roc = rocCurve(groupScores([0.3, 0.6], [true, true]));
    expect(roc.auroc).toBeNull();
    expect(roc.note).toBe("no incorrect trajectories");
  });
});

describe("calibration", () => {
  it("ECE by hand: 4 at 0.2 with 1 correct, 4 at 0.8 with 3 correct → ½·|0.25 − 0.2| + ½·|0.75 − 0.8| = 0.05", () => {
    const r = reliability([{ score: 0.2, positives: 1, negatives: 3 }, { score: 0.8, positives: 3, negatives: 1 }], 10);
    expect(r.ece).toBeCloseTo(0.05, 12);
    expect(r.n).toBe(8);
    expect(r.bins[2]).toMatchObject({ n: 4, accuracy: 0.25 });
    expect(r.bins[0]).toMatchObject({ n: 0, accuracy: null, meanScore: null });
  });
  it("a score of 1 lands in the last bin; a perfectly calibrated set has ECE 0; empty input has none", () => {
    const r = reliability([{ score: 1, positives: 2, negatives: 0 }, { score: 0, positives: 0, negatives: 5 }], 10);
    expect(r.bins[9].n).toBe(2);
    expect(r.ece).toBe(0);
    expect(reliability([], 10).ece).toBeNull();
  });
  it("reliability with the exact mean score of pre-binned groups (scoreSum), as the page's 0.01 bins pass it", () => {
    // Two bins of four trajectories. Bin at 0.2: scores 0.20, 0.22, 0.25, 0.29 (sum 0.96, mean 0.24), 1 correct
    // (accuracy 0.25). Bin at 0.8: scores 0.81, 0.85, 0.88, 0.90 (sum 3.44, mean 0.86), 3 correct (0.75).
    // ECE = ½·|0.25 − 0.24| + ½·|0.75 − 0.86| = 0.005 + 0.055 = 0.06; from the bins' lower edges alone it would be
    // ½·0.05 + ½·0.05 = 0.05.
    const r = reliability([
      { score: 0.2, positives: 1, negatives: 3, scoreSum: 0.96 },
      { score: 0.8, positives: 3, negatives: 1, scoreSum: 3.44 },
    ], 10);
    expect(r.bins[2].meanScore).toBeCloseTo(0.24, 12);
    expect(r.bins[8].meanScore).toBeCloseTo(0.86, 12);
    expect(r.ece).toBeCloseTo(0.06, 12);
  });
  it("histograms scores by correctness", () => {
    const h = scoreHistogram([{ score: 0.05, positives: 1, negatives: 2 }, { score: 1, positives: 4, negatives: 0 }], 4);
    expect(h[0]).toMatchObject({ correct: 1, incorrect: 2 });
    expect(h[3]).toMatchObject({ correct: 4, incorrect: 0 });
  });
});

describe("within-group ranking", () => {
  it("by hand: correct 0.9, 0.5 vs incorrect 0.5, 0.1 → 3.5 of 4 pairs; an all-correct group adds no pair", () => {
    const r = rankingAccuracy([
      [{ score: 0.9, correct: true }, { score: 0.5, correct: true }, { score: 0.5, correct: false }, { score: 0.1, correct: false }],
      [{ score: 0.2, correct: true }, { score: 0.3, correct: true }],
    ]);
    expect(r).toMatchObject({ pairs: 4, wins: 3.5, informativeGroups: 1, uninformativeGroups: 1 });
    expect(r.accuracy).toBe(0.875);
  });
  it("unscored members take no part; no pair gives no accuracy", () => {
    expect(rankGroup([{ score: null, correct: true }, { score: 0.4, correct: false }]).pairs).toBe(0);
    expect(rankingAccuracy([]).accuracy).toBeNull();
  });
});

describe("EMA smoothing (TensorBoard's debiased form)", () => {
  it("by hand: [0, 2] at weight ½ → 0, then (0·½ + ½·2)/(1 − ¼) = 4/3", () => {
    const s = ema([0, 2], 0.5);
    expect(s[0]).toBe(0);
    expect(s[1]).toBeCloseTo(4 / 3, 12);
  });
  it("keeps a constant curve, weight 0 is the identity, nulls pass through", () => {
    expect(ema([1, 1, 1], 0.9).map((v) => Number(v!.toFixed(12)))).toEqual([1, 1, 1]);
    expect(ema([3, 1, 2], 0)).toEqual([3, 1, 2]);
    expect(ema([1, null, 1], 0.5)[1]).toBeNull();
  });
});

describe("bootstrap", () => {
  it("quantile type 7: median of 1..4 is 2.5, 0.25-quantile of 1..5 is 2", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.25)).toBe(2);
  });
  it("is seeded: the same seed gives the same interval, and a constant sample a zero-width one", () => {
    const values = [0, 1, 1, 0, 1, 1, 1, 0, 1, 0];
    expect(bootstrapMeanCI(values, { seed: "a" })).toEqual(bootstrapMeanCI(values, { seed: "a" }));
    expect(bootstrapMeanCI([2, 2, 2], { seed: "a" })).toEqual({ low: 2, high: 2 });
    expect(bootstrapMeanCI([1])).toBeNull();
  });
  it("brackets the mean with about ±1.96·σ/√n (normal theory: p = 0.5, n = 400 → ±0.049)", () => {
    const values = Array.from({ length: 400 }, (_, i) => i % 2);
    const ci = bootstrapMeanCI(values, { seed: "x", resamples: 2000 })!;
    expect(ci.low).toBeGreaterThan(0.44);
    expect(ci.low).toBeLessThan(0.46);
    expect(ci.high).toBeGreaterThan(0.54);
    expect(ci.high).toBeLessThan(0.56);
  });
  it("ratio bootstrap over task types agrees with the per-task bootstrap", () => {
    // 200 tasks: 120 with 1 of 1 correct, 80 with 0 of 1 → p = 0.6, se = √(0.24/200) = 0.0346 → ±0.068
    const ci = bootstrapRatioCI([{ numerator: 1, denominator: 1, count: 120 }, { numerator: 0, denominator: 1, count: 80 }], { seed: "t", resamples: 2000 })!;
    expect(ci.low).toBeCloseTo(0.6 - 0.068, 1);
    expect(ci.high).toBeCloseTo(0.6 + 0.068, 1);
    expect(Math.abs(ci.low - 0.532)).toBeLessThan(0.012);
    expect(Math.abs(ci.high - 0.668)).toBeLessThan(0.012);
    expect(bootstrapRatioCI([{ numerator: 1, denominator: 3, count: 1 }])).toBeNull(); // one task: no interval
  });
  it("ratio bootstrap: units of one ratio merge, in any order, into the same interval", () => {
    const units = [{ numerator: 2, denominator: 3, count: 5 }, { numerator: 0, denominator: 3, count: 4 }, { numerator: 3, denominator: 3, count: 6 }];
    const split = [{ numerator: 3, denominator: 3, count: 2 }, ...units.slice(0, 2).reverse(), { numerator: 3, denominator: 3, count: 4 }];
    expect(bootstrapRatioCI(split, { seed: "m" })).toEqual(bootstrapRatioCI(units, { seed: "m" }));
  });

  // Tasks of a typical evaluation: 3 to 12 graded rollouts each, the task's own difficulty spread around the run's
  // accuracy (so rollouts of one task agree more often than chance), grouped into (correct, graded) types.
  function evaluationTypes(tasks: number, accuracy: number, seed: string) {
    const rng = new Rng(seed);
    const types = new Map<string, { numerator: number; denominator: number; count: number }>();
    for (let t = 0; t < tasks; t++) {
      const graded = 3 + Math.floor(rng.next() * 10);
      const p = Math.min(0.98, Math.max(0.02, accuracy + rng.normal(0, 0.25)));
      let correct = 0;
      for (let r = 0; r < graded; r++) if (rng.next() < p) correct++;
      const key = `${correct}/${graded}`;
      const type = types.get(key) ?? { numerator: correct, denominator: graded, count: 0 };
      type.count++;
      types.set(key, type);
    }
    return [...types.values()];
  }

  it.each([
    [200, 0.45],
    [750, 0.3],
    [3000, 0.6],
    [12000, 0.45],
  ])("ratio bootstrap's normal limit agrees with the multinomial draw: %i tasks at accuracy %f", (tasks, accuracy) => {
    const units = evaluationTypes(tasks, accuracy, `limit-${tasks}`);
    const limit = bootstrapRatioCI(units, { seed: "l", resamples: 4000 })!;
    const exact = bootstrapRatioCI(units, { seed: "l", resamples: 4000, exact: true })!;
    expect(limit.method).toBe("normal");
    expect(exact.method).toBe("multinomial");
    // Each end within 6% of the interval's width (measured: at most 3.4%; Monte Carlo noise of 4000 resamples is about 3%).
    const width = exact.high - exact.low;
    expect(Math.abs(limit.low - exact.low)).toBeLessThan(0.06 * width);
    expect(Math.abs(limit.high - exact.high)).toBeLessThan(0.06 * width);
  });

  it("ratio bootstrap keeps the multinomial draw for small or lopsided samples", () => {
    expect(bootstrapRatioCI(evaluationTypes(199, 0.5, "small"), { seed: "s" })!.method).toBe("multinomial");
    // 500 tasks of 3 rollouts, 6 of them with a wrong rollout: too few on one side for the normal limit.
    const lopsided = [{ numerator: 3, denominator: 3, count: 494 }, { numerator: 2, denominator: 3, count: 6 }];
    const ci = bootstrapRatioCI(lopsided, { seed: "s" })!;
    expect(ci.method).toBe("multinomial");
    expect(ci.high).toBeLessThanOrEqual(1);
    // One task with 64 correct rollouts among 12,000 wrong ones: many correct rollouts, but one task.
    const oneTask = [{ numerator: 64, denominator: 64, count: 1 }, { numerator: 0, denominator: 3, count: 11_999 }];
    expect(bootstrapRatioCI(oneTask, { seed: "s" })!.method).toBe("multinomial");
  });

  it("ratio bootstrap, exact multinomial path: a tiny input's seeded interval lands on its exact percentiles", () => {
    // 6 tasks: 3 solved in both of their 2 rollouts (2/2), 3 failed in their only rollout (0/1); pass@1 = 6/9.
    // A resample of 6 tasks holds a ~ Binomial(6, ½) tasks of the first kind and 6 − a of the second, so its ratio
    // is 2a / (2a + 6 − a) = 2a / (a + 6). By hand:
    //   a      0     1     2     3     4     5      6
    //   ratio  0    2/7   1/2   2/3   4/5  10/11    1
    //   P·64   1     6    15    20    15    6      1       CDF·64: 1, 7, 22, 42, 57, 63, 64
    // The 2.5% point is where the CDF first passes 0.025·64 = 1.6: a = 1, ratio 2/7. The 97.5% point is where it
    // first passes 62.4: a = 5, ratio 10/11. A percentile of 1000 seeded draws may stray to a neighbouring atom when
    // the draws' frequencies wander (P(a = 0) = 1/64 puts ~16 of 1000 draws on 0, the 25th order statistic is the
    // cut), so each end must be within one atom of its exact point.
    const atoms = [0, 1, 2, 3, 4, 5, 6].map((a) => (2 * a) / (a + 6));
    const units = [{ numerator: 2, denominator: 2, count: 3 }, { numerator: 0, denominator: 1, count: 3 }];
    const ci = bootstrapRatioCI(units, { seed: "exact-atoms" })!;
    expect(ci.method).toBe("multinomial");
    const nearest = (v: number) => atoms.reduce((best, atom, i) => (Math.abs(atom - v) < Math.abs(atoms[best] - v) ? i : best), 0);
    expect(Math.abs(nearest(ci.low) - 1)).toBeLessThanOrEqual(1);
    expect(Math.abs(nearest(ci.high) - 5)).toBeLessThanOrEqual(1);
    // Percentiles of draws are atoms or between two neighbours (type-7 interpolation); here both land on the atoms.
    expect(ci.low).toBeCloseTo(2 / 7, 12);
    expect(ci.high).toBeCloseTo(10 / 11, 12);
    // With many draws the empirical percentiles settle on the exact ones.
    const many = bootstrapRatioCI(units, { seed: "exact-atoms", resamples: 20_000 })!;
    expect(many.low).toBeCloseTo(2 / 7, 12);
    expect(many.high).toBeCloseTo(10 / 11, 12);
  });

  it("binomial draws have the right mean in both regimes", () => {
    const rng = new Rng("b");
    let small = 0;
    let large = 0;
    for (let i = 0; i < 4000; i++) {
      small += binomialDraw(rng, 20, 0.1); // mean 2
      large += binomialDraw(rng, 1000, 0.7); // mean 700
    }
    expect(small / 4000).toBeCloseTo(2, 1);
    expect(Math.abs(large / 4000 - 700)).toBeLessThan(1);
  });
});
