import { describe, expect, it } from "vitest";
import { chatmlAdapter } from "@/lib/formats/chatml-adapter";
import { extractFinalAnswer } from "@/lib/formats/chatml";
import { bytesSource, collect, detectRealFile, jsonl, kinds, readRealLines, realSource, toolNames } from "./helpers";

const WEBDANCER = "webdancer-qwen-agent-chatml-traj/sample_traj.first20.jsonl";

describe("chatml adapter on WebDancer / Qwen-Agent trajectories", () => {
  it("is detected and imports all 20 records", async () => {
    const detection = detectRealFile(WEBDANCER);
    expect("adapter" in detection && detection.adapter.id).toBe("chatml");
    const { trajectories, bad } = await collect(chatmlAdapter, realSource(WEBDANCER));
    expect(bad).toEqual([]);
    expect(trajectories).toHaveLength(20);
  });

  it("maps the first record: template question, think/tool_call/tool_response/answer steps, alias-list ground truth", async () => {
    const raw = readRealLines(WEBDANCER) as Record<string, any>[];
    const { trajectories } = await collect(chatmlAdapter, realSource(WEBDANCER));
    const t = trajectories[0];
    const userPrompt: string = raw[0].messages[1].content;
    // The question is what follows the template's last "User:" marker, not the whole tool-list prompt.
    expect(t.task.question).toBe(userPrompt.slice(userPrompt.lastIndexOf("User:") + "User:".length).trim());
    expect(t.task.question.length).toBeLessThan(userPrompt.length / 4);
    expect(t.task.groundTruth).toBe(raw[0].answer.flat()[0]);
    expect(t.task.benchmark).toBe(raw[0].tag);
    expect(kinds(t)).toEqual(["message", "message", "reasoning", "tool_call", "tool_result", "reasoning", "final_answer"]);
    expect(t.steps[1].text).toBe(userPrompt); // the full prompt stays in the steps
    expect(toolNames(t)).toEqual(["search"]);
    expect(Object.keys(t.steps[3].tool!.arguments)).toEqual(["query"]);
    expect(t.steps[4].result).toEqual({ name: "search" });
    const response: string = raw[0].messages[3].content;
    expect(t.steps[4].text).toBe(response.slice(response.indexOf("<tool_response>") + 15, response.lastIndexOf("</tool_response>")).replace(/^\s*\n/, "").replace(/\n\s*$/, ""));
    const lastAssistant: string = raw[0].messages[raw[0].messages.length - 1].content;
    expect(t.finalAnswer).toBe(extractFinalAnswer(lastAssistant));
    expect(t.finalAnswer!.length).toBeGreaterThan(0);
    expect(t.correct).toBeNull();
    expect(t.metadata).toMatchObject({ taskType: "agent/multiturn_search", tools: ["search", "visit"] });
  });

  it("pairs every tool response with a call in every record", async () => {
    const { trajectories } = await collect(chatmlAdapter, realSource(WEBDANCER));
    for (const t of trajectories) {
      const calls = t.steps.filter((s) => s.kind === "tool_call").length;
      const results = t.steps.filter((s) => s.kind === "tool_result");
      expect(results.length).toBe(calls);
      expect(results.every((r) => r.result?.name === "search" || r.result?.name === "visit")).toBe(true);
      expect(t.steps[t.steps.length - 1].kind).toBe("final_answer");
    }
  });

  it("reads a raw ChatML transcript under `text`", async () => {
    const text = '<|im_start|>system\nTools: search<|im_end|>\n<|im_start|>user\nWho?<|im_end|>\n<|im_start|>assistant\n<think>look</think><tool_call>{"name": "search", "arguments": {"q": "who"}}</tool_call><|im_end|>\n<|im_start|>user\n<tool_response>Ada</tool_response><|im_end|>\n<|im_start|>assistant\n<answer>Ada</answer><|im_end|>';
    const { trajectories, bad } = await collect(chatmlAdapter, bytesSource("t.jsonl", jsonl({ text, answer: "Ada", benchmark: "hle" })));
    expect(bad).toEqual([]);
    expect(trajectories[0].task).toMatchObject({ question: "Who?", benchmark: "HLE", groundTruth: "Ada" });
    expect(kinds(trajectories[0])).toEqual(["message", "message", "reasoning", "tool_call", "tool_result", "final_answer"]);
  });

  it("rejects bad records", async () => {
    const { bad } = await collect(chatmlAdapter, bytesSource("t.jsonl", jsonl({ type: "chatml", messages: {} }, { type: "chatml" }, { text: "no turns here" }, { type: "chatml", messages: [{ role: "system", content: "s" }] })));
    expect(bad.map((e) => e.error)).toEqual([
      "`messages` is an object, expected a list of {role, content} messages",
      "record has no `messages` (or ChatML `text`)",
      "`text` holds no ChatML turns (expected <|im_start|>role … <|im_end|>)",
      "record has no question (expected `question` or a user message)",
    ]);
  });
});
