// Reagent-C end to end on the `local` backend: an evaluation job (the Reagent evaluation TEST DOUBLE writes first
// attempts) with critique refinement on. scripts/jobs/judge-run.mjs (a real child process) asks an OpenAI-compatible
// RRM TEST DOUBLE for critiques of the first attempts, then an agent TEST DOUBLE for a second answer with the critique
// in view; the workbench stores the answers as refined attempts, graded against the ground truth.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/database";
import { type ChatRequest, startOpenAiTestDouble, TEST_DOUBLE_CRITIQUE } from "../helpers/openai-test-double";
import { startJobApiServer, untilJob as until } from "../helpers/job-api-server";

process.env.BETTER_AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
const dir = mkdtempSync(path.join(os.tmpdir(), "rw-reagent-c-"));
process.env.LOCAL_JOBS_DIR = dir;
useTestDatabase();

const FAKE_EVAL = path.resolve(process.cwd(), "tests/fixtures/jobs/fake-reagent-eval.mjs");
const ANSWERS: Record<string, string> = { "What is 2 + 3?": "5", "What is 7 * 6?": "42" };
/** The agent TEST DOUBLE answers right the second time: the question is the first message. */
const agentReply = (request: ChatRequest) => `<think>The critique is right; recompute.</think>\nThe answer is \\boxed{${ANSWERS[request.messages[0].content] ?? "?"}}`;

const params = <P>(value: P) => ({ params: Promise.resolve(value) });
const load = async () => ({
  ...(await import("@/lib/server/create-user")),
  ...(await import("@/lib/server/reconcile-jobs")),
  ...(await import("@/lib/server/get-job")),
  ...(await import("@/lib/server/launch-job")),
  ...(await import("@/lib/server/create-api-token")),
  ...(await import("@/lib/db/prisma")),
  refined: await import("@/app/api/v1/jobs/[id]/refined/route"),
});
let m: Awaited<ReturnType<typeof load>>;
let server: Awaited<ReturnType<typeof startJobApiServer>>;
let rrm: Awaited<ReturnType<typeof startOpenAiTestDouble>>;
let agent: Awaited<ReturnType<typeof startOpenAiTestDouble>>;

