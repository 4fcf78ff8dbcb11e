// Qwen/ChatML tagged text, as Qwen3 agents (Reagent, WebDancer, Search-R1 style loops) write it inside message
// contents:
//   assistant: <think>…</think> then zero or more <tool_call>{"name": …, "arguments": {…}}</tool_call> blocks, or a
//              final answer (the last \boxed{…}, or <answer>…</answer>)
//   user/tool: one or several <tool_response>…</tool_response> blocks answering the calls, in order
// Pure string work: no I/O. Used by every adapter whose records carry tagged text.
import { parseLenientJson } from "@/lib/formats/lenient-json";

export type ParsedToolCall = {
  name: string;
  /** Always an object: JSON-string arguments are parsed, unparsable ones kept as `{ _raw: text }`. */
  arguments: Record<string, unknown>;
  callId?: string;
  /** The block was not a JSON object with a name: name and arguments are best guesses, `_raw` holds the text. */
  malformed: boolean;
  /** Why the block is malformed. */
  problem?: string;
};

export type ChatmlSegment =
  | { kind: "text"; text: string }
  | { kind: "reasoning"; text: string; closed: boolean }
  | { kind: "tool_call"; calls: ParsedToolCall[]; raw: string; closed: boolean }
  | { kind: "tool_response"; text: string; closed: boolean }
  | { kind: "answer"; text: string; closed: boolean };

const OPEN_TAG = /<(think|tool_call|tool_response|answer)>/g;
const SPECIAL_TOKENS = /<\|(?:im_end|endoftext|eot_id|end)\|>/g;
const ROLE_MARKER = /<\|im_start\|>(system|user|assistant|tool)\s*\n?/g;

export type SegmentOptions = {
  /**
   * Drop lines that hold nothing but a role name ("user", "assistant", "tool"): what is left of ChatML turn markers
   * when a transcript was decoded with special tokens skipped (verl rollout dumps).
   */
  stripRoleLines?: boolean;
};

/**
 * Splits tagged text into ordered segments. Unclosed blocks (a generation cut by the token limit) run to the next
 * opening tag or the end and are marked `closed: false`. A `</think>` without an opening tag (Qwen3 templates put
 * `<think>` in the prompt) makes everything before it reasoning.
 */
export function segmentChatml(input: string, options: SegmentOptions = {}): ChatmlSegment[] {
  const text = cleanSpecialTokens(input);
  const segments: ChatmlSegment[] = [];
  const pushText = (raw: string) => {
    let value = raw;
    if (options.stripRoleLines) value = value.replace(/^[ \t]*(?:system|user|assistant|tool)[ \t]*$/gm, "");
    value = value.trim();
    if (value) segments.push({ kind: "text", text: value });
  };

  let pos = 0;
  const firstClose = text.indexOf("</think>");
  const firstOpen = text.indexOf("<think>");
  if (firstClose !== -1 && (firstOpen === -1 || firstClose < firstOpen)) {
    const body = text.slice(0, firstClose).trim();
    if (body) segments.push({ kind: "reasoning", text: body, closed: true });
    pos = firstClose + "</think>".length;
  }

  while (pos < text.length) {
    OPEN_TAG.lastIndex = pos;
    const open = OPEN_TAG.exec(text);
    if (!open) {
      pushText(text.slice(pos));
      break;
    }
    pushText(text.slice(pos, open.index));
    const tag = open[1] as "think" | "tool_call" | "tool_response" | "answer";
    const bodyStart = open.index + open[0].length;
    const closeTag = `</${tag}>`;
    const closeIndex = text.indexOf(closeTag, bodyStart);
    let body: string;
    let closed: boolean;
    if (closeIndex === -1) {
      OPEN_TAG.lastIndex = bodyStart;
      const next = OPEN_TAG.exec(text);
      const end = next ? next.index : text.length;
      body = text.slice(bodyStart, end);
      closed = false;
      pos = end;
    } else {
      body = text.slice(bodyStart, closeIndex);
      closed = true;
      pos = closeIndex + closeTag.length;
    }
    switch (tag) {
      case "think": {
        const trimmed = body.trim();
        if (trimmed) segments.push({ kind: "reasoning", text: trimmed, closed });
        break;
      }
      case "tool_call":
        segments.push({ kind: "tool_call", calls: parseToolCallBody(body), raw: body.trim(), closed });
        break;
      case "tool_response":
        segments.push({ kind: "tool_response", text: trimNewlines(body), closed });
        break;
      case "answer":
        segments.push({ kind: "answer", text: body.trim(), closed });
        break;
    }
  }
  return segments;
}

