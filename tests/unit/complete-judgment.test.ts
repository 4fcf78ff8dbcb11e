import { describe, expect, it } from "vitest";
import { judgmentInputSchema } from "@/lib/formats/trajectory-schema";
import { completeJudgment } from "@/lib/rrm/complete-judgment";

const judgment = (input: Record<string, unknown>) => judgmentInputSchema.parse({ rrmModel: "rrm", ...input });

describe("completeJudgment", () => {
  it("parses the raw output when nothing else is stated", () => {
    const done = completeJudgment(judgment({ rawOutput: "<think>t</think><critique>c</critique><score>0.4</score>" }));
    expect(done).toMatchObject({ reasoning: "t", critique: "c", score: 0.4, parseStatus: "ok", parseNotes: [] });
  });

  it("records a malformed raw output as failed with its notes, keeping the raw text", () => {
    const raw = "<think>t</think><critique>c</critique>";
    const done = completeJudgment(judgment({ rawOutput: raw }));
    expect(done).toMatchObject({ score: null, parseStatus: "failed", rawOutput: raw });
    expect(done.parseNotes).toContain("no <score> block");
  });

  it("never overrides fields the source stated", () => {
    const done = completeJudgment(judgment({ rawOutput: "<score>0.1</score>", score: 0.9, critique: "stated" }));
    expect(done).toMatchObject({ score: 0.9, critique: "stated", parseStatus: "ok" });
  });

  it("marks an empty judgment as failed", () => {
    expect(completeJudgment(judgment({}))).toMatchObject({ parseStatus: "failed", parseNotes: ["no output, critique or score"] });
  });
});
