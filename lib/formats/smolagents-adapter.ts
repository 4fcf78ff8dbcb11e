// smolagents benchmark runs (examples/smolagents_benchmark/run.py output JSONL), one line per question:
//   {model_id, agent_action_type: code|tool-calling, question, original_question, answer (may be null), true_answer,
//    source ("GAIA"), intermediate_steps: [{role, content: [{type: "text", text}], tool_calls, raw, token_usage}],
//    start_time, end_time, token_counts}
// Roles in intermediate_steps: system, user, assistant, "tool-call" (the calls only as Python-repr text:
// "Calling tools:\n[{'id': …, 'type': 'function', 'function': {'name': …, 'arguments': …}}]", tool_calls null) and
// "tool-response" (the observation text, including code-parse errors).
// Mapping: assistant text is reasoning when calls follow it in the same step, else a message; each call in a
// tool-call text becomes a tool_call step (name and arguments parsed from the repr; the text is kept on the first);
// tool responses are results, isError when they start with "Error"; `answer` (when not null) is the final answer;
// `true_answer` the ground truth; correctness is not in the file (the score files hold only aggregates): null.
// Timing: `start_time` is a float epoch (seconds) but `end_time` a naive local datetime string without a time zone,
// so no duration is computed from them; both are kept in metadata (start also as ISO `startedAt`).
// Pure.
import type { FormatAdapter } from "@/lib/formats/format-adapter";
import {
  asObject,
  canonicalLevel,
  fail,
  groundTruthText,
  nonNegativeInt,
  pickBenchmark,
  readAndMapRecords,
  type MapContext,
  type MapOutcome,
} from "@/lib/formats/adapter-helpers";
import { contentText } from "@/lib/formats/chat-messages";
import { describeValue, isRecord, normalizeArguments, toolCallFromValue } from "@/lib/formats/chatml";
import { parsePythonLiteral } from "@/lib/formats/python-literal";
import { keysOf, sniff } from "@/lib/formats/sniff";
import { StepBuilder } from "@/lib/formats/step-builder";
import type { NormalizedTrajectoryInput, ToolCall } from "@/lib/formats/trajectory-schema";

/** The calls in a smolagents "Calling tools:" text, parsed from the Python repr (best effort). */
export function parseCallingTools(text: string): { calls: ToolCall[]; problem?: string } {
  const start = text.indexOf("[");
  if (start !== -1) {
    const parsed = parsePythonLiteral(text, start);
    if (parsed.ok && Array.isArray(parsed.value)) {
      const calls = parsed.value.map((item) => {
        const call = toolCallFromValue(item);
        return { name: call.name, arguments: call.malformed ? call.arguments : normalizeArguments(call.arguments), ...(call.callId ? { callId: call.callId } : {}) };
      });
      if (calls.length) return { calls };
    }
  }
  // Fallback: pick names (and ids) out of the text.
  const calls: ToolCall[] = [];
  const pattern = /'id':\s*'([^']*)'[\s\S]*?'name':\s*'([^']+)'/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) calls.push({ name: match[2], arguments: { _raw: text }, ...(match[1] ? { callId: match[1] } : {}) });
  if (calls.length) return { calls, problem: "tool calls only partly parsed (arguments kept as text)" };
  return { calls: [{ name: "unknown", arguments: { _raw: text } }], problem: "tool call text could not be parsed" };
}

function stepText(message: Record<string, unknown>): string {
  return contentText(message.content) ?? (typeof message.content === "string" ? message.content : "");
}

