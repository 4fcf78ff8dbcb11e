// A queue worked by three annotators, then its agreement (GET /api/v1/queues/{id}/agreement, per run too) and its
// exports (rrm-sft, jsonl, csv; API download).
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { CRITIQUE_QUALITY_RUBRIC } from "@/lib/demo/rubric";
import type { AdapterEntry } from "@/lib/formats/format-adapter";
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";
import { parseRrmOutput } from "@/lib/rrm/parse-rrm-output";
import { useTestDatabase } from "../helpers/database";

process.env.BETTER_AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";

useTestDatabase();

const load = async () => ({
  ...(await import("@/lib/server/create-user")),
  ...(await import("@/lib/server/create-api-token")),
  ...(await import("@/lib/server/create-run")),
  ...(await import("@/lib/server/ingest-trajectories")),
  ...(await import("@/lib/server/create-rubric-version")),
  ...(await import("@/lib/server/create-queue")),
  ...(await import("@/lib/server/claim-queue-item")),
  ...(await import("@/lib/server/submit-queue-item")),
  ...(await import("@/lib/server/export-annotations")),
  ...(await import("@/lib/server/save-annotation")),
  ...(await import("@/lib/server/get-agreement")),
  ...(await import("@/lib/db/prisma")),
  agreement: await import("@/app/api/v1/queues/[id]/agreement/route"),
  runAgreement: await import("@/app/api/v1/runs/[id]/agreement/route"),
  download: await import("@/app/api/v1/annotations/export/route"),
});
let m: Awaited<ReturnType<typeof load>>;

function attempt(n: number): NormalizedTrajectoryInput {
  return {
    externalId: `t${n}`,
    task: { benchmark: "GAIA", level: "1", externalId: `task-${n}`, question: `How many stops, case ${n}?`, groundTruth: "42" },
    steps: [
      { index: 0, kind: "message", role: "user", text: `How many stops, case ${n}?` },
      { index: 1, kind: "reasoning", text: "I should search." },
      { index: 2, kind: "tool_call", tool: { name: "search", arguments: { q: "stops" } } },
      { index: 3, kind: "tool_result", text: "<b>40</b> stops" },
      { index: 4, kind: "final_answer", text: "\\boxed{40}", answer: "40" },
    ],
    finalAnswer: "40",
    correct: false,
    ruleReward: 0,
    termination: "answer",
    rolloutIndex: 0,
    judgments: [{ rrmModel: "agent-rrm", reasoning: `Reasoning ${n}`, critique: `Step 3 trusts the page (${n}).`, score: 0.8, createdAt: "2026-01-02T00:00:00Z" }],
  };
}

async function* entries(list: NormalizedTrajectoryInput[]): AsyncGenerator<AdapterEntry> {
  let line = 0;
  for (const trajectory of list) yield { ok: true, line: ++line, location: null, trajectory, raw: JSON.stringify(trajectory), warnings: [] };
}

const A = (critique: string, calibration: string, specific: number, note?: string) => ({
  critique_correct: critique,
  specific,
  actionable: 3,
  score_calibration: calibration,
  error_types: ["uncritical_trust_in_tool_output"],
  ...(note ? { note } : {}),
});

let queueId: number;
let runId: number;
let token: string;
let adminId: string;
let rubricId: number;

beforeAll(async () => {
  m = await load();
  const admin = await m.createUser({ email: "lead@lab.org", password: "correct horse battery", role: "admin" });
  adminId = admin.id;
  token = (await m.createApiToken({ id: admin.id }, { name: "t", scopes: ["read"] })).secret;
  const annotators = [];
  for (const n of ["a1", "a2", "a3"]) annotators.push(await m.createUser({ email: `${n}@lab.org`, password: "correct horse battery", role: "annotator" }));
  const run = await m.createRun({ name: "reagent-r-gaia", variant: "reagent_r", lambda: 0.3 });
  runId = run.id;
  await m.ingestTrajectories(entries([0, 1, 2, 3].map(attempt)), { runId: run.id, fileName: null, sourceFormat: "native" });
  const rubric = await m.createRubricVersion({ name: CRITIQUE_QUALITY_RUBRIC.name, questions: structuredClone(CRITIQUE_QUALITY_RUBRIC.questions) as never, baseVersion: null });
  rubricId = rubric.id;
  ({ id: queueId } = await m.createQueue(admin.id, { name: "Failed GAIA", rubricId: rubric.id, filter: `run=${run.id}&sort=time&order=asc`, annotatorsPerItem: 3 }));
  // answers[item][annotator]
  const answers = [
    [A("yes", "about_right", 4), A("yes", "about_right", 4), A("yes", "about_right", 5)], // agreed, kept
    [A("no", "too_high", 2, "The page says 42; the agent misread it."), A("no", "too_high", 2), A("partly", "too_high", 3)], // corrected
    [A("no", "too_high", 1), A("no", "too_high", 1), A("no", "too_high", 2)], // wrong, nobody rewrote it
    [A("yes", "about_right", 4), A("no", "too_high", 2), A("partly", "too_low", 3)], // no agreement
  ];
  for (let k = 0; k < 3; k++) {
    for (let i = 0; i < 4; i++) {
      const claim = await m.claimNextItem(queueId, annotators[k].id);
      expect(claim?.position).toBe(i + 1);
      await m.submitQueueItem(queueId, claim!.itemId, annotators[k].id, { answers: answers[i][k], baseUpdatedAt: null });
    }
  }
});

const req = (path: string) => new Request(`http://localhost:3000${path}`, { headers: { host: "localhost:3000", authorization: `Bearer ${token}` } });
const params = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });

