// No real verl dump exists in shared/: these records follow verl's RayPPOTrainer._dump_generations
// ({input, output, gts, score, step, …reward_extra_infos}) with prompts decoded as verl decodes them.
import { describe, expect, it } from "vitest";
import { detectFormat, sampleFromBytes } from "@/lib/formats/registry";
import { promptTurns, responseTurns, verlAdapter } from "@/lib/formats/verl-adapter";
import { bytesSource, collect, jsonl, kinds, toolNames } from "./helpers";

// skip_special_tokens=True: the <|im_start|>/<|im_end|> markers are gone, role names stay on their own lines.
const promptA = "system\nYou are a helpful agent. Call tools with <tool_call>.\nuser\nWhat is 17 * 23? Put the answer in \\boxed{}.\nassistant\n";
const promptB = "<|im_start|>system\nAnswer briefly.<|im_end|>\n<|im_start|>user\nWho wrote Dune?<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n";

const toolRollout =
  '<think>Use python.</think>\n<tool_call>\n{"name": "python", "arguments": {"code": "print(17*23)"}}\n</tool_call>\nuser\n<tool_response>\n391\n</tool_response>\nassistant\n<think>Got it.</think>\nThe product is \\boxed{391}.';

const records = [
  { input: promptA, output: toolRollout, gts: "391", score: 1.0, step: 12, acc: true },
  { input: promptB, output: "Frank Herbert wrote \\boxed{Frank Herbert}.", gts: ["Frank Herbert"], score: 1.24, step: 12, rrm_score: 0.8, rrm_output: "<think>ok</think><critique>Concise.</critique><score>0.8</score>" },
  { input: promptA, output: "<think>guess</think>The answer is \\boxed{381}.", gts: "391", score: 0.0, step: 12, acc: false },
  { input: promptB, output: "It was \\boxed{Isaac Asimov}.", gts: ["Frank Herbert"], score: 0.3, step: 12, rrm_score: 1.0 },
  { input: promptA, output: "<think>cut off mid-thought", gts: "391", score: 0, step: 12 },
  { input: promptA, output: "\\boxed{391}", gts: { target: "391" }, score: 1, step: 13 },
];

