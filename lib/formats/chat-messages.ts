// Chat messages as the frameworks write them, turned into normalized steps. One converter for every message-shaped
// format (OpenAI chat, verifiers, ShareGPT and its typed-content variant, Qwen/ChatML tagged text, Inspect, Reagent):
//   - roles: system/developer, user/human, assistant/gpt/model, tool/function/observation/ipython, function_call
//   - content: a string, or a list of parts ({type: text|reasoning|thinking|tool_call|tool_use|image…, text|value})
//   - reasoning_content / reasoning / thinking fields → reasoning steps
//   - tool_calls: OpenAI nested {id, function: {name, arguments}}, flat {id, name, arguments}, Inspect's
//     {id, function: "<name>", arguments}, entries that are JSON strings (verifiers), legacy function_call
//   - tool results pair with calls by tool_call_id, else by order
//   - tagged text (<think>, <tool_call>, <tool_response>, <answer>) is segmented with chatml.ts
// Pure: no I/O.
import {
  describeValue,
  extractQuestionFromPrompt,
  hasChatmlTags,
  isRecord,
  isToolResponseText,
  lastBoxed,
  parseToolCallBody,
  segmentChatml,
  toolCallFromValue,
  type ChatmlSegment,
  type ParsedToolCall,
} from "@/lib/formats/chatml";
import { parseLenientJson } from "@/lib/formats/lenient-json";
import { StepBuilder } from "@/lib/formats/step-builder";
import type { Step, StepRole } from "@/lib/formats/trajectory-schema";

export type TurnPart =
  | { kind: "text"; text: string }
  | { kind: "reasoning"; text: string }
  | { kind: "tool_call"; call: ParsedToolCall; raw?: string };

export type ChatTurn = {
  role: StepRole | undefined;
  /** The role as the source wrote it ("human", "gpt", "function_call" …). */
  sourceRole: string;
  parts: TurnPart[];
  toolCallId?: string;
  toolName?: string;
  isError?: boolean;
  tokens?: number;
  metadata?: Record<string, unknown>;
};

const ROLE_MAP: Record<string, StepRole> = {
  system: "system",
  developer: "system",
  user: "user",
  human: "user",
  assistant: "assistant",
  gpt: "assistant",
  model: "assistant",
  bot: "assistant",
  function_call: "assistant",
  tool: "tool",
  function: "tool",
  observation: "tool",
  ipython: "tool",
};

type Normalized = { ok: true; turn: ChatTurn; warnings: string[] } | { ok: false; error: string };

/** Reads one chat message; `path` names it in errors ("messages[3]"). */
export function normalizeChatMessage(raw: unknown, path: string): Normalized {
  if (!isRecord(raw)) return { ok: false, error: `${path} is ${describeValue(raw)}, expected an object with a role and content` };
  const warnings: string[] = [];
  const roleValue = raw.role ?? raw.from;
  if (typeof roleValue !== "string" || !roleValue) {
    return { ok: false, error: `${path} has no role (expected \`role\` or \`from\`), got ${describeValue(roleValue)}` };
  }
  const sourceRole = roleValue;
  const role = ROLE_MAP[roleValue.toLowerCase()];
  if (!role) warnings.push(`${path}: unknown role "${truncate(roleValue, 40)}", kept as a message`);

  const contentKey = "content" in raw ? "content" : "value" in raw ? "value" : "text" in raw ? "text" : null;
  const contentValue = contentKey ? raw[contentKey] : undefined;
  const parts: TurnPart[] = [];

  for (const key of ["reasoning_content", "reasoning", "thinking"] as const) {
    const value = raw[key];
    if (typeof value === "string" && value.trim()) {
      parts.push({ kind: "reasoning", text: value.trim() });
      break;
    }
  }

  if (sourceRole === "function_call") {
    // ShareGPT: the value is a JSON string {"name", "arguments"}.
    const call = parseCallValue(contentValue, `${path}.${contentKey ?? "value"}`, warnings);
    parts.push(call);
  } else {
    const content = readContent(contentValue, `${path}.${contentKey ?? "content"}`, warnings);
    if (!content.ok) return content;
    parts.push(...content.parts);
  }

  if ("tool_calls" in raw && raw.tool_calls !== null && raw.tool_calls !== undefined) {
    if (!Array.isArray(raw.tool_calls)) {
      return { ok: false, error: `${path}.tool_calls is ${describeValue(raw.tool_calls)}, expected a list` };
    }
    raw.tool_calls.forEach((entry, i) => parts.push(parseCallValue(entry, `${path}.tool_calls[${i}]`, warnings)));
  }
  if (isRecord(raw.function_call)) parts.push(parseCallValue(raw.function_call, `${path}.function_call`, warnings));

  const turn: ChatTurn = { role, sourceRole, parts };
  const callId = raw.tool_call_id ?? raw.tool_call_ids;
  if (typeof callId === "string" && callId) turn.toolCallId = callId;
  else if (Array.isArray(callId) && typeof callId[0] === "string") turn.toolCallId = callId[0];
  const toolName = typeof raw.name === "string" ? raw.name : typeof raw.function === "string" ? raw.function : undefined;
  if (toolName && role === "tool") turn.toolName = toolName;
  if (role === "tool" && raw.error !== undefined && raw.error !== null && raw.error !== false) turn.isError = true;
  return { ok: true, turn, warnings };
}

