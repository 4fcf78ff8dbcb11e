import { describe, expect, it } from "vitest";
import { combinedReward, groupAdvantages, mean, scoreRollouts, unbiasedStd, type Rollout } from "@/lib/reagent/grpo";
import { exactMatch, gradeAnswer, normalizeAnswer, ruleReward, tokenF1 } from "@/lib/reagent/rule-reward";

describe("rule reward", () => {
  it("normalises like SQuAD: case, punctuation, articles, spaces", () => {
    expect(normalizeAnswer("The  Eiffel-Tower!")).toBe("eiffel tower");
    expect(exactMatch("an Apple.", "apple")).toBe(true);
  });

  it("computes token F1 by hand-checked values", () => {
    // prediction 3 tokens, truth 2 tokens, overlap 2: P = 2/3, R = 1, F1 = 0.8
    expect(tokenF1("paris france capital", "Paris, France")).toBeCloseTo(0.8, 12);
    // overlap 1 of 4 vs 1 of 2: P = 1/4, R = 1/2, F1 = 1/3
    expect(tokenF1("born in paris today", "paris 1889")).toBeCloseTo(1 / 3, 12);
    expect(tokenF1("london", "paris")).toBe(0);
    // repeated tokens count once per occurrence in the truth
    expect(tokenF1("paris paris", "paris")).toBeCloseTo(2 / 3, 12);
  });

  it("gives 1 for an exact match against any alias", () => {
    expect(ruleReward("NYC", ["New York City", "NYC"])).toBe(1);
  });

  it("keeps F1 as partial credit only from 0.3 up", () => {
    expect(ruleReward("paris france capital", "Paris, France")).toBeCloseTo(0.8, 12);
    expect(ruleReward("born in paris today", "paris 1889")).toBeCloseTo(1 / 3, 12);
    // overlap 1 of 5 vs 1 of 2: P = 0.2, R = 0.5, F1 = 0.2857 < 0.3
    expect(ruleReward("it was in paris surely", "paris 1889")).toBe(0);
  });

  it("gives no partial credit when asked (math answers)", () => {
    expect(ruleReward("paris france capital", "Paris, France", { partialCredit: false })).toBe(0);
  });

  it("gives 0 for a missing or empty answer, or no ground truth", () => {
    expect(ruleReward(null, "x")).toBe(0);
    expect(ruleReward("   ", "x")).toBe(0);
    expect(ruleReward("x", [])).toBe(0);
  });
});

describe("gradeAnswer (refined attempts graded by the workbench)", () => {
  it("is correct on an exact match with the ground truth or an alias, with QA partial credit as the rule reward", () => {
    expect(gradeAnswer("The Eiffel Tower", { benchmark: "HotpotQA", groundTruth: "Eiffel Tower" })).toEqual({ correct: true, ruleReward: 1 });
    expect(gradeAnswer("NYC", { benchmark: "Bamboogle", groundTruth: "New York City", aliases: ["NYC"] })).toEqual({ correct: true, ruleReward: 1 });
    // F1 0.8 (hand-checked above): partial credit, but not correct
    expect(gradeAnswer("paris france capital", { benchmark: "HotpotQA", groundTruth: "Paris, France" })).toEqual({ correct: false, ruleReward: expect.closeTo(0.8, 12) });
    // same words in another order: F1 = 1, still not an exact match
    expect(gradeAnswer("france paris", { benchmark: "HotpotQA", groundTruth: "Paris France" })).toEqual({ correct: false, ruleReward: 1 });
  });

  it("gives math benchmarks no partial credit, and grades nothing without a ground truth", () => {
    expect(gradeAnswer("42 apples", { benchmark: "GSM8K", groundTruth: "42" })).toEqual({ correct: false, ruleReward: 0 });
    expect(gradeAnswer("42", { benchmark: "GSM8K", groundTruth: "42" })).toEqual({ correct: true, ruleReward: 1 });
    expect(gradeAnswer(null, { benchmark: "GSM8K", groundTruth: "42" })).toEqual({ correct: false, ruleReward: 0 });
    expect(gradeAnswer("42", { benchmark: "GAIA", groundTruth: null })).toEqual({ correct: null, ruleReward: null });
  });
});

