// Records whose messages hold Qwen/ChatML tagged text (Qwen-Agent / WebDancer `sample_traj.jsonl`:
// `{type: "chatml", task, messages: [{role, content}], functions, tool_calls: [], answer: [[aliases]], tag}`), or a
// raw ChatML transcript under `text` (`<|im_start|>role … <|im_end|>`).
// Assistant contents carry <think> and <tool_call> blocks and the final <answer>; tool output comes back as user
// messages of <tool_response> blocks (no call ids: paired by order). The question is the first user message, taken
// out of the agent prompt template ("… User: <question>"). There is no correctness label: correct is null.
// Benchmark: `benchmark`/`dataset`/`data_source`, then WebDancer's `tag` (e.g. "e2hqa"), then the file path.
// Pure.
import type { FormatAdapter } from "@/lib/formats/format-adapter";
import {
  asObject,
  fail,
  groundTruthText,
  judgmentsFromRecord,
  pickBenchmark,
  readAndMapRecords,
  type MapContext,
  recordQuestion,
  type MapOutcome,
  taskFromRecord,
} from "@/lib/formats/adapter-helpers";
import { convertChatMessages } from "@/lib/formats/chat-messages";
import { describeValue, hasChatmlTags, isRecord, splitChatmlTranscript } from "@/lib/formats/chatml";
import { keysOf, sniff } from "@/lib/formats/sniff";
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";

export function mapChatmlRecord(value: unknown, context: MapContext): MapOutcome {
  const object = asObject(value);
  if (!object.ok) return fail(object.error);
  const record = object.record;
  const warnings: string[] = [];

  let messages: unknown = record.messages;
  if (messages === undefined && typeof record.text === "string") {
    const split = splitChatmlTranscript(record.text);
    if (!split) return fail("`text` holds no ChatML turns (expected <|im_start|>role … <|im_end|>)");
    messages = split;
  }
  if (messages === undefined) return fail("record has no `messages` (or ChatML `text`)");
  if (!Array.isArray(messages)) return fail(`\`messages\` is ${describeValue(messages)}, expected a list of {role, content} messages`);

  const conversion = convertChatMessages(messages, "messages", { tagged: true });
  if (!conversion.ok) return fail(conversion.error);
  warnings.push(...conversion.warnings);

  const asked = recordQuestion(record, conversion.question);
  if (!asked.ok) return fail(asked.error);
  const { question } = asked;

  const truth = groundTruthText(record.answer ?? record.ground_truth ?? record.gt);
  const benchmark = pickBenchmark([record.benchmark, record.dataset, record.data_source, record.tag], context.fileName, warnings);

  const metadata: Record<string, unknown> = {};
  if (typeof record.task === "string") metadata.taskType = record.task;
  if (typeof record.tag === "string") metadata.tag = record.tag;
  if (Array.isArray(record.functions)) {
    metadata.tools = record.functions
      .map((fn) => (isRecord(fn) ? (fn.name_for_model ?? fn.name) : null))
      .filter((name): name is string => typeof name === "string");
  }
  const id = typeof record.id === "string" || typeof record.id === "number" ? String(record.id) : null;

  const trajectory: NormalizedTrajectoryInput = {
    externalId: id,
    task: taskFromRecord({ benchmark, level: record.level, externalId: id, question, truth }),
    steps: conversion.steps,
    finalAnswer: conversion.finalAnswer,
    correct: typeof record.correct === "boolean" ? record.correct : null,
    termination: typeof record.termination === "string" && record.termination ? record.termination : null,
    metadata: Object.keys(metadata).length ? metadata : null,
    judgments: judgmentsFromRecord(record, warnings),
  };
  return { ok: true, trajectory, warnings };
}

function hasTaggedAssistant(messages: unknown): boolean {
  return Array.isArray(messages) && messages.some((m) => isRecord(m) && m.role === "assistant" && typeof m.content === "string" && hasChatmlTags(m.content));
}

export const chatmlAdapter: FormatAdapter = {
  id: "chatml",
  label: "Qwen/ChatML tagged text",
  description: "Records whose messages hold <think>/<tool_call>/<tool_response>/<answer> tagged text, like Qwen-Agent and WebDancer trajectories ({type: \"chatml\", messages, answer}).",
  extensions: [".jsonl", ".json"],
  detect(sample) {
    const sniffed = sniff(sample);
    if (sniffed.container !== "jsonl" && sniffed.container !== "array") return 0;
    const first = sniffed.first;
    if (!isRecord(first)) return 0;
    const keys = keysOf(first);
    if (keys.has("prediction") || keys.has("auto_judge") || keys.has("intermediate_steps")) return 0;
    if (first.type === "chatml" && Array.isArray(first.messages)) return 0.9;
    if (typeof first.text === "string" && first.text.includes("<|im_start|>")) return 0.75;
    if (hasTaggedAssistant(first.messages)) return 0.85;
    return 0;
  },
  read(source, options) {
    return readAndMapRecords(source, options, mapChatmlRecord);
  },
};