describe("verl adapter", () => {
  it("detects {step}.jsonl dumps", () => {
    for (const name of ["rollouts/12.jsonl", "dump.jsonl"]) {
      const detection = detectFormat(sampleFromBytes(name, new TextEncoder().encode(jsonl(...records)), true));
      expect("adapter" in detection && detection.adapter.id).toBe("verl");
    }
  });

  it("groups rollouts of one prompt per step and numbers them in file order", async () => {
    const { trajectories, bad } = await collect(verlAdapter, bytesSource("rollouts/12.jsonl", jsonl(...records), 200));
    expect(bad).toEqual([]);
    const keys = trajectories.map((t) => t.groupKey!);
    expect(keys[0]).toMatch(/^step-12\/[0-9a-f]{14}$/);
    expect(keys[2]).toBe(keys[0]);
    expect(keys[4]).toBe(keys[0]);
    expect(keys[3]).toBe(keys[1]);
    expect(keys[1]).not.toBe(keys[0]);
    expect(keys[5]).toBe(keys[0].replace("step-12", "step-13"));
    expect(trajectories.map((t) => t.rolloutIndex)).toEqual([0, 0, 1, 1, 2, 0]);
    expect(trajectories.map((t) => t.externalId)).toEqual(trajectories.map((t) => `${t.groupKey}/${t.rolloutIndex}`));
    expect(trajectories.map((t) => t.trainingStep)).toEqual([12, 12, 12, 12, 12, 13]);
  });

  it("reads correctness and rule reward by the documented rule", async () => {
    const { trajectories } = await collect(verlAdapter, bytesSource("12.jsonl", jsonl(...records)));
    // acc when reported; else score >= 1 (Reagent-R: 1.24 = correct + 0.3 * 0.8; 0.3 = wrong + 0.3 * 1.0).
    expect(trajectories.map((t) => t.correct)).toEqual([true, true, false, false, false, true]);
    expect(trajectories.map((t) => t.ruleReward)).toEqual([1, 1, 0, 0.3, 0, 1]);
    expect(trajectories[1].metadata).toEqual({ score: 1.24, rewards: { rrm_score: 0.8 } });
    expect(trajectories[1].judgments).toEqual([expect.objectContaining({ rrmModel: "unknown", critique: "Concise.", score: 0.8, parseStatus: "ok" })]);
  });

  it("turns a multi-turn response into steps and takes the question from the prompt", async () => {
    const { trajectories } = await collect(verlAdapter, bytesSource("12.jsonl", jsonl(...records)));
    const t = trajectories[0];
    expect(t.task).toMatchObject({ benchmark: "unknown", question: "What is 17 * 23? Put the answer in \\boxed{}.", groundTruth: "391" });
    expect(kinds(t)).toEqual(["message", "message", "reasoning", "tool_call", "tool_result", "reasoning", "final_answer"]);
    expect(toolNames(t)).toEqual(["python"]);
    expect(t.steps[4]).toMatchObject({ text: "391", result: { name: "python" } });
    expect(t.finalAnswer).toBe("391");

    const b = trajectories[1];
    expect(b.task.question).toBe("Who wrote Dune?");
    expect(kinds(b)).toEqual(["message", "message", "final_answer"]);
    expect(b.finalAnswer).toBe("Frank Herbert");
    expect(trajectories[4].finalAnswer).toBeNull();
    expect(kinds(trajectories[4])).toEqual(["message", "message", "reasoning"]);
    expect(trajectories[5].task.groundTruth).toBe("391");
  });

  it("splits prompts and responses", () => {
    expect(promptTurns(promptB).map((t) => t.role)).toEqual(["system", "user"]);
    expect(promptTurns("plain prompt").map((t) => [t.role, t.parts])).toEqual([["user", [{ kind: "text", text: "plain prompt" }]]]);
    expect(responseTurns(toolRollout).map((t) => t.role)).toEqual(["assistant", "tool", "assistant"]);
    expect(responseTurns("a<|im_end|>\n<|im_start|>user\n<tool_response>r</tool_response><|im_end|>\n<|im_start|>assistant\nb").map((t) => [t.role, t.parts[0]])).toEqual([
      ["assistant", { kind: "text", text: "a" }],
      ["tool", { kind: "text", text: "r" }],
      ["assistant", { kind: "text", text: "b" }],
    ]);
  });

  it("takes the step from the file name when records lack it, and rejects bad records", async () => {
    const text = jsonl(
      { input: promptA, output: "\\boxed{1}", score: 0 },
      { input: 5, output: "x", score: 1, step: 1 },
      { input: promptA, output: "x", score: "1", step: 1 },
      { input: promptA, output: "x", score: 1, step: -2 },
      { input: promptA, output: null, score: 1, step: 1 },
    );
    const { ok, bad } = await collect(verlAdapter, bytesSource("dumps/40.jsonl", text));
    expect(ok[0].trajectory.trainingStep).toBe(40);
    expect(ok[0].trajectory.groupKey).toMatch(/^step-40\//);
    expect(ok[0].warnings.some((w) => /no benchmark/.test(w))).toBe(true);
    expect(bad.map((e) => [e.line, e.error])).toEqual([
      [2, "`input` is a number, expected the prompt text"],
      [3, "`score` is a string, expected a number"],
      [4, "`step` is a number (-2), expected a non-negative integer"],
      [5, "`output` is null, expected the response text"],
    ]);
  });

  it("uses data_source as the benchmark", async () => {
    const { trajectories } = await collect(verlAdapter, bytesSource("1.jsonl", jsonl({ ...records[0], data_source: "math500" })));
    expect(trajectories[0].task.benchmark).toBe("MATH500");
  });
});
