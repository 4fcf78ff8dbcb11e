// Records holding an OpenAI chat conversation: `messages`, or verifiers' (vf-eval) `prompt` + `completion`.
//   - tool_calls: nested {id, function: {name, arguments}} or flat {name, arguments}; arguments an object or a JSON
//     string; entries that are themselves JSON strings (verifiers)
//   - role "tool" with tool_call_id, or without (paired with the calls by order: verifiers)
//   - reasoning_content / reasoning → reasoning steps; tagged text inside contents is segmented too
//   - question = the first user message; the last assistant message without a tool call is the final answer
//   - ground truth: `answer` (verifiers' gold), `ground_truth`, `gt`, `target`, `reference`
//   - correct: `correct`/`is_correct` when given, else `reward` when it is exactly 0 or 1 (verifiers' judge rewards);
//     ruleReward = reward when it lies in [0, 1]; every numeric column (metrics, reward functions) kept in metadata
//   - benchmark: `benchmark`/`dataset`/`data_source`, `task` unless "default", else the verifiers environment from
//     the file path ("{env}--{model}/…/results.jsonl"), else a benchmark named in the path, else "unknown"
// Pure.
import type { FormatAdapter } from "@/lib/formats/format-adapter";
import {
  asObject,
  clamp01,
  fail,
  groundTruthText,
  judgmentsFromRecord,
  nonNegativeInt,
  pickBenchmark,
  readAndMapRecords,
  RRM_RAW_KEYS,
  scalarFields,
  type MapContext,
  recordQuestion,
  type MapOutcome,
  taskFromRecord,
} from "@/lib/formats/adapter-helpers";
import { convertChatMessages } from "@/lib/formats/chat-messages";
import { describeValue, isRecord } from "@/lib/formats/chatml";
import { keysOf, sniff } from "@/lib/formats/sniff";
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";

const MAPPED = new Set([
  "messages", "prompt", "completion", "answer", "ground_truth", "gt", "target", "reference", "question", "reward", "correct",
  "is_correct", "info", "benchmark", "dataset", "data_source", "level", "id", "example_id", "task_id", "judgments", "rrm_model",
  ...RRM_RAW_KEYS,
]);

/** verifiers writes `outputs/evals/{env}--{model}/{hash}/results.jsonl`; the copies here are `{env}--{model}.{hash}.results….jsonl`. */
function verifiersRun(fileName: string): { env: string; model: string } | null {
  const parts = fileName.split(/[\\/]/).filter(Boolean);
  for (let i = parts.length - 1; i >= 0; i--) {
    const match = /^([A-Za-z0-9_.-]+?)--([A-Za-z0-9_.:-]+?)(?:\.[0-9a-f]{6,}.*)?$/.exec(parts[i]);
    if (match) return { env: match[1], model: match[2].replace(/\.(results|metadata).*$/, "") };
  }
  return null;
}

function sameMessage(a: unknown, b: unknown): boolean {
  return isRecord(a) && isRecord(b) && a.role === b.role && JSON.stringify(a.content) === JSON.stringify(b.content);
}

