// ShareGPT conversations as LLaMA-Factory and most SFT tooling write them, in a JSON array file or JSONL:
//   {conversations: [{from: human|gpt|function_call|observation|system, value}], system?, tools?: "<JSON string>"}
//   function_call values are JSON strings {"name", "arguments"}; observations answer the calls by order.
// and the typed-content `messages` variant:
//   {messages: [{role, content: [{type: text|reasoning|tool_call, value}]}], tools?}
// The question is the first human/user turn; the last assistant turn without a call is the final answer. SFT data has
// no ground truth or correctness (kept when a record has `answer`/`correct`); benchmark "unknown" unless given.
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
  type MapOutcome,
  taskFromRecord,
} from "@/lib/formats/adapter-helpers";
import { convertChatMessages } from "@/lib/formats/chat-messages";
import { describeValue, isRecord } from "@/lib/formats/chatml";
import { parseLenientJson } from "@/lib/formats/lenient-json";
import { sniff } from "@/lib/formats/sniff";
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";

function toolNames(tools: unknown): string[] | null {
  let list = tools;
  if (typeof tools === "string") {
    const parsed = parseLenientJson(tools);
    if (!parsed.ok) return null;
    list = parsed.value;
  }
  if (!Array.isArray(list)) return null;
  return list
    .map((tool) => (isRecord(tool) ? (isRecord(tool.function) ? tool.function.name : tool.name) : null))
    .filter((name): name is string => typeof name === "string");
}

export function mapShareGptRecord(value: unknown, context: MapContext): MapOutcome {
  const object = asObject(value);
  if (!object.ok) return fail(object.error);
  const record = object.record;
  const warnings: string[] = [];

  let messages: unknown[];
  let path: string;
  if (record.conversations !== undefined) {
    if (!Array.isArray(record.conversations)) return fail(`\`conversations\` is ${describeValue(record.conversations)}, expected a list of {from, value} turns`);
    messages = record.conversations;
    path = "conversations";
  } else if (record.messages !== undefined) {
    if (!Array.isArray(record.messages)) return fail(`\`messages\` is ${describeValue(record.messages)}, expected a list of messages`);
    messages = record.messages;
    path = "messages";
  } else {
    return fail("record has no `conversations` (or typed-content `messages`)");
  }
  const conversion = convertChatMessages(messages, path, { tagged: "auto" });
  if (!conversion.ok) return fail(conversion.error);
  warnings.push(...conversion.warnings);
  let steps = conversion.steps;
  if (typeof record.system === "string" && record.system.trim()) {
    // LLaMA-Factory keeps the system prompt beside the conversation: it becomes the first step.
    steps = [
      { index: 0, kind: "message", role: "system", turn: 0, text: record.system },
      ...steps.map((step) => ({ ...step, index: step.index + 1, turn: (step.turn ?? 0) + 1 })),
    ];
  }
  const question = conversion.question;
  if (!question) return fail(`record has no question (expected a ${path === "conversations" ? "`human`" : "`user`"} turn)`);

  const truth = groundTruthText(record.answer ?? record.ground_truth);
  const benchmark = pickBenchmark([record.benchmark, record.dataset, record.data_source], context.fileName, warnings, "ShareGPT SFT data names none");
  const metadata: Record<string, unknown> = {};
  const tools = toolNames(record.tools);
  if (tools?.length) metadata.tools = tools;
  const id = typeof record.id === "string" || typeof record.id === "number" ? String(record.id) : null;

  const trajectory: NormalizedTrajectoryInput = {
    externalId: id,
    task: taskFromRecord({ benchmark, level: record.level, externalId: id, question, truth }),
    steps,
    finalAnswer: conversion.finalAnswer,
    correct: typeof record.correct === "boolean" ? record.correct : null,
    metadata: Object.keys(metadata).length ? metadata : null,
    judgments: judgmentsFromRecord(record, warnings),
  };
  return { ok: true, trajectory, warnings };
}

function isShareGptTurn(turn: unknown): boolean {
  return isRecord(turn) && typeof turn.from === "string" && "value" in turn;
}

function isTypedContentMessage(message: unknown): boolean {
  return isRecord(message) && typeof message.role === "string" && Array.isArray(message.content) && message.content.length > 0 && message.content.every((part) => isRecord(part) && typeof part.type === "string" && "value" in part);
}

export const shareGptAdapter: FormatAdapter = {
  id: "sharegpt",
  label: "ShareGPT conversations",
  description: "ShareGPT `conversations` ({from, value}, function_call/observation turns) and typed-content `messages` ({type, value} parts), as LLaMA-Factory's SFT data; JSON array or JSONL.",
  extensions: [".json", ".jsonl"],
  detect(sample) {
    const sniffed = sniff(sample);
    if (sniffed.container !== "jsonl" && sniffed.container !== "array") return 0;
    const first = sniffed.first;
    if (!isRecord(first)) return 0;
    if (Array.isArray(first.conversations) && first.conversations.length && isShareGptTurn(first.conversations[0])) return 0.9;
    if (Array.isArray(first.messages) && first.messages.length && first.messages.some(isTypedContentMessage)) return 0.85;
    return 0;
  },
  read(source, options) {
    return readAndMapRecords(source, options, mapShareGptRecord);
  },
};