function parseCallValue(value: unknown, path: string, warnings: string[]): TurnPart {
  let parsedValue = value;
  let raw: string | undefined;
  if (typeof value === "string") {
    raw = value;
    const parsed = parseLenientJson(value);
    if (!parsed.ok) {
      warnings.push(`${path}: tool call is not valid JSON (${parsed.error}); kept as text`);
      const [call] = parseToolCallBody(value); // guesses the name from a "name": "…" fragment
      return { kind: "tool_call", call: { ...call, arguments: { _raw: value } }, raw };
    }
    parsedValue = parsed.value;
  }
  if (isRecord(parsedValue) && isRecord(parsedValue.input) && !("arguments" in parsedValue)) {
    parsedValue = { ...parsedValue, arguments: parsedValue.input }; // Anthropic tool_use
  }
  const call = toolCallFromValue(parsedValue, raw);
  if (call.malformed) warnings.push(`${path}: ${call.problem ?? "malformed tool call"}; kept as text`);
  return { kind: "tool_call", call, raw: call.malformed ? (raw ?? JSON.stringify(value)) : undefined };
}

function readContent(value: unknown, path: string, warnings: string[]): { ok: true; parts: TurnPart[] } | { ok: false; error: string } {
  if (value === undefined || value === null) return { ok: true, parts: [] };
  if (typeof value === "string") return { ok: true, parts: value ? [{ kind: "text", text: value }] : [] };
  if (isRecord(value)) {
    const text = value.text ?? value.value ?? value.content;
    if (typeof text === "string") return { ok: true, parts: [{ kind: "text", text }] };
    return { ok: false, error: `${path} is an object without text, expected a string or a list of content parts` };
  }
  if (!Array.isArray(value)) return { ok: false, error: `${path} is ${describeValue(value)}, expected a string or a list of content parts` };
  const parts: TurnPart[] = [];
  value.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (typeof item === "string") {
      if (item) parts.push({ kind: "text", text: item });
      return;
    }
    if (!isRecord(item)) {
      warnings.push(`${at} is ${describeValue(item)}, skipped`);
      return;
    }
    const type = typeof item.type === "string" ? item.type : "text";
    const textOf = (...keys: string[]) => {
      for (const key of keys) if (typeof item[key] === "string") return item[key] as string;
      return null;
    };
    switch (type) {
      case "text":
      case "input_text":
      case "output_text": {
        const text = textOf("text", "value", "content");
        if (text) parts.push({ kind: "text", text });
        return;
      }
      case "reasoning":
      case "thinking": {
        const text = textOf("reasoning", "thinking", "value", "text", "summary");
        if (text?.trim()) parts.push({ kind: "reasoning", text: text.trim() });
        else if (item.redacted) parts.push({ kind: "reasoning", text: "[redacted reasoning]" });
        return;
      }
      case "redacted_thinking":
        parts.push({ kind: "reasoning", text: "[redacted reasoning]" });
        return;
      case "tool_call":
      case "function_call":
      case "tool_use":
        parts.push(parseCallValue("value" in item ? item.value : item, at, warnings));
        return;
      case "image":
      case "image_url":
      case "input_image":
      case "audio":
      case "input_audio":
      case "video":
      case "document":
      case "file":
        parts.push({ kind: "text", text: `[${type.replace(/^input_/, "").replace(/_url$/, "")}]` });
        return;
      default: {
        const text = textOf("text", "value", "content");
        if (text !== null) parts.push({ kind: "text", text });
        else warnings.push(`${at}: content part of type "${truncate(type, 40)}" skipped`);
      }
    }
  });
  return { ok: true, parts };
}

