// Reads the records of a JSON-ish file, whatever its container: JSONL (one record per line), a JSON array of records
// (streamed element by element: never the whole array in memory), or one JSON document (a pretty-printed object,
// read whole up to a limit). Each record comes with its line and location; bad records are reported and reading
// goes on. Pure: takes the bytes, does no I/O.
import { parseLenientJson } from "@/lib/formats/lenient-json";
import { formatBytes, readJsonLines } from "@/lib/formats/read-json-lines";

export type JsonRecord =
  | { ok: true; value: unknown; raw: string; line: number | null; location: string | null; warnings: string[] }
  | { ok: false; line: number | null; location: string | null; error: string };

export type JsonRecordOptions = {
  maxRecordBytes: number;
  /** Upper bound for a file that is one JSON document (it must be read whole). */
  maxDocumentBytes: number;
};

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Lets a consumer look at the first chunks of a stream and then read it from the start. */
class Rewindable {
  private readonly iterator: AsyncIterator<Uint8Array>;
  readonly buffered: Uint8Array[] = [];
  bufferedBytes = 0;
  done = false;
  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }
  async pull(): Promise<Uint8Array | null> {
    if (this.done) return null;
    const next = await this.iterator.next();
    if (next.done) {
      this.done = true;
      return null;
    }
    this.buffered.push(next.value);
    this.bufferedBytes += next.value.length;
    return next.value;
  }
  /** The buffered chunks, then the rest of the stream (the buffer is handed over, not kept). */
  async *replay(): AsyncGenerator<Uint8Array> {
    const head = this.buffered.splice(0);
    this.bufferedBytes = 0;
    yield* head;
    if (this.done) return;
    for (;;) {
      const next = await this.iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
}

/** The first byte that is not whitespace or a UTF-8 BOM, or -1. */
function firstSignificant(chunks: readonly Uint8Array[]): number {
  let offset = 0;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++, offset++) {
      const byte = chunk[i];
      if (offset < 3 && (byte === 0xef || byte === 0xbb || byte === 0xbf)) continue;
      if (!WS.has(byte)) return byte;
    }
  }
  return -1;
}

export async function* readJsonRecords(source: AsyncIterable<Uint8Array>, options: JsonRecordOptions): AsyncGenerator<JsonRecord> {
  const stream = new Rewindable(source);
  let first = -1;
  while (first === -1) {
    const chunk = await stream.pull();
    if (!chunk) break;
    first = firstSignificant(stream.buffered);
  }
  if (first === -1) {
    yield { ok: false, line: null, location: null, error: "the file is empty" };
    return;
  }
  if (first === 0x5b /* [ */) {
    yield* readJsonArray(stream.replay(), options);
    return;
  }
  if (first === 0x7b /* { */) {
    // JSONL, or one pretty-printed document? Look at the first line.
    while (!stream.done && !stream.buffered.some((chunk) => chunk.includes(0x0a)) && stream.bufferedBytes <= options.maxRecordBytes) {
      await stream.pull();
    }
    const firstLine = decodeFirstLine(stream.buffered);
    if (firstLine === null || !parseLenientJson(firstLine).ok) {
      yield* readDocumentOrLines(stream, options);
      return;
    }
  }
  yield* fromJsonLines(stream.replay(), options);
}

async function* fromJsonLines(bytes: AsyncIterable<Uint8Array>, options: JsonRecordOptions): AsyncGenerator<JsonRecord> {
  for await (const entry of readJsonLines(bytes, { maxRecordBytes: options.maxRecordBytes })) {
    if (entry.ok) yield { ok: true, value: entry.value, raw: entry.text, line: entry.line, location: null, warnings: entry.warnings };
    else yield { ok: false, line: entry.line, location: null, error: entry.error };
  }
}

function decodeFirstLine(chunks: readonly Uint8Array[]): string | null {
  const bytes = concat(chunks);
  const newline = bytes.indexOf(0x0a);
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(newline === -1 ? bytes : bytes.subarray(0, newline));
    return text.replace(/^\uFEFF/, "").trim();
  } catch {
    return null;
  }
}

