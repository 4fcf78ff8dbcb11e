import { describe, expect, it } from "vitest";
import { accuracy, addCounts, emptyCounts, meanScore } from "@/lib/stats/accuracy";

describe("accuracy", () => {
  it("is correct over graded, ignoring ungraded trajectories", () => {
    expect(accuracy({ trajectories: 10, graded: 8, correct: 6, judged: 0, scoreSum: 0 })).toBe(0.75);
  });
  it("is null when nothing is graded, never NaN", () => {
    expect(accuracy(emptyCounts())).toBeNull();
    expect(accuracy({ trajectories: 3, graded: 0, correct: 0, judged: 0, scoreSum: 0 })).toBeNull();
  });
});

describe("meanScore", () => {
  it("averages over judged trajectories only", () => {
    expect(meanScore({ trajectories: 5, graded: 5, correct: 1, judged: 2, scoreSum: 1.5 })).toBe(0.75);
  });
  it("is null without judgments", () => {
    expect(meanScore({ trajectories: 5, graded: 5, correct: 1, judged: 0, scoreSum: 0 })).toBeNull();
  });
});

describe("addCounts", () => {
  it("adds field by field, so per-benchmark counts roll up into a run total", () => {
    const a = { trajectories: 3, graded: 2, correct: 1, judged: 3, scoreSum: 1.2 };
    const b = { trajectories: 4, graded: 4, correct: 4, judged: 1, scoreSum: 0.9 };
    expect(addCounts(a, b)).toEqual({ trajectories: 7, graded: 6, correct: 5, judged: 4, scoreSum: 2.1 });
    expect(accuracy(addCounts(a, b))).toBeCloseTo(5 / 6, 12);
    expect(addCounts(emptyCounts(), a)).toEqual(a);
  });
});
