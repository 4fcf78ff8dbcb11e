// Streams a JSONL source record by record, with line numbers, without ever holding more than one record (up to the
// size limit) in memory. Each bad line becomes an error entry and reading goes on. Pure: takes any async iterable of
// bytes (a file stream, a request body), does no I/O of its own.
import { parseLenientJson } from "@/lib/formats/lenient-json";

export type JsonLine =
  | { line: number; ok: true; value: unknown; text: string; warnings: string[] }
  | { line: number; ok: false; error: string };

export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

const NEWLINE = 0x0a;

/**
 * Yields one entry per non-empty line. A line longer than `maxRecordBytes` is skipped (its bytes are dropped as they
 * arrive) and reported; invalid UTF-8 and malformed JSON are reported with the line number.
 */
export async function* readJsonLines(
  source: AsyncIterable<Uint8Array>,
  { maxRecordBytes = DEFAULT_MAX_RECORD_BYTES }: { maxRecordBytes?: number } = {},
): AsyncGenerator<JsonLine> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let parts: Uint8Array[] = [];
  let size = 0;
  let oversized = false;
  let line = 1;

  const finishLine = (): JsonLine | null => {
    const current = line++;
    if (oversized) {
      const over = size;
      oversized = false;
      parts = [];
      size = 0;
      return { line: current, ok: false, error: `record is ${formatBytes(over)}, over the ${formatBytes(maxRecordBytes)} limit` };
    }
    const bytes = concat(parts, size);
    parts = [];
    size = 0;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return { line: current, ok: false, error: "invalid UTF-8" };
    }
    if (current === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (!text.trim()) return null;
    const parsed = parseLenientJson(text);
    return parsed.ok ? { line: current, ok: true, value: parsed.value, text, warnings: parsed.warnings } : { line: current, ok: false, error: parsed.error };
  };

  for await (const chunk of source) {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      const piece = chunk.subarray(start, end);
      size += piece.length;
      if (size > maxRecordBytes) {
        oversized = true;
        parts = [];
      } else if (!oversized && piece.length) {
        parts.push(piece.slice()); // copy: the source may reuse its buffer
      }
      if (newline === -1) break;
      const entry = finishLine();
      if (entry) yield entry;
      start = newline + 1;
    }
  }
  if (size > 0 || oversized) {
    const entry = finishLine();
    if (entry) yield entry;
  }
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
