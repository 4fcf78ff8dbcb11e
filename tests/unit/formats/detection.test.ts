import { describe, expect, it } from "vitest";
import { detectFormat, FORMAT_ADAPTERS, FORMAT_IDS, getAdapter, sampleFromBytes, SAMPLE_BYTES } from "@/lib/formats/registry";
import { allRealFiles, collect, detectRealFile, realSource } from "./helpers";

/** Every trajectory-like file in ../shared/data/real: the adapter that must read it and what it yields, or null. */
const EXPECTED: Record<string, { adapter: string; ok: number; rejected: number } | { unsupported: RegExp }> = {
  "inspect-ai-logs/2024-11-05T13-32-37-05-00_input-task_hxs4q9azL3ySGkjJirypKZ.eval": { adapter: "inspect", ok: 1, rejected: 0 },
  "inspect-ai-logs/2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval": { adapter: "inspect", ok: 10, rejected: 0 },
  "inspect-ai-logs/2025-05-12T20-27-36-04-00_browser.json": { adapter: "inspect", ok: 1, rejected: 0 },
  "inspect-ai-logs/log_message_deduplication.eval": { adapter: "inspect", ok: 1, rejected: 0 },
  "openhands-sdk-v1-output-jsonl/error_safety-flattening.json": { unsupported: /OpenHands/ },
  "openhands-sdk-v1-output-jsonl/eval_safety-misconfig.json": { unsupported: /OpenHands/ },
  "openhands-sdk-v1-output-jsonl/output.critic_attempt_1.first12.jsonl": { unsupported: /OpenHands evaluation output/ },
  "openhands-sdk-v1-output-jsonl/output.jsonl": { unsupported: /OpenHands evaluation output/ },
  "openhands-sdk-v1-output-jsonl/state_safety-misconfig.json": { unsupported: /OpenHands/ },
  "openhands-sdk-v1-output-jsonl/traj_safety-misconfig.json": { unsupported: /OpenHands event list/ },
  "qwen25-math-eval-outputs/Qwen2.5-Math-7B.math500.test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1.first50.jsonl": { adapter: "qwen-math-eval", ok: 50, rejected: 0 },
  "qwen25-math-eval-outputs/Qwen2.5-Math-7B.math500.test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1_qwen25-math-cot_metrics.json": { unsupported: /metrics file/ },
  "qwen25-math-eval-outputs/Sky-T1-math-correct-5K-32B-short.aime24.test_Sky-T1_-1_seed0_t0.0_s0_e-1.jsonl": { adapter: "qwen-math-eval", ok: 30, rejected: 0 },
  "qwen25-math-eval-outputs/Sky-T1-math-correct-5K-32B-short.aime24.test_Sky-T1_-1_seed0_t0.0_s0_e-1_Sky-T1_metrics.json": { unsupported: /metrics file/ },
  "sft-sharegpt-and-messages-toolcall/glaive_toolcall_en_demo.first50.json": { adapter: "sharegpt", ok: 50, rejected: 0 },
  "sft-sharegpt-and-messages-toolcall/reason_tool_use_demo_50.jsonl": { adapter: "sharegpt", ok: 50, rejected: 0 },
  "smolagents-benchmark-gaia-2025-07-message-steps/benchmark_scores_gpt-4o__code__2025-07-24.json": { unsupported: /smolagents benchmark score file/ },
  "smolagents-benchmark-gaia-2025-07-message-steps/benchmark_scores_gpt-4o__tool-calling__2025-07-24.json": { unsupported: /smolagents benchmark score file/ },
  "smolagents-benchmark-gaia-2025-07-message-steps/gpt-4o__code__gaia__2025-07-24.first12.jsonl": { adapter: "smolagents", ok: 12, rejected: 0 },
  "smolagents-benchmark-gaia-2025-07-message-steps/gpt-4o__tool-calling__gaia__2025-07-24.first12.jsonl": { adapter: "smolagents", ok: 12, rejected: 0 },
  "swe-agent-traj/marshmallow-code__marshmallow-1867.function_calling_replace.traj": { unsupported: /SWE-agent/ },
  "swe-agent-traj/pydicom__pydicom-1458.traj": { unsupported: /SWE-agent/ },
  "tau2-bench-results/claude-sonnet-4-5_airline_default_gpt4.1_1trials.json": { unsupported: /τ²-bench/ },
  "tau2-bench-results/submission.json": { unsupported: /leaderboard submission/ },
  "toolbench-dfs-answer/G1_answer_10_ChatGPT_DFS_woFilter_w2.json": { unsupported: /ToolBench/ },
  "toolbench-dfs-answer/G2_answer_127_ChatGPT_DFS_woFilter_w2.json": { unsupported: /ToolBench/ },
  "toolbench-dfs-answer/G3_answer_21_ChatGPT_DFS_woFilter_w2.json": { unsupported: /ToolBench/ },
  "verifiers-vf-eval-results/wiki-search--gpt-5-mini.dc83cc41.metadata.json": { unsupported: /verifiers run metadata/ },
  "verifiers-vf-eval-results/wiki-search--gpt-5-mini.dc83cc41.results.first20.jsonl": { adapter: "openai-messages", ok: 20, rejected: 0 },
  "webdancer-qwen-agent-chatml-traj/sample_traj.first20.jsonl": { adapter: "chatml", ok: 20, rejected: 0 },
};

