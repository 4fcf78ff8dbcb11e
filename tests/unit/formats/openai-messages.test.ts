import { describe, expect, it } from "vitest";
import { openAiMessagesAdapter } from "@/lib/formats/openai-messages-adapter";
import { bytesSource, collect, detectRealFile, jsonl, kinds, readRealLines, realSource, toolNames } from "./helpers";

const VERIFIERS = "verifiers-vf-eval-results/wiki-search--gpt-5-mini.dc83cc41.results.first20.jsonl";

describe("openai-messages adapter on verifiers vf-eval results", () => {
  it("is detected and imports every record", async () => {
    const detection = detectRealFile(VERIFIERS);
    expect("adapter" in detection && detection.adapter.id).toBe("openai-messages");
    const { trajectories, bad } = await collect(openAiMessagesAdapter, realSource(VERIFIERS));
    expect(bad).toEqual([]);
    expect(trajectories).toHaveLength(20);
  });

  it("maps the first record: JSON-string tool calls, tool messages without ids paired by order, judge reward", async () => {
    const raw = readRealLines(VERIFIERS) as Record<string, any>[];
    const { trajectories } = await collect(openAiMessagesAdapter, realSource(VERIFIERS));
    const t = trajectories[0];
    expect(t.task.question).toBe(raw[0].prompt[1].content);
    expect(t.task.question.slice(0, 20)).toBe(raw[0].prompt.find((m: any) => m.role === "user").content.slice(0, 20));
    expect(t.task.groundTruth).toBe(raw[0].answer);
    expect(t.task.benchmark).toBe("wiki-search");
    expect(kinds(t)).toEqual(["message", "message", "tool_call", "tool_result", "tool_call", "tool_result", "tool_call", "tool_result", "final_answer"]);
    expect(toolNames(t)).toEqual(["search_pages", "view_sections", "read_section"]);
    const firstCall = JSON.parse(raw[0].completion[0].tool_calls[0]);
    expect(t.steps[2].tool).toEqual({ name: "search_pages", arguments: JSON.parse(firstCall.function.arguments), callId: firstCall.id });
    expect(t.steps[3].result).toEqual({ callId: firstCall.id, name: "search_pages" });
    expect(t.finalAnswer).toBe(raw[0].completion[raw[0].completion.length - 1].content);
    expect(t.correct).toBe(true);
    expect(t.ruleReward).toBe(1);
    expect(t.externalId).toBe("0:0");
    expect(t.durationMs).toBe(Math.round(raw[0].total_ms));
    expect(t.metadata).toMatchObject({ model: "gpt-5-mini", judge_reward_func: 1, total_tool_calls: 3, tools: ["search_pages", "view_sections", "read_section"] });
  });

  it("reads reward 0 as incorrect", async () => {
    const raw = readRealLines(VERIFIERS) as Record<string, any>[];
    const { trajectories } = await collect(openAiMessagesAdapter, realSource(VERIFIERS));
    expect(trajectories.map((t) => t.correct)).toEqual(raw.map((r) => r.reward === 1));
    expect(trajectories.filter((t) => t.correct === false)).toHaveLength(2);
  });
});

