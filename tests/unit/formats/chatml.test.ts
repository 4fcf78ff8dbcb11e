import { describe, expect, it } from "vitest";
import {
  cleanSpecialTokens,
  extractFinalAnswer,
  extractQuestionFromPrompt,
  hasChatmlTags,
  isToolResponseText,
  lastBoxed,
  normalizeArguments,
  parseToolCallBody,
  segmentChatml,
  splitChatmlTranscript,
} from "@/lib/formats/chatml";
import { convertChatMessages } from "@/lib/formats/chat-messages";
import { normalizedTrajectorySchema } from "@/lib/formats/trajectory-schema";

describe("segmentChatml: assistant turns", () => {
  it("splits think and one tool call", () => {
    const segments = segmentChatml('<think>\nI should search.\n</think>\n<tool_call>\n{"name": "search", "arguments": {"query": ["a", "b"]}}\n</tool_call>');
    expect(segments).toEqual([
      { kind: "reasoning", text: "I should search.", closed: true },
      { kind: "tool_call", calls: [{ name: "search", arguments: { query: ["a", "b"] }, malformed: false }], raw: '{"name": "search", "arguments": {"query": ["a", "b"]}}', closed: true },
    ]);
  });

  it("keeps several tool calls of one turn in order", () => {
    const text = '<think>two lookups</think>\n<tool_call>{"name": "search", "arguments": {"q": "x"}}</tool_call>\n<tool_call>{"name": "browse", "arguments": {"url": "https://e.org"}}</tool_call>';
    const calls = segmentChatml(text).filter((s) => s.kind === "tool_call");
    expect(calls.map((s) => s.kind === "tool_call" && s.calls[0].name)).toEqual(["search", "browse"]);
  });

  it("parses arguments given as a JSON string", () => {
    const [call] = parseToolCallBody('{"name": "python", "arguments": "{\\"code\\": \\"print(1)\\"}"}');
    expect(call).toEqual({ name: "python", arguments: { code: "print(1)" }, malformed: false });
  });

  it("keeps non-JSON string arguments under _raw", () => {
    const [call] = parseToolCallBody('{"name": "python", "arguments": "print(1)"}');
    expect(call.arguments).toEqual({ _raw: "print(1)" });
    expect(call.malformed).toBe(false);
  });

  it("keeps malformed call JSON as text with a guessed name", () => {
    const [call] = parseToolCallBody('{"name": "search", "arguments": {"query": "unterminated}');
    expect(call.malformed).toBe(true);
    expect(call.name).toBe("search");
    expect(call.arguments).toEqual({ _raw: '{"name": "search", "arguments": {"query": "unterminated}' });
    expect(call.problem).toMatch(/not valid JSON/);
  });

  it("names a call without a name 'unknown'", () => {
    expect(parseToolCallBody("not json at all")[0]).toMatchObject({ name: "unknown", malformed: true, arguments: { _raw: "not json at all" } });
    expect(parseToolCallBody('{"arguments": {}}')[0]).toMatchObject({ name: "unknown", malformed: true, problem: "tool call has no name" });
    expect(parseToolCallBody("   ")[0]).toMatchObject({ name: "unknown", malformed: true, problem: "empty tool call" });
  });

  it("reads a JSON list of calls, code fences and `parameters`", () => {
    const calls = parseToolCallBody('```json\n[{"name": "a", "parameters": {"x": 1}}, {"name": "b", "arguments": null}]\n```');
    expect(calls).toEqual([
      { name: "a", arguments: { x: 1 }, malformed: false },
      { name: "b", arguments: {}, malformed: false },
    ]);
  });

  it("reads OpenAI-shaped calls and ids", () => {
    const [call] = parseToolCallBody('{"id": "c1", "function": {"name": "f", "arguments": "{\\"a\\": 2}"}}');
    expect(call).toEqual({ name: "f", arguments: { a: 2 }, callId: "c1", malformed: false });
  });

  it("treats text before </think> without an opening tag as reasoning (Qwen3 template)", () => {
    expect(segmentChatml("the prompt opened think\n</think>\n\nAnswer: \\boxed{4}")).toEqual([
      { kind: "reasoning", text: "the prompt opened think", closed: true },
      { kind: "text", text: "Answer: \\boxed{4}" },
    ]);
  });

  it("runs an unclosed think to the next tag, and an unclosed call to the end", () => {
    const segments = segmentChatml('<think>cut thinking <tool_call>{"name": "search", "arguments": {"q": "cut');
    expect(segments[0]).toEqual({ kind: "reasoning", text: "cut thinking", closed: false });
    expect(segments[1]).toMatchObject({ kind: "tool_call", closed: false, calls: [{ name: "search", malformed: true }] });
  });

  it("keeps text outside tags, drops empty parts", () => {
    expect(segmentChatml("Let me look. <think> </think> <answer> 42 </answer> done")).toEqual([
      { kind: "text", text: "Let me look." },
      { kind: "answer", text: "42", closed: true },
      { kind: "text", text: "done" },
    ]);
  });

  it("strips special tokens and role lines when asked", () => {
    expect(cleanSpecialTokens("hi<|im_end|>\n<|im_start|>user\nthere<|endoftext|>")).toBe("hi\n\nuser\nthere");
    expect(segmentChatml("assistant\nhello\nuser", { stripRoleLines: true })).toEqual([{ kind: "text", text: "hello" }]);
  });
});