beforeAll(async () => {
  m = await load();
  await m.createUser({ email: "lead@lab.test", name: "Lead", password: "long enough password", role: "admin" });
  server = await startJobApiServer();
  rrm = await startOpenAiTestDouble({ score: 0.4 });
  agent = await startOpenAiTestDouble({ reply: agentReply, failFirst: 1 });
});
afterAll(async () => {
  await server?.close();
  await rrm?.close();
  await agent?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("evaluation with Reagent-C critique refinement (local backend, OpenAI-compatible test doubles)", () => {
  it("critiques every first attempt, answers each once more with the critique, stores graded refined attempts", async () => {
    const prisma = m.getPrisma();
    const admin = await prisma.user.findFirstOrThrow({ where: { email: "lead@lab.test" } });
    const user = { id: admin.id, email: admin.email, name: admin.name, role: "admin" as const };
    const launched = await m.launchJob(
      {
        backend: "local",
        kind: "eval",
        params: {
          name: "reagent-c", model: "/models/agent", benchmarks: ["gsm8k"], rollouts: 2, gpusPerNode: 0, timeLimitMinutes: 5, command: `node ${FAKE_EVAL}`,
          critique: true, rrmEndpoint: rrm.url, rrmModel: "agent-rrm-test", agentEndpoint: agent.url, temperature: 0.6, retries: 2,
        },
      },
      { user, origin: null },
    );
    const job = await until(launched.id);
    const log = (await m.getJobLog(launched.id))!.text;
    expect(job.state, log).toBe("completed");
    expect(job.progress).toBe(1);
    expect(log).toContain("attempt 1/3 failed: HTTP 500"); // the agent's first answer was retried

    const run = await prisma.run.findUniqueOrThrow({ where: { id: launched.runId! } });
    expect(run).toMatchObject({ variant: "reagent_c", rrmModel: "agent-rrm-test", agentModel: "/models/agent" });
    const first = await prisma.trajectory.findMany({ where: { runId: run.id, stage: "initial" }, include: { judgments: true, refinements: true, task: true }, orderBy: { id: "asc" } });
    // The fake evaluation: 2 rollouts × 2 questions, half right, benchmark from the folder Reagent writes.
    expect(first).toHaveLength(4);
    expect(first.map((t) => t.benchmark)).toEqual(Array(4).fill("GSM8K"));
    expect(first.filter((t) => t.correct)).toHaveLength(2);
    for (const t of first) {
      expect(t.judgments).toEqual([expect.objectContaining({ rrmModel: "agent-rrm-test", score: 0.4, critique: TEST_DOUBLE_CRITIQUE })]);
      expect(t.refinements).toHaveLength(1);
    }

    const refined = await prisma.trajectory.findMany({ where: { runId: run.id, stage: "refined" }, include: { body: true, parent: { include: { task: true } } } });
    expect(refined).toHaveLength(4);
    for (const r of refined) {
      expect(r.parent).not.toBeNull();
      expect(r.taskId).toBe(r.parent!.taskId);
      expect(r.rolloutIndex).toBe(r.parent!.rolloutIndex);
      expect(r.finalAnswer).toBe(ANSWERS[r.parent!.task.question]);
      expect(r.correct).toBe(true); // graded by the workbench against the ground truth
      expect(r.ruleReward).toBe(1);
      const steps = r.body!.steps as { kind: string; role?: string; text?: string }[];
      expect(steps.some((s) => s.kind === "message" && s.role === "user" && s.text?.includes(TEST_DOUBLE_CRITIQUE))).toBe(true);
      expect(steps.at(-1)).toMatchObject({ kind: "final_answer" });
      expect(steps.some((s) => s.kind === "reasoning" && s.text === "The critique is right; recompute.")).toBe(true);
    }

    // What the models were asked: the RRM at temperature 0 without the ground truth; the agent with its attempt and the critique.
    expect(rrm.requests).toHaveLength(4);
    expect(rrm.requests.every((r) => r.temperature === 0 && r.model === "agent-rrm-test" && !JSON.stringify(r).includes('"answer"'))).toBe(true);
    expect(agent.requests).toHaveLength(4);
    for (const request of agent.requests) {
      expect(request).toMatchObject({ model: "/models/agent", temperature: 0.6 });
      expect(request.messages[0].role).toBe("user");
      expect(request.messages.at(-1)!.content).toContain(TEST_DOUBLE_CRITIQUE);
      expect(request.messages.some((msg) => msg.role === "assistant" && msg.content.includes("\\boxed{"))).toBe(true);
    }
    // Accuracy counts final attempts: every refined retry is right.
    const outcomes = await prisma.$queryRaw<{ graded: number; correct: number }[]>`SELECT sum(graded)::int AS graded, sum(correct)::int AS correct FROM "RunTaskOutcome" WHERE "runId" = ${run.id}`;
    expect(outcomes).toEqual([{ graded: 4, correct: 4 }]);
  });

  it("refuses refined attempts for trajectories outside the job's run, and work for jobs that refine nothing", async () => {
    const prisma = m.getPrisma();
    const jobRun = await prisma.run.create({ data: { name: "c-run", source: "job" } });
    const other = await prisma.run.create({ data: { name: "elsewhere" } });
    const task = await prisma.task.create({ data: { benchmark: "GSM8K", externalId: "t-other", question: "q" } });
    const stranger = await prisma.trajectory.create({ data: { runId: other.id, taskId: task.id, benchmark: "GSM8K", contentHash: "x" } });
    const job = await prisma.job.create({
      data: { name: "c", backend: "local", kind: "eval", parameters: { critique: true, rrmModel: "agent-rrm-test" }, script: "", idempotencyKey: "reagent-c-refusal", state: "running", runs: { connect: { id: jobRun.id } } },
    });
    const plain = await prisma.job.create({ data: { name: "p", backend: "local", kind: "eval", parameters: { critique: false }, script: "", idempotencyKey: "plain-eval", state: "running" } });
    const tokenFor = async (jobId: number, runId: number) =>
      (await m.createApiToken({ email: "lead@lab.test" }, { name: "job", scopes: ["ingest"], expiresInDays: 1 }, { metadata: { jobId, runId } })).secret;
    const token = await tokenFor(job.id, jobRun.id);
    const post = (jobId: number, auth: string, body: unknown) =>
      m.refined.POST(new Request(`http://localhost/api/v1/jobs/${jobId}/refined`, { method: "POST", headers: { authorization: `Bearer ${auth}`, "content-type": "application/json" }, body: JSON.stringify(body) }), params({ id: String(jobId) }));

    const res = await post(job.id, token, { items: [{ trajectoryId: stranger.id, output: "\\boxed{1}" }] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stored: 0, rejected: 1, errors: [expect.objectContaining({ location: "items[0]", message: expect.stringContaining(`is not a first attempt of run ${jobRun.id}`) })] });
    expect((await post(plain.id, token, { items: [{ trajectoryId: stranger.id, output: "x" }] })).status).toBe(403); // another job's route
    const plainToken = await tokenFor(plain.id, other.id);
    const notRefining = await post(plain.id, plainToken, { items: [{ trajectoryId: stranger.id, output: "x" }] });
    expect(notRefining.status).toBe(409);
    expect((await post(job.id, token, { items: [] })).status).toBe(400);
  });
});
