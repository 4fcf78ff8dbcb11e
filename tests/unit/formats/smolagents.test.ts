import { describe, expect, it } from "vitest";
import { parsePythonLiteral } from "@/lib/formats/python-literal";
import { parseCallingTools, smolagentsAdapter } from "@/lib/formats/smolagents-adapter";
import { bytesSource, collect, detectRealFile, jsonl, kinds, readRealLines, realSource, toolNames } from "./helpers";

const DIR = "smolagents-benchmark-gaia-2025-07-message-steps";
const CODE = `${DIR}/gpt-4o__code__gaia__2025-07-24.first12.jsonl`;
const TOOLS = `${DIR}/gpt-4o__tool-calling__gaia__2025-07-24.first12.jsonl`;

describe("smolagents adapter on the GAIA benchmark runs", () => {
  for (const file of [CODE, TOOLS]) {
    it(`detects and imports ${file.split("/")[1]}`, async () => {
      const detection = detectRealFile(file);
      expect("adapter" in detection && detection.adapter.id).toBe("smolagents");
      const { trajectories, bad } = await collect(smolagentsAdapter, realSource(file));
      expect(bad).toEqual([]);
      expect(trajectories).toHaveLength(12);
      const raw = readRealLines(file) as Record<string, any>[];
      expect(trajectories.map((t) => t.task.question)).toEqual(raw.map((r) => r.question));
      expect(trajectories.map((t) => t.task.groundTruth)).toEqual(raw.map((r) => r.true_answer));
      expect(trajectories.map((t) => t.finalAnswer)).toEqual(raw.map((r) => (r.answer === null ? null : String(r.answer))));
      expect(trajectories.every((t) => t.task.benchmark === "GAIA" && t.correct === null)).toBe(true);
      expect(trajectories.map((t) => t.tokenCount)).toEqual(raw.map((r) => r.token_counts.total_tokens));
    });
  }

  it("maps a tool-calling run: the call parsed out of the Python repr", async () => {
    const raw = readRealLines(TOOLS) as Record<string, any>[];
    const { trajectories } = await collect(smolagentsAdapter, realSource(TOOLS));
    const t = trajectories[0];
    expect(kinds(t)).toEqual(["message", "message", "reasoning", "tool_call", "tool_result", "final_answer"]);
    expect(toolNames(t)).toEqual(["final_answer"]);
    const callText: string = raw[0].intermediate_steps[3].content[0].text;
    expect(t.steps[3].text).toBe(callText);
    expect(t.steps[3].tool!.callId).toMatch(/^call_/);
    expect(t.steps[3].tool!.arguments).toEqual({ answer: raw[0].answer });
    expect(t.steps[4].result).toEqual({ callId: t.steps[3].tool!.callId, name: "final_answer" });
    expect(t.metadata).toMatchObject({ model: "gpt-4o", agentActionType: "tool-calling", startTime: raw[0].start_time, endTime: raw[0].end_time });
    expect(t.metadata!.startedAt).toBe(new Date(raw[0].start_time * 1000).toISOString());
    expect(t.durationMs).toBeUndefined();
  });

  it("maps a code-agent run: parse errors are error results, python_interpreter calls carry the code", async () => {
    const { trajectories } = await collect(smolagentsAdapter, realSource(CODE));
    const t = trajectories[0];
    expect(kinds(t, 4)).toEqual(["message", "message", "message", "tool_result"]);
    expect(t.steps[3].result).toEqual({ isError: true });
    const calls = t.steps.filter((s) => s.kind === "tool_call");
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((s) => s.tool!.name === "python_interpreter" && typeof s.tool!.arguments._raw === "string")).toBe(true);
    const allNames = new Set(trajectories.flatMap(toolNames));
    expect(allNames.has("unknown")).toBe(false);
    expect(t.steps[t.steps.length - 1].kind).toBe("final_answer");
  });

  it("handles a null answer and a missing question", async () => {
    const record = { question: "q", answer: null, true_answer: "x", source: "SimpleQA", intermediate_steps: [{ role: "user", content: [{ type: "text", text: "q" }] }] };
    const { ok, bad } = await collect(smolagentsAdapter, bytesSource("run.jsonl", jsonl(record, { ...record, question: null }, { ...record, intermediate_steps: {} })));
    expect(ok[0].trajectory.finalAnswer).toBeNull();
    expect(ok[0].trajectory.task.benchmark).toBe("SimpleQA");
    expect(ok[0].trajectory.steps.map((s) => s.kind)).toEqual(["message"]);
    expect(bad.map((e) => e.error)).toEqual([
      "record has no question (expected `question` or `original_question`)",
      "`intermediate_steps` is an object, expected a list of messages",
    ]);
  });
});

describe("Python repr of tool calls", () => {
  it("parses nested dicts, strings with escapes, numbers and constants", () => {
    const repr = `{'a': [1, 2.5, -3e2], "b": 'it\\'s', 'c': (True, False, None), 'd': {'e': '\\n\\u00e9'}}`;
    expect(parsePythonLiteral(repr)).toEqual({
      ok: true,
      value: { a: [1, 2.5, -300], b: "it's", c: [true, false, null], d: { e: "\né" } },
      end: repr.length,
    });
    expect(parsePythonLiteral("'''multi\nline'''")).toMatchObject({ ok: true, value: "multi\nline" });
    expect(parsePythonLiteral("r'\\d+'")).toMatchObject({ ok: true, value: "\\d+" });
    expect(parsePythonLiteral("{1, 2}")).toMatchObject({ ok: true, value: [1, 2] });
    expect(parsePythonLiteral("{'a': ")).toMatchObject({ ok: false });
    expect(parsePythonLiteral("'unterminated")).toMatchObject({ ok: false });
  });

  it("reads smolagents' Calling tools text, and falls back to the names", () => {
    const text = "Calling tools:\n[{'id': 'call_1', 'type': 'function', 'function': {'name': 'web_search', 'arguments': {'query': 'x'}}}, {'id': 'call_2', 'type': 'function', 'function': {'name': 'python_interpreter', 'arguments': 'print(1)'}}]";
    expect(parseCallingTools(text)).toEqual({
      calls: [
        { name: "web_search", arguments: { query: "x" }, callId: "call_1" },
        { name: "python_interpreter", arguments: { _raw: "print(1)" }, callId: "call_2" },
      ],
    });
    const broken = "Calling tools:\n[{'id': 'call_9', 'type': 'function', 'function': {'name': 'visit', 'arguments': <object at 0x1>}}]";
    expect(parseCallingTools(broken)).toEqual({ calls: [{ name: "visit", arguments: { _raw: broken }, callId: "call_9" }], problem: "tool calls only partly parsed (arguments kept as text)" });
    expect(parseCallingTools("nothing")).toMatchObject({ calls: [{ name: "unknown" }], problem: "tool call text could not be parsed" });
  });
});
