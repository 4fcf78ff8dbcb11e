import { describe, expect, it } from "vitest";
import { parseVerlMetricLine } from "../../scripts/jobs/forward-metrics.mjs";

describe("verl console metrics (scripts/jobs/forward-metrics.mjs)", () => {
  it("reads verl's `step:N - key:value` lines, numbers only", () => {
    expect(parseVerlMetricLine("step:12 - critic/score/mean:0.53 - response_length/mean:812.0 - timing_s/step:41.2")).toEqual({
      step: 12,
      metrics: [
        { name: "critic/score/mean", step: 12, value: 0.53 },
        { name: "response_length/mean", step: 12, value: 812 },
        { name: "timing_s/step", step: 12, value: 41.2 },
      ],
    });
    // A logger prefix before the metrics (loguru, Ray's worker tags) is fine; non-numbers are dropped.
    expect(parseVerlMetricLine("(TaskRunner pid=77) step:3 - val-core/gsm8k/reward/mean@1:0.9 - note:nan")).toEqual({
      step: 3,
      metrics: [{ name: "val-core/gsm8k/reward/mean@1", step: 3, value: 0.9 }],
    });
  });

  it("ignores every other line", () => {
    for (const line of ["", "Training Progress: 12%|█▏ | 12/100", "step:5", "steps: 1 - a:b", "the step:4 - loss was high"]) {
      expect(parseVerlMetricLine(line), line).toBeNull();
    }
  });
});
