// Agreement statistics against published worked examples, to three decimals.
import { describe, expect, it } from "vitest";
import {
  byUnit,
  categoriesOf,
  cohenKappa,
  cohenKappaFromTable,
  confusionMatrix,
  fleissKappa,
  fleissKappaFromCounts,
  krippendorffAlpha,
  percentAgreement,
} from "@/lib/stats/agreement";

const repeat = <T,>(value: T, n: number): T[] => new Array<T>(n).fill(value);

// Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses (depression, personality disorder,
// schizophrenia, neurosis, other). Fleiss reports κ = .430 (P̄ = .556, P̄e = .220).
const FLEISS_1971 = [
  [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
  [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
  [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
  [0, 0, 5, 0, 1], [3, 0, 0, 1, 2], [5, 1, 0, 0, 0], [0, 2, 0, 4, 0], [1, 0, 2, 0, 3],
  [0, 0, 0, 0, 6], [0, 1, 0, 5, 0], [0, 2, 0, 1, 3], [2, 0, 0, 4, 0], [1, 0, 0, 4, 1],
  [0, 5, 0, 1, 0], [4, 0, 0, 0, 2], [0, 2, 0, 4, 0], [1, 0, 5, 0, 0], [0, 0, 0, 0, 6],
];

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units, missing
// values. Reported: nominal α = 0.743, ordinal 0.815, interval 0.849, ratio 0.797.
const N = null;
const KRIPPENDORFF_C = byUnit([
  [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
  [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]);

describe("Fleiss' kappa", () => {
  it("reproduces Fleiss (1971), Table 1: κ = .430", () => {
    expect(FLEISS_1971.every((row) => row.reduce((s, c) => s + c, 0) === 6)).toBe(true);
    expect(fleissKappaFromCounts(FLEISS_1971)).toBeCloseTo(0.430, 3);
  });

  it("reproduces the 10 subjects × 14 raters example of Fleiss' kappa's Wikipedia article: κ = 0.210", () => {
    const table = [
      [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ];
    expect(fleissKappaFromCounts(table)).toBeCloseTo(0.210, 3);
  });

  it("gives the same κ from raw ratings as from the count table", () => {
    const labels = ["dep", "pers", "schiz", "neur", "other"];
    const units = FLEISS_1971.map((row) => row.flatMap((count, j) => repeat(labels[j], count)));
    expect(fleissKappa(units, labels)).toBeCloseTo(fleissKappaFromCounts(FLEISS_1971)!, 12);
  });

  it("leaves out units with fewer than two ratings and is null when nothing can be measured", () => {
    expect(fleissKappa([["a", "a", "b"], ["b", "b", "b"], ["a", null, null]])).toBeCloseTo(fleissKappa([["a", "a", "b"], ["b", "b", "b"]])!, 12);
    expect(fleissKappa([["a"], [null]])).toBeNull();
    expect(fleissKappa([["a", "a"], ["a", "a"]])).toBeNull(); // one category only: chance agreement is 1
  });

  it("is 1 for perfect agreement and negative below chance", () => {
    expect(fleissKappa([["a", "a", "a"], ["b", "b", "b"], ["c", "c", "c"]])).toBeCloseTo(1, 12);
    expect(fleissKappa([["a", "b"], ["b", "a"], ["a", "b"], ["b", "a"]])!).toBeLessThan(0);
  });
});

describe("Krippendorff's alpha", () => {
  it("reproduces Krippendorff (2011) C, with missing data: nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797", () => {
    expect(krippendorffAlpha(KRIPPENDORFF_C, { level: "nominal" })).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(KRIPPENDORFF_C, { level: "ordinal" })).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(KRIPPENDORFF_C, { level: "interval" })).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(KRIPPENDORFF_C, { level: "ratio" })).toBeCloseTo(0.797, 3);
  });

  it("reproduces Krippendorff (2011) A, two observers, binary data: α = 0.095", () => {
    const data = byUnit([
      [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    ]);
    expect(krippendorffAlpha(data)).toBeCloseTo(0.095, 3);
  });

  it("reproduces Krippendorff (2011) B, two observers, nominal a–d: α = 0.692", () => {
    const data = byUnit([
      ["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"],
      ["b", "a", "b", "b", "b", "c", "c", "c", "e", "d", "d", "d"],
    ]);
    expect(krippendorffAlpha(data)).toBeCloseTo(0.692, 3);
  });

  it("takes an explicit order for ordinal string values", () => {
    const order = ["low", "mid", "high"];
    const asText = KRIPPENDORFF_C.map((u) => u.map((v) => (v === null ? null : ["x", "low", "mid", "high", "top", "max"][v as number])));
    const numeric = krippendorffAlpha(KRIPPENDORFF_C.map((u) => u.map((v) => (v !== null && (v as number) <= 3 ? v : null))), { level: "ordinal" });
    const text = krippendorffAlpha(asText.map((u) => u.map((v) => (v && order.includes(v) ? v : null))), { level: "ordinal", order });
    expect(text).toBeCloseTo(numeric!, 12);
  });

  it("is null without pairable values or without variation, and rejects text for the interval metric", () => {
    expect(krippendorffAlpha([[1, null], [null, 2]])).toBeNull();
    expect(krippendorffAlpha([[1, 1], [1, 1]])).toBeNull();
    expect(() => krippendorffAlpha([["a", "b"]], { level: "interval" })).toThrow(/numeric/);
  });
});

describe("Cohen's kappa", () => {
  it("reproduces the 2×2 textbook example (20/5/10/15 of 50): κ = 0.4", () => {
    expect(cohenKappaFromTable([[20, 5], [10, 15]])).toBeCloseTo(0.4, 3);
  });

  it("reproduces Altman (1991), two radiologists on 85 xeromammograms: κ = 0.473", () => {
    expect(cohenKappaFromTable([[21, 12, 0, 0], [4, 17, 1, 0], [3, 9, 15, 2], [0, 0, 0, 1]])).toBeCloseTo(0.473, 3);
  });

  it("reproduces Artstein & Poesio (2008), Table 4: κ = 0.8013", () => {
    const a = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const b = [...repeat(0, 52), ...repeat(1, 32), ...repeat(2, 16)];
    // Lined up unit by unit these give Table 4's joint counts: [[46, 0, 0], [6, 32, 6], [0, 0, 10]].
    expect(confusionMatrix(a, b).counts).toEqual([[46, 0, 0], [6, 32, 6], [0, 0, 10]]);
    expect(cohenKappa(a, b)).toBeCloseTo(0.8013, 3);
  });

  it("weights ordinal disagreements (linear 0.9412, quadratic 0.9541, unweighted 0.9315; scikit-learn's reference values)", () => {
    const a = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const b = [...repeat(0, 50), ...repeat(1, 40), ...repeat(2, 10)];
    expect(cohenKappa(a, b)).toBeCloseTo(0.9315, 3);
    expect(cohenKappa(a, b, { weights: "linear" })).toBeCloseTo(0.9412, 3);
    expect(cohenKappa(a, b, { weights: "quadratic" })).toBeCloseTo(0.9541, 3);
  });

  it("leaves out pairs with a missing side and is null without data", () => {
    expect(cohenKappa(["y", "y", "n", null], ["y", "y", "n", "n"])).toBeCloseTo(1, 12);
    expect(cohenKappa([null], ["y"])).toBeNull();
    expect(() => cohenKappa(["y"], ["y", "n"])).toThrow(/ratings/);
  });
});

describe("percent agreement and confusion matrices", () => {
  it("averages the share of agreeing pairs over units with two or more values", () => {
    expect(percentAgreement([["a", "a"], ["a", "b"], ["a", null]])).toBeCloseTo(0.5, 12);
    expect(percentAgreement([["a", "a", "b"]])).toBeCloseTo(1 / 3, 12);
    expect(percentAgreement([["a"], [null, null]])).toBeNull();
  });

  it("cross-tabulates two raters in category order", () => {
    const m = confusionMatrix(["yes", "no", "yes", "partly", null], ["yes", "yes", "no", "partly", "no"], ["yes", "partly", "no"]);
    expect(m.categories).toEqual(["yes", "partly", "no"]);
    expect(m.counts).toEqual([[1, 0, 1], [0, 1, 0], [1, 0, 0]]);
    expect(m.total).toBe(4);
    expect(() => confusionMatrix(["x"], ["yes"], ["yes"])).toThrow(/categories/);
  });

  it("orders categories: numbers ascending, then strings as first seen", () => {
    expect(categoriesOf([3, "b", 1, null, "a", 2, 3])).toEqual([1, 2, 3, "b", "a"]);
  });
});
