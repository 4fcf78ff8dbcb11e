// Inspect AI evaluation logs:
//   .eval   a zip: header.json (version, eval, plan, results …), samples/<id>_epoch_<n>.json (one per sample, in no
//           particular order), summaries.json, reductions.json, _journal/… . Samples are read one at a time, in
//           (id, epoch) order; the archive must not expand past `maxExpandedBytes` (checked against the sizes the
//           zip declares before anything is inflated, and against the bytes actually inflated).
//   .json   one object {version, status, eval, plan, results, stats, samples, reductions}.
// A sample: {id, epoch, input, target, messages, output, scores, metadata, events, model_usage, attachments, …}.
// Large strings are moved to `attachments` and referenced as "attachment://<hash>": references are resolved in every
// string of the fields used (anywhere inside a string). `events` (a richer timeline duplicating messages) is not kept.
// Mapping: messages through the chat converter (tool_calls [{id, function: "<name>", arguments}], tool messages with
// tool_call_id); question = `input` (or its first user message); groundTruth = target; correctness from the first
// scorer: "C" → true, "I"/"N" → false, "P" (partial) → null, numbers 1/0 or ≥ 0.5, booleans as they are; the
// score's answer is the final answer; benchmark = eval.task (dataset name in metadata); externalId "<log id>/<id>:epoch<n>".
// Pure.
import type { AdapterEntry, FormatAdapter, FormatSource, ReadOptions } from "@/lib/formats/format-adapter";
import {
  canonicalBenchmark,
  canonicalLevel,
  errorMessage,
  fail,
  groundTruthText,
  mapRecord,
  nonNegativeInt,
  type MapContext,
  type MapOutcome,
} from "@/lib/formats/adapter-helpers";
import { contentText, convertChatMessages } from "@/lib/formats/chat-messages";
import { describeValue, isRecord } from "@/lib/formats/chatml";
import { readAllBytes } from "@/lib/formats/json-records";
import { parseLenientJson } from "@/lib/formats/lenient-json";
import { formatBytes } from "@/lib/formats/read-json-lines";
import { baseName, keysOf, sniff } from "@/lib/formats/sniff";
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";
import { isZip, listZipEntries, readZipEntry, ZipError, type ExpansionBudget, type ZipEntry } from "@/lib/formats/zip";

const ATTACHMENT = /attachment:\/\/([0-9a-f]{16,64})/g;