describe("openai-messages adapter on hand-written chats", () => {
  const chat = {
    id: "task-7",
    benchmark: "bamboogle",
    answer: "1947",
    messages: [
      { role: "system", content: "Use tools." },
      { role: "user", content: [{ type: "text", text: "When was the transistor invented?" }] },
      {
        role: "assistant",
        content: null,
        reasoning_content: "I will search and compute.",
        tool_calls: [
          { id: "a", type: "function", function: { name: "search", arguments: { q: "transistor invented" } } },
          { id: "b", type: "function", function: { name: "python", arguments: '{"code": "print(1947)"}' } },
        ],
      },
      { role: "tool", tool_call_id: "b", content: "1947" },
      { role: "tool", tool_call_id: "a", content: "Bell Labs, December 1947" },
      { role: "assistant", content: null, reasoning: "one more", tool_calls: [{ function: { name: "noop", arguments: "not json" } }, { function: { name: "noop2", arguments: "" } }] },
      { role: "tool", content: "ok 1" },
      { role: "tool", content: "ok 2" },
      { role: "assistant", content: "It was invented in \\boxed{1947}." },
    ],
  };

  it("pairs by tool_call_id when present, by order when missing, and reads reasoning fields", async () => {
    const { trajectories, bad } = await collect(openAiMessagesAdapter, bytesSource("chat.jsonl", jsonl(chat)));
    expect(bad).toEqual([]);
    const t = trajectories[0];
    expect(t.task).toMatchObject({ benchmark: "Bamboogle", question: "When was the transistor invented?", groundTruth: "1947", externalId: "task-7" });
    expect(kinds(t)).toEqual(["message", "message", "reasoning", "tool_call", "tool_call", "tool_result", "tool_result", "reasoning", "tool_call", "tool_call", "tool_result", "tool_result", "final_answer"]);
    expect(t.steps[4].tool).toEqual({ name: "python", arguments: { code: "print(1947)" }, callId: "b" });
    expect(t.steps[5]).toMatchObject({ text: "1947", result: { callId: "b", name: "python" } });
    expect(t.steps[6]).toMatchObject({ text: "Bell Labs, December 1947", result: { callId: "a", name: "search" } });
    expect(t.steps[8].tool).toEqual({ name: "noop", arguments: { _raw: "not json" } });
    expect(t.steps[10].result).toEqual({ name: "noop" });
    expect(t.steps[11].result).toEqual({ name: "noop2" });
    expect(t.finalAnswer).toBe("1947");
    expect(t.correct).toBeNull();
  });

  it("reads verifiers prompt+completion, drops a repeated prompt, and numbers rollouts of one example", async () => {
    const prompt = [{ role: "user", content: "2+2?" }];
    const rollout = (reward: number, text: string) => ({ example_id: 5, prompt, completion: [{ role: "user", content: "2+2?" }, { role: "assistant", content: text }], answer: "4", reward, task: "math" });
    const { trajectories } = await collect(openAiMessagesAdapter, bytesSource("r.jsonl", jsonl(rollout(1, "4"), rollout(0, "5"), rollout(0.5, "four?"))));
    expect(trajectories.map((t) => t.externalId)).toEqual(["5:0", "5:1", "5:2"]);
    expect(trajectories.map((t) => t.rolloutIndex)).toEqual([0, 1, 2]);
    expect(trajectories.map((t) => t.correct)).toEqual([true, false, null]);
    expect(trajectories.map((t) => t.ruleReward)).toEqual([1, 0, 0.5]);
    expect(kinds(trajectories[0])).toEqual(["message", "final_answer"]);
    expect(trajectories[0].task.benchmark).toBe("math");
  });

  it("accepts a string completion and a legacy function_call", async () => {
    const legacy = { messages: [{ role: "user", content: "weather?" }, { role: "assistant", content: null, function_call: { name: "get_weather", arguments: '{"city": "Oslo"}' } }, { role: "function", name: "get_weather", content: "rain" }] };
    const completion = { prompt: "say hi", completion: "hi" };
    const { trajectories } = await collect(openAiMessagesAdapter, bytesSource("x.jsonl", jsonl(legacy, completion)));
    expect(trajectories[0].steps.map((s) => s.kind)).toEqual(["message", "tool_call", "tool_result"]);
    expect(trajectories[0].steps[1].tool).toEqual({ name: "get_weather", arguments: { city: "Oslo" } });
    expect(trajectories[0].steps[2].result).toEqual({ name: "get_weather" });
    expect(trajectories[0].finalAnswer).toBeNull();
    expect(trajectories[1].finalAnswer).toBe("hi");
  });

  it("segments tagged text inside OpenAI contents", async () => {
    const tagged = { messages: [{ role: "user", content: "q" }, { role: "assistant", content: '<think>t</think><tool_call>{"name": "s", "arguments": {}}</tool_call>' }, { role: "tool", content: "<tool_response>r</tool_response>" }, { role: "assistant", content: "<answer>a</answer>" }] };
    const { trajectories } = await collect(openAiMessagesAdapter, bytesSource("x.jsonl", jsonl(tagged)));
    expect(kinds(trajectories[0])).toEqual(["message", "reasoning", "tool_call", "tool_result", "final_answer"]);
    expect(trajectories[0].finalAnswer).toBe("a");
  });

  it("rejects bad records with the field named", async () => {
    const text = jsonl(
      { messages: [{ role: "assistant", content: "no question" }] },
      { prompt: "q", completion: 5 },
      { messages: [{ role: "user", content: "q" }], reward: "high" },
      { messages: [{ role: "user", content: "q" }, { role: "assistant", tool_calls: "x" }] },
      { nothing: true },
    );
    const { bad } = await collect(openAiMessagesAdapter, bytesSource("x.jsonl", text));
    expect(bad.map((e) => e.error)).toEqual([
      "record has no question (expected `question` or a user message)",
      "`completion` is a number, expected a list of chat messages",
      "`reward` is a string, expected a number",
      "messages[1].tool_calls is a string, expected a list",
      "record has no `messages` (or `prompt` and `completion`)",
    ]);
  });
});
