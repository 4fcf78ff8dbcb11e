import fs from "node:fs";
import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { inspectAdapter, readInspectScore, resolveAttachments } from "@/lib/formats/inspect-adapter";
import { detectFormat, sampleFromBytes } from "@/lib/formats/registry";
import { listZipEntries } from "@/lib/formats/zip";
import { bytesSource, collect, detectRealFile, kinds, OPTIONS, readRealJson, realPath, realSource, toolNames } from "./helpers";

const DIR = "inspect-ai-logs";
const POPULARITY = `${DIR}/2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval`;
const INPUT_TASK = `${DIR}/2024-11-05T13-32-37-05-00_input-task_hxs4q9azL3ySGkjJirypKZ.eval`;
const DEDUP = `${DIR}/log_message_deduplication.eval`;
const BROWSER = `${DIR}/2025-05-12T20-27-36-04-00_browser.json`;

/** Reads a sample of a real .eval archive (with the test's own unzip) to compare against. */
function realEvalSample(file: string, name: string): Record<string, any> {
  const files = unzipSync(new Uint8Array(fs.readFileSync(realPath(file))));
  return JSON.parse(new TextDecoder().decode(files[name]));
}

describe("inspect adapter on real logs", () => {
  it("reads the popularity .eval: 10 samples in id order, match scorer letters", async () => {
    const detection = detectRealFile(POPULARITY);
    expect("adapter" in detection && detection.adapter.id).toBe("inspect");
    const { trajectories, bad, ok } = await collect(inspectAdapter, realSource(POPULARITY));
    expect(bad).toEqual([]);
    expect(trajectories).toHaveLength(10);
    expect(ok.map((e) => e.location)).toEqual(Array.from({ length: 10 }, (_, i) => `samples/${i + 1}_epoch_1.json`));
    // qualified by the log's task id, so logs imported into one run do not collide
    expect(trajectories.map((t) => t.externalId)).toEqual(Array.from({ length: 10 }, (_, i) => `mj7khqpMM4GBCfVQozKgzB/${i + 1}:epoch1`));
    const sample = realEvalSample(POPULARITY, "samples/1_epoch_1.json");
    const t = trajectories[0];
    expect(t.task).toMatchObject({ benchmark: "popularity", externalId: "1", question: sample.input, groundTruth: sample.target, metadata: { dataset: "popularity", sample: sample.metadata } });
    expect(kinds(t)).toEqual(["message", "message", "final_answer"]);
    expect(t.steps.map((s) => s.role)).toEqual(["system", "user", "assistant"]);
    expect(t.finalAnswer).toBe(sample.scores.match.answer);
    expect(t.correct).toBe(sample.scores.match.value === "C");
    expect(t.metadata).toMatchObject({ model: "openai/gpt-4o-mini", scorer: "match" });
    expect(t.tokenCount).toBe(sample.model_usage["openai/gpt-4o-mini"].total_tokens);
    const letters = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((id) => realEvalSample(POPULARITY, `samples/${id}_epoch_1.json`).scores.match.value);
    expect(trajectories.map((t) => t.correct)).toEqual(letters.map((v) => v === "C"));
    expect(trajectories.filter((t) => t.correct === false)).toHaveLength(2);
  });

  it("reads the model-graded .eval: a grader's C, two user turns", async () => {
    const { trajectories, bad } = await collect(inspectAdapter, realSource(INPUT_TASK));
    expect(bad).toEqual([]);
    expect(trajectories).toHaveLength(1);
    const t = trajectories[0];
    expect(t.task.benchmark).toBe("input_task");
    expect(t.task.groundTruth).toBeNull();
    expect(kinds(t)).toEqual(["message", "message", "final_answer"]);
    expect(t.steps.map((s) => s.role)).toEqual(["user", "user", "assistant"]);
    expect(t.correct).toBe(true);
    expect(t.metadata!.scorer).toBe("model_graded_fact");
    const sample = realEvalSample(INPUT_TASK, "samples/1_epoch_1.json");
    expect((t.metadata!.scores as any).model_graded_fact.explanation).toBe(sample.scores.model_graded_fact.explanation);
  });

  it("reads the v3 log with tool calls (function as a plain string) and a numeric score", async () => {
    const { trajectories, bad } = await collect(inspectAdapter, realSource(DEDUP));
    expect(bad).toEqual([]);
    const t = trajectories[0];
    const sample = realEvalSample(DEDUP, "samples/0_epoch_1.json");
    expect(t.externalId).toMatch(/^[^/]+\/0:epoch1$/);
    expect(t.task).toMatchObject({ benchmark: "inspect_test_utils/guess_number", question: sample.input, groundTruth: sample.target });
    expect(toolNames(t)).toEqual(["bash", "bash", "bash", "bash", "bash"]);
    const calls = t.steps.filter((s) => s.kind === "tool_call");
    const results = t.steps.filter((s) => s.kind === "tool_result");
    expect(calls.map((s) => s.tool!.callId)).toEqual(["hardcoded_0", "hardcoded_1", "hardcoded_2", "hardcoded_3", "hardcoded_4"]);
    expect(results.map((s) => s.result!.callId)).toEqual(calls.map((s) => s.tool!.callId));
    expect(calls[0].tool!.arguments).toEqual({ cmd: "ls" });
    expect(t.correct).toBe(false);
    expect(t.ruleReward).toBe(0);
    expect(t.finalAnswer).toBe("done");
    expect(t.durationMs).toBe(Math.round(sample.total_time * 1000));
  });

  it("reads the .json log (cut at the detection head): browser tool calls", async () => {
    const detection = detectRealFile(BROWSER);
    expect("adapter" in detection && detection.adapter.id).toBe("inspect");
    const log = readRealJson(BROWSER) as Record<string, any>;
    const { trajectories, bad, ok } = await collect(inspectAdapter, realSource(BROWSER));
    expect(bad).toEqual([]);
    expect(trajectories).toHaveLength(1);
    expect(ok[0].location).toBe("samples[0]");
    const t = trajectories[0];
    expect(t.task.question).toBe(log.samples[0].input);
    expect(t.task.benchmark).toBe("browser");
    expect(kinds(t)).toEqual(["message", "tool_call", "tool_result", "tool_call", "tool_result", "tool_call", "tool_result", "tool_call", "tool_result", "final_answer"]);
    expect(toolNames(t)).toEqual(["web_browser_go", "web_browser_click", "web_browser_click", "web_browser_click"]);
    expect(t.finalAnswer).toBe(log.samples[0].scores.includes.answer);
    expect(t.correct).toBe(true);
  });
});

