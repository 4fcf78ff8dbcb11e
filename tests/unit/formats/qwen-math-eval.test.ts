import { describe, expect, it } from "vitest";
import { qwenMathEvalAdapter } from "@/lib/formats/qwen-math-eval-adapter";
import { bytesSource, collect, detectRealFile, jsonl, kinds, readRealLines, realSource } from "./helpers";

const DIR = "qwen25-math-eval-outputs";
const MATH500 = `${DIR}/Qwen2.5-Math-7B.math500.test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1.first50.jsonl`;
const AIME24 = `${DIR}/Sky-T1-math-correct-5K-32B-short.aime24.test_Sky-T1_-1_seed0_t0.0_s0_e-1.jsonl`;

describe("qwen-math-eval adapter", () => {
  it("imports MATH500: one trajectory per generation, correctness from score, level from the record", async () => {
    const detection = detectRealFile(MATH500);
    expect("adapter" in detection && detection.adapter.id).toBe("qwen-math-eval");
    const raw = readRealLines(MATH500) as Record<string, any>[];
    const { trajectories, bad, ok } = await collect(qwenMathEvalAdapter, realSource(MATH500));
    expect(bad).toEqual([]);
    expect(trajectories).toHaveLength(50);
    const t = trajectories[0];
    expect(t.task).toMatchObject({ benchmark: "MATH500", level: String(raw[0].level), externalId: "0", question: raw[0].question, groundTruth: raw[0].gt });
    expect(kinds(t)).toEqual(["message", "final_answer"]);
    expect(t.steps[1].text).toBe(raw[0].code[0]);
    expect(t.finalAnswer).toBe(raw[0].pred[0]);
    expect(t.externalId).toBe("MATH500:0");
    expect(ok[0].location).toBe("code[0]");
    expect(trajectories.map((tr) => tr.correct)).toEqual(raw.map((r) => r.score[0]));
    expect(trajectories.filter((tr) => tr.correct).length).toBe(raw.filter((r) => r.score[0]).length);
    // Empty predictions (extraction failed) are reported, and fall back to the last \boxed when there is one.
    const empty = ok.filter((e) => e.warnings.some((w) => /pred\[0\] is empty/.test(w)));
    expect(empty.length).toBe(raw.filter((r) => r.pred[0] === "").length);
  });

  it("imports AIME24 with the benchmark from the file name", async () => {
    const detection = detectRealFile(AIME24);
    expect("adapter" in detection && detection.adapter.id).toBe("qwen-math-eval");
    const raw = readRealLines(AIME24) as Record<string, any>[];
    const { trajectories, bad } = await collect(qwenMathEvalAdapter, realSource(AIME24));
    expect(bad).toEqual([]);
    expect(trajectories).toHaveLength(30);
    expect(trajectories[0].task).toMatchObject({ benchmark: "AIME24", level: null, groundTruth: raw[0].gt });
    expect(trajectories[0].finalAnswer).toBe(raw[0].pred[0]);
    expect(trajectories[0].correct).toBe(raw[0].score[0]);
    expect(trajectories.filter((t) => t.correct).length).toBe(raw.filter((r) => r.score[0]).length);
  });

  it("splits several generations, reads <think> blocks, and reports bad entries per generation", async () => {
    const record = { idx: 3, question: "1+1?", gt: "2", code: ["<think>easy</think>\nSo \\boxed{2}.", 7, "I think \\boxed{3}"], pred: ["2", "", ""], score: [true, false, false] };
    const { ok, bad } = await collect(qwenMathEvalAdapter, bytesSource("out/gsm8k/test_cot.jsonl", jsonl(record)));
    expect(ok.map((e) => [e.location, e.trajectory.externalId, e.trajectory.rolloutIndex, e.trajectory.finalAnswer, e.trajectory.correct])).toEqual([
      ["code[0]", "GSM8K:3:0", 0, "2", true],
      ["code[2]", "GSM8K:3:2", 2, "3", false],
    ]);
    expect(ok[0].trajectory.steps.map((s) => s.kind)).toEqual(["message", "reasoning", "final_answer"]);
    expect(bad).toEqual([{ ok: false, line: 1, location: "code[1]", error: "`code[1]` is a number, expected the generated text" }]);
  });

  it("rejects records without generations", async () => {
    const { bad } = await collect(qwenMathEvalAdapter, bytesSource("x/test.jsonl", jsonl({ idx: 1, question: "q", code: "text" }, { idx: 2, code: [] }, { idx: 3, question: "q", code: [], score: [] })));
    expect(bad.map((e) => e.error)).toEqual([
      "`code` is a string, expected the list of generations",
      "record has no question (expected `question` or `problem`)",
      "`code` is empty: the problem has no generation",
    ]);
  });
});
