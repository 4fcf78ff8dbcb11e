// rrm-sft training records from annotated judgments: the RRM's own output, with its critique and score corrected
// where the annotators agreed it was wrong, kept only where they agreed enough. Pure: no I/O.
import { formatRrmOutput } from "@/lib/rrm/parse-rrm-output";

export type Consensus = { answer: string | null; share: number; count: number };

/** The most given answer to `questionId` and the share of answers that gave it (ties: no answer). */
export function consensus(answers: ReadonlyArray<Record<string, unknown>>, questionId: string): Consensus {
  const counts = new Map<string, number>();
  let count = 0;
  for (const a of answers) {
    const v = a[questionId];
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") continue;
    counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
    count++;
  }
  const sorted = [...counts.entries()].sort((x, y) => y[1] - x[1]);
  if (!sorted.length) return { answer: null, share: 0, count };
  const tie = sorted.length > 1 && sorted[1][1] === sorted[0][1];
  return { answer: tie ? null : sorted[0][0], share: sorted[0][1] / count, count };
}

export type SftInput = {
  question: string;
  userMessage: string;
  systemPrompt: string;
  judgment: { reasoning: string | null; critique: string | null; score: number | null };
  /** Each annotator's answers (the default rubric: critique_correct, score_calibration, note). */
  annotations: ReadonlyArray<Record<string, unknown>>;
};

export type SftOptions = { minAnnotators: number; minAgreement: number };

export type SftRecord = {
  messages: [{ role: "system"; content: string }, { role: "user"; content: string }, { role: "assistant"; content: string }];
  metadata: { critique: "kept" | "extended" | "replaced"; score: "kept" | "lowered" | "raised"; originalScore: number; annotators: number; agreement: number };
};

/** Moves a score halfway towards 0 ("too high") or 1 ("too low"), rounded to two decimals. */
export function correctScore(score: number, calibration: string | null): number {
  const moved = calibration === "too_high" ? score / 2 : calibration === "too_low" ? score + (1 - score) / 2 : score;
  return Math.round(moved * 100) / 100;
}

/**
 * One training record, or the reason there is none. Filters: at least `minAnnotators` annotations; on both
 * "critique correct" and "RRM score is …" the majority answer held by at least `minAgreement` of them. Corrections:
 * critique "no" → replaced by the notes of the annotators who said so; "partly" → the RRM critique followed by their
 * notes; without notes such an item is left out (nobody wrote the right critique). Score "too high"/"too low" →
 * moved halfway to 0/1. The <think> block is the RRM's own reasoning.
 */
export function buildRrmSftRecord(input: SftInput, options: SftOptions): { record: SftRecord } | { skipped: string } {
  const n = input.annotations.length;
  if (n < options.minAnnotators) return { skipped: "too few annotators" };
  if (input.judgment.score === null || input.judgment.critique === null) return { skipped: "judgment without critique or score" };
  const critique = consensus(input.annotations, "critique_correct");
  const calibration = consensus(input.annotations, "score_calibration");
  if (!critique.answer || !calibration.answer) return { skipped: "no majority answer" };
  if (critique.share < options.minAgreement || calibration.share < options.minAgreement) return { skipped: "agreement below threshold" };

  const notes = [
    ...new Set(input.annotations.filter((a) => a.critique_correct === critique.answer && typeof a.note === "string" && a.note.trim()).map((a) => (a.note as string).trim())),
  ];
  let text = input.judgment.critique;
  let critiqueFix: SftRecord["metadata"]["critique"] = "kept";
  if (critique.answer === "no" || critique.answer === "partly") {
    if (!notes.length) return { skipped: "critique judged wrong without a corrected critique" };
    text = critique.answer === "no" ? notes.join("\n\n") : `${input.judgment.critique}\n\n${notes.join("\n\n")}`;
    critiqueFix = critique.answer === "no" ? "replaced" : "extended";
  }
  const score = correctScore(input.judgment.score, calibration.answer);
  return {
    record: {
      messages: [
        { role: "system", content: input.systemPrompt },
        { role: "user", content: input.userMessage },
        { role: "assistant", content: formatRrmOutput({ reasoning: input.judgment.reasoning ?? "", critique: text, score }) },
      ],
      metadata: {
        critique: critiqueFix,
        score: score < input.judgment.score ? "lowered" : score > input.judgment.score ? "raised" : "kept",
        originalScore: input.judgment.score,
        annotators: n,
        agreement: Math.min(critique.share, calibration.share),
      },
    },
  };
}