function evalArchive(samples: Record<string, unknown>, header: unknown = { version: 2, eval: { task: "gaia", model: "m", dataset: { name: "gaia-val" } } }): Uint8Array {
  const files: Record<string, Uint8Array> = { "header.json": strToU8(JSON.stringify(header)) };
  for (const [name, sample] of Object.entries(samples)) files[name] = strToU8(typeof sample === "string" ? sample : JSON.stringify(sample));
  return zipSync(files, { level: 6 });
}

const HASH = "0123456789abcdef0123456789abcdef";
const LONG = "A very long page ".repeat(200);

function sample(id: number | string, epoch: number, value: unknown, extra: Record<string, unknown> = {}) {
  return {
    id,
    epoch,
    input: [{ role: "user", content: `attachment://${HASH}` }],
    target: ["4", "four"],
    messages: [
      { role: "user", content: `attachment://${HASH}`, source: "input" },
      { role: "assistant", content: [{ type: "reasoning", reasoning: "compute" }, { type: "text", text: "Calling the tool." }], tool_calls: [{ id: "t1", function: "python", arguments: { code: `print('see attachment://${HASH}')` } }] },
      { role: "tool", tool_call_id: "t1", function: "python", content: "4", error: null },
      { role: "assistant", content: "ANSWER: 4" },
    ],
    scores: { accuracy: { value, answer: "4", explanation: "exact" } },
    metadata: { level: 2 },
    attachments: { [HASH]: LONG },
    ...extra,
  };
}