describe("segmentChatml: tool responses", () => {
  it("reads one or several responses", () => {
    const segments = segmentChatml("<tool_response>\nfirst\n</tool_response>\n<tool_response>second</tool_response>");
    expect(segments).toEqual([
      { kind: "tool_response", text: "first", closed: true },
      { kind: "tool_response", text: "second", closed: true },
    ]);
  });
  it("keeps the inner indentation of a response", () => {
    expect(segmentChatml("<tool_response>\n  a\n    b\n</tool_response>")[0]).toEqual({ kind: "tool_response", text: "  a\n    b", closed: true });
  });
  it("marks an unclosed response", () => {
    expect(segmentChatml("<tool_response>\ncut off")).toEqual([{ kind: "tool_response", text: "cut off", closed: false }]);
  });
  it("recognises tool-response turns", () => {
    expect(isToolResponseText("  <tool_response>x</tool_response>")).toBe(true);
    expect(isToolResponseText("Question with an example <tool_response>x</tool_response>")).toBe(false);
    expect(hasChatmlTags("plain")).toBe(false);
    expect(hasChatmlTags("a </think> b")).toBe(true);
  });
});

describe("final answers", () => {
  it("takes the last \\boxed with balanced braces", () => {
    expect(lastBoxed("first \\boxed{1} then \\boxed{\\frac{1}{2}}")).toBe("\\frac{1}{2}");
    expect(lastBoxed("\\boxed{a{b{c}}d}")).toBe("a{b{c}}d");
    expect(lastBoxed("\\boxed {7}")).toBe("7");
    expect(lastBoxed("\\fbox{x}")).toBe("x");
  });
  it("skips a last \\boxed cut off before its closing brace", () => {
    expect(lastBoxed("\\boxed{3} and then \\boxed{\\frac{1}{2")).toBe("3");
    expect(lastBoxed("\\boxed{")).toBeNull();
    expect(lastBoxed("no box")).toBeNull();
  });
  it("ignores escaped braces when balancing", () => {
    expect(lastBoxed("\\boxed{\\{1, 2\\}}")).toBe("\\{1, 2\\}");
  });
  it("prefers <answer>, with a \\boxed inside it", () => {
    expect(extractFinalAnswer("<think>maybe \\boxed{1}</think><answer>\nParis\n</answer>")).toBe("Paris");
    expect(extractFinalAnswer("<answer>The result is \\boxed{12}.</answer>")).toBe("12");
    expect(extractFinalAnswer("<answer>a</answer> text <answer>b</answer>")).toBe("b");
  });
  it("ignores \\boxed inside the reasoning", () => {
    expect(extractFinalAnswer("<think>\\boxed{1}</think>So \\boxed{2}")).toBe("2");
    expect(extractFinalAnswer("<think>\\boxed{1}</think>no answer")).toBeNull();
  });
});