export type ConvertOptions = {
  /** Segment <think>/<tool_call>/<tool_response>/<answer> tags in text ("auto": when a text has them). */
  tagged?: boolean | "auto";
  /** Take the question out of an agent prompt template ("… User: <question>"). Default true. */
  questionFromTemplate?: boolean;
};

export type Conversion = {
  steps: Step[];
  /** The first user message (the question inside an agent template when there is one). */
  question: string | null;
  /** The extracted answer of the last final_answer step. */
  finalAnswer: string | null;
  warnings: string[];
};

/** Turns normalized chat turns into steps. */
export function turnsToSteps(turns: readonly ChatTurn[], options: ConvertOptions = {}): Conversion {
  const tagged = options.tagged ?? "auto";
  const fromTemplate = options.questionFromTemplate ?? true;
  const builder = new StepBuilder();
  const warnings: string[] = [];
  let question: string | null = null;
  let lastAssistant = -1;
  turns.forEach((turn, i) => {
    if (turn.role === "assistant") lastAssistant = i;
  });
  const useTags = (text: string) => tagged === true || (tagged === "auto" && hasChatmlTags(text));

  turns.forEach((turn, i) => {
    builder.startTurn(turn.role);
    const texts = turn.parts.filter((p): p is { kind: "text"; text: string } => p.kind === "text").map((p) => p.text);
    const joined = texts.join("\n");
    switch (turn.role) {
      case "system":
        if (joined.trim()) builder.message("system", joined);
        break;
      case undefined:
        if (joined.trim()) builder.message(undefined, joined, { metadata: { role: turn.sourceRole } });
        break;
      case "user": {
        if (tagged !== false && isToolResponseText(joined)) {
          for (const segment of segmentChatml(joined)) {
            if (segment.kind === "tool_response") builder.toolResult(segment.text, truncatedRef(segment));
            else if (segment.kind === "text") builder.message("user", segment.text);
            else builder.message("user", segmentText(segment));
          }
          break;
        }
        if (question === null && joined.trim()) question = fromTemplate ? extractQuestionFromPrompt(joined) : joined.trim();
        if (joined.trim()) builder.message("user", joined);
        for (const part of turn.parts) if (part.kind !== "text") builder.message("user", part.kind === "reasoning" ? part.text : (part.raw ?? JSON.stringify(part.call)));
        break;
      }
      case "tool":
        emitToolTurn(builder, turn, joined, tagged !== false);
        break;
      case "assistant":
        emitAssistantTurn(builder, turn, i === lastAssistant, useTags, warnings, i);
        break;
    }
  });
  return { steps: builder.steps, question, finalAnswer: builder.finalAnswerValue, warnings };
}

function truncatedRef(segment: { closed: boolean }): { truncated?: boolean } {
  return segment.closed ? {} : { truncated: true };
}

function segmentText(segment: ChatmlSegment): string {
  switch (segment.kind) {
    case "tool_call":
      return segment.raw;
    default:
      return segment.text;
  }
}

function emitToolTurn(builder: StepBuilder, turn: ChatTurn, text: string, tagged: boolean): void {
  const ref = { callId: turn.toolCallId, name: turn.toolName, isError: turn.isError };
  if (tagged && text.includes("<tool_response>")) {
    let first = true;
    for (const segment of segmentChatml(text)) {
      if (segment.kind === "tool_response") {
        builder.toolResult(segment.text, { ...(first ? ref : { name: undefined }), ...truncatedRef(segment) });
        first = false;
      } else if (segment.kind === "text") builder.toolResult(segment.text, first ? ref : {});
    }
    return;
  }
  // One tool message answering several calls of the turn at once, as a JSON list (LLaMA-Factory's typed messages).
  if (!turn.toolCallId && builder.pendingCallCount > 1) {
    const parsed = text.trim().startsWith("[") ? parseLenientJson(text) : null;
    if (parsed?.ok && Array.isArray(parsed.value) && parsed.value.length === builder.pendingCallCount && parsed.value.every(isRecord)) {
      for (const item of parsed.value as Record<string, unknown>[]) {
        const content = "content" in item ? item.content : item;
        // Their tool_call_id values do not match any call (the calls carry no ids): pair by order.
        builder.toolResult(typeof content === "string" ? content : JSON.stringify(content), {
          name: typeof item.name === "string" ? item.name : undefined,
          isError: turn.isError,
        });
      }
      return;
    }
  }
  builder.toolResult(text, ref);
}

