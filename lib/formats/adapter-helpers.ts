// Shared plumbing of the adapters: reading records and mapping each to a normalized trajectory without ever throwing
// (a bad record becomes an error entry with its line, location and reason), schema validation of every trajectory
// yielded, and small readers for the fields many formats share (ground truth, benchmark names, RRM output). Pure.
import type { AdapterEntry, FormatSource, ReadOptions } from "@/lib/formats/format-adapter";
import { describeValue, isRecord } from "@/lib/formats/chatml";
import { describeZodError } from "@/lib/formats/describe-zod-error";
import { readJsonRecords } from "@/lib/formats/json-records";
import { normalizedTrajectorySchema, type JudgmentInput, type NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";
import { parseRrmOutput } from "@/lib/rrm/parse-rrm-output";

export type MapOutcome =
  | { ok: true; trajectory: NormalizedTrajectoryInput; location?: string; warnings?: string[] }
  | { ok: false; error: string; location?: string };

export type MapContext = {
  /** The file name as given (may include folders). */
  fileName: string;
  line: number | null;
  location: string | null;
  /** Per-file state an adapter may keep between records (group counters …). */
  state: Map<string, unknown>;
};

export type RecordMapper = (value: unknown, context: MapContext) => MapOutcome | MapOutcome[];

/** Reads a JSONL / JSON-array / JSON-document file and maps each record. Never throws. */
export async function* readAndMapRecords(source: FormatSource, options: ReadOptions, mapper: RecordMapper): AsyncGenerator<AdapterEntry> {
  const state = new Map<string, unknown>();
  try {
    for await (const record of readJsonRecords(source.bytes(), { maxRecordBytes: options.maxRecordBytes, maxDocumentBytes: options.maxExpandedBytes })) {
      if (!record.ok) {
        yield { ok: false, line: record.line, location: record.location, error: record.error };
        continue;
      }
      yield* mapRecord(record.value, record.raw, { fileName: source.name, line: record.line, location: record.location, state }, mapper, record.warnings);
    }
  } catch (error) {
    yield { ok: false, line: null, location: null, error: `could not read the file: ${errorMessage(error)}` };
  }
}

/** Maps one record and validates what comes out; every failure is an error entry. */
export function* mapRecord(value: unknown, raw: string, context: MapContext, mapper: RecordMapper, readWarnings: string[] = []): Generator<AdapterEntry> {
  let outcomes: MapOutcome | MapOutcome[];
  try {
    outcomes = mapper(value, context);
  } catch (error) {
    yield { ok: false, line: context.line, location: context.location, error: `could not read the record: ${errorMessage(error)}` };
    return;
  }
  for (const outcome of Array.isArray(outcomes) ? outcomes : [outcomes]) {
    const location = outcome.location ?? context.location;
    if (!outcome.ok) {
      yield { ok: false, line: context.line, location, error: outcome.error };
      continue;
    }
    const parsed = normalizedTrajectorySchema.safeParse(outcome.trajectory);
    if (!parsed.success) {
      yield { ok: false, line: context.line, location, error: `the record does not make a valid trajectory: ${describeZodError(parsed.error)}` };
      continue;
    }
    yield { ok: true, line: context.line, location, trajectory: parsed.data, raw, warnings: [...readWarnings, ...(outcome.warnings ?? [])] };
  }
}

/** The task of a record: its level in the benchmark's spelling, ground-truth aliases kept in the task's metadata. */
export function taskFromRecord({ benchmark, level, externalId, question, truth }: {
  benchmark: string;
  level: unknown;
  externalId: string | null;
  question: string;
  truth: ReturnType<typeof groundTruthText>;
}): NormalizedTrajectoryInput["task"] {
  return {
    benchmark,
    level: canonicalLevel(benchmark, level),
    externalId,
    question,
    groundTruth: truth.text,
    ...(truth.aliases ? { metadata: { groundTruthAliases: truth.aliases } } : {}),
  };
}

/**
 * The record's question: its own `question` field when it has one (which must be a string), else the one found in
 * its messages.
 */
export function recordQuestion(record: Record<string, unknown>, fromMessages: string | null): { ok: true; question: string } | { ok: false; error: string } {
  if (record.question !== undefined && record.question !== null && typeof record.question !== "string") {
    return { ok: false, error: `\`question\` is ${describeValue(record.question)}, expected a string` };
  }
  const question = (typeof record.question === "string" && record.question.trim() ? record.question : null) ?? fromMessages;
  return question ? { ok: true, question } : { ok: false, error: "record has no question (expected `question` or a user message)" };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function fail(error: string, location?: string): MapOutcome {
  return location ? { ok: false, error, location } : { ok: false, error };
}

/** The record as an object, or the error saying what it is instead. */
export function asObject(value: unknown): { ok: true; record: Record<string, unknown> } | { ok: false; error: string } {
  if (isRecord(value)) return { ok: true, record: value };
  return { ok: false, error: `the record is ${describeValue(value)}, expected a JSON object` };
}

/** A string field, or an error naming the field and what it holds. Missing/null gives `null` (no error). */
export function optionalString(record: Record<string, unknown>, key: string): { ok: true; value: string | null } | { ok: false; error: string } {
  const value = record[key];
  if (value === undefined || value === null) return { ok: true, value: null };
  if (typeof value === "string") return { ok: true, value };
  if (typeof value === "number" || typeof value === "boolean") return { ok: true, value: String(value) };
  return { ok: false, error: `\`${key}\` is ${describeValue(value)}, expected a string` };
}

/**
 * Ground truth as text: a string as is, a number or boolean as its text, an alias list (possibly nested, like
 * WebDancer's [["a", "b"]]) as its only alias or as a JSON list of the aliases; objects as JSON.
 */
export function groundTruthText(value: unknown): { text: string | null; aliases?: string[] } {
  if (value === undefined || value === null) return { text: null };
  if (typeof value === "string") return { text: value.trim() ? value : null };
  if (typeof value === "number" || typeof value === "boolean") return { text: String(value) };
  if (Array.isArray(value)) {
    const flat = value.flat(Infinity).filter((item) => item !== null && item !== undefined).map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
    const unique = [...new Set(flat)];
    if (unique.length === 0) return { text: null };
    if (unique.length === 1) return { text: unique[0] };
    return { text: JSON.stringify(unique), aliases: unique };
  }
  return { text: JSON.stringify(value) };
}

// ——— benchmarks ———

const BENCHMARKS: Record<string, string> = {
  gaia: "GAIA",
  gaiatext: "GAIA",
  webwalker: "WebWalkerQA",
  webwalkerqa: "WebWalkerQA",
  hle: "HLE",
  humanitylastexam: "HLE",
  xbench: "xbench-DeepSearch",
  xbenchdeepsearch: "xbench-DeepSearch",
  hotpotqa: "HotpotQA",
  hotpot: "HotpotQA",
  "2wiki": "2WikiMultihopQA",
  "2wikimultihopqa": "2WikiMultihopQA",
  bamboogle: "Bamboogle",
  musique: "MuSiQue",
  aime24: "AIME24",
  aime2024: "AIME24",
  aime25: "AIME25",
  aime2025: "AIME25",
  math500: "MATH500",
  gsm8k: "GSM8K",
};

function benchmarkKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The paper's name for one of its 12 benchmarks ("gaia_text" → "GAIA", "2wiki200" → "2WikiMultihopQA"); else null. */
export function knownBenchmark(name: string): string | null {
  const key = benchmarkKey(name);
  if (BENCHMARKS[key]) return BENCHMARKS[key];
  const sized = /^(.*?)(\d{3,4})$/.exec(key); // Reagent's subsets: hotpotqa200, musique200, webwalker200 …
  if (sized && BENCHMARKS[sized[1]] && !sized[1].startsWith("aime")) return BENCHMARKS[sized[1]];
  return null;
}

/** A benchmark name as the workbench stores it: the paper's spelling for its benchmarks, the name as given otherwise. */
export function canonicalBenchmark(name: string): string {
  return knownBenchmark(name) ?? name.trim();
}

/** Levels in the spelling the paper's tables use: GAIA "L1".."L3", WebWalkerQA "Easy"/"Medium"/"Hard". */
export function canonicalLevel(benchmark: string, level: unknown): string | null {
  if (level === undefined || level === null || level === "") return null;
  const text = String(level).trim();
  if (!text) return null;
  if (benchmark === "GAIA") {
    const digit = /([123])\s*$/.exec(text);
    if (digit) return `L${digit[1]}`;
  }
  if (benchmark === "WebWalkerQA") {
    const lower = text.toLowerCase();
    if (["easy", "medium", "hard"].includes(lower)) return lower[0].toUpperCase() + lower.slice(1);
  }
  return text;
}

/** Folder names of a file path, innermost last ("out/m_unified/gaia/iter1.jsonl" → ["out", "m_unified", "gaia"]). */
export function folderNames(fileName: string): string[] {
  const parts = fileName.split(/[\\/]/).filter(Boolean);
  return parts.slice(0, -1);
}

export function fileBaseName(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  return parts[parts.length - 1] ?? fileName;
}

/**
 * Picks the benchmark: the first usable candidate from the record, else a known benchmark named in the file path,
 * else "unknown" with a warning.
 */
export function pickBenchmark(candidates: readonly unknown[], fileName: string, warnings: string[], hint = ""): string {
  for (const candidate of candidates) {
    if (typeof candidate === "string" && candidate.trim()) return canonicalBenchmark(candidate);
  }
  const fromPath = benchmarkInPath(fileName);
  if (fromPath) return fromPath;
  warnings.push(`no benchmark in the record${hint ? ` (${hint})` : ""} or the file name: stored as "unknown"`);
  return "unknown";
}

/** A known benchmark named by a folder or a dot/underscore-separated part of the file name. */
export function benchmarkInPath(fileName: string): string | null {
  const parts = fileName.split(/[\\/]/).filter(Boolean);
  for (let i = parts.length - 1; i >= 0; i--) {
    const tokens = i === parts.length - 1 ? parts[i].replace(/\.(jsonl?|json|eval)$/i, "").split(/[._\-\s]+/) : [parts[i], ...parts[i].split(/[._\-\s]+/)];
    for (const token of tokens) {
      const known = knownBenchmark(token);
      if (known) return known;
    }
  }
  return null;
}

// ——— numbers ———

export function nonNegativeInt(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}

export function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/**
 * A short, stable hash of a text (53 bits as 14 hex digits): enough to name GRPO groups, not a security hash.
 * Two 32-bit multiply-xorshift lanes over the UTF-16 code units.
 */
export function shortHash(text: string): string {
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const value = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return value.toString(16).padStart(14, "0");
}

// ——— RRM judgments carried by a record ———

export const RRM_RAW_KEYS = ["rrm_output", "rrm_response", "rrm_raw_output", "rrm_raw", "rrm_judgment", "critique_output"];

/**
 * Agent-RRM judgments a record carries: raw RRM output under `rrm_output` (or a similar key, or `rrm: {output,
 * model}`), parsed with the lenient RRM parser, or ready-made `judgments` entries.
 */
export function judgmentsFromRecord(record: Record<string, unknown>, warnings: string[]): JudgmentInput[] {
  const out: JudgmentInput[] = [];
  const model = typeof record.rrm_model === "string" && record.rrm_model ? record.rrm_model : "unknown";
  const fromRaw = (raw: string, rrmModel: string): JudgmentInput => {
    const parsed = parseRrmOutput(raw);
    return {
      rrmModel,
      reasoning: parsed.reasoning,
      critique: parsed.critique,
      score: parsed.score,
      rawOutput: raw,
      parseStatus: parsed.status,
      parseNotes: parsed.notes,
    };
  };
  for (const key of RRM_RAW_KEYS) {
    const value = record[key];
    if (typeof value === "string" && value.trim()) {
      out.push(fromRaw(value, model));
      break;
    }
  }
  if (isRecord(record.rrm)) {
    const raw = record.rrm.output ?? record.rrm.raw_output ?? record.rrm.response;
    const rrmModel = typeof record.rrm.model === "string" && record.rrm.model ? record.rrm.model : model;
    if (typeof raw === "string" && raw.trim()) out.push(fromRaw(raw, rrmModel));
  }
  if (Array.isArray(record.judgments)) {
    record.judgments.forEach((item, i) => {
      if (!isRecord(item)) {
        warnings.push(`judgments[${i}] is ${describeValue(item)}, skipped`);
        return;
      }
      const rrmModel = [item.rrmModel, item.rrm_model, item.model].find((v): v is string => typeof v === "string" && v.length > 0) ?? model;
      const raw = [item.rawOutput, item.raw_output, item.output].find((v): v is string => typeof v === "string" && v.length > 0);
      if (raw) out.push(fromRaw(raw, rrmModel));
      else {
        const score = typeof item.score === "number" && item.score >= 0 && item.score <= 1 ? item.score : null;
        out.push({
          rrmModel,
          reasoning: typeof item.reasoning === "string" ? item.reasoning : null,
          critique: typeof item.critique === "string" ? item.critique : null,
          score,
          parseStatus: "ok",
          parseNotes: [],
        });
      }
    });
  }
  return out;
}

/** Keeps the scalar fields of a record that are not otherwise mapped (metrics columns, ids …). */
export function scalarFields(record: Record<string, unknown>, skip: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (skip.has(key)) continue;
    if (value === null || typeof value === "number" || typeof value === "boolean" || (typeof value === "string" && value.length <= 500)) out[key] = value;
  }
  return out;
}