/** Replaces attachment://<hash> references in every string of a value; counts those it could not resolve. */
export function resolveAttachments(value: unknown, attachments: Record<string, unknown>, missing: Set<string>): unknown {
  if (typeof value === "string") {
    if (!value.includes("attachment://")) return value;
    return value.replace(ATTACHMENT, (whole, hash: string) => {
      const found = attachments[hash];
      if (typeof found === "string") return found;
      missing.add(hash);
      return whole;
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolveAttachments(item, attachments, missing));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = resolveAttachments(item, attachments, missing);
    return out;
  }
  return value;
}

type ScoreReading = { correct: boolean | null; reward: number | null; answer: string | null; scorer: string | null; note?: string };

export function readInspectScore(scores: unknown): ScoreReading {
  if (!isRecord(scores)) return { correct: null, reward: null, answer: null, scorer: null };
  for (const [scorer, score] of Object.entries(scores)) {
    if (!isRecord(score)) continue;
    const answer = typeof score.answer === "string" ? score.answer : null;
    let value = score.value;
    if (isRecord(value)) {
      // Multi-metric scores: {accuracy: "C", …}; take the first usable value.
      value = Object.values(value).find((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean");
    }
    if (typeof value === "boolean") return { correct: value, reward: value ? 1 : 0, answer, scorer };
    if (typeof value === "number" && Number.isFinite(value)) {
      const correct = value === 1 ? true : value === 0 ? false : value >= 0.5;
      return { correct, reward: Math.min(1, Math.max(0, value)), answer, scorer };
    }
    if (typeof value === "string") {
      const letter = value.trim().toUpperCase();
      if (letter === "C" || letter === "CORRECT") return { correct: true, reward: 1, answer, scorer };
      if (letter === "I" || letter === "INCORRECT") return { correct: false, reward: 0, answer, scorer };
      if (letter === "N") return { correct: false, reward: 0, answer, scorer, note: "scored N (no answer)" };
      if (letter === "P") return { correct: null, reward: 0.5, answer, scorer, note: "scored P (partial credit): correctness left unknown" };
      const number = Number(value);
      if (value.trim() && Number.isFinite(number)) return { correct: number >= 0.5, reward: Math.min(1, Math.max(0, number)), answer, scorer };
      return { correct: null, reward: null, answer, scorer, note: `score value "${value.slice(0, 20)}" is not C/I/P/N or a number` };
    }
  }
  return { correct: null, reward: null, answer: null, scorer: null };
}

function terminationOf(sample: Record<string, unknown>): string | null {
  if (sample.error) return "error";
  const limit = sample.limit;
  if (isRecord(limit) && typeof limit.type === "string") {
    if (limit.type === "token") return "token_limit_reached";
    if (limit.type === "message") return "exceed_llm_calls";
    return `${limit.type}_limit`;
  }
  const choice = isRecord(sample.output) && Array.isArray(sample.output.choices) ? sample.output.choices[0] : null;
  if (isRecord(choice) && choice.stop_reason === "max_tokens") return "token_limit_reached";
  return null;
}

export function mapInspectSample(value: unknown, context: MapContext, evalInfo: Record<string, unknown>): MapOutcome {
  if (!isRecord(value)) return fail(`the sample is ${describeValue(value)}, expected a JSON object`);
  const warnings: string[] = [];
  const attachments = isRecord(value.attachments) ? value.attachments : {};
  const missing = new Set<string>();
  const sample: Record<string, unknown> = {};
  for (const key of ["id", "epoch", "input", "target", "messages", "output", "scores", "metadata", "model_usage", "error", "limit", "total_time", "working_time", "uuid"]) {
    if (key in value) sample[key] = resolveAttachments(value[key], attachments, missing);
  }
  if (missing.size) warnings.push(`${missing.size} attachment reference${missing.size === 1 ? "" : "s"} could not be resolved (kept as attachment://…)`);

  if (sample.id === undefined || sample.id === null) return fail("the sample has no `id`");
  const epoch = typeof sample.epoch === "number" ? sample.epoch : 1;

  let messages = sample.messages;
  if (messages === undefined) {
    // Samples logged without messages: the input and the model's output.
    const input = Array.isArray(sample.input) ? sample.input : typeof sample.input === "string" ? [{ role: "user", content: sample.input }] : [];
    const output = isRecord(sample.output) && Array.isArray(sample.output.choices) && isRecord(sample.output.choices[0]) ? [sample.output.choices[0].message] : [];
    messages = [...input, ...output];
  }
  const conversion = convertChatMessages(messages, "messages", { tagged: "auto", questionFromTemplate: false });
  if (!conversion.ok) return fail(conversion.error);
  warnings.push(...conversion.warnings);

  let question: string | null = null;
  if (typeof sample.input === "string") question = sample.input;
  else if (Array.isArray(sample.input)) {
    const user = sample.input.find((m) => isRecord(m) && m.role === "user");
    question = isRecord(user) ? contentText(user.content) : null;
  } else if (sample.input !== undefined && sample.input !== null) {
    return fail(`\`input\` is ${describeValue(sample.input)}, expected a string or a list of messages`);
  }
  question = question?.trim() ? question : conversion.question;
  if (!question) return fail("the sample has no question (expected `input` or a user message)");

  const score = readInspectScore(sample.scores);
  if (score.note) warnings.push(score.note);
  const truth = groundTruthText(sample.target);
  const taskName = typeof evalInfo.task === "string" && evalInfo.task ? evalInfo.task : null;
  const dataset = isRecord(evalInfo.dataset) && typeof evalInfo.dataset.name === "string" ? evalInfo.dataset.name : null;
  let benchmark = taskName ?? dataset;
  if (!benchmark) warnings.push('the log names no task or dataset: benchmark stored as "unknown"');
  benchmark = canonicalBenchmark(benchmark ?? "unknown");

  const usage = isRecord(sample.model_usage) ? Object.values(sample.model_usage).filter(isRecord) : [];
  const sum = (key: string) => (usage.length ? usage.reduce((total, u) => total + (nonNegativeInt(u[key]) ?? 0), 0) : null);
  const totalTime = typeof sample.total_time === "number" ? sample.total_time : isRecord(sample.output) && typeof sample.output.time === "number" ? sample.output.time : null;
  const error = isRecord(sample.error) ? (typeof sample.error.message === "string" ? sample.error.message : JSON.stringify(sample.error)) : typeof sample.error === "string" ? sample.error : null;
  const sampleMetadata = isRecord(sample.metadata) ? sample.metadata : {};

  const metadata: Record<string, unknown> = {};
  if (typeof evalInfo.model === "string") metadata.model = evalInfo.model;
  for (const key of ["eval_id", "run_id", "task_id", "created"] as const) if (typeof evalInfo[key] === "string") metadata[key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())] = evalInfo[key];
  if (isRecord(sample.scores)) metadata.scores = sample.scores;
  if (score.scorer) metadata.scorer = score.scorer;
  if (typeof sample.uuid === "string") metadata.uuid = sample.uuid;

  // Sample ids restart at 1 in every log: qualify them with the log's own id, so several logs imported into one run
  // do not collide (and the same log imported twice still matches itself).
  const logId = [evalInfo.eval_id, evalInfo.task_id, evalInfo.run_id].find((v): v is string => typeof v === "string" && v !== "");
  const externalId = `${logId ? `${logId}/` : ""}${String(sample.id)}:epoch${epoch}`;
  const finalAnswer = score.answer ?? conversion.finalAnswer;
  const trajectory: NormalizedTrajectoryInput = {
    externalId,
    task: {
      benchmark,
      level: canonicalLevel(benchmark, sampleMetadata.level ?? sampleMetadata.Level),
      externalId: String(sample.id),
      question,
      groundTruth: truth.text,
      metadata: { ...(dataset ? { dataset } : {}), ...(Object.keys(sampleMetadata).length ? { sample: sampleMetadata } : {}), ...(truth.aliases ? { groundTruthAliases: truth.aliases } : {}) },
    },
    steps: conversion.steps,
    finalAnswer,
    correct: score.correct,
    ruleReward: score.reward,
    termination: terminationOf(sample),
    error,
    rolloutIndex: Math.max(0, epoch - 1),
    tokenCount: sum("total_tokens"),
    promptTokens: sum("input_tokens"),
    completionTokens: sum("output_tokens"),
    durationMs: totalTime !== null && totalTime >= 0 ? Math.round(totalTime * 1000) : null,
    metadata,
  };
  return { ok: true, trajectory, warnings };
}

/** Natural order of sample files: by id (numbers numerically), then epoch. */
function sampleOrder(a: ZipEntry, b: ZipEntry): number {
  const parse = (name: string) => {
    const match = /^samples\/(.+)_epoch_(\d+)\.json$/.exec(name);
    return match ? { id: match[1], epoch: Number(match[2]) } : { id: name, epoch: 0 };
  };
  const x = parse(a.name);
  const y = parse(b.name);
  const byId = x.id.localeCompare(y.id, "en", { numeric: true });
  return byId !== 0 ? byId : x.epoch - y.epoch;
}

function decodeJson(bytes: Uint8Array, what: string): { ok: true; value: unknown; text: string } | { ok: false; error: string } {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: `${what} is not valid UTF-8` };
  }
  const parsed = parseLenientJson(text);
  return parsed.ok ? { ok: true, value: parsed.value, text } : { ok: false, error: `${what}: ${parsed.error}` };
}

