// No real Reagent evaluation file exists in shared/: these records are written by hand, field for field as DESIGN §2
// and Reagent's Evaluation/unified_eval (agent.py, run.py, auto_judge.py) describe them.
import { describe, expect, it } from "vitest";
import { reagentEvalAdapter } from "@/lib/formats/reagent-eval-adapter";
import { detectFormat, sampleFromBytes } from "@/lib/formats/registry";
import { bytesSource, collect, jsonl, kinds, toolNames } from "./helpers";

const SYSTEM = "You are a deep research assistant. Use <tool_call> to call tools: search, browse, python.";

const solved = {
  question: "What is the capital of the country whose flag has a cedar tree?",
  answer: "Beirut",
  messages: [
    { role: "system", content: SYSTEM },
    { role: "user", content: "What is the capital of the country whose flag has a cedar tree?" },
    {
      role: "assistant",
      content:
        '<think>\nThe cedar flag is Lebanon. Let me confirm.\n</think>\n<tool_call>\n{"name": "search", "arguments": {"query": ["flag with cedar tree"]}}\n</tool_call>',
    },
    { role: "user", content: "<tool_response>\n1. Flag of Lebanon - a green cedar on white…\n</tool_response>" },
    {
      role: "assistant",
      content:
        '<think>Check the capital too, and compute nothing.</think>\n<tool_call>\n{"name": "browse", "arguments": {"url": "https://en.wikipedia.org/wiki/Lebanon", "goal": "capital"}}\n</tool_call>\n<tool_call>\n{"name": "python", "arguments": "{\\"code\\": \\"print(1)\\"}"}\n</tool_call>',
    },
    { role: "user", content: "<tool_response>\nCapital: Beirut\n</tool_response>\n<tool_response>\n1\n</tool_response>" },
    { role: "assistant", content: "<think>\nBeirut it is.\n</think>\n<answer>\\boxed{Beirut}</answer>" },
  ],
  prediction: "<think>\nBeirut it is.\n</think>\n<answer>\\boxed{Beirut}</answer>",
  termination: "no_tool_call",
  auto_judge: {
    score: 1,
    extracted_answer: "\\boxed{Beirut}",
    judge_response: "<reasoning>matches</reasoning><extracted_final_answer>Beirut</extracted_final_answer><label>yes</label>",
    ground_truth: "Beirut",
    question: "What is the capital of the country whose flag has a cedar tree?",
  },
};

const exceeded = {
  question: "How many moons does the seventh planet have?",
  answer: ["28", "twenty-eight"],
  messages: [
    { role: "system", content: SYSTEM },
    { role: "user", content: "How many moons does the seventh planet have?" },
    { role: "assistant", content: '<think>search</think>\n<tool_call>\n{"name": "search", "arguments": {"query": ["Uranus moons"]}}\n</tool_call>' },
    { role: "user", content: "<tool_response>\nUranus has 27 known moons (2023)…\n</tool_response>" },
    { role: "user", content: "\n--- Final Step Reached ---\nNow you reach the final step. \nYou are forbidden to call any tools.\nYou must offer your final answer now." },
    { role: "assistant", content: "<think>Go with 27.</think>\nThe seventh planet has \\boxed{27} moons." },
  ],
  prediction: "<think>Go with 27.</think>\nThe seventh planet has \\boxed{27} moons.",
  termination: "exceed_llm_calls",
  auto_judge: { score: 0, extracted_answer: "<think>Go with 27.</think>\nThe seventh planet has \\boxed{27} moons.", judge_response: "<label>no</label>", ground_truth: ["28", "twenty-eight"], question: "How many moons does the seventh planet have?" },
};

const failed = {
  question: "Which element has atomic number 79?",
  answer: "Gold",
  rollout_idx: 2,
  rollout_id: 2,
  error: "Timeout (>1800s)",
  messages: [],
  prediction: "[Failed]",
};

