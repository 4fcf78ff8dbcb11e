// The judging job on the `local` backend, end to end: scripts/jobs/judge-run.mjs (a real child process) asks an
// OpenAI-compatible TEST DOUBLE for judgments of a run's trajectories and posts them back; a second run of the same
// job kind only judges what is still missing (resumable).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/database";
import { startOpenAiTestDouble } from "../helpers/openai-test-double";
import { startJobApiServer, untilJob as until } from "../helpers/job-api-server";

process.env.BETTER_AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
const dir = mkdtempSync(path.join(os.tmpdir(), "rw-judge-jobs-"));
process.env.LOCAL_JOBS_DIR = dir;
useTestDatabase();

const params = <P>(value: P) => ({ params: Promise.resolve(value) });
const load = async () => ({
  ...(await import("@/lib/server/create-user")),
  ...(await import("@/lib/server/create-api-token")),
  ...(await import("@/lib/server/reconcile-jobs")),
  ...(await import("@/lib/server/get-job")),
  ...(await import("@/lib/server/launch-job")),
  ...(await import("@/lib/server/cancel-job")),
  ...(await import("@/lib/db/prisma")),
  trajectories: await import("@/app/api/v1/runs/[id]/trajectories/route"),
});
let m: Awaited<ReturnType<typeof load>>;
let server: Awaited<ReturnType<typeof startJobApiServer>>;
let rrm: Awaited<ReturnType<typeof startOpenAiTestDouble>>;

beforeAll(async () => {
  m = await load();
  await m.createUser({ email: "lead@lab.test", name: "Lead", password: "long enough password", role: "admin" });
  server = await startJobApiServer();
  rrm = await startOpenAiTestDouble({ score: 0.8, failFirst: 1 });
});
afterAll(async () => {
  await server?.close();
  await rrm?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A run of `count` graded GSM8K trajectories, imported through the API; `tag` keeps tasks of runs apart. */
async function runToJudge(name: string, count: number, tag: string) {
  const prisma = m.getPrisma();
  const run = await prisma.run.create({ data: { name } });
  const ingest = (await m.createApiToken({ email: "lead@lab.test" }, { name: `ingest ${tag}`, scopes: ["ingest"], expiresInDays: 1 })).secret;
  const lines = Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    return JSON.stringify({
      externalId: `${tag}${n}`,
      task: { benchmark: "GSM8K", externalId: `${tag}-task${n}`, question: `What is ${n} + ${n}?`, groundTruth: String(2 * n) },
      steps: [{ index: 0, kind: "final_answer", text: `\\boxed{${2 * n}}`, answer: String(2 * n) }],
      finalAnswer: String(2 * n),
      correct: true,
    });
  });
  const res = await m.trajectories.POST(
    new Request(`http://localhost/api/v1/runs/${run.id}/trajectories`, { method: "POST", headers: { authorization: `Bearer ${ingest}`, "content-type": "application/x-ndjson" }, body: lines.join("\n") }),
    params({ id: String(run.id) }),
  );
  expect(res.status).toBe(200);
  const admin = await prisma.user.findFirstOrThrow({ where: { email: "lead@lab.test" } });
  return { run, user: { id: admin.id, email: admin.email, name: admin.name, role: "admin" as const } };
}

describe("judging job (local backend, OpenAI-compatible test double)", () => {
  it("judges every trajectory of the run that lacks a judgment from the model, with retries, then nothing more", async () => {
    const prisma = m.getPrisma();
    const { run, user } = await runToJudge("to judge", 3, "t");

    const launched = await m.launchJob({ backend: "local", kind: "judge", params: { runId: run.id, endpoint: rrm.url, model: "agent-rrm-test", concurrency: 2, retries: 2 } }, { user, origin: null });
    expect(launched.runId).toBe(run.id);
    const job = await until(launched.id);
    const log = (await m.getJobLog(launched.id))!.text;
    expect(job.state, log).toBe("completed");
    expect(job.progress).toBe(1);
    expect(log).toContain("attempt 1/3 failed: HTTP 500");
    const judgments = await prisma.judgment.findMany({ where: { trajectory: { runId: run.id } }, orderBy: { trajectoryId: "asc" } });
    expect(judgments).toHaveLength(3);
    expect(judgments.every((j) => j.rrmModel === "agent-rrm-test" && j.score === 0.8 && j.critique?.includes("Step 0"))).toBe(true);
    expect(rrm.requests).toHaveLength(3);
    expect(rrm.requests[0].temperature).toBe(0);
    expect(rrm.requests[0].messages[0].role).toBe("system");
    expect(rrm.requests[0].messages[1].content).toMatch(/^Question: What is \d \+ \d\?\n\nAgent Trajectory: /);

    const again = await m.launchJob({ backend: "local", kind: "judge", params: { runId: run.id, endpoint: rrm.url, model: "agent-rrm-test" } }, { user, origin: null });
    expect((await until(again.id)).state).toBe("completed");
    expect(rrm.requests).toHaveLength(3); // resumable: nothing left to judge for that model

    // Another RRM model with its own system prompt: the prompt is the job's, the user message the same.
    const custom = await m.launchJob(
      { backend: "local", kind: "judge", params: { runId: run.id, endpoint: rrm.url, model: "agent-rrm-other", systemPrompt: "You are a strict grader. Answer with <think>, <critique> and <score>." } },
      { user, origin: null },
    );
    expect((await until(custom.id)).state).toBe("completed");
    expect(rrm.requests).toHaveLength(6);
    expect(rrm.requests.slice(3).map((r) => r.messages[0].content)).toEqual(Array(3).fill("You are a strict grader. Answer with <think>, <critique> and <score>."));
    expect(rrm.requests[0].messages[0].content).toMatch(/^You are an expert reviewer of tool-using AI agents/);
  });

  it("keeps to its concurrency, and a job stopped half-way leaves the rest to the next one (resumable)", async () => {
    const prisma = m.getPrisma();
    const slow = await startOpenAiTestDouble({ score: 0.6, delayMs: 300 });
    try {
      const { run, user } = await runToJudge("to judge slowly", 8, "s");
      const judged = () => prisma.judgment.count({ where: { trajectory: { runId: run.id }, rrmModel: "slow-rrm" } });

      const first = await m.launchJob({ backend: "local", kind: "judge", params: { runId: run.id, endpoint: slow.url, model: "slow-rrm", concurrency: 2 } }, { user, origin: null });
      const deadline = Date.now() + 30_000;
      while ((await judged()) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(slow.maxInFlight).toBe(2); // 8 to judge, 2 at a time
      await m.cancelJob(first.id, user);
      expect((await until(first.id)).state).toBe("cancelled");
      const part = await judged();
      expect(part).toBeGreaterThanOrEqual(2);
      expect(part).toBeLessThan(8);

      const second = await m.launchJob({ backend: "local", kind: "judge", params: { runId: run.id, endpoint: slow.url, model: "slow-rrm", concurrency: 2 } }, { user, origin: null });
      expect((await until(second.id)).state).toBe("completed");
      expect(await judged()).toBe(8);
      // The second job asked only about what was left: at most the first job's page in progress (2 × concurrency
      // trajectories, answered but never posted) was asked twice.
      expect(slow.requests.length).toBeLessThanOrEqual(8 + 4);
    } finally {
      await slow.close();
    }
  });
});