export function mapSmolagentsRecord(value: unknown, context: MapContext): MapOutcome {
  const object = asObject(value);
  if (!object.ok) return fail(object.error);
  const record = object.record;
  const warnings: string[] = [];

  const question = typeof record.question === "string" && record.question.trim() ? record.question : typeof record.original_question === "string" && record.original_question.trim() ? record.original_question : null;
  if (record.question !== undefined && record.question !== null && typeof record.question !== "string") return fail(`\`question\` is ${describeValue(record.question)}, expected a string`);
  if (!question) return fail("record has no question (expected `question` or `original_question`)");
  if (!Array.isArray(record.intermediate_steps)) return fail(`\`intermediate_steps\` is ${describeValue(record.intermediate_steps)}, expected a list of messages`);

  const builder = new StepBuilder();
  const messages = record.intermediate_steps;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (!isRecord(message)) return fail(`intermediate_steps[${i}] is ${describeValue(message)}, expected a message object`);
    const role = typeof message.role === "string" ? message.role : null;
    if (!role) return fail(`intermediate_steps[${i}] has no role`);
    const text = stepText(message);
    const usage = isRecord(message.token_usage) ? message.token_usage : null;
    const tokens = nonNegativeInt(usage?.output_tokens);
    const extra = tokens !== undefined ? { tokens } : {};
    switch (role) {
      case "system":
        builder.startTurn("system");
        if (text.trim()) builder.message("system", text);
        break;
      case "user":
        builder.startTurn("user");
        if (text.trim()) builder.message("user", text);
        break;
      case "assistant": {
        builder.startTurn("assistant");
        const next = messages[i + 1];
        const callsFollow = isRecord(next) && next.role === "tool-call";
        if (text.trim()) {
          if (callsFollow) builder.reasoning(text.trim(), extra);
          else builder.message("assistant", text, extra);
        }
        if (Array.isArray(message.tool_calls)) {
          for (const entry of message.tool_calls) {
            const call = toolCallFromValue(entry);
            builder.toolCall({ name: call.name, arguments: call.arguments, callId: call.callId });
          }
        }
        break;
      }
      case "tool-call": {
        const { calls, problem } = parseCallingTools(text);
        if (problem) warnings.push(`intermediate_steps[${i}]: ${problem}`);
        calls.forEach((call, k) => builder.toolCall(call, k === 0 ? { text } : {}));
        break;
      }
      case "tool-response":
        builder.startTurn("tool");
        builder.toolResult(text, /^\s*Error\b/.test(text) ? { isError: true } : {});
        break;
      default:
        builder.startTurn();
        warnings.push(`intermediate_steps[${i}]: unknown role "${role}", kept as a message`);
        if (text.trim()) builder.message(undefined, text, { metadata: { role } });
    }
  }

  const answer = record.answer;
  let finalAnswer: string | null = null;
  if (answer !== undefined && answer !== null) {
    finalAnswer = typeof answer === "string" ? answer : JSON.stringify(answer);
    builder.startTurn("assistant");
    builder.finalAnswer(finalAnswer, finalAnswer);
  }

  const truth = groundTruthText(record.true_answer);
  const benchmark = pickBenchmark([record.source, record.benchmark], context.fileName, warnings);
  const counts = isRecord(record.token_counts) ? record.token_counts : null;
  const metadata: Record<string, unknown> = {};
  if (typeof record.model_id === "string") metadata.model = record.model_id;
  if (typeof record.agent_action_type === "string") metadata.agentActionType = record.agent_action_type;
  if (typeof record.original_question === "string" && record.original_question !== question) metadata.originalQuestion = record.original_question;
  if (record.start_time !== undefined) metadata.startTime = record.start_time;
  if (typeof record.start_time === "number" && Number.isFinite(record.start_time)) metadata.startedAt = new Date(record.start_time * 1000).toISOString();
  if (record.end_time !== undefined) metadata.endTime = record.end_time;

  const trajectory: NormalizedTrajectoryInput = {
    task: {
      benchmark,
      level: canonicalLevel(benchmark, record.level ?? record.task_level),
      externalId: typeof record.task_id === "string" ? record.task_id : null,
      question,
      groundTruth: truth.text,
    },
    steps: builder.steps,
    finalAnswer,
    correct: null,
    tokenCount: nonNegativeInt(counts?.total_tokens) ?? null,
    promptTokens: nonNegativeInt(counts?.input_tokens) ?? null,
    completionTokens: nonNegativeInt(counts?.output_tokens) ?? null,
    metadata,
  };
  return { ok: true, trajectory, warnings };
}

export const smolagentsAdapter: FormatAdapter = {
  id: "smolagents",
  label: "smolagents benchmark run",
  description: "JSONL written by smolagents' benchmark runner: question, answer, true_answer, intermediate_steps (tool-call / tool-response messages).",
  extensions: [".jsonl"],
  detect(sample) {
    const sniffed = sniff(sample);
    if (sniffed.container !== "jsonl" && sniffed.container !== "array") return 0;
    const keys = keysOf(sniffed.first);
    if (!keys.has("intermediate_steps")) return 0;
    if (keys.has("true_answer") || keys.has("agent_action_type")) return 0.95;
    return keys.has("question") ? 0.75 : 0;
  },
  read(source, options) {
    return readAndMapRecords(source, options, mapSmolagentsRecord);
  },
};
