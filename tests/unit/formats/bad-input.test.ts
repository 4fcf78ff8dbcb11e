// Bad input, small and inline: every bad record is reported with where and why, the good ones around it still come
// through, a wholly unreadable file gives one error, and nothing throws out of `read`.
import { describe, expect, it } from "vitest";
import type { FormatSource } from "@/lib/formats/format-adapter";
import { readJsonRecords, type JsonRecord } from "@/lib/formats/json-records";
import { FORMAT_ADAPTERS, getAdapter } from "@/lib/formats/registry";
import { bytesSource, collect, jsonl } from "./helpers";

const reagent = getAdapter("reagent-eval")!;
const good = (question: string) => ({ question, answer: "a", messages: [{ role: "user", content: question }, { role: "assistant", content: "<answer>a</answer>" }], prediction: "<answer>a</answer>", termination: "no_tool_call", auto_judge: { score: 1 } });

async function records(data: string | Uint8Array, chunk = 7, options = { maxRecordBytes: 1024, maxDocumentBytes: 4096 }): Promise<JsonRecord[]> {
  const out: JsonRecord[] = [];
  for await (const record of readJsonRecords(bytesSource("x", data, chunk).bytes(), options)) out.push(record);
  return out;
}

describe("bad records among good ones", () => {
  it("reports a malformed JSON line with its number and imports the lines around it", async () => {
    const text = jsonl(good("one"), '{"question": "broken", "messages": [', good("three"));
    const { ok, bad } = await collect(reagent, bytesSource("gaia/iter1.jsonl", text, 13));
    expect(ok.map((e) => [e.line, e.trajectory.task.question])).toEqual([[1, "one"], [3, "three"]]);
    expect(bad).toEqual([{ ok: false, line: 2, location: null, error: expect.stringMatching(/^malformed JSON: /) }]);
  });

  it("reports a record without a question and records of the wrong type", async () => {
    const text = jsonl(good("one"), { answer: "x", messages: [] }, "42", '"a string"', "null", good("six"));
    const { ok, bad } = await collect(reagent, bytesSource("gaia/iter1.jsonl", text));
    expect(ok.map((e) => e.line)).toEqual([1, 6]);
    expect(bad.map((e) => [e.line, e.error])).toEqual([
      [2, "record has no question (expected `question` or a user message)"],
      [3, "the record is a number, expected a JSON object"],
      [4, "the record is a string, expected a JSON object"],
      [5, "the record is null, expected a JSON object"],
    ]);
  });

  it("skips an oversized record without buffering it and reads on", async () => {
    const text = jsonl(good("one"), { ...good("big"), pad: "x".repeat(5000) }, good("three"));
    const { ok, bad } = await collect(reagent, bytesSource("gaia/iter1.jsonl", text, 100), { maxRecordBytes: 2000, maxExpandedBytes: 1 << 20 });
    expect(ok.map((e) => e.line)).toEqual([1, 3]);
    expect(bad).toEqual([{ ok: false, line: 2, location: null, error: expect.stringMatching(/^record is 5\.\d KB, over the 2\.0 KB limit$/) }]);
  });

  it("reports invalid UTF-8 on its line", async () => {
    const encoder = new TextEncoder();
    const line1 = encoder.encode(JSON.stringify(good("one")) + "\n");
    const line2 = new Uint8Array([...encoder.encode('{"question": "bad '), 0xff, 0xfe, ...encoder.encode('"}\n')]);
    const line3 = encoder.encode(JSON.stringify(good("three")) + "\n");
    const { ok, bad } = await collect(reagent, bytesSource("gaia/iter1.jsonl", new Uint8Array([...line1, ...line2, ...line3]), 5));
    expect(ok.map((e) => e.line)).toEqual([1, 3]);
    expect(bad).toEqual([{ ok: false, line: 2, location: null, error: "invalid UTF-8" }]);
  });

  it("reads NaN scores as null with a warning", async () => {
    const text = '{"input": "user\\nq\\nassistant\\n", "output": "\\\\boxed{1}", "score": NaN, "step": 1}\n';
    const { ok } = await collect(getAdapter("verl")!, bytesSource("1.jsonl", text));
    expect(ok[0].trajectory.correct).toBeNull();
    expect(ok[0].warnings).toContain("1 NaN/Infinity value read as null");
  });
});