describe("combined reward", () => {
  it("is r_rule + λ·s", () => {
    expect(combinedReward(1, 0.5, 0.3)).toBeCloseTo(1.15, 12);
    expect(combinedReward(0, 0.9, 0.1)).toBeCloseTo(0.09, 12);
  });
  it("is the rule reward alone without a score", () => {
    expect(combinedReward(1, null, 0.3)).toBe(1);
  });
});

describe("GRPO advantages", () => {
  it("uses the unbiased std", () => {
    expect(mean([1, 0, 0, 1])).toBe(0.5);
    // deviations ±0.5, sum of squares 1, / (4 − 1) → std = sqrt(1/3)
    expect(unbiasedStd([1, 0, 0, 1])).toBeCloseTo(Math.sqrt(1 / 3), 12);
  });

  it("matches hand-computed values", () => {
    const s = Math.sqrt(1 / 3);
    const [a, b] = groupAdvantages([1, 0, 0, 1]);
    expect(a).toBeCloseTo(0.5 / (s + 1e-6), 9);
    expect(b).toBeCloseTo(-0.5 / (s + 1e-6), 9);
    // rewards 1, 2, 3: mean 2, std 1 → advantages −1/(1+ε), 0, 1/(1+ε)
    const three = groupAdvantages([1, 2, 3]);
    expect(three[0]).toBeCloseTo(-1 / (1 + 1e-6), 12);
    expect(three[1]).toBe(0);
    expect(three[2]).toBeCloseTo(1 / (1 + 1e-6), 12);
  });

  it("gives 0 to a group of one and to a group of equal rewards", () => {
    expect(groupAdvantages([0.7])).toEqual([0]);
    expect(groupAdvantages([1, 1, 1])).toEqual([0, 0, 0]);
    expect(groupAdvantages([])).toEqual([]);
  });
});

describe("scoreRollouts", () => {
  const rollouts: Rollout[] = [
    { id: 1, groupKey: "g", stage: "initial", ruleReward: 0, rrmScore: 0.2 },
    { id: 2, groupKey: "g", stage: "initial", ruleReward: 1, rrmScore: 0.8 },
    { id: 3, groupKey: "g", stage: "refined", ruleReward: 1, rrmScore: 0.6 },
    { id: 4, groupKey: "g", stage: "refined", ruleReward: 1, rrmScore: null },
    { id: 5, groupKey: "h", stage: "initial", ruleReward: 1, rrmScore: 1 },
  ];

  it("keeps first attempts and retries apart without pooling", () => {
    const scored = scoreRollouts(rollouts, { lambda: 0.3, pool: false });
    expect(scored.map((r) => r.groupSize)).toEqual([2, 2, 2, 2, 1]);
    // initial group rewards 0.06 and 1.24: mean 0.65, std = |1.24 − 0.06|/sqrt(2) = 0.834386…
    const std = 1.18 / Math.sqrt(2);
    expect(scored[0].reward).toBeCloseTo(0.06, 12);
    expect(scored[1].reward).toBeCloseTo(1.24, 12);
    expect(scored[0].advantage).toBeCloseTo(-0.59 / (std + 1e-6), 9);
    expect(scored[1].advantage).toBeCloseTo(0.59 / (std + 1e-6), 9);
    expect(scored[4].advantage).toBe(0);
  });

  it("pools first attempts and retries into one group for Reagent-U", () => {
    const scored = scoreRollouts(rollouts, { lambda: 0.3, pool: true });
    expect(scored.map((r) => r.groupSize)).toEqual([4, 4, 4, 4, 1]);
    const rewards = [0.06, 1.24, 1.18, 1];
    const m = rewards.reduce((a, b) => a + b) / 4;
    const std = Math.sqrt(rewards.reduce((a, r) => a + (r - m) ** 2, 0) / 3);
    scored.slice(0, 4).forEach((r, i) => expect(r.advantage).toBeCloseTo((rewards[i] - m) / (std + 1e-6), 9));
    // advantages of a group sum to zero
    expect(scored.slice(0, 4).reduce((a, r) => a + r.advantage, 0)).toBeCloseTo(0, 9);
  });

  it("at λ = 0 ranks by rule reward only", () => {
    const scored = scoreRollouts(rollouts, { lambda: 0, pool: true });
    expect(scored.slice(0, 4).map((r) => r.reward)).toEqual([0, 1, 1, 1]);
  });
});