async function* readEvalArchive(source: FormatSource, options: ReadOptions): AsyncGenerator<AdapterEntry> {
  const all = await readAllBytes(source.bytes(), options.maxExpandedBytes);
  if (!all.ok) {
    yield { ok: false, line: null, location: null, error: `the .eval archive is ${formatBytes(all.size)} or more, over the ${formatBytes(options.maxExpandedBytes)} limit` };
    return;
  }
  const data = all.bytes;
  if (!isZip(data)) {
    yield { ok: false, line: null, location: null, error: "not a zip archive (an Inspect .eval log is a zip file)" };
    return;
  }
  let entries: ZipEntry[];
  try {
    entries = listZipEntries(data);
  } catch (error) {
    yield { ok: false, line: null, location: null, error: `unreadable .eval archive: ${errorMessage(error)}` };
    return;
  }
  const declared = entries.reduce((total, entry) => total + entry.uncompressedSize, 0);
  if (declared > options.maxExpandedBytes) {
    yield {
      ok: false,
      line: null,
      location: null,
      error: `the .eval archive would expand to ${formatBytes(declared)}, over the ${formatBytes(options.maxExpandedBytes)} limit; refusing to unpack it`,
    };
    return;
  }
  const budget: ExpansionBudget = { limit: options.maxExpandedBytes, used: 0 };
  const headerEntry = entries.find((entry) => entry.name === "header.json") ?? entries.find((entry) => entry.name === "_journal/start.json");
  let evalInfo: Record<string, unknown> = {};
  const headerWarnings: string[] = [];
  if (headerEntry) {
    try {
      const header = decodeJson(readZipEntry(data, headerEntry, budget), headerEntry.name);
      if (header.ok && isRecord(header.value) && isRecord(header.value.eval)) evalInfo = header.value.eval;
      else headerWarnings.push(`${headerEntry.name} is unreadable: task and model unknown`);
    } catch (error) {
      yield { ok: false, line: null, location: headerEntry.name, error: errorMessage(error) };
      if (error instanceof ZipError && /limit/.test(error.message)) return;
    }
  } else headerWarnings.push("the archive has no header.json: task and model unknown");

  const samples = entries.filter((entry) => /^samples\/[^/]+\.json$/.test(entry.name)).sort(sampleOrder);
  if (samples.length === 0) {
    yield { ok: false, line: null, location: null, error: "the .eval archive holds no samples (the eval was run without logging samples, or is still running)" };
    return;
  }
  const state = new Map<string, unknown>();
  for (const entry of samples) {
    if (entry.uncompressedSize > options.maxRecordBytes) {
      yield { ok: false, line: null, location: entry.name, error: `record is ${formatBytes(entry.uncompressedSize)}, over the ${formatBytes(options.maxRecordBytes)} limit` };
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = readZipEntry(data, entry, budget);
    } catch (error) {
      yield { ok: false, line: null, location: entry.name, error: errorMessage(error) };
      if (/limit/.test(errorMessage(error))) return; // the budget is spent: nothing more can be read
      continue;
    }
    const parsed = decodeJson(bytes, entry.name);
    if (!parsed.ok) {
      yield { ok: false, line: null, location: entry.name, error: parsed.error };
      continue;
    }
    const context: MapContext = { fileName: source.name, line: null, location: entry.name, state };
    for (const result of mapRecord(parsed.value, parsed.text, context, (value, ctx) => mapInspectSample(value, ctx, evalInfo))) {
      yield result.ok ? { ...result, warnings: [...headerWarnings, ...result.warnings] } : result;
    }
  }
}

