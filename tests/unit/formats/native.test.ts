import { describe, expect, it } from "vitest";
import { chatmlAdapter } from "@/lib/formats/chatml-adapter";
import { inspectAdapter } from "@/lib/formats/inspect-adapter";
import { nativeAdapter, nativeJsonSchema, writeNativeLine } from "@/lib/formats/native-adapter";
import { openAiMessagesAdapter } from "@/lib/formats/openai-messages-adapter";
import { smolagentsAdapter } from "@/lib/formats/smolagents-adapter";
import { detectFormat, sampleFromBytes } from "@/lib/formats/registry";
import { normalizedTrajectorySchema, type NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";
import { bytesSource, collect, jsonl, realSource } from "./helpers";

const full: NormalizedTrajectoryInput = {
  externalId: "q1:iter2",
  task: { benchmark: "GAIA", level: "L2", externalId: "q1", question: "Who?", groundTruth: "Ada", metadata: { source: "hand" } },
  steps: [
    { index: 0, kind: "message", role: "user", turn: 0, text: "Who?" },
    { index: 1, kind: "reasoning", role: "assistant", turn: 1, text: "think", tokens: 12, durationMs: 30.5, startedAt: "2025-01-01T00:00:00Z" },
    { index: 2, kind: "tool_call", role: "assistant", turn: 1, tool: { name: "search", arguments: { q: "who", n: [1, 2] }, callId: "c1" } },
    { index: 3, kind: "tool_result", role: "tool", turn: 2, text: "Ada", result: { callId: "c1", name: "search", isError: false, truncated: true, originalLength: 9000 } },
    { index: 4, kind: "final_answer", role: "assistant", turn: 3, text: "It is \\boxed{Ada}", answer: "Ada", metadata: { raw: { nested: true } } },
  ],
  finalAnswer: "Ada",
  correct: true,
  ruleReward: 1,
  termination: "no_tool_call",
  error: null,
  rolloutIndex: 2,
  groupKey: "step-3/abc",
  stage: "refined",
  parentExternalId: "q1:iter1",
  trainingStep: 3,
  tokenCount: 100,
  promptTokens: 80,
  completionTokens: 20,
  durationMs: 1200,
  metadata: { model: "qwen3-8b" },
  judgments: [
    { rrmModel: "agent-rrm", reasoning: "r", critique: "c", score: 0.7, rawOutput: "<think>r</think><critique>c</critique><score>0.7</score>", parseStatus: "ok", parseNotes: [], createdAt: "2025-01-02T00:00:00Z" },
  ],
};

describe("native adapter", () => {
  it("reads back exactly what export writes", async () => {
    const minimal: NormalizedTrajectoryInput = { task: { benchmark: "MATH500", question: "1+1?" }, steps: [] };
    const text = [writeNativeLine(full), writeNativeLine(minimal)].join("\n") + "\n";
    const { trajectories, bad, ok } = await collect(nativeAdapter, bytesSource("export.jsonl", text, 97));
    expect(bad).toEqual([]);
    expect(trajectories).toEqual([normalizedTrajectorySchema.parse(full), normalizedTrajectorySchema.parse(minimal)]);
    expect(ok.map((e) => e.line)).toEqual([1, 2]);
    // And writing what was read gives the same bytes.
    expect(trajectories.map(writeNativeLine).join("\n") + "\n").toBe(text);
  });

  it("round-trips trajectories imported from real files of every kind", async () => {
    const sources = [
      [chatmlAdapter, "webdancer-qwen-agent-chatml-traj/sample_traj.first20.jsonl"],
      [openAiMessagesAdapter, "verifiers-vf-eval-results/wiki-search--gpt-5-mini.dc83cc41.results.first20.jsonl"],
      [inspectAdapter, "inspect-ai-logs/2025-05-12T20-27-36-04-00_browser.json"],
      [smolagentsAdapter, "smolagents-benchmark-gaia-2025-07-message-steps/gpt-4o__code__gaia__2025-07-24.first12.jsonl"],
    ] as const;
    for (const [adapter, file] of sources) {
      const imported = await collect(adapter, realSource(file));
      expect(imported.trajectories.length).toBeGreaterThan(0);
      const exported = imported.trajectories.map(writeNativeLine).join("\n") + "\n";
      const detection = detectFormat(sampleFromBytes("export.jsonl", new TextEncoder().encode(exported), true));
      expect("adapter" in detection && detection.adapter.id).toBe("native");
      const reread = await collect(nativeAdapter, bytesSource("export.jsonl", exported, 4096));
      expect(reread.bad).toEqual([]);
      expect(reread.trajectories).toEqual(imported.trajectories);
    }
  });

  it("reports schema violations with their paths and keeps going", async () => {
    const bad1 = { task: { benchmark: "", question: "q" }, steps: [] };
    const bad2 = { task: { benchmark: "b", question: "q" }, steps: [{ index: -1, kind: "thought" }], correct: "yes" };
    const text = jsonl(writeNativeLine(full), bad1, bad2, "[1, 2]", writeNativeLine(full));
    const { ok, bad } = await collect(nativeAdapter, bytesSource("x.jsonl", text, 50));
    expect(ok.map((e) => e.line)).toEqual([1, 5]);
    expect(bad.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(bad[0].error).toMatch(/task\.benchmark: /);
    expect(bad[1].error).toMatch(/steps\[0\]\.index: /);
    expect(bad[1].error).toMatch(/steps\[0\]\.kind: /);
    expect(bad[1].error).toMatch(/correct: /);
    expect(bad[2].error).toBe("the record is an array, expected a JSON object");
  });

  it("warns about fields it does not know", async () => {
    const { ok } = await collect(nativeAdapter, bytesSource("x.jsonl", jsonl({ ...normalizedTrajectorySchema.parse(full), extra: 1 })));
    expect(ok[0].warnings).toEqual(["unknown field ignored: extra"]);
  });

  it("publishes a JSON Schema", () => {
    const schema = nativeJsonSchema();
    expect(schema.type).toBe("object");
    expect(Object.keys(schema.properties as object)).toEqual(expect.arrayContaining(["task", "steps", "judgments", "correct"]));
  });
});
