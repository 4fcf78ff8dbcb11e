// A judgment can arrive with its fields already parsed, or only as the RRM's raw output. Fill in what the raw
// output holds, never overriding what the source stated. Pure.
import { parseRrmOutput } from "@/lib/rrm/parse-rrm-output";
import type { NormalizedJudgment } from "@/lib/formats/trajectory-schema";

export function completeJudgment(judgment: NormalizedJudgment): NormalizedJudgment {
  const { rawOutput } = judgment;
  const stated = [judgment.reasoning, judgment.critique, judgment.score].some((v) => v !== null && v !== undefined);
  if (!rawOutput || stated) {
    if (!stated && !rawOutput) return { ...judgment, parseStatus: "failed", parseNotes: [...judgment.parseNotes, "no output, critique or score"] };
    return judgment;
  }
  const parsed = parseRrmOutput(rawOutput);
  return {
    ...judgment,
    reasoning: parsed.reasoning,
    critique: parsed.critique,
    score: parsed.score,
    parseStatus: parsed.status,
    parseNotes: [...judgment.parseNotes, ...parsed.notes],
  };
}