describe("unreadable files", () => {
  it("gives one 'file is empty' error for an empty file, in every record-based adapter", async () => {
    for (const adapter of FORMAT_ADAPTERS) {
      const name = adapter.id === "inspect" ? "log.json" : "empty.jsonl";
      for (const data of ["", "\n\n  \n"]) {
        const { entries } = await collect(adapter, bytesSource(name, data));
        expect(entries, adapter.id).toEqual([{ ok: false, line: null, location: null, error: expect.stringMatching(/empty|holds no samples/) }]);
      }
    }
  });

  it("gives one error for a JSON array that is not JSON", async () => {
    const { entries } = await collect(getAdapter("sharegpt")!, bytesSource("data.json", "[this is not json at all"));
    expect(entries).toEqual([{ ok: false, line: 1, location: "[0]", error: "the JSON array ends before its closing ] (the file is cut off or not JSON)" }]);
  });

  it("gives one error for a broken pretty-printed document", async () => {
    const { entries } = await collect(getAdapter("sharegpt")!, bytesSource("data.json", '{\n  "conversations": [\n    {"from": "human",\n'));
    expect(entries).toEqual([{ ok: false, line: null, location: null, error: expect.stringMatching(/^the file is neither JSON lines nor one JSON document \(malformed JSON: /) }]);
  });

  it("turns a failing byte stream into an error entry instead of throwing", async () => {
    const source: FormatSource = {
      name: "x.jsonl",
      async *bytes() {
        yield new TextEncoder().encode(JSON.stringify(good("one")) + "\n");
        throw new Error("disk gone");
      },
    };
    const { ok, bad } = await collect(reagent, source);
    expect(ok).toHaveLength(1);
    expect(bad).toEqual([{ ok: false, line: null, location: null, error: "could not read the file: disk gone" }]);
  });
});

describe("readJsonRecords containers", () => {
  it("streams JSON array elements with locations and line numbers", async () => {
    const text = '[\n  {"a": 1},\n  {"b": "x]}[,\\"y"},\n  [1, {"c": 2}]\n]\n';
    const out = await records(text, 3);
    expect(out).toEqual([
      { ok: true, value: { a: 1 }, raw: '{"a": 1}', line: 2, location: "[0]", warnings: [] },
      { ok: true, value: { b: 'x]}[,"y' }, raw: '{"b": "x]}[,\\"y"}', line: 3, location: "[1]", warnings: [] },
      { ok: true, value: [1, { c: 2 }], raw: '[1, {"c": 2}]', line: 4, location: "[2]", warnings: [] },
    ]);
  });

  it("reports a bad element, an oversized one, trailing garbage, and an empty array", async () => {
    expect(await records('[{"a": 1}, {bad}, {"c": 3}]')).toEqual([
      expect.objectContaining({ ok: true, location: "[0]" }),
      { ok: false, line: 1, location: "[1]", error: expect.stringMatching(/^malformed JSON/) },
      expect.objectContaining({ ok: true, location: "[2]", value: { c: 3 } }),
    ]);
    const big = await records(`[{"a": "${"x".repeat(2000)}"}, {"b": 1}]`, 64);
    expect(big).toEqual([{ ok: false, line: 1, location: "[0]", error: expect.stringMatching(/over the 1\.0 KB limit/) }, expect.objectContaining({ ok: true, location: "[1]" })]);
    expect(await records('[{"a": 1}] trailing')).toEqual([expect.objectContaining({ ok: true }), { ok: false, line: 1, location: null, error: "unexpected content after the end of the JSON array" }]);
    expect(await records("[ ]")).toEqual([]);
    expect(await records('\uFEFF[{"a": 1}]')).toEqual([expect.objectContaining({ ok: true, value: { a: 1 } })]);
  });

  it("reads one pretty-printed document as one record, and JSON lines as lines", async () => {
    expect(await records('{\n  "a": 1\n}\n')).toEqual([{ ok: true, value: { a: 1 }, raw: '{\n  "a": 1\n}\n', line: 1, location: null, warnings: [] }]);
    expect(await records('{"a": 1}\n{"b": 2}\n')).toEqual([
      expect.objectContaining({ ok: true, line: 1, value: { a: 1 } }),
      expect.objectContaining({ ok: true, line: 2, value: { b: 2 } }),
    ]);
    // A bad first line does not make the file a document when other lines are records.
    expect(await records('{"a": \n{"b": 2}\n')).toEqual([{ ok: false, line: 1, location: null, error: expect.stringMatching(/^malformed JSON/) }, expect.objectContaining({ ok: true, line: 2 })]);
    expect(await records("")).toEqual([{ ok: false, line: null, location: null, error: "the file is empty" }]);
  });

  it("refuses a document bigger than the record limit", async () => {
    const doc = `{\n  "a": "${"x".repeat(2000)}"\n}`;
    expect(await records(doc, 100)).toEqual([{ ok: false, line: 1, location: null, error: expect.stringMatching(/over the 1\.0 KB limit/) }]);
  });
});
