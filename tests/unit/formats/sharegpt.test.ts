import { describe, expect, it } from "vitest";
import { shareGptAdapter } from "@/lib/formats/sharegpt-adapter";
import { bytesSource, collect, detectRealFile, jsonl, kinds, readRealJson, readRealLines, realSource, toolNames } from "./helpers";

const GLAIVE = "sft-sharegpt-and-messages-toolcall/glaive_toolcall_en_demo.first50.json";
const TYPED = "sft-sharegpt-and-messages-toolcall/reason_tool_use_demo_50.jsonl";

describe("sharegpt adapter on LLaMA-Factory's glaive tool-call demo (JSON array)", () => {
  it("is detected and imports all 50 records", async () => {
    const detection = detectRealFile(GLAIVE);
    expect("adapter" in detection && detection.adapter.id).toBe("sharegpt");
    const { trajectories, bad, ok } = await collect(shareGptAdapter, realSource(GLAIVE, 4096));
    expect(bad).toEqual([]);
    expect(trajectories).toHaveLength(50);
    expect(ok.slice(0, 3).map((e) => e.location)).toEqual(["[0]", "[1]", "[2]"]);
    expect(ok[0].line).toBe(2);
  });

  it("maps the first record: function_call and observation turns", async () => {
    const raw = readRealJson(GLAIVE) as Record<string, any>[];
    const { trajectories, ok } = await collect(shareGptAdapter, realSource(GLAIVE));
    const t = trajectories[0];
    const conversations = raw[0].conversations;
    expect(t.task.question).toBe(conversations[0].value);
    expect(kinds(t)).toEqual(["message", "message", "message", "tool_call", "tool_result", "message", "message", "final_answer"]);
    expect(t.steps.map((s) => s.role)).toEqual(["user", "assistant", "user", "assistant", "tool", "assistant", "user", "assistant"]);
    expect(toolNames(t)).toEqual(["search_recipes"]);
    expect(t.steps[3].tool!.arguments).toEqual(JSON.parse(conversations[3].value).arguments);
    expect(t.steps[4].result).toEqual({ name: "search_recipes" });
    expect(t.finalAnswer).toBe(conversations[conversations.length - 1].value);
    expect(t.task.benchmark).toBe("unknown");
    expect(ok[0].warnings).toEqual([expect.stringMatching(/no benchmark/)]);
    expect(t.metadata).toEqual({ tools: JSON.parse(raw[0].tools).map((tool: any) => tool.name) });
  });
});

describe("sharegpt adapter on typed-content messages (JSONL)", () => {
  it("is detected and imports all 50 records", async () => {
    const detection = detectRealFile(TYPED);
    expect("adapter" in detection && detection.adapter.id).toBe("sharegpt");
    const { trajectories, bad } = await collect(shareGptAdapter, realSource(TYPED));
    expect(bad).toEqual([]);
    expect(trajectories).toHaveLength(50);
  });

  it("maps reasoning and tool_call parts; splits a tool message answering several calls", async () => {
    const raw = readRealLines(TYPED) as Record<string, any>[];
    const { trajectories } = await collect(shareGptAdapter, realSource(TYPED));
    const first = trajectories[0];
    expect(first.task.question).toBe(raw[0].messages[1].content[0].value);
    expect(kinds(first)).toEqual(["message", "message", "reasoning", "final_answer"]);

    const withTool = trajectories.findIndex((t) => t.steps.some((s) => s.kind === "tool_call"));
    const t = trajectories[withTool];
    expect(kinds(t, 6)).toEqual(["message", "message", "reasoning", "tool_call", "tool_result", "reasoning"]);
    const callPart = raw[withTool].messages[2].content.find((p: any) => p.type === "tool_call");
    expect(t.steps[3].tool).toEqual({ name: JSON.parse(callPart.value).name, arguments: JSON.parse(callPart.value).arguments });
    expect(t.steps[4].result?.name).toBe(t.steps[3].tool!.name);

    // Records whose single tool message lists the results of two parallel calls get one result per call.
    const parallel = trajectories.find((tr) => tr.steps.some((s, i) => s.kind === "tool_call" && tr.steps[i + 1]?.kind === "tool_call" && tr.steps[i + 2]?.kind === "tool_result" && tr.steps[i + 3]?.kind === "tool_result"));
    expect(parallel).toBeDefined();
    const at = parallel!.steps.findIndex((s, i) => s.kind === "tool_call" && parallel!.steps[i + 1]?.kind === "tool_call");
    expect(parallel!.steps[at + 2].result?.name).toBe(parallel!.steps[at].tool!.name);
    expect(parallel!.steps[at + 3].result?.name).toBe(parallel!.steps[at + 1].tool!.name);
    expect(trajectories.every((tr) => toolNames(tr).every((name) => name !== "unknown"))).toBe(true);
  });
});

describe("sharegpt adapter on hand-written input", () => {
  it("puts a separate system prompt first and reads JSONL conversations", async () => {
    const record = { system: "Be terse.", conversations: [{ from: "human", value: "hi" }, { from: "gpt", value: "hello" }] };
    const { trajectories } = await collect(shareGptAdapter, bytesSource("c.jsonl", jsonl(record)));
    expect(trajectories[0].steps.map((s) => [s.index, s.kind, s.role, s.turn])).toEqual([
      [0, "message", "system", 0],
      [1, "message", "user", 1],
      [2, "final_answer", "assistant", 2],
    ]);
  });

  it("keeps a malformed function_call as text and warns", async () => {
    const record = { conversations: [{ from: "human", value: "q" }, { from: "function_call", value: '{"name": "f", "arguments": {' }, { from: "observation", value: "r" }] };
    const { ok } = await collect(shareGptAdapter, bytesSource("c.jsonl", jsonl(record)));
    const t = ok[0].trajectory;
    expect(t.steps[1]).toMatchObject({ kind: "tool_call", tool: { name: "f", arguments: { _raw: '{"name": "f", "arguments": {' } }, text: '{"name": "f", "arguments": {' });
    expect(ok[0].warnings.some((w) => /conversations\[1\]\.value: tool call is not valid JSON/.test(w))).toBe(true);
  });

  it("rejects bad records inside a JSON array and keeps the good ones", async () => {
    const text = JSON.stringify([
      { conversations: [{ from: "human", value: "a" }] },
      { conversations: "nope" },
      { conversations: [{ from: "gpt", value: "no question" }] },
      { conversations: [{ from: "human", value: "b" }] },
    ], null, 1);
    const { ok, bad } = await collect(shareGptAdapter, bytesSource("c.json", text, 7));
    expect(ok.map((e) => e.location)).toEqual(["[0]", "[3]"]);
    expect(bad.map((e) => [e.location, e.error])).toEqual([
      ["[1]", "`conversations` is a string, expected a list of {from, value} turns"],
      ["[2]", "record has no question (expected a `human` turn)"],
    ]);
  });
});