describe("detection on every real file", () => {
  it("knows every file in the folder", () => {
    expect(allRealFiles().filter((file) => !file.endsWith("SOURCES.md")).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    if ("adapter" in expected) {
      it(`${file} → ${expected.adapter}: ${expected.ok} ok, ${expected.rejected} rejected`, async () => {
        const detection = detectRealFile(file);
        if ("error" in detection) throw new Error(detection.error);
        expect(detection.adapter.id).toBe(expected.adapter);
        const { ok, bad } = await collect(detection.adapter, realSource(file));
        expect(bad).toEqual([]);
        expect(ok.length).toBe(expected.ok);
        expect(bad.length).toBe(expected.rejected);
      });
    } else {
      it(`${file} → not supported`, () => {
        const detection = detectRealFile(file);
        expect("error" in detection).toBe(true);
        const error = (detection as { error: string }).error;
        expect(error).toMatch(/^Format not supported: /);
        expect(error).toMatch(expected.unsupported);
        for (const id of FORMAT_IDS) expect(error).toContain(`${id} (`);
      });
    }
  }
});

describe("registry", () => {
  it("lists each adapter once, with ids, labels, descriptions and extensions", () => {
    expect(FORMAT_IDS).toEqual(["native", "reagent-eval", "verl", "inspect", "smolagents", "chatml", "sharegpt", "qwen-math-eval", "openai-messages"]);
    for (const adapter of FORMAT_ADAPTERS) {
      expect(getAdapter(adapter.id)).toBe(adapter);
      expect(adapter.label.length).toBeGreaterThan(3);
      expect(adapter.description.length).toBeGreaterThan(20);
      expect(adapter.extensions.length).toBeGreaterThan(0);
    }
    expect(getAdapter("nope")).toBeUndefined();
  });

  it("builds samples from the first 256 KB", () => {
    const big = new TextEncoder().encode("x".repeat(SAMPLE_BYTES + 10));
    const sample = sampleFromBytes("a.jsonl", big, true);
    expect(sample.headBytes.length).toBe(SAMPLE_BYTES);
    expect(sample.complete).toBe(false);
    expect(sampleFromBytes("a.jsonl", new TextEncoder().encode("{}"), true).complete).toBe(true);
  });

  it("says an unknown format is not supported and names the formats and what writes them", () => {
    const detection = detectFormat(sampleFromBytes("notes.txt", new TextEncoder().encode("just some text\nmore text\n"), true));
    expect(detection).toEqual({ error: expect.stringMatching(/^Format not supported: notes\.txt — no importer recognises it\. Supported formats: native \(Workbench native JSONL: .*export/) });
    const error = (detection as { error: string }).error;
    expect(error).toContain("reagent-eval (Reagent evaluation output: iter{k}.jsonl");
    expect(error).toContain("verl (verl rollout dump");
    expect(error).toContain("inspect (Inspect AI log");
    const json = detectFormat(sampleFromBytes("x.jsonl", new TextEncoder().encode('{"a": 1}\n{"a": 2}\n'), true));
    expect("error" in json && json.error).toMatch(/^Format not supported: x\.jsonl — no importer recognises it/);
    const zip = detectFormat(sampleFromBytes("x.zip", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), true));
    expect("error" in zip && zip.error).toMatch(/a zip archive that is not an Inspect \.eval log/);
  });

  it("says an empty file is empty", () => {
    const detection = detectFormat(sampleFromBytes("empty.jsonl", new Uint8Array(0), true));
    expect("error" in detection && detection.error).toMatch(/^empty\.jsonl is empty\. Supported formats: /);
    const blank = detectFormat(sampleFromBytes("blank.jsonl", new TextEncoder().encode("\n  \n"), true));
    expect("error" in blank && blank.error).toMatch(/is empty/);
  });

  it("detects a JSONL whose first record is longer than the detection head", () => {
    const record = { type: "chatml", messages: [{ role: "user", content: "q".repeat(SAMPLE_BYTES) }, { role: "assistant", content: "<answer>a</answer>" }] };
    const bytes = new TextEncoder().encode(JSON.stringify(record) + "\n");
    const detection = detectFormat(sampleFromBytes("big.jsonl", bytes, true));
    expect("adapter" in detection && detection.adapter.id).toBe("chatml");
  });
});