const truncated = {
  question: "Name the river that flows through Baghdad.",
  answer: "Tigris",
  messages: [
    { role: "system", content: SYSTEM },
    { role: "user", content: "Name the river that flows through Baghdad." },
    { role: "assistant", content: '<think>search</think><tool_call>{"name": "search", "arguments": {"query": ["Baghdad river"]}}</tool_call>' },
    { role: "user", content: "\n--- Maximum Length Limit Reached ---\nYou have reached the maximum length limit. \nThe response is truncated.\n--- Final Step Reached ---\nYou must offer your final answer now." },
    { role: "assistant", content: "<think>I remember: the Tigris.</think>\n<answer>Tigris</answer>" },
  ],
  prediction: "<think>I remember: the Tigris.</think>\n<answer>Tigris</answer>",
  termination: "token_limit_reached",
  auto_judge: { score: 1, extracted_answer: "Tigris", judge_response: "<label>yes</label>", ground_truth: "Tigris", question: "Name the river that flows through Baghdad." },
};

describe("reagent-eval adapter", () => {
  it("detects iter{k}.jsonl files", () => {
    const text = jsonl(solved, exceeded);
    for (const name of ["out/Reagent-8B_unified/gaia_text/iter2.jsonl", "results.jsonl"]) {
      const detection = detectFormat(sampleFromBytes(name, new TextEncoder().encode(text), true));
      expect("adapter" in detection && detection.adapter.id).toBe("reagent-eval");
    }
    const failures = detectFormat(sampleFromBytes("iter1.jsonl", new TextEncoder().encode(jsonl(failed)), true));
    expect("adapter" in failures && failures.adapter.id).toBe("reagent-eval");
  });

  it("maps a solved question: steps, correctness, rollout from the file name, benchmark from the folder", async () => {
    const { trajectories, bad, ok } = await collect(reagentEvalAdapter, bytesSource("out/Reagent-8B_unified/gaia_text/iter2.jsonl", jsonl(solved, exceeded, failed, truncated), 333));
    expect(bad).toEqual([]);
    expect(trajectories).toHaveLength(4);
    expect(ok.map((e) => e.line)).toEqual([1, 2, 3, 4]);
    const t = trajectories[0];
    expect(t.task).toEqual({ benchmark: "GAIA", level: null, externalId: null, question: solved.question, groundTruth: "Beirut" });
    expect(kinds(t)).toEqual(["message", "message", "reasoning", "tool_call", "tool_result", "reasoning", "tool_call", "tool_call", "tool_result", "tool_result", "reasoning", "final_answer"]);
    expect(t.steps.slice(0, 2).map((s) => s.role)).toEqual(["system", "user"]);
    expect(toolNames(t)).toEqual(["search", "browse", "python"]);
    expect(t.steps[7].tool).toEqual({ name: "python", arguments: { code: "print(1)" } });
    expect(t.steps.filter((s) => s.kind === "tool_result").map((s) => [s.result?.name, s.text])).toEqual([
      ["search", "1. Flag of Lebanon - a green cedar on white…"],
      ["browse", "Capital: Beirut"],
      ["python", "1"],
    ]);
    expect(t.finalAnswer).toBe("Beirut");
    expect(t.steps[11]).toMatchObject({ kind: "final_answer", answer: "Beirut", text: "\\boxed{Beirut}" });
    expect(t.correct).toBe(true);
    expect(t.ruleReward).toBe(1);
    expect(t.termination).toBe("no_tool_call");
    expect(t.rolloutIndex).toBe(2);
    expect(t.error).toBeNull();
    expect(t.metadata).toMatchObject({ model: "Reagent-8B", autoJudge: { score: 1, extracted_answer: "\\boxed{Beirut}" } });
    expect(t.judgments).toEqual([]);
  });

  it("maps an attempt that ran out of LLM calls, with an alias list as ground truth", async () => {
    const { trajectories } = await collect(reagentEvalAdapter, bytesSource("hotpotqa200/iter1.jsonl", jsonl(exceeded)));
    const t = trajectories[0];
    expect(t.task.benchmark).toBe("HotpotQA");
    expect(t.task.groundTruth).toBe('["28","twenty-eight"]');
    expect(t.task.metadata).toEqual({ groundTruthAliases: ["28", "twenty-eight"] });
    expect(t.termination).toBe("exceed_llm_calls");
    expect(t.correct).toBe(false);
    expect(t.finalAnswer).toBe("27");
    expect(kinds(t)).toEqual(["message", "message", "reasoning", "tool_call", "tool_result", "message", "reasoning", "final_answer"]);
    expect(t.steps[5]).toMatchObject({ kind: "message", role: "user" });
    expect(t.rolloutIndex).toBe(1);
  });

  it("maps a failed attempt: error, termination error, not graded", async () => {
    const { trajectories } = await collect(reagentEvalAdapter, bytesSource("math500/iter3.jsonl", jsonl(failed)));
    const t = trajectories[0];
    expect(t.error).toBe("Timeout (>1800s)");
    expect(t.termination).toBe("error");
    expect(t.correct).toBeNull();
    expect(t.finalAnswer).toBeNull();
    expect(t.rolloutIndex).toBe(3);
    expect(t.task).toMatchObject({ benchmark: "MATH500", question: failed.question, groundTruth: "Gold" });
    expect(t.steps).toEqual([{ index: 0, kind: "message", role: "user", turn: 0, text: failed.question }]);
  });

  it("uses rollout_idx when the file name has no iteration, and 0 otherwise", async () => {
    const { trajectories } = await collect(reagentEvalAdapter, bytesSource("upload.jsonl", jsonl(failed, solved)));
    expect(trajectories.map((t) => t.rolloutIndex)).toEqual([2, 0]);
  });

  it("maps token_limit_reached with <answer> and warns about the missing benchmark", async () => {
    const { ok } = await collect(reagentEvalAdapter, bytesSource("upload.jsonl", jsonl(truncated)));
    const t = ok[0].trajectory;
    expect(t.termination).toBe("token_limit_reached");
    expect(t.finalAnswer).toBe("Tigris");
    expect(t.task.benchmark).toBe("unknown");
    expect(ok[0].warnings.some((w) => /no benchmark/.test(w))).toBe(true);
  });

  it("parses raw Agent-RRM output carried by a record into a judgment", async () => {
    const record = { ...solved, rrm_model: "Agent-RRM-8B", rrm_output: "<think>fine</think><critique>Good search.</critique><score>0.8.</score>" };
    const { trajectories } = await collect(reagentEvalAdapter, bytesSource("gaia/iter1.jsonl", jsonl(record)));
    expect(trajectories[0].judgments).toEqual([
      expect.objectContaining({ rrmModel: "Agent-RRM-8B", reasoning: "fine", critique: "Good search.", score: 0.8, rawOutput: record.rrm_output }),
    ]);
  });

  it("rejects records with missing questions and wrong types, with the field named", async () => {
    const text = jsonl(
      solved,
      { answer: "x", messages: [], prediction: "[Failed]", error: "boom" },
      { ...solved, messages: "not a list" },
      { ...solved, auto_judge: { ...solved.auto_judge, score: "yes" } },
      { ...solved, question: 42 },
      { ...solved, messages: [{ role: "user", content: ["a", 5] }, 7] },
      solved,
    );
    const { ok, bad } = await collect(reagentEvalAdapter, bytesSource("gaia/iter1.jsonl", text));
    expect(ok.map((e) => e.line)).toEqual([1, 7]);
    expect(bad.map((e) => [e.line, e.error])).toEqual([
      [2, "record has no question (expected `question` or a user message)"],
      [3, "`messages` is a string, expected a list of {role, content} messages"],
      [4, "`auto_judge.score` is a string, expected 0 or 1"],
      [5, "`question` is a number, expected a string"],
      [6, "messages[1] is a number, expected an object with a role and content"],
    ]);
  });
});
