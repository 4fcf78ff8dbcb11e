// What detection needs to know about a file's head: its container (JSONL, JSON array, one JSON document, zip) and
// its first record, even when the head is cut in the middle of it (the sample is at most 256 KB; a pretty-printed
// log can be much larger). Pure.
import type { FormatSample } from "@/lib/formats/format-adapter";

export type Sniffed = {
  container: "empty" | "jsonl" | "array" | "object" | "zip" | "unknown";
  /** The first record (for "object": the document itself), possibly cut short when the head ends inside it. */
  first: unknown;
  /** The first records that are complete in the head (JSONL and arrays). */
  records: unknown[];
};

const cache = new WeakMap<FormatSample, Sniffed>();

export function sniff(sample: FormatSample): Sniffed {
  const cached = cache.get(sample);
  if (cached) return cached;
  const result = sniffUncached(sample);
  cache.set(sample, result);
  return result;
}

function sniffUncached(sample: FormatSample): Sniffed {
  const bytes = sample.headBytes;
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06)) {
    return { container: "zip", first: undefined, records: [] };
  }
  const head = sample.head.replace(/^\uFEFF/, "");
  const text = head.trimStart();
  if (!text) return { container: "empty", first: undefined, records: [] };
  if (text[0] === "[") {
    const partial = parsePartialJson(text);
    const records = Array.isArray(partial.value) ? partial.value : [];
    // The last element of a cut head may itself be cut: only elements before it are complete.
    const complete = partial.complete ? records : records.slice(0, -1);
    return { container: "array", first: records[0], records: complete };
  }
  if (text[0] === "{") {
    const lines = text.split("\n");
    const firstLine = lines[0].trim();
    const parsedFirst = tryParse(firstLine);
    if (parsedFirst !== undefined && (lines.length > 1 || sample.complete)) {
      const records: unknown[] = [];
      const usable = sample.complete ? lines : lines.slice(0, -1);
      for (const line of usable.slice(0, 50)) {
        if (!line.trim()) continue;
        const value = tryParse(line.trim());
        if (value !== undefined) records.push(value);
      }
      return { container: "jsonl", first: parsedFirst, records };
    }
    const partial = parsePartialJson(text);
    // One line of JSONL longer than the head, or a document: the caller decides by the keys.
    return { container: sample.complete && partial.complete ? "object" : lines.length > 1 ? "object" : "jsonl", first: partial.value, records: [] };
  }
  return { container: "unknown", first: undefined, records: [] };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Parses as much JSON as there is: a value cut off at the end of the text comes back with what it had so far
 * (strings cut short, objects and arrays without their missing members). `complete` says whether nothing was cut.
 * Bare NaN/Infinity read as null.
 */
export function parsePartialJson(text: string): { value: unknown; complete: boolean } {
  let pos = 0;
  let cut = false;
  const CUT = Symbol("cut");

  const skip = () => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const parseValue = (): unknown => {
    skip();
    if (pos >= text.length) {
      cut = true;
      return CUT;
    }
    const ch = text[pos];
    if (ch === "{") return parseObject();
    if (ch === "[") return parseArray();
    if (ch === '"') return parseString();
    return parseLiteral();
  };
  const parseString = (): string | typeof CUT => {
    pos++;
    let out = "";
    while (pos < text.length) {
      const ch = text[pos];
      if (ch === '"') {
        pos++;
        return out;
      }
      if (ch === "\\") {
        const next = text[pos + 1];
        if (next === undefined) break;
        if (next === "u") {
          const hex = text.slice(pos + 2, pos + 6);
          if (hex.length < 4) {
            pos = text.length;
            break;
          }
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
          continue;
        }
        out += ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" } as Record<string, string>)[next] ?? next;
        pos += 2;
        continue;
      }
      out += ch;
      pos++;
    }
    cut = true;
    pos = text.length;
    return out;
  };
  const parseLiteral = (): unknown => {
    const match = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|NaN|-?Infinity)/.exec(text.slice(pos, pos + 40));
    if (!match) {
      throw new Error(`unexpected character at ${pos}`);
    }
    pos += match[0].length;
    if (pos >= text.length && /^-?\d/.test(match[0])) cut = true; // a number at the very end may be cut
    const word = match[0];
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null" || word === "NaN" || word.endsWith("Infinity")) return null;
    return Number(word);
  };
  const parseObject = (): Record<string, unknown> => {
    pos++;
    const out: Record<string, unknown> = {};
    for (;;) {
      skip();
      if (pos >= text.length) {
        cut = true;
        return out;
      }
      if (text[pos] === "}") {
        pos++;
        return out;
      }
      if (text[pos] === ",") {
        pos++;
        continue;
      }
      if (text[pos] !== '"') throw new Error(`expected a key at ${pos}`);
      const key = parseString();
      if (cut) return out;
      skip();
      if (pos >= text.length) {
        cut = true;
        return out;
      }
      if (text[pos] !== ":") throw new Error(`expected : at ${pos}`);
      pos++;
      const value = parseValue();
      if (value !== CUT) out[key as string] = value;
      if (cut) return out;
    }
  };
  const parseArray = (): unknown[] => {
    pos++;
    const out: unknown[] = [];
    for (;;) {
      skip();
      if (pos >= text.length) {
        cut = true;
        return out;
      }
      if (text[pos] === "]") {
        pos++;
        return out;
      }
      if (text[pos] === ",") {
        pos++;
        continue;
      }
      const value = parseValue();
      if (value !== CUT) out.push(value);
      if (cut) return out;
    }
  };

  try {
    const value = parseValue();
    return { value: value === CUT ? undefined : value, complete: !cut };
  } catch {
    return { value: undefined, complete: false };
  }
}

/** The keys of a value when it is an object. */
export function keysOf(value: unknown): Set<string> {
  return value && typeof value === "object" && !Array.isArray(value) ? new Set(Object.keys(value)) : new Set();
}

/** File name without folders, lower-cased. */
export function baseName(name: string): string {
  const parts = name.split(/[\\/]/);
  return (parts[parts.length - 1] ?? name).toLowerCase();
}