type AssistantItem =
  | { kind: "reasoning"; text: string }
  | { kind: "tool_call"; call: ParsedToolCall; raw?: string }
  | { kind: "text"; text: string }
  | { kind: "answer"; text: string }
  | { kind: "tool_response"; text: string };

function emitAssistantTurn(
  builder: StepBuilder,
  turn: ChatTurn,
  isLast: boolean,
  useTags: (text: string) => boolean,
  warnings: string[],
  turnIndex: number,
): void {
  const items: AssistantItem[] = [];
  for (const part of turn.parts) {
    if (part.kind === "reasoning") items.push({ kind: "reasoning", text: part.text });
    else if (part.kind === "tool_call") items.push({ kind: "tool_call", call: part.call, raw: part.raw });
    else if (useTags(part.text)) {
      for (const segment of segmentChatml(part.text)) {
        switch (segment.kind) {
          case "reasoning":
            items.push({ kind: "reasoning", text: segment.text });
            break;
          case "tool_call":
            for (const call of segment.calls) {
              if (call.malformed) warnings.push(`message ${turnIndex}: ${call.problem ?? "malformed tool call"}; kept as text`);
              items.push({ kind: "tool_call", call, raw: call.malformed || !segment.closed ? segment.raw : undefined });
            }
            break;
          case "answer":
            items.push({ kind: "answer", text: segment.text });
            break;
          case "tool_response":
            // A tool response the model wrote itself (it should have stopped before it): kept as its text.
            items.push({ kind: "tool_response", text: segment.text });
            break;
          case "text":
            items.push({ kind: "text", text: segment.text });
            break;
        }
      }
    } else if (part.text.trim()) items.push({ kind: "text", text: part.text.trim() });
  }

  const hasCall = items.some((item) => item.kind === "tool_call");
  const answerAt = findLastIndex(items, (item) => item.kind === "answer");
  // The final answer: an <answer> block anywhere, else the last text of the last assistant turn without a tool call.
  const finalAt = answerAt !== -1 ? answerAt : isLast && !hasCall ? findLastIndex(items, (item) => item.kind === "text") : -1;
  const tokens = turn.tokens !== undefined ? { tokens: turn.tokens } : {};

  items.forEach((item, i) => {
    const extra = i === items.length - 1 ? tokens : {};
    switch (item.kind) {
      case "reasoning":
        builder.reasoning(item.text, extra);
        break;
      case "tool_call":
        builder.toolCall(
          { name: item.call.name, arguments: item.call.arguments, callId: item.call.callId },
          { ...extra, ...(item.raw !== undefined ? { text: item.raw } : {}) },
        );
        break;
      case "answer":
      case "text":
        if (i === finalAt) builder.finalAnswer(item.text, lastBoxed(item.text) ?? item.text.trim(), extra);
        else builder.message("assistant", item.text, extra);
        break;
      case "tool_response":
        builder.message("assistant", `<tool_response>\n${item.text}\n</tool_response>`, extra);
        break;
    }
  });
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return i;
  return -1;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Normalizes and converts a list of chat messages in one go. Returns the first message error (with its path) when a
 * message is unreadable.
 */
export function convertChatMessages(
  messages: unknown,
  path: string,
  options: ConvertOptions = {},
): ({ ok: true } & Conversion & { turns: ChatTurn[] }) | { ok: false; error: string } {
  if (!Array.isArray(messages)) return { ok: false, error: `\`${path}\` is ${describeValue(messages)}, expected a list of messages` };
  const turns: ChatTurn[] = [];
  const warnings: string[] = [];
  for (let i = 0; i < messages.length; i++) {
    const normalized = normalizeChatMessage(messages[i], `${path}[${i}]`);
    if (!normalized.ok) return normalized;
    turns.push(normalized.turn);
    warnings.push(...normalized.warnings);
  }
  const conversion = turnsToSteps(turns, options);
  return { ok: true, ...conversion, warnings: [...warnings, ...conversion.warnings], turns };
}

/** The plain text of a message's content (string or parts), for questions and answers. */
export function contentText(content: unknown): string | null {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    const texts = content
      .map((part) => (typeof part === "string" ? part : isRecord(part) && (part.type === undefined || part.type === "text") ? (part.text ?? part.value) : null))
      .filter((text): text is string => typeof text === "string");
    return texts.length ? texts.join("\n") : null;
  }
  if (isRecord(content)) {
    const text = content.text ?? content.value;
    return typeof text === "string" ? text : null;
  }
  return null;
}