/** Reads the whole file as one JSON document; when it is not one, reads it as JSON lines (reporting each bad line). */
async function* readDocumentOrLines(stream: Rewindable, options: JsonRecordOptions): AsyncGenerator<JsonRecord> {
  while (!stream.done && stream.bufferedBytes <= options.maxDocumentBytes) await stream.pull();
  if (!stream.done) {
    // Too big to be read as one document: it can only be JSON lines (each line is bounded on its own).
    yield* fromJsonLines(stream.replay(), options);
    return;
  }
  const bytes = concat(stream.buffered);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    yield* fromJsonLines(stream.replay(), options);
    return;
  }
  const parsed = parseLenientJson(text);
  if (!parsed.ok) {
    // JSON lines with a bad first line, or a broken document? If no line holds a record, it is one broken document.
    const anyLine = text.split("\n").some((line) => line.trim().startsWith("{") && parseLenientJson(line.trim()).ok);
    if (anyLine) yield* fromJsonLines(stream.replay(), options);
    else yield { ok: false, line: null, location: null, error: `the file is neither JSON lines nor one JSON document (${parsed.error})` };
    return;
  }
  if (bytes.length > options.maxRecordBytes && !Array.isArray(parsed.value)) {
    // One record bigger than the record limit: adapters that hold many records in one document (Inspect's .json log)
    // read the document themselves.
    yield { ok: false, line: 1, location: null, error: `record is ${formatBytes(bytes.length)}, over the ${formatBytes(options.maxRecordBytes)} limit` };
    return;
  }
  yield { ok: true, value: parsed.value, raw: text, line: 1, location: null, warnings: parsed.warnings };
}

/**
 * Streams the elements of a top-level JSON array. Structural characters are ASCII, so splitting works on bytes; each
 * element is decoded and parsed on its own, so memory holds one element at a time.
 */
async function* readJsonArray(bytes: AsyncIterable<Uint8Array>, options: JsonRecordOptions): AsyncGenerator<JsonRecord> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let started = false;
  let ended = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: Uint8Array[] = [];
  let size = 0;
  let oversized = false;
  let index = 0;
  let line = 1;
  let elementLine = 1;
  let elementStarted = false;
  let trailing = false;
  let trailingLine = 0;

  const finish = (): JsonRecord | null => {
    const location = `[${index}]`;
    const at = elementLine;
    const wasOversized = oversized;
    const total = size;
    const bytesOf = concat(parts);
    parts = [];
    size = 0;
    oversized = false;
    elementStarted = false;
    if (wasOversized) {
      index++;
      return { ok: false, line: at, location, error: `record is ${formatBytes(total)}, over the ${formatBytes(options.maxRecordBytes)} limit` };
    }
    let text: string;
    try {
      text = decoder.decode(bytesOf).trim();
    } catch {
      index++;
      return { ok: false, line: at, location, error: "invalid UTF-8" };
    }
    if (!text) return null; // "[]" or a trailing comma
    index++;
    const parsed = parseLenientJson(text);
    return parsed.ok
      ? { ok: true, value: parsed.value, raw: text, line: at, location, warnings: parsed.warnings }
      : { ok: false, line: at, location, error: parsed.error };
  };

  for await (const chunk of bytes) {
    let start = 0;
    const append = (end: number) => {
      if (end <= start) return;
      const piece = chunk.subarray(start, end);
      size += piece.length;
      if (size > options.maxRecordBytes) {
        oversized = true;
        parts = [];
      } else if (!oversized) parts.push(piece.slice());
    };
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (ended) {
        if (byte === 0x0a) line++;
        else if (!WS.has(byte) && !trailing) {
          trailing = true;
          trailingLine = line;
        }
        continue;
      }
      if (!started) {
        if (byte === 0x0a) line++;
        if (byte === 0x5b) {
          started = true;
          start = i + 1;
        }
        continue;
      }
      if (byte === 0x0a) line++;
      if (!elementStarted && !WS.has(byte) && !(depth === 0 && (byte === 0x2c || byte === 0x5d))) {
        elementStarted = true;
        elementLine = line;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === 0x5c) escaped = true;
        else if (byte === 0x22) inString = false;
        continue;
      }
      if (byte === 0x22) inString = true;
      else if (byte === 0x7b || byte === 0x5b) depth++;
      else if (byte === 0x7d || (byte === 0x5d && depth > 0)) depth--;
      else if (depth === 0 && (byte === 0x2c || byte === 0x5d)) {
        append(i);
        const entry = finish();
        if (entry) yield entry;
        start = i + 1;
        if (byte === 0x5d) ended = true;
      }
    }
    if (started && !ended) append(chunk.length);
  }
  if (!ended) {
    const location = `[${index}]`;
    yield {
      ok: false,
      line: elementStarted ? elementLine : line,
      location,
      error: started ? "the JSON array ends before its closing ] (the file is cut off or not JSON)" : "the file is not a JSON array",
    };
    return;
  }
  if (trailing) yield { ok: false, line: trailingLine, location: null, error: "unexpected content after the end of the JSON array" };
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Reads a whole source into memory, refusing to go past `limit` bytes. */
export async function readAllBytes(source: AsyncIterable<Uint8Array>, limit: number): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; size: number }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > limit) return { ok: false, size };
    chunks.push(chunk.slice());
  }
  return { ok: true, bytes: concat(chunks) };
}
