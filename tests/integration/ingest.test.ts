import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import type { AdapterEntry } from "@/lib/formats/format-adapter";
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";
import { createRun } from "@/lib/server/create-run";
import { exportRun } from "@/lib/server/export-run";
import { ingestJudgments } from "@/lib/server/ingest-judgments";
import { ingestTrajectories } from "@/lib/server/ingest-trajectories";
import { useTestDatabase } from "../helpers/database";

useTestDatabase();

function trajectory(n: number, extra: Partial<NormalizedTrajectoryInput> = {}): NormalizedTrajectoryInput {
  return {
    externalId: `q${n}`,
    task: { benchmark: "GAIA", level: "2", externalId: `task-${n % 3}`, question: `Question ${n % 3}?`, groundTruth: "42" },
    steps: [
      { index: 0, kind: "reasoning", text: "think" },
      { index: 1, kind: "tool_call", tool: { name: "search", arguments: { query: `q ${n}` } }, tokens: 12 },
      { index: 2, kind: "tool_result", text: "<script>alert(1)</script> result", tokens: 30 },
      { index: 3, kind: "final_answer", text: "\\boxed{42}", answer: "42" },
    ],
    finalAnswer: n % 2 ? "42" : "41",
    correct: n % 2 === 1,
    termination: "answer",
    rolloutIndex: n % 2,
    judgments: [{ rrmModel: "rrm-a", rawOutput: `<think>t${n}</think><critique>c${n}</critique><score>0.${n % 10}</score>` }],
    ...extra,
  };
}

async function* entries(list: (NormalizedTrajectoryInput | { bad: string })[]): AsyncGenerator<AdapterEntry> {
  let line = 0;
  for (const item of list) {
    line++;
    if ("bad" in item) yield { ok: false, line, location: null, error: item.bad };
    else yield { ok: true, line, location: null, trajectory: item, raw: JSON.stringify(item), warnings: [] };
  }
}

async function* bytesOf(text: string) {
  yield new TextEncoder().encode(text);
}