async function* readJsonLog(source: FormatSource, options: ReadOptions): AsyncGenerator<AdapterEntry> {
  const all = await readAllBytes(source.bytes(), options.maxExpandedBytes);
  if (!all.ok) {
    yield { ok: false, line: null, location: null, error: `the log is ${formatBytes(all.size)} or more, over the ${formatBytes(options.maxExpandedBytes)} limit for one JSON document` };
    return;
  }
  if (all.bytes.every((byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09)) {
    yield { ok: false, line: null, location: null, error: "the file is empty" };
    return;
  }
  const parsed = decodeJson(all.bytes, "the log");
  if (!parsed.ok) {
    yield { ok: false, line: null, location: null, error: parsed.error };
    return;
  }
  const log = parsed.value;
  if (!isRecord(log)) {
    yield { ok: false, line: null, location: null, error: `the log is ${describeValue(log)}, expected an Inspect log object` };
    return;
  }
  const evalInfo = isRecord(log.eval) ? log.eval : {};
  if (!Array.isArray(log.samples) || log.samples.length === 0) {
    yield { ok: false, line: null, location: null, error: "the log holds no samples (the eval was run without logging samples, or failed before any)" };
    return;
  }
  const state = new Map<string, unknown>();
  for (let i = 0; i < log.samples.length; i++) {
    const sample = log.samples[i];
    const location = `samples[${i}]`;
    let raw: string;
    try {
      raw = JSON.stringify(sample);
    } catch (error) {
      yield { ok: false, line: null, location, error: errorMessage(error) };
      continue;
    }
    if (raw.length > options.maxRecordBytes) {
      yield { ok: false, line: null, location, error: `record is ${formatBytes(raw.length)}, over the ${formatBytes(options.maxRecordBytes)} limit` };
      continue;
    }
    const context: MapContext = { fileName: source.name, line: null, location, state };
    yield* mapRecord(sample, raw, context, (value, ctx) => mapInspectSample(value, ctx, evalInfo));
  }
}

function looksLikeEvalZip(bytes: Uint8Array): boolean {
  // Local file headers carry the entry names in clear: an Inspect log has _journal/ and samples/ entries.
  const text = new TextDecoder("latin1").decode(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)));
  return text.includes("_journal/start.json") || (text.includes("samples/") && text.includes("header.json"));
}