/** Removes end-of-turn special tokens and turns `<|im_start|>role` markers into plain role lines. */
export function cleanSpecialTokens(text: string): string {
  if (!text.includes("<|")) return text;
  return text.replace(ROLE_MARKER, "\n$1\n").replace(SPECIAL_TOKENS, "");
}

function trimNewlines(text: string): string {
  return text.replace(/^\s*\n/, "").replace(/\n\s*$/, "");
}

/**
 * Parses the body of one <tool_call> block. Usually one `{"name", "arguments"}` object; a JSON array of such objects
 * gives several calls. Anything that is not JSON is kept: the name is guessed from a `"name": "…"` fragment when there
 * is one ("unknown" otherwise) and the text goes to `arguments._raw`.
 */
export function parseToolCallBody(body: string): ParsedToolCall[] {
  const text = stripCodeFence(body.trim());
  if (!text) return [{ name: "unknown", arguments: { _raw: body }, malformed: true, problem: "empty tool call" }];
  const parsed = parseLenientJson(text);
  if (!parsed.ok) {
    return [{ name: guessName(text), arguments: { _raw: body.trim() }, malformed: true, problem: `tool call is not valid JSON (${parsed.error})` }];
  }
  const values = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  if (values.length === 0) return [{ name: "unknown", arguments: { _raw: body.trim() }, malformed: true, problem: "tool call is an empty list" }];
  return values.map((value) => toolCallFromValue(value, body.trim()));
}

/** A tool call given as a parsed object: `{name, arguments}` (also `parameters`/`args`), or OpenAI's `{function: {…}}`. */
export function toolCallFromValue(value: unknown, rawText?: string): ParsedToolCall {
  const raw = rawText ?? safeStringify(value);
  if (!isRecord(value)) {
    return { name: "unknown", arguments: { _raw: raw }, malformed: true, problem: `tool call is ${describeValue(value)}, expected an object with a name` };
  }
  const fn = isRecord(value.function) ? value.function : null;
  const nameValue = fn?.name ?? (typeof value.function === "string" ? value.function : undefined) ?? value.name ?? value.tool_name ?? value.tool;
  const argsValue = fn ? fn.arguments : "arguments" in value ? value.arguments : "parameters" in value ? value.parameters : value.args;
  const callId = typeof value.id === "string" && value.id ? value.id : typeof value.call_id === "string" && value.call_id ? value.call_id : undefined;
  if (typeof nameValue !== "string" || !nameValue.trim()) {
    return {
      name: guessName(raw),
      arguments: { _raw: raw },
      ...(callId ? { callId } : {}),
      malformed: true,
      problem: "tool call has no name",
    };
  }
  return { name: nameValue.trim(), arguments: normalizeArguments(argsValue), ...(callId ? { callId } : {}), malformed: false };
}

/** Tool arguments as an object: objects as they are, JSON strings parsed, anything else kept under `_raw`. */
export function normalizeArguments(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (isRecord(value)) return value;
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (!trimmed) return {};
    if (trimmed.startsWith("{")) {
      const parsed = parseLenientJson(trimmed);
      if (parsed.ok && isRecord(parsed.value)) return parsed.value;
    }
    return { _raw: value };
  }
  return { _raw: value };
}

function stripCodeFence(text: string): string {
  const fence = /^```[a-zA-Z0-9]*\s*\n([\s\S]*?)\n?```$/.exec(text);
  return fence ? fence[1].trim() : text;
}

function guessName(text: string): string {
  const match = /["']name["']\s*:\s*["']([^"'\n]{1,200})["']/.exec(text);
  return match ? match[1].trim() || "unknown" : "unknown";
}

/**
 * The content of the last `\boxed{…}` (or `\fbox{…}`) with balanced braces; null when there is none or the last
 * ones are cut off before their closing brace (an earlier complete one is returned then).
 */
export function lastBoxed(text: string): string | null {
  const pattern = /\\(?:boxed|fbox)\s*\{/g;
  const starts: number[] = [];
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) starts.push(match.index + match[0].length);
  for (let i = starts.length - 1; i >= 0; i--) {
    const content = balancedFrom(text, starts[i]);
    if (content !== null) return content.trim();
  }
  return null;
}

/** Reads from just after an opening brace to its matching closing brace; null when unbalanced. */
function balancedFrom(text: string, start: number): string | null {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\" && (text[i + 1] === "{" || text[i + 1] === "}")) {
      i++;
      continue;
    }
    if (ch === "{") depth++;
    else if (ch === "}") {
      depth--;
      if (depth === 0) return text.slice(start, i);
    }
  }
  return null;
}