describe("ingestTrajectories", () => {
  it("stores good records in batches, reports bad ones by line, and fills the summary columns", async () => {
    const run = await createRun({ name: "ingest-basic", variant: "reagent_r", lambda: 0.3 });
    const list = [trajectory(1), { bad: "malformed JSON" }, trajectory(2), { task: { benchmark: "GAIA" }, steps: [] } as never, trajectory(4)];
    const progress: number[] = [];
    const report = await ingestTrajectories(entries(list), {
      runId: run.id,
      fileName: "a.jsonl",
      sourceFormat: "native",
      batchSize: 2,
      onProgress: (c) => void progress.push(c.accepted),
    });
    expect(report).toMatchObject({ accepted: 3, duplicates: 0, rejected: 2 });
    expect(report.errors).toEqual([
      { file: "a.jsonl", line: 2, location: null, message: "malformed JSON" },
      { file: "a.jsonl", line: 4, location: null, message: expect.stringContaining("task.question") },
    ]);
    expect(progress.at(-1)).toBe(3);

    const stored = await getPrisma().trajectory.findMany({ where: { runId: run.id }, orderBy: { id: "asc" }, include: { body: true, judgments: true } });
    expect(stored.map((t) => t.externalId)).toEqual(["q1", "q2", "q4"]);
    const first = stored[0];
    expect(first).toMatchObject({ benchmark: "GAIA", level: "2", stepCount: 4, toolCallCount: 1, toolsUsed: ["search"], tokenCount: 42, correct: true, judgmentCount: 1, rrmScore: 0.1 });
    expect(first.judgments[0]).toMatchObject({ critique: "c1", score: 0.1, parseStatus: "ok", source: "import" });
    expect(first.body?.rawSource).toBeNull(); // native records are rebuilt by export, not kept twice
    // q1 and q4 ask the same task: one Task row
    expect(stored[0].taskId).toBe(stored[2].taskId);
  });

  it("keeps the raw source record of other formats", async () => {
    const run = await createRun({ name: "ingest-raw" });
    await ingestTrajectories(entries([trajectory(1)]), { runId: run.id, fileName: null, sourceFormat: "reagent-eval" });
    const body = await getPrisma().trajectoryBody.findFirstOrThrow({ where: { trajectory: { runId: run.id } } });
    expect(body).toMatchObject({ rawSource: JSON.stringify(trajectory(1)), sourceFormat: "reagent-eval" });
  });

  it("is idempotent: importing the same records again stores nothing twice", async () => {
    const run = await createRun({ name: "ingest-twice" });
    const list = [trajectory(1), trajectory(2), trajectory(1)];
    const first = await ingestTrajectories(entries(list), { runId: run.id, fileName: null, sourceFormat: "native", batchSize: 2 });
    expect(first).toMatchObject({ accepted: 2, duplicates: 1 });
    const again = await ingestTrajectories(entries(list), { runId: run.id, fileName: null, sourceFormat: "native" });
    expect(again).toMatchObject({ accepted: 0, duplicates: 3, rejected: 0 });
    expect(await getPrisma().trajectory.count({ where: { runId: run.id } })).toBe(2);
    expect(await getPrisma().judgment.count({ where: { trajectory: { runId: run.id } } })).toBe(2);
  });

  it("falls back to the content hash when records have no external id", async () => {
    const run = await createRun({ name: "ingest-hash" });
    const anonymous = trajectory(5, { externalId: null });
    const report = await ingestTrajectories(entries([anonymous, anonymous, trajectory(6, { externalId: null })]), { runId: run.id, fileName: null, sourceFormat: "native" });
    expect(report).toMatchObject({ accepted: 2, duplicates: 1 });
  });

  it("adds a new RRM model's judgment to an already stored trajectory and updates its score", async () => {
    const run = await createRun({ name: "ingest-judgments-later" });
    await ingestTrajectories(entries([trajectory(1)]), { runId: run.id, fileName: null, sourceFormat: "native" });
    const withSecond = trajectory(1, {
      judgments: [
        { rrmModel: "rrm-a", rawOutput: "<think>t1</think><critique>c1</critique><score>0.1</score>" },
        { rrmModel: "rrm-b", reasoning: "r", critique: "better", score: 0.9, createdAt: "2030-01-01T00:00:00.000Z" },
      ],
    });
    const report = await ingestTrajectories(entries([withSecond]), { runId: run.id, fileName: null, sourceFormat: "native" });
    expect(report).toMatchObject({ accepted: 0, duplicates: 1 });
    const stored = await getPrisma().trajectory.findFirstOrThrow({ where: { runId: run.id }, include: { judgments: true } });
    expect(stored.judgments.map((j) => j.rrmModel).sort()).toEqual(["rrm-a", "rrm-b"]);
    expect(stored).toMatchObject({ judgmentCount: 2, rrmScore: 0.9 });
  });

  it("links a refined retry to its first attempt whichever arrives first", async () => {
    const run = await createRun({ name: "ingest-parents", variant: "reagent_u" });
    const retry = trajectory(11, { externalId: "q1-refined", stage: "refined", parentExternalId: "q1", groupKey: "g1" });
    await ingestTrajectories(entries([retry, trajectory(12)]), { runId: run.id, fileName: null, sourceFormat: "native", batchSize: 1 });
    await ingestTrajectories(entries([trajectory(1, { groupKey: "g1" })]), { runId: run.id, fileName: null, sourceFormat: "native" });
    const child = await getPrisma().trajectory.findFirstOrThrow({ where: { runId: run.id, externalId: "q1-refined" }, include: { parent: true } });
    expect(child.parent?.externalId).toBe("q1");
    expect(child.stage).toBe("refined");
  });

  it("exports what import reads back to the same data", async () => {
    const run = await createRun({ name: "export-source" });
    const list = [
      trajectory(1, { metadata: { seed: 7 }, error: null, promptTokens: 100, completionTokens: 50, trainingStep: 3, groupKey: "g" }),
      trajectory(2, { task: { benchmark: "HotpotQA", question: "No id here?", groundTruth: "x" } }),
      trajectory(3, { externalId: "q3r", stage: "refined", parentExternalId: "q1", judgments: [] }),
    ];
    await ingestTrajectories(entries(list), { runId: run.id, fileName: null, sourceFormat: "native" });
    const exported = [];
    for await (const record of exportRun(run.id)) exported.push(record);
    expect(exported).toHaveLength(3);
    expect(exported[1].task.externalId).toBeNull(); // the synthetic task id stays internal
    expect(exported[2].parentExternalId).toBe("q1");

    const copy = await createRun({ name: "export-copy" });
    const report = await ingestTrajectories(entries(exported), { runId: copy.id, fileName: null, sourceFormat: "native" });
    expect(report).toMatchObject({ accepted: 3, rejected: 0 });
    const again = [];
    for await (const record of exportRun(copy.id)) again.push(record);
    expect(again).toEqual(exported);
    expect(exported[0]).toMatchObject({ metadata: { seed: 7 }, promptTokens: 100, completionTokens: 50, trainingStep: 3, groupKey: "g", correct: true });
  });
});

describe("ingestJudgments", () => {
  it("attaches judgments by external id and rejects those for unknown trajectories", async () => {
    const run = await createRun({ name: "judgments-standalone" });
    await ingestTrajectories(entries([trajectory(1, { judgments: [] }), trajectory(2, { judgments: [] })]), { runId: run.id, fileName: null, sourceFormat: "native" });
    const lines = [
      { trajectoryExternalId: "q1", rrmModel: "rrm-x", rawOutput: "<think>a</think><critique>b</critique><score>7/10</score>" },
      { trajectoryExternalId: "nope", rrmModel: "rrm-x", score: 0.5 },
      "not json",
      { trajectoryExternalId: "q2", rrmModel: "rrm-x", rawOutput: "<critique>no score</critique>" },
      { rrmModel: "rrm-x", score: 0.2 },
    ].map((l) => (typeof l === "string" ? l : JSON.stringify(l)));
    const report = await ingestJudgments(run.id, bytesOf(lines.join("\n")), { fileName: "j.jsonl" });
    expect(report).toMatchObject({ imported: 2, rejected: 3 });
    expect(report.errors.map((e) => e.line)).toEqual([2, 3, 5]);
    expect(report.errors[0].message).toContain('no trajectory with external id "nope"');
    expect(report.errors[2].message).toContain("trajectoryExternalId");
    const judged = await getPrisma().trajectory.findMany({ where: { runId: run.id }, orderBy: { externalId: "asc" }, include: { judgments: true } });
    expect(judged[0]).toMatchObject({ rrmScore: 0.7, judgmentCount: 1 });
    expect(judged[1].judgments[0]).toMatchObject({ parseStatus: "failed", score: null, critique: "no score" });
  });
});