export const inspectAdapter: FormatAdapter = {
  id: "inspect",
  label: "Inspect AI log",
  description: "Inspect AI evaluation logs: .eval archives (header.json + samples/*.json) and .json logs.",
  extensions: [".eval", ".json"],
  detect(sample) {
    const sniffed = sniff(sample);
    const name = baseName(sample.name);
    if (sniffed.container === "zip") {
      if (name.endsWith(".eval")) return 0.95;
      return looksLikeEvalZip(sample.headBytes) ? 0.85 : 0;
    }
    if (sniffed.container !== "object" && sniffed.container !== "jsonl") return 0;
    const first = sniffed.first;
    if (!isRecord(first)) return 0;
    const keys = keysOf(first);
    if (!isRecord(first.eval) || !keys.has("version")) return 0;
    const evalKeys = keysOf(first.eval);
    if (!(evalKeys.has("task") || evalKeys.has("task_id"))) return 0;
    return keys.has("samples") || keys.has("plan") || keys.has("results") ? 0.9 : 0.7;
  },
  read(source, options) {
    return readInspect(source, options);
  },
};

async function* readInspect(source: FormatSource, options: ReadOptions): AsyncGenerator<AdapterEntry> {
  try {
    // The container decides, not the name: peek at the first bytes.
    let first: Uint8Array | null = null;
    for await (const chunk of source.bytes()) {
      first = chunk;
      break;
    }
    if (first && first.length >= 2 && first[0] === 0x50 && first[1] === 0x4b) yield* readEvalArchive(source, options);
    else if (baseName(source.name).endsWith(".eval")) yield* readEvalArchive(source, options);
    else yield* readJsonLog(source, options);
  } catch (error) {
    yield { ok: false, line: null, location: null, error: `could not read the log: ${errorMessage(error)}` };
  }
}