/**
 * The final answer in an assistant turn: the last <answer>…</answer> block (the last \boxed{…} inside it when it has
 * one), else the last \boxed{…} outside the reasoning. Null when there is neither.
 */
export function extractFinalAnswer(text: string): string | null {
  return finalAnswerOfSegments(segmentChatml(text));
}

export function finalAnswerOfSegments(segments: readonly ChatmlSegment[]): string | null {
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i];
    if (segment.kind === "answer") return lastBoxed(segment.text) ?? segment.text;
  }
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i];
    if (segment.kind === "text") {
      const boxed = lastBoxed(segment.text);
      if (boxed !== null) return boxed;
    }
  }
  return null;
}

/** True when the text holds any ChatML agent tag (so it should be segmented rather than kept as plain text). */
export function hasChatmlTags(text: string): boolean {
  return /<\/?(?:think|tool_call|tool_response|answer)>/.test(text);
}

/** A user/tool turn that carries tool output: its text starts with a <tool_response> block. */
export function isToolResponseText(text: string): boolean {
  return cleanSpecialTokens(text).trimStart().startsWith("<tool_response>");
}

export type TranscriptMessage = { role: string; content: string };

/**
 * Splits a ChatML transcript into messages. With `<|im_start|>role … <|im_end|>` markers that is exact; without them
 * (special tokens skipped when decoding) a line holding only "system", "user", "assistant" or "tool" starts a turn
 * when the text begins with such a line. Returns null when the text has no turn structure at all.
 */
export function splitChatmlTranscript(text: string): TranscriptMessage[] | null {
  if (text.includes("<|im_start|>")) {
    const out: TranscriptMessage[] = [];
    const pattern = /<\|im_start\|>(\w+)\s*\n?([\s\S]*?)(?:<\|im_end\|>|(?=<\|im_start\|>)|$)/g;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (!match[0]) break;
      out.push({ role: match[1], content: match[2].replace(SPECIAL_TOKENS, "").trim() });
    }
    return out.length ? out : null;
  }
  const lines = text.split("\n");
  if (!/^(system|user)\s*$/.test(lines[0] ?? "")) return null;
  const out: TranscriptMessage[] = [];
  let current: { role: string; lines: string[] } | null = null;
  for (const line of lines) {
    const role = /^(system|user|assistant|tool)\s*$/.exec(line);
    // A role line starts a new turn, except inside a tool response (tool output can contain such a line).
    const insideResponse = current ? openResponse(current.lines) : false;
    if (role && !insideResponse) {
      if (current) out.push({ role: current.role, content: current.lines.join("\n").trim() });
      current = { role: role[1], lines: [] };
    } else if (current) current.lines.push(line);
  }
  if (current) out.push({ role: current.role, content: current.lines.join("\n").trim() });
  return out;
}

function openResponse(lines: string[]): boolean {
  const joined = lines.join("\n");
  return joined.lastIndexOf("<tool_response>") > joined.lastIndexOf("</tool_response>");
}

/**
 * The question inside a prompt that wraps it in an agent template: Reagent and WebDancer prompts end with
 * "User: <question>" after the tool list; some templates use "Question: …". Returns the text unchanged otherwise.
 */
export function extractQuestionFromPrompt(text: string): string {
  const trimmed = text.trim();
  // Only prompts that are agent templates (they describe the tags); a plain question is never cut.
  if (!/<\/?tools>|<tool_call>|<tool_response>/.test(trimmed)) return trimmed;
  const markers = [/(?:^|\n)\s*User:\s*/g, /(?:^|\n)\s*Question:\s*/g];
  for (const marker of markers) {
    let last: RegExpExecArray | null = null;
    for (let match = marker.exec(trimmed); match; match = marker.exec(trimmed)) last = match;
    if (last && last.index > 0) {
      const question = trimmed.slice(last.index + last[0].length).trim();
      if (question) return question;
    }
  }
  return trimmed;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "a string", "a number", "null", "an array", "an object": for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "missing";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return type === "object" ? "an object" : type === "undefined" ? "missing" : `a ${type}`;
}

function safeStringify(value: unknown): string {
  try {
    return typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