describe("inspect adapter on built .eval archives", () => {
  it("resolves attachment references anywhere in strings, sorts samples, maps score values", async () => {
    const archive = evalArchive({
      "samples/10_epoch_1.json": sample(10, 1, 0.25),
      "samples/2_epoch_2.json": sample(2, 2, "I"),
      "samples/2_epoch_1.json": sample(2, 1, "C"),
      "samples/3_epoch_1.json": sample(3, 1, "P"),
      "samples/4_epoch_1.json": sample(4, 1, true, { error: { message: "sandbox died", traceback: "…" } }),
      "samples/5_epoch_1.json": sample(5, 1, 0.75, { limit: { type: "token", limit: 1000 } }),
    });
    const detection = detectFormat(sampleFromBytes("run.eval", archive, true));
    expect("adapter" in detection && detection.adapter.id).toBe("inspect");
    const { trajectories, bad, ok } = await collect(inspectAdapter, bytesSource("run.eval", archive, 500));
    expect(bad).toEqual([]);
    expect(trajectories.map((t) => t.externalId)).toEqual(["2:epoch1", "2:epoch2", "3:epoch1", "4:epoch1", "5:epoch1", "10:epoch1"]);
    expect(trajectories.map((t) => t.rolloutIndex)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(trajectories.map((t) => t.correct)).toEqual([true, false, null, true, true, false]);
    expect(trajectories.map((t) => t.ruleReward)).toEqual([1, 0, 0.5, 1, 0.75, 0.25]);
    expect(ok[2].warnings).toContain("scored P (partial credit): correctness left unknown");
    const t = trajectories[0];
    expect(t.task).toMatchObject({ benchmark: "GAIA", level: "L2", question: LONG, groundTruth: '["4","four"]', metadata: { dataset: "gaia-val", groundTruthAliases: ["4", "four"] } });
    expect(t.steps[0].text).toBe(LONG);
    expect(kinds(t)).toEqual(["message", "reasoning", "message", "tool_call", "tool_result", "final_answer"]);
    expect(t.steps[3].tool).toEqual({ name: "python", arguments: { code: `print('see ${LONG}')` }, callId: "t1" });
    expect(t.steps[4].result).toEqual({ callId: "t1", name: "python" });
    expect(t.finalAnswer).toBe("4");
    expect(trajectories[3]).toMatchObject({ error: "sandbox died", termination: "error" });
    expect(trajectories[4].termination).toBe("token_limit_reached");
    expect(JSON.stringify(trajectories)).not.toContain("attachment://");
  });

  it("warns about attachment references it cannot resolve", async () => {
    const archive = evalArchive({ "samples/1_epoch_1.json": { ...sample(1, 1, "C"), attachments: {} } });
    const { ok } = await collect(inspectAdapter, bytesSource("run.eval", archive));
    expect(ok[0].warnings).toContain("1 attachment reference could not be resolved (kept as attachment://…)");
    expect(ok[0].trajectory.task.question).toBe(`attachment://${HASH}`);
  });

  it("reports a bad sample and keeps reading the others", async () => {
    const archive = evalArchive({ "samples/1_epoch_1.json": "{not json", "samples/2_epoch_1.json": sample(2, 1, "C"), "samples/3_epoch_1.json": { epoch: 1, messages: [] } });
    const { ok, bad } = await collect(inspectAdapter, bytesSource("run.eval", archive));
    expect(ok.map((e) => e.location)).toEqual(["samples/2_epoch_1.json"]);
    expect(bad.map((e) => e.location)).toEqual(["samples/1_epoch_1.json", "samples/3_epoch_1.json"]);
    expect(bad[0].error).toMatch(/^samples\/1_epoch_1\.json: malformed JSON/);
    expect(bad[1].error).toBe("the sample has no `id`");
  });

  it("refuses an archive whose entries would expand past maxExpandedBytes", async () => {
    const bomb = evalArchive({ "samples/1_epoch_1.json": JSON.stringify({ ...sample(1, 1, "C"), pad: "0".repeat(4 * 1024 * 1024) }) });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const { entries } = await collect(inspectAdapter, bytesSource("bomb.eval", bomb), { maxRecordBytes: OPTIONS.maxRecordBytes, maxExpandedBytes: 1024 * 1024 });
    expect(entries).toEqual([{ ok: false, line: null, location: null, error: expect.stringMatching(/^the \.eval archive would expand to 4\.\d MB, over the 1\.0 MB limit; refusing to unpack it$/) }]);
  });

  it("stops inflating an entry whose header lies about its size", async () => {
    const archive = evalArchive({ "samples/1_epoch_1.json": JSON.stringify({ ...sample(1, 1, "C"), pad: "0".repeat(2 * 1024 * 1024) }) });
    // Rewrite the declared uncompressed size of the sample (local header and central directory) to 1 KB.
    const entries = listZipEntries(archive);
    const target = entries.find((e) => e.name.startsWith("samples/"))!;
    const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
    view.setUint32(target.localHeaderOffset + 22, 1024, true);
    for (let at = 0; at < archive.length - 4; at++) {
      if (view.getUint32(at, true) === 0x02014b50 && view.getUint32(at + 42, true) === target.localHeaderOffset) view.setUint32(at + 24, 1024, true);
    }
    const { bad, ok } = await collect(inspectAdapter, bytesSource("liar.eval", archive), { maxRecordBytes: OPTIONS.maxRecordBytes, maxExpandedBytes: 1024 * 1024 });
    expect(ok).toEqual([]);
    expect(bad).toHaveLength(1);
    expect(bad[0].location).toBe("samples/1_epoch_1.json");
    expect(bad[0].error).toBe("samples/1_epoch_1.json expands past the 1.0 KB its header declares (damaged or hostile archive)");
  });

  it("gives one error for a file that is not a zip, or a cut-off zip", async () => {
    const notZip = await collect(inspectAdapter, bytesSource("x.eval", "this is not a zip"));
    expect(notZip.entries).toEqual([{ ok: false, line: null, location: null, error: "not a zip archive (an Inspect .eval log is a zip file)" }]);
    const archive = evalArchive({ "samples/1_epoch_1.json": sample(1, 1, "C") });
    const cut = await collect(inspectAdapter, bytesSource("cut.eval", archive.slice(0, archive.length - 30)));
    expect(cut.entries).toHaveLength(1);
    expect(cut.entries[0]).toMatchObject({ ok: false, error: expect.stringMatching(/^unreadable \.eval archive: /) });
    const empty = await collect(inspectAdapter, bytesSource("none.eval", evalArchive({})));
    expect(empty.entries).toEqual([{ ok: false, line: null, location: null, error: expect.stringMatching(/holds no samples/) }]);
  });

  it("reads a .json log and reports one without samples", async () => {
    const log = { version: 2, status: "success", eval: { task: "hle", model: "m" }, samples: [sample(1, 1, "C"), { id: 2 }] };
    const { ok, bad } = await collect(inspectAdapter, bytesSource("log.json", JSON.stringify(log, null, 2), 300));
    expect(ok.map((e) => [e.location, e.trajectory.task.benchmark])).toEqual([["samples[0]", "HLE"]]);
    expect(bad).toEqual([{ ok: false, line: null, location: "samples[1]", error: "the sample has no question (expected `input` or a user message)" }]);
    const none = await collect(inspectAdapter, bytesSource("log.json", JSON.stringify({ ...log, samples: [] })));
    expect(none.entries).toEqual([{ ok: false, line: null, location: null, error: expect.stringMatching(/holds no samples/) }]);
  });
});

describe("inspect helpers", () => {
  it("reads score values", () => {
    expect(readInspectScore({ s: { value: "C", answer: "a" } })).toMatchObject({ correct: true, reward: 1, answer: "a", scorer: "s" });
    expect(readInspectScore({ s: { value: "N" } })).toMatchObject({ correct: false, reward: 0 });
    expect(readInspectScore({ s: { value: 1 } })).toMatchObject({ correct: true });
    expect(readInspectScore({ s: { value: 0.5 } })).toMatchObject({ correct: true, reward: 0.5 });
    expect(readInspectScore({ s: { value: 0.49 } })).toMatchObject({ correct: false });
    expect(readInspectScore({ s: { value: { accuracy: "I", other: 3 } } })).toMatchObject({ correct: false });
    expect(readInspectScore({ s: { value: "maybe" } })).toMatchObject({ correct: null, note: expect.stringMatching(/not C\/I\/P\/N/) });
    expect(readInspectScore(undefined)).toEqual({ correct: null, reward: null, answer: null, scorer: null });
  });

  it("resolves references inside longer strings and nested values", () => {
    const missing = new Set<string>();
    expect(resolveAttachments({ a: [`x attachment://${HASH} y`], b: 1 }, { [HASH]: "Z" }, missing)).toEqual({ a: ["x Z y"], b: 1 });
    expect(missing.size).toBe(0);
  });
});