export function mapOpenAiRecord(value: unknown, context: MapContext): MapOutcome {
  const object = asObject(value);
  if (!object.ok) return fail(object.error);
  const record = object.record;
  const warnings: string[] = [];

  let messages: unknown[];
  let path = "messages";
  if (record.messages !== undefined) {
    if (!Array.isArray(record.messages)) return fail(`\`messages\` is ${describeValue(record.messages)}, expected a list of chat messages`);
    messages = record.messages;
  } else if (record.prompt !== undefined || record.completion !== undefined) {
    path = "prompt+completion";
    const prompt = typeof record.prompt === "string" ? [{ role: "user", content: record.prompt }] : record.prompt;
    if (!Array.isArray(prompt)) return fail(`\`prompt\` is ${describeValue(record.prompt)}, expected a list of chat messages`);
    const completionValue: unknown = typeof record.completion === "string" ? [{ role: "assistant", content: record.completion }] : (record.completion ?? []);
    if (!Array.isArray(completionValue)) return fail(`\`completion\` is ${describeValue(record.completion)}, expected a list of chat messages`);
    let completion: unknown[] = completionValue;
    // Some verifiers environments start the completion by repeating the last prompt message.
    if (completion.length && prompt.length && sameMessage(completion[0], prompt[prompt.length - 1])) completion = completion.slice(1);
    messages = [...prompt, ...completion];
  } else {
    return fail("record has no `messages` (or `prompt` and `completion`)");
  }

  const conversion = convertChatMessages(messages, path === "messages" ? "messages" : "conversation", { tagged: "auto" });
  if (!conversion.ok) return fail(conversion.error);
  warnings.push(...conversion.warnings);

  const asked = recordQuestion(record, conversion.question);
  if (!asked.ok) return fail(asked.error);
  const { question } = asked;

  const truth = groundTruthText(record.answer ?? record.ground_truth ?? record.gt ?? record.target ?? record.reference);

  let correct: boolean | null = null;
  const explicit = record.correct ?? record.is_correct;
  if (typeof explicit === "boolean") correct = explicit;
  const reward = record.reward;
  if (reward !== undefined && reward !== null && typeof reward !== "number") return fail(`\`reward\` is ${describeValue(reward)}, expected a number`);
  if (correct === null && typeof reward === "number" && (reward === 0 || reward === 1)) correct = reward === 1;
  const ruleReward = typeof reward === "number" && Number.isFinite(reward) && reward >= 0 && reward <= 1 ? reward : correct === null ? null : correct ? 1 : 0;

  const run = verifiersRun(context.fileName);
  const taskName = typeof record.task === "string" && record.task !== "default" ? record.task : null;
  const benchmark = pickBenchmark([record.benchmark, record.dataset, record.data_source, taskName, run?.env], context.fileName, warnings);

  // Several rollouts of one example share its id: number them in file order.
  const exampleId = typeof record.example_id === "number" || typeof record.example_id === "string" ? String(record.example_id) : typeof record.id === "string" || typeof record.id === "number" ? String(record.id) : null;
  let rolloutIndex = 0;
  if (exampleId !== null) {
    const seen = (context.state.get("seen") as Map<string, number> | undefined) ?? new Map<string, number>();
    context.state.set("seen", seen);
    rolloutIndex = seen.get(exampleId) ?? 0;
    seen.set(exampleId, rolloutIndex + 1);
  }

  const metadata: Record<string, unknown> = scalarFields(record, MAPPED);
  if (run) metadata.model ??= run.model;
  if (typeof record.reward === "number") metadata.reward = record.reward;
  if (isRecord(record.info)) {
    const { oai_tools: tools, ...info } = record.info;
    if (Array.isArray(tools)) metadata.tools = tools.map((tool) => (isRecord(tool) && isRecord(tool.function) ? tool.function.name : isRecord(tool) ? tool.name : null)).filter(Boolean);
    if (Object.keys(info).length) metadata.info = info;
  }
  const durationMs = nonNegativeInt(record.total_ms ?? record.duration_ms);

  const trajectory: NormalizedTrajectoryInput = {
    externalId: exampleId !== null ? `${exampleId}:${rolloutIndex}` : null,
    task: taskFromRecord({ benchmark, level: record.level, externalId: exampleId, question, truth }),
    steps: conversion.steps,
    finalAnswer: conversion.finalAnswer,
    correct,
    ruleReward: ruleReward === null ? null : clamp01(ruleReward),
    rolloutIndex,
    durationMs: durationMs ?? null,
    metadata: Object.keys(metadata).length ? metadata : null,
    judgments: judgmentsFromRecord(record, warnings),
  };
  return { ok: true, trajectory, warnings };
}

/** A record whose `messages` (or prompt/completion) are OpenAI-style chat messages with string or `text`-part content. */
export function isOpenAiConversation(record: unknown): boolean {
  if (!isRecord(record)) return false;
  const list = Array.isArray(record.messages) ? record.messages : Array.isArray(record.prompt) && (Array.isArray(record.completion) || typeof record.completion === "string") ? [...record.prompt, ...(Array.isArray(record.completion) ? record.completion : [])] : null;
  if (!list || list.length === 0) return false;
  return list.every((message) => {
    if (!isRecord(message) || typeof message.role !== "string") return false;
    const content = message.content;
    if (content === null || content === undefined || typeof content === "string") return true;
    return Array.isArray(content) && content.every((part) => typeof part === "string" || (isRecord(part) && !("value" in part) && typeof part.type === "string"));
  });
}

export const openAiMessagesAdapter: FormatAdapter = {
  id: "openai-messages",
  label: "OpenAI chat messages",
  description: "Records with OpenAI-style chat `messages` (tool_calls, role tool), or verifiers' vf-eval results with `prompt` + `completion`.",
  extensions: [".jsonl", ".json"],
  detect(sample) {
    const sniffed = sniff(sample);
    if (sniffed.container !== "jsonl" && sniffed.container !== "array") return 0;
    const first = sniffed.first;
    const keys = keysOf(first);
    if (keys.has("intermediate_steps") || keys.has("conversations") || keys.has("history")) return 0;
    if (!isOpenAiConversation(first)) return 0;
    const list = JSON.stringify(first);
    const hasTools = list.includes('"tool_calls"') || list.includes('"role":"tool"') || list.includes('"role": "tool"');
    if (keys.has("prompt") && keys.has("completion")) return 0.85;
    return hasTools ? 0.8 : 0.7;
  },
  read(source, options) {
    return readAndMapRecords(source, options, mapOpenAiRecord);
  },
};