describe("arguments, transcripts and questions", () => {
  it("normalizes arguments", () => {
    expect(normalizeArguments({ a: 1 })).toEqual({ a: 1 });
    expect(normalizeArguments('{"a": 1}')).toEqual({ a: 1 });
    expect(normalizeArguments("[1, 2]")).toEqual({ _raw: "[1, 2]" });
    expect(normalizeArguments(5)).toEqual({ _raw: 5 });
    expect(normalizeArguments(null)).toEqual({});
    expect(normalizeArguments("")).toEqual({});
  });

  it("splits a transcript with <|im_start|> markers", () => {
    const text = "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n";
    expect(splitChatmlTranscript(text)).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "What is 2+2?" },
      { role: "assistant", content: "" },
    ]);
  });

  it("splits a transcript decoded without special tokens", () => {
    const text = "system\nBe brief.\nuser\nWhat is 2+2?\nassistant\n";
    expect(splitChatmlTranscript(text)).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "What is 2+2?" },
      { role: "assistant", content: "" },
    ]);
    expect(splitChatmlTranscript("just a question")).toBeNull();
  });

  it("does not split on a role word inside a tool response", () => {
    const text = "user\nq\nassistant\ncall\nuser\n<tool_response>\nuser\nassistant\n</tool_response>\nassistant\nend";
    const messages = splitChatmlTranscript(text)!;
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(messages[2].content).toBe("<tool_response>\nuser\nassistant\n</tool_response>");
  });

  it("takes the question out of an agent template only", () => {
    const template = "You can call tools.\n<tools>\n{\"name\": \"search\"}\n</tools>\nExample: <tool_call>…</tool_call>\n\nUser: Who won in 1964?";
    expect(extractQuestionFromPrompt(template)).toBe("Who won in 1964?");
    expect(extractQuestionFromPrompt("A dialogue:\nUser: hi\nBot: hello")).toBe("A dialogue:\nUser: hi\nBot: hello");
  });
});

describe("ChatML conversations to steps", () => {
  const messages = [
    { role: "system", content: "You are an agent." },
    { role: "user", content: "Find X." },
    {
      role: "assistant",
      content: '<think>search twice</think>\n<tool_call>{"name": "search", "arguments": {"q": "x"}}</tool_call>\n<tool_call>{"name": "browse", "arguments": "{\\"url\\": \\"u\\"}"}</tool_call>',
    },
    { role: "user", content: "<tool_response>\nresult one\n</tool_response>\n<tool_response>\nresult two\n</tool_response>" },
    { role: "assistant", content: '<think>bad call</think><tool_call>{"name": "python", "arguments": {"code": </tool_call>' },
    { role: "tool", content: "Error: Tool call is not a valid JSON." },
    { role: "assistant", content: "<think>done</think>\nThe answer is \\boxed{42}." },
  ];

  it("pairs responses with calls by order and finds the final answer", () => {
    const result = convertChatMessages(messages, "messages", { tagged: true });
    if (!result.ok) throw new Error(result.error);
    expect(result.question).toBe("Find X.");
    expect(result.finalAnswer).toBe("42");
    expect(result.steps.map((s) => s.kind)).toEqual([
      "message", "message", "reasoning", "tool_call", "tool_call", "tool_result", "tool_result", "reasoning", "tool_call", "tool_result", "reasoning", "final_answer",
    ]);
    const results = result.steps.filter((s) => s.kind === "tool_result");
    expect(results.map((s) => s.result?.name)).toEqual(["search", "browse", "python"]);
    expect(results.map((s) => s.text)).toEqual(["result one", "result two", "Error: Tool call is not a valid JSON."]);
    const calls = result.steps.filter((s) => s.kind === "tool_call");
    expect(calls[1].tool).toEqual({ name: "browse", arguments: { url: "u" } });
    expect(calls[2].tool?.arguments).toEqual({ _raw: '{"name": "python", "arguments": {"code":' });
    expect(calls[2].text).toBe('{"name": "python", "arguments": {"code":');
    expect(result.warnings.some((w) => /not valid JSON/.test(w))).toBe(true);
    expect(result.steps.map((s) => s.turn)).toEqual([0, 1, 2, 2, 2, 3, 3, 4, 4, 5, 6, 6]);
    const parsed = normalizedTrajectorySchema.parse({ task: { benchmark: "x", question: "Find X." }, steps: result.steps });
    expect(parsed.steps).toHaveLength(12);
  });

  it("has no final answer when the last turn calls a tool", () => {
    const result = convertChatMessages(messages.slice(0, 3), "messages", { tagged: true });
    if (!result.ok) throw new Error(result.error);
    expect(result.finalAnswer).toBeNull();
    expect(result.steps.some((s) => s.kind === "final_answer")).toBe(false);
  });

  it("reports an unreadable message with its path", () => {
    expect(convertChatMessages([{ role: "user", content: "q" }, "oops"], "messages")).toEqual({ ok: false, error: "messages[1] is a string, expected an object with a role and content" });
    expect(convertChatMessages([{ content: "q" }], "messages")).toMatchObject({ ok: false, error: expect.stringContaining("messages[0] has no role") });
    expect(convertChatMessages([{ role: "user", content: 5 }], "messages")).toMatchObject({ ok: false, error: "messages[0].content is a number, expected a string or a list of content parts" });
    expect(convertChatMessages({}, "messages")).toMatchObject({ ok: false, error: "`messages` is an object, expected a list of messages" });
  });
});
