import { describe, expect, it } from "vitest";
import { parseLenientJson } from "@/lib/formats/lenient-json";
import { readJsonLines, type JsonLine } from "@/lib/formats/read-json-lines";

const encoder = new TextEncoder();

async function* chunks(...parts: (string | Uint8Array)[]) {
  for (const part of parts) yield typeof part === "string" ? encoder.encode(part) : part;
}

async function collect(source: AsyncIterable<Uint8Array>, maxRecordBytes?: number): Promise<JsonLine[]> {
  const out: JsonLine[] = [];
  for await (const entry of readJsonLines(source, { maxRecordBytes })) out.push(entry);
  return out;
}

describe("parseLenientJson", () => {
  it("parses plain JSON without warnings", () => {
    expect(parseLenientJson('{"a": 1}')).toEqual({ ok: true, value: { a: 1 }, warnings: [] });
  });
  it("reads Python's NaN and Infinity as null, with a warning", () => {
    const parsed = parseLenientJson('{"score": NaN, "hi": Infinity, "lo": -Infinity, "s": "NaN stays"}');
    expect(parsed).toEqual({ ok: true, value: { score: null, hi: null, lo: null, s: "NaN stays" }, warnings: ["3 NaN/Infinity values read as null"] });
  });
  it("does not touch NaN inside strings, even with escaped quotes", () => {
    const parsed = parseLenientJson('{"t": "say \\"NaN\\" Infinity", "v": NaN}');
    expect(parsed).toMatchObject({ ok: true, value: { t: 'say "NaN" Infinity', v: null } });
  });
  it("reports malformed JSON", () => {
    const parsed = parseLenientJson('{"a": ');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/^malformed JSON/);
  });
});

describe("readJsonLines", () => {
  it("yields records with their line numbers, skipping blank lines", async () => {
    const lines = await collect(chunks('{"a":1}\n\n{"a":2}\r\n', '{"a":3}'));
    expect(lines.map((l) => [l.line, l.ok && l.value])).toEqual([
      [1, { a: 1 }],
      [3, { a: 2 }],
      [4, { a: 3 }],
    ]);
  });

  it("joins records split across chunks, including inside a multi-byte character", async () => {
    const bytes = encoder.encode('{"q":"café ✓"}\n');
    const lines = await collect(chunks(bytes.subarray(0, 9), bytes.subarray(9, 11), bytes.subarray(11)));
    expect(lines).toMatchObject([{ line: 1, ok: true, value: { q: "café ✓" } }]);
  });

  it("reports a bad line and keeps the good ones around it", async () => {
    const lines = await collect(chunks('{"a":1}\n{oops\n{"a":3}\n'));
    expect(lines.map((l) => l.ok)).toEqual([true, false, true]);
    expect(lines[1]).toMatchObject({ line: 2, ok: false });
  });

  it("reports invalid UTF-8 with its line", async () => {
    const lines = await collect(chunks('{"a":1}\n', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d, 0x0a]), '{"a":3}\n'));
    expect(lines[1]).toEqual({ line: 2, ok: false, error: "invalid UTF-8" });
    expect(lines[2]).toMatchObject({ line: 3, ok: true });
  });

  it("skips an oversized record without buffering it and goes on", async () => {
    const big = `{"x":"${"y".repeat(200)}"}`;
    const lines = await collect(chunks('{"a":1}\n', big.slice(0, 100), big.slice(100), '\n{"a":3}\n'), 64);
    expect(lines[0]).toMatchObject({ line: 1, ok: true });
    expect(lines[1]).toMatchObject({ line: 2, ok: false });
    expect(!lines[1].ok && lines[1].error).toContain("over the 64 B limit");
    expect(lines[2]).toMatchObject({ line: 3, ok: true, value: { a: 3 } });
  });

  it("strips a byte-order mark", async () => {
    const lines = await collect(chunks('\ufeff{"a":1}\n'));
    expect(lines).toMatchObject([{ ok: true, value: { a: 1 } }]);
  });

  it("yields nothing for an empty source", async () => {
    expect(await collect(chunks(""))).toEqual([]);
  });
});