async function collect(options: Parameters<typeof m.exportAnnotations>[0]) {
  const stats = { items: 0, written: 0, skipped: {} as Record<string, number> };
  let text = "";
  for await (const chunk of m.exportAnnotations(options, stats)) text += chunk;
  return { text, stats };
}

describe("agreement", () => {
  it("GET /api/v1/queues/{id}/agreement gives per-question statistics over three annotators and humans vs RRM", async () => {
    const response = await m.agreement.GET(req(`/api/v1/queues/${queueId}/agreement`), params({ id: String(queueId) }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ units: 4, annotations: 12, rubric: { name: "Critique quality", version: 1 } });
    expect(body.annotators).toHaveLength(3);
    const cc = body.questions.find((q: { questionId: string }) => q.questionId === "critique_correct");
    expect(cc).toMatchObject({ items: 4, annotators: 3, cohenKappa: null, confusion: null });
    // pairwise: item1 3/3, item2 1/3, item3 3/3, item4 0/3 → 7/12
    expect(cc.percentAgreement).toBeCloseTo(7 / 12, 10);
    expect(typeof cc.fleissKappa).toBe("number");
    expect(typeof cc.krippendorffAlpha).toBe("number");
    expect(body.humanVsRrm.critiqueVsCorrectness.counts).toEqual([[0, 4, 0], [0, 2, 0], [0, 6, 0]]) // yes, partly, no × correct, incorrect, ungraded;
    expect(body.humanVsRrm.rrmVsCorrectness).toEqual({ items: 4, agree: 0, rate: 0 });
    expect((await m.agreement.GET(req(`/api/v1/queues/999/agreement`), params({ id: "999" }))).status).toBe(404);
  });

  it("per run gives the same figures", async () => {
    const body = await (await m.runAgreement.GET(req(`/api/v1/runs/${runId}/agreement`), params({ id: String(runId) }))).json();
    expect(body.units).toBe(4);
    expect(body.questions.find((q: { questionId: string }) => q.questionId === "critique_correct").percentAgreement).toBeCloseTo(7 / 12, 10);
  });
});

describe("export", () => {
  it("rrm-sft: valid OpenAI-messages records, corrected where the annotators agreed the RRM was wrong, filtered by agreement", async () => {
    const { text, stats } = await collect({ as: "rrm-sft", queueId });
    const records = text.trim().split("\n").map((line) => JSON.parse(line));
    expect(stats).toEqual({ items: 4, written: 2, skipped: { "critique judged wrong without a corrected critique": 1, "no majority answer": 1 } });
    for (const r of records) {
      expect(r.messages.map((x: { role: string }) => x.role)).toEqual(["system", "user", "assistant"]);
      expect(r.messages[1].content).toMatch(/^Question: How many stops, case \d\?\n\nAgent Trajectory: <think>\nI should search\.\n<\/think>/);
      expect(r.messages[1].content).toContain("<tool_response>\n<b>40</b> stops\n</tool_response>");
      expect(parseRrmOutput(r.messages[2].content).status).toBe("ok");
    }
    expect(parseRrmOutput(records[0].messages[2].content)).toMatchObject({ reasoning: "Reasoning 0", critique: "Step 3 trusts the page (0).", score: 0.8 });
    expect(parseRrmOutput(records[1].messages[2].content)).toMatchObject({ reasoning: "Reasoning 1", critique: "The page says 42; the agent misread it.", score: 0.4 });
    const loose = await collect({ as: "rrm-sft", queueId, minAgreement: 0.3 });
    expect(loose.stats.written).toBe(2); // item 4: a three-way tie has no majority
  });

  it("jsonl: one line per item with every annotation and the consensus; csv: one row per annotation", async () => {
    const jsonl = (await collect({ as: "jsonl", runId })).text.trim().split("\n").map((l) => JSON.parse(l));
    expect(jsonl).toHaveLength(4);
    expect(jsonl[0]).toMatchObject({ run: "reagent-r-gaia", correct: false, judgment: { rrmModel: "agent-rrm", score: 0.8 }, consensus: { critique_correct: { answer: "yes", share: 1, count: 3 } } });
    expect(jsonl[0].annotations).toHaveLength(3);
    const csv = Papa.parse<Record<string, string>>((await collect({ as: "csv" })).text, { header: true, skipEmptyLines: true });
    expect(csv.errors).toEqual([]);
    expect(csv.data).toHaveLength(12);
    expect(csv.data[0]).toMatchObject({ run: "reagent-r-gaia", critique_correct: "yes", specific: "4", error_types: "uncritical_trust_in_tool_output", rubric_version: "1" });
  });

  it("downloads from GET /api/v1/annotations/export", async () => {
    const response = await m.download.GET(req(`/api/v1/annotations/export?as=rrm-sft&queueId=${queueId}`), params({}));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain(`queue-${queueId}-rrm-sft.jsonl`);
    expect((await response.text()).trim().split("\n")).toHaveLength(2);
    expect((await m.download.GET(req(`/api/v1/annotations/export?as=rrm-sft&queueId=999`), params({}))).status).toBe(404);
    expect((await m.download.GET(req(`/api/v1/annotations/export?as=xml`), params({}))).status).toBe(400);
  });
});

describe("queue and run scopes", () => {
  it("an annotation of a queue's judgment made outside the queue counts for the run, not for the queue", async () => {
    const t = await m.getPrisma().trajectory.findFirstOrThrow({ where: { runId, externalId: "t0" }, include: { judgments: true } });
    await m.saveAnnotation(adminId, { trajectoryId: t.id, judgmentId: t.judgments[0].id, rubricId, answers: A("no", "too_low", 1) });
    expect((await m.getQueueAgreement(queueId)).annotations).toBe(12);
    expect((await m.getRunAgreement(runId)).annotations).toBe(13);
    expect((await collect({ as: "csv", queueId })).stats.written).toBe(12);
  });
});
