import { describe, expect, it } from "vitest";
import { CRITIQUE_QUALITY_RUBRIC } from "@/lib/demo/rubric";
import { computeAgreement } from "@/lib/annotation-agreement";
import { errorTagsOf, measurementLevel, noteOf, parseRubricQuestions, questionChoices, rubricQuestionsSchema, validateAnswers } from "@/lib/rubric";
import { buildRrmSftRecord, consensus, correctScore } from "@/lib/rrm/rrm-sft";
import { parseRrmOutput } from "@/lib/rrm/parse-rrm-output";
import { formatTrajectoryForRrm } from "@/lib/rrm/rrm-prompt";

const questions = parseRubricQuestions(CRITIQUE_QUALITY_RUBRIC.questions);
const GOOD = { critique_correct: "yes", specific: 4, actionable: 3, score_calibration: "about_right", error_types: ["faulty_logic"], note: "  fine  " };

describe("rubric schema", () => {
  it("accepts the seeded default rubric and all six kinds", () => {
    expect(questions.map((q) => q.type)).toEqual(["single", "scale", "scale", "single", "multi", "text"]);
    const all = rubricQuestionsSchema.parse([
      { id: "a", type: "single", label: "A", options: [{ value: "x", label: "X" }, { value: "y", label: "Y" }], ordered: true },
      { id: "b", type: "scale", label: "B", min: 1, max: 5 },
      { id: "c", type: "numeric", label: "C", min: 0, max: 1 },
      { id: "d", type: "boolean", label: "D" },
      { id: "e", type: "multi", label: "E", options: [{ value: "x", label: "X" }] },
      { id: "f", type: "text", label: "F" },
    ]);
    expect(all.map(measurementLevel)).toEqual(["ordinal", "ordinal", "interval", "nominal", null, null]);
  });

  it("refuses duplicate ids and options, one-option categoricals, inverted scales, unknown kinds", () => {
    const bad = [
      [{ id: "a", type: "boolean", label: "A" }, { id: "a", type: "boolean", label: "B" }],
      [{ id: "a", type: "single", label: "A", options: [{ value: "x", label: "X" }, { value: "x", label: "Y" }] }],
      [{ id: "a", type: "single", label: "A", options: [{ value: "x", label: "X" }] }],
      [{ id: "a", type: "scale", label: "A", min: 5, max: 1 }],
      [{ id: "a", type: "slider", label: "A" }],
      [{ id: "A b", type: "boolean", label: "A" }],
      [],
    ];
    for (const q of bad) expect(rubricQuestionsSchema.safeParse(q).success, JSON.stringify(q)).toBe(false);
  });
});

describe("validateAnswers", () => {
  it("cleans valid answers: text trimmed, empty optionals dropped", () => {
    const result = validateAnswers(questions, { ...GOOD, error_types: [] });
    expect(result).toEqual({ ok: true, answers: { critique_correct: "yes", specific: 4, actionable: 3, score_calibration: "about_right", note: "fine" } });
    const ok = validateAnswers(questions, GOOD);
    expect(ok.ok && errorTagsOf(questions, ok.answers)).toEqual(["faulty_logic"]);
    expect(ok.ok && noteOf(questions, ok.answers)).toBe("fine");
  });

  it("names every bad field: missing required, outside options, out of range, wrong type, unknown question", () => {
    const result = validateAnswers(questions, { critique_correct: "maybe", specific: 6, actionable: 2.5, error_types: ["x", "faulty_logic"], other: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.fromEntries(result.errors.map((e) => [e.path, e.message]))).toEqual({
      "answers.other": "This rubric version has no such question",
      "answers.critique_correct": "Pick one of yes, partly, no",
      "answers.specific": "Pick a whole number from 1 to 5",
      "answers.actionable": "Pick a whole number from 1 to 5",
      "answers.score_calibration": "This question needs an answer",
      "answers.error_types": "Not an option: x",
    });
    expect(validateAnswers(questions, [1, 2]).ok).toBe(false);
    const numeric = rubricQuestionsSchema.parse([{ id: "n", type: "numeric", label: "N", min: 0, max: 1, required: true }, { id: "b", type: "boolean", label: "B" }]);
    expect(validateAnswers(numeric, { n: 2, b: "yes" })).toMatchObject({ ok: false, errors: [{ path: "answers.n", message: "At most 1" }, { path: "answers.b" }] });
  });

  it("offers 1–9 choices for categorical, scale and boolean questions", () => {
    expect(questionChoices(questions[0]).map((c) => c.value)).toEqual(["yes", "partly", "no"]);
    expect(questionChoices(questions[1]).map((c) => c.value)).toEqual([1, 2, 3, 4, 5]);
    expect(questionChoices(questions[5])).toEqual([]);
  });
});

describe("computeAgreement", () => {
  it("computes per-question statistics and humans against the RRM", () => {
    const unit = (id: number, correct: boolean, score: number, answers: Record<string, Record<string, unknown>>) => ({ trajectoryId: id, judgmentId: id, correct, rrmScore: score, answers });
    const report = computeAgreement(questions, [
      unit(1, false, 0.8, { a: { ...GOOD, critique_correct: "no", score_calibration: "too_high" }, b: { ...GOOD, critique_correct: "no", score_calibration: "too_high" } }),
      unit(2, true, 0.9, { a: GOOD, b: GOOD }),
      unit(3, false, 0.2, { a: { ...GOOD, specific: 2 }, b: { ...GOOD, critique_correct: "partly" } }),
    ]);
    const cc = report.questions.find((q) => q.questionId === "critique_correct")!;
    expect(cc).toMatchObject({ items: 3, annotators: 2, level: "nominal", fleissKappa: null });
    expect(cc.percentAgreement).toBeCloseTo(2 / 3, 12);
    expect(cc.confusion?.counts).toEqual([[1, 1, 0], [0, 0, 0], [0, 0, 1]]);
    expect(report.questions.find((q) => q.questionId === "specific")!.level).toBe("ordinal");
    expect(report.humanVsRrm.scoreCalibration?.find((s) => s.answer === "too_high")).toEqual({ answer: "too_high", count: 2, meanRrmScore: 0.8 });
    expect(report.humanVsRrm.critiqueVsCorrectness?.counts).toEqual([[2, 1, 0], [0, 1, 0], [0, 2, 0]]);
    expect(report.humanVsRrm.rrmVsCorrectness).toEqual({ items: 3, agree: 2, rate: 2 / 3 });
  });
});

describe("rrm-sft records", () => {
  const base = { question: "Q?", userMessage: "Question: Q?\n\nAgent Trajectory: …", systemPrompt: "SYS", judgment: { reasoning: "r", critique: "Step 2 is wrong.", score: 0.8 } };
  it("keeps agreed judgments, moves scores the annotators called too high or too low, replaces wrong critiques with their notes", () => {
    const kept = buildRrmSftRecord({ ...base, annotations: [GOOD, GOOD] }, { minAnnotators: 2, minAgreement: 0.67 });
    expect("record" in kept && kept.record.messages.map((m) => m.role)).toEqual(["system", "user", "assistant"]);
    if (!("record" in kept)) return;
    expect(parseRrmOutput(kept.record.messages[2].content)).toMatchObject({ status: "ok", critique: "Step 2 is wrong.", score: 0.8, reasoning: "r" });

    const wrong = { critique_correct: "no", score_calibration: "too_high", note: "Step 3 hallucinates the file." };
    const fixed = buildRrmSftRecord({ ...base, annotations: [wrong, wrong, GOOD] }, { minAnnotators: 2, minAgreement: 0.6 });
    expect("record" in fixed && parseRrmOutput(fixed.record.messages[2].content)).toMatchObject({ critique: "Step 3 hallucinates the file.", score: 0.4 });
    expect("record" in fixed && fixed.record.metadata).toMatchObject({ critique: "replaced", score: "lowered", originalScore: 0.8 });
  });

  it("leaves out items with too few annotators, low agreement, ties, or a wrong critique nobody rewrote", () => {
    const o = { minAnnotators: 2, minAgreement: 0.67 };
    expect(buildRrmSftRecord({ ...base, annotations: [GOOD] }, o)).toEqual({ skipped: "too few annotators" });
    expect(buildRrmSftRecord({ ...base, annotations: [GOOD, { ...GOOD, critique_correct: "no" }] }, o)).toEqual({ skipped: "no majority answer" });
    expect(buildRrmSftRecord({ ...base, annotations: [GOOD, GOOD, { ...GOOD, critique_correct: "no" }] }, { ...o, minAgreement: 0.9 })).toEqual({ skipped: "agreement below threshold" });
    expect(buildRrmSftRecord({ ...base, annotations: [{ ...GOOD, critique_correct: "no", note: undefined }, { ...GOOD, critique_correct: "no", note: undefined }] }, o)).toEqual({
      skipped: "critique judged wrong without a corrected critique",
    });
  });

  it("corrects scores halfway and counts majorities", () => {
    expect(correctScore(0.8, "too_high")).toBe(0.4);
    expect(correctScore(0.2, "too_low")).toBe(0.6);
    expect(correctScore(0.7, "about_right")).toBe(0.7);
    expect(consensus([{ a: "x" }, { a: "x" }, { a: "y" }, {}], "a")).toEqual({ answer: "x", share: 2 / 3, count: 3 });
  });

  it("writes the trajectory in the agent's ChatML conventions, without the question and system prompt", () => {
    const text = formatTrajectoryForRrm([
      { index: 0, kind: "message", role: "user", text: "Q?" },
      { index: 1, kind: "reasoning", text: "plan" },
      { index: 2, kind: "tool_call", tool: { name: "search", arguments: { q: "x" } } },
      { index: 3, kind: "tool_result", text: "result" },
      { index: 4, kind: "final_answer", text: "\\boxed{4}", answer: "4" },
    ]);
    expect(text).toBe('<think>\nplan\n</think>\n\n<tool_call>\n{"name":"search","arguments":{"q":"x"}}\n</tool_call>\n\n<tool_response>\nresult\n</tool_response>\n\n\\boxed{4}');
  });
});
