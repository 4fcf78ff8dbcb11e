// Job lifecycle scenarios shared by the local-backend and real-Slurm integration tests: launch through the API route,
// follow with the reconciler, report back over real HTTP (the job is a separate process), cancel, fail.
import { randomUUID } from "node:crypto";
import { chmodSync, copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startJobApiServer, untilJob } from "../helpers/job-api-server";

const FIXTURE = path.resolve(process.cwd(), "tests/fixtures/jobs/fake-reagent-eval.mjs");

/** Slurm jobs run as the token's user, who may not be able to read this checkout: give them a copy in the job dir. */
function fakeEvalFor(backend: "local" | "slurm"): string {
  if (backend === "local") return FIXTURE;
  const dir = mkdtempSync(path.join(process.env.SLURM_JOB_DIR || "/tmp/slurm-dev/jobs", "fixture-"));
  chmodSync(dir, 0o755);
  const copy = path.join(dir, "fake-reagent-eval.mjs");
  copyFileSync(FIXTURE, copy);
  chmodSync(copy, 0o644);
  return copy;
}
const params = <P>(value: P) => ({ params: Promise.resolve(value) });

const load = async () => ({
  ...(await import("@/lib/server/create-user")),
  ...(await import("@/lib/server/create-api-token")),
  ...(await import("@/lib/server/list-api-tokens")),
  ...(await import("@/lib/server/reconcile-jobs")),
  ...(await import("@/lib/server/get-job")),
  ...(await import("@/lib/db/prisma")),
  jobs: await import("@/app/api/v1/jobs/route"),
  job: await import("@/app/api/v1/jobs/[id]/route"),
  cancel: await import("@/app/api/v1/jobs/[id]/cancel/route"),
  retry: await import("@/app/api/v1/jobs/[id]/retry/route"),
  logs: await import("@/app/api/v1/jobs/[id]/logs/route"),
  report: await import("@/app/api/v1/jobs/[id]/report/route"),
  trajectories: await import("@/app/api/v1/runs/[id]/trajectories/route"),
  judgments: await import("@/app/api/v1/judgments/route"),
  runs: await import("@/app/api/v1/runs/route"),
  imports: await import("@/app/api/v1/imports/route"),
});

/**
 * `breakBackend` makes the backend refuse a submit (returns the undo): Slurm's REST API on a dead port, a local jobs
 * directory that cannot be created. `unshareJobDir` (Slurm) configures a job directory the workbench cannot read.
 */
export function jobScenarios(
  backend: "local" | "slurm",
  { timeoutMs = 60_000, breakBackend, unshareJobDir }: { timeoutMs?: number; breakBackend: () => () => void; unshareJobDir?: () => () => void },
) {
  let m: Awaited<ReturnType<typeof load>>;
  let token: string;
  let server: Awaited<ReturnType<typeof startJobApiServer>>;
  let FAKE_EVAL: string;

  beforeAll(async () => {
    m = await load();
    FAKE_EVAL = fakeEvalFor(backend);
    await m.createUser({ email: "lead@lab.test", name: "Lead", password: "long enough password", role: "admin" });
    token = (await m.createApiToken({ email: "lead@lab.test" }, { name: "launch", scopes: ["read", "launch"], expiresInDays: 1 })).secret;
    server = await startJobApiServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const api = (url: string, method = "GET", body?: unknown, auth = token) =>
    new Request(`http://localhost:3000${url}`, {
      method,
      headers: { authorization: `Bearer ${auth}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  async function launch(command: string, extra: Record<string, unknown> = {}) {
    const res = await m.jobs.POST(
      api("/api/v1/jobs", "POST", {
        backend,
        kind: "eval",
        idempotencyKey: crypto.randomUUID(),
        params: { name: "fake-eval", model: "Qwen/Qwen3-8B", benchmarks: ["GSM8K"], rollouts: 2, gpusPerNode: 0, timeLimitMinutes: 5, command, ...extra },
      }),
      params({}),
    );
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    return body as { id: number; state: string; runId: number; schedulerJobId: string };
  }

  const until = (id: number, done: Parameters<typeof untilJob>[1]) => untilJob(id, done, timeoutMs);
  const final = (j: { state: string }) => ["completed", "failed", "cancelled", "timeout", "lost", "submit_failed"].includes(j.state);

  it(`${backend}: a real Node job writes Reagent evaluation output, posts it back, ends completed with its run imported`, async () => {
    const launched = await launch(`node ${FAKE_EVAL}`);
    expect(launched.state).toBe("pending");
    const job = await until(launched.id, final);
    const log = (await m.getJobLog(launched.id))!;
    expect(job.state, log.text).toBe("completed");
    expect(job.exitCode).toBe(0);
    expect(job.progress).toBe(1);
    expect(job.runs).toEqual([expect.objectContaining({ id: launched.runId, trajectories: 4 })]);
    expect(job.metrics.map((x) => [x.name, x.step, x.value])).toEqual([["accuracy", 0, 0.5], ["accuracy", 1, 0.5]]);
    expect(job.events.map((e) => e.action)).toEqual(expect.arrayContaining(["launch", "submit", "state"]));
    expect(job.events[0]).toMatchObject({ action: "launch", actor: "lead@lab.test" });
    expect(log.source).toBe("file");
    expect(log.text).toContain("fake-reagent-eval: model=Qwen/Qwen3-8B");
    expect(log.text).toContain('"imported":2');
    const tokenEvent = await m.getPrisma().jobEvent.findFirstOrThrow({ where: { jobId: launched.id, action: "token" } });
    const jobToken = await m.getPrisma().apikey.findUniqueOrThrow({ where: { id: tokenEvent.detail! } });
    expect(jobToken.enabled).toBe(false); // revoked once finished…
    expect((await m.listApiTokens(jobToken.referenceId)).map((t) => t.id)).not.toContain(jobToken.id); // …and no longer listed in Settings
    const run = await m.getPrisma().run.findUniqueOrThrow({ where: { id: launched.runId } });
    expect(run).toMatchObject({ source: "job", jobId: launched.id, variant: "base", agentModel: "Qwen/Qwen3-8B" });
    const logsRes = await m.logs.GET(api(`/api/v1/jobs/${launched.id}/logs`), params({ id: String(launched.id) }));
    expect((await logsRes.json()).text).toContain("rollout 1 question 1");
    const get = await (await m.job.GET(api(`/api/v1/jobs/${launched.id}`), params({ id: String(launched.id) }))).json();
    expect(get).toMatchObject({ id: launched.id, state: "completed", exitCode: 0, runId: launched.runId });
  });

  it(`${backend}: a job whose token expired while it ran renews it with its renewal key; its results still land`, async () => {
    // A file the job waits for: the test decides when the job goes on (next to the fixture, readable by Slurm's job user).
    const go = path.join(backend === "slurm" ? path.dirname(FAKE_EVAL) : os.tmpdir(), `go-${randomUUID()}`);
    const launched = await launch(`node ${FAKE_EVAL} --wait-for ${go}`);
    await until(launched.id, (j) => j.state === "running" && j.progressNote === "evaluating GSM8K"); // its first report is in
    const prisma = m.getPrisma();
    const { detail: tokenId } = await prisma.jobEvent.findFirstOrThrow({ where: { jobId: launched.id, action: "token" } });
    await prisma.apikey.update({ where: { id: tokenId! }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    writeFileSync(go, "");
    const job = await until(launched.id, final);
    const log = (await m.getJobLog(launched.id))!.text;
    expect(job.state, log).toBe("completed");
    expect(log).toContain("report rollout 0: HTTP 401"); // the evaluation's own posts met the expired token…
    expect(job.runs).toEqual([expect.objectContaining({ id: launched.runId, trajectories: 4 })]); // …the template's renewed it
    const tokens = await prisma.jobEvent.findMany({ where: { jobId: launched.id, action: "token" } });
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    const live = await prisma.apikey.findMany({ where: { id: { in: tokens.map((t) => t.detail!) }, enabled: true } });
    expect(live).toEqual([]); // every token of the job ends with it
  });

  if (unshareJobDir) {
    it(`${backend}: where the workbench cannot read the job's output file, the job posts its output and the log shows it`, async () => {
      const restore = unshareJobDir();
      try {
        const ok = await launch(`node ${FAKE_EVAL}`);
        const failing = await launch(`node ${FAKE_EVAL} --exit 3`);
        const [done, failed] = [await until(ok.id, final), await until(failing.id, final)];
        const log = (await m.getJobLog(ok.id))!;
        expect(done.state, log.text).toBe("completed");
        expect(done.logPath).toBeNull();
        expect(log.source).toBe("posted");
        expect(log.text).toContain("fake-reagent-eval: model=Qwen/Qwen3-8B dataset=GSM8K rollouts=2\nrollout 0 question 0: correct\n");
        expect(log.text).toContain('"file":"Qwen3-8B_unified/GSM8K/iter2.jsonl","imported":2');
        expect(done.runs).toEqual([expect.objectContaining({ id: ok.runId, trajectories: 4 })]);
        expect(failed).toMatchObject({ state: "failed", exitCode: 3 }); // posting the log keeps the script's exit status
        expect((await m.getJobLog(failing.id))!.text).toContain("failing with exit code 3");
      } finally {
        restore();
      }
    });
  }

  it(`${backend}: a cancelled job ends cancelled, with who cancelled it`, async () => {
    const launched = await launch(`node ${FAKE_EVAL} --sleep 120`);
    await until(launched.id, (j) => j.state === "running");
    const res = await m.cancel.POST(api(`/api/v1/jobs/${launched.id}/cancel`, "POST"), params({ id: String(launched.id) }));
    expect(res.status).toBe(200);
    const job = await until(launched.id, final);
    expect(job.state).toBe("cancelled");
    expect(job.events.find((e) => e.action === "cancel")).toMatchObject({ actor: "lead@lab.test", detail: "Cancelled by lead@lab.test" });
    const again = await m.cancel.POST(api(`/api/v1/jobs/${launched.id}/cancel`, "POST"), params({ id: String(launched.id) }));
    expect(again.status).toBe(409);
  });

  it(`${backend}: a failing job ends failed with its exit code`, async () => {
    const launched = await launch(`node ${FAKE_EVAL} --exit 3`);
    const job = await until(launched.id, final);
    expect(job.state).toBe("failed");
    expect(job.exitCode).toBe(3);
    expect(job.stateReason).toBe("NonZeroExitCode");
    expect((await m.getJobLog(launched.id))!.text).toContain("failing with exit code 3");
  });

  it(`${backend}: a submit the scheduler refuses leaves a job in submit_failed, nothing started; POST …/retry submits it once it can`, async () => {
    const body = { backend, kind: "eval", idempotencyKey: crypto.randomUUID(), params: { name: "fake-eval", model: "m", benchmarks: ["GSM8K"], rollouts: 2, gpusPerNode: 0, timeLimitMinutes: 5, command: `node ${FAKE_EVAL}` } };
    const restore = breakBackend();
    let failed: { id: number; state: string; schedulerJobId: string | null; runId: number };
    try {
      const res = await m.jobs.POST(api("/api/v1/jobs", "POST", body), params({}));
      expect(res.status).toBe(201);
      failed = await res.json();
      expect(failed).toMatchObject({ state: "submit_failed", schedulerJobId: null });
      const job = (await m.getJob(failed.id))!;
      expect(job.stateReason).toMatch(/^Submit failed: /);
      expect(job.events.map((e) => e.action)).toEqual(["launch", "submit_failed"]);
      // Still broken: the retry fails the same way and the job stays retryable.
      const again = await m.retry.POST(api(`/api/v1/jobs/${failed.id}/retry`, "POST"), params({ id: String(failed.id) }));
      expect(again.status).toBe(200);
      expect((await again.json()).state).toBe("submit_failed");
    } finally {
      restore();
    }
    const res = await m.retry.POST(api(`/api/v1/jobs/${failed.id}/retry`, "POST"), params({ id: String(failed.id) }));
    expect(res.status).toBe(200);
    const retried = await res.json();
    expect(retried).toMatchObject({ id: failed.id, state: "pending", runId: failed.runId });
    expect(retried.schedulerJobId).toBeTruthy();
    const done = await until(failed.id, final);
    expect(done.state).toBe("completed");
    expect(done.runs).toEqual([expect.objectContaining({ id: failed.runId, trajectories: 4 })]);
    const notAgain = await m.retry.POST(api(`/api/v1/jobs/${failed.id}/retry`, "POST"), params({ id: String(failed.id) }));
    expect(notAgain.status).toBe(409);
    // Launching again with the key of a job that ran returns it, without a second submit.
    const same = await m.jobs.POST(api("/api/v1/jobs", "POST", body), params({}));
    expect(await same.json()).toMatchObject({ id: failed.id, created: false, schedulerJobId: retried.schedulerJobId });
  });

  it(`${backend}: the same idempotency key never submits twice; invalid parameters get field errors and submit nothing`, async () => {
    const body = { backend, kind: "eval", idempotencyKey: `same-key-${backend}`, params: { model: "m", gpusPerNode: 0, timeLimitMinutes: 5, command: "true" } };
    const first = await m.jobs.POST(api("/api/v1/jobs", "POST", body), params({}));
    const second = await m.jobs.POST(api("/api/v1/jobs", "POST", body), params({}));
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    const [a, b] = [await first.json(), await second.json()];
    expect(b).toMatchObject({ id: a.id, created: false, schedulerJobId: a.schedulerJobId });
    const before = await m.getPrisma().job.count();
    const bad = await m.jobs.POST(api("/api/v1/jobs", "POST", { backend, kind: "train_reagent_r", params: { lambda: -1, rolloutsPerPrompt: 1 } }), params({}));
    expect(bad.status).toBe(400);
    const issues = (await bad.json()).error.issues.map((i: { path: string }) => i.path).sort();
    expect(issues).toEqual(["params.dataset", "params.lambda", "params.rolloutsPerPrompt", "params.rrmEndpoint"]);
    expect(await m.getPrisma().job.count()).toBe(before);
  });

  it(`${backend}: a job's token may post only to its own run and report only for its own job`, async () => {
    const prisma = m.getPrisma();
    const own = await prisma.run.create({ data: { name: `own-${backend}`, source: "job" } });
    const other = await prisma.run.create({ data: { name: `other-${backend}`, source: "import" } });
    const job = await prisma.job.create({ data: { name: "t", backend, kind: "eval", parameters: {}, script: "", idempotencyKey: `scope-${backend}` } });
    const jobToken = (await m.createApiToken({ email: "lead@lab.test" }, { name: "job", scopes: ["ingest"], expiresInDays: 1 }, { metadata: { jobId: job.id, runId: own.id } })).secret;
    const line = JSON.stringify({ externalId: "x", task: { benchmark: "GSM8K", question: "q" }, steps: [{ index: 0, kind: "final_answer", text: "1" }] });
    const post = (runId: number) =>
      m.trajectories.POST(new Request(`http://localhost:3000/api/v1/runs/${runId}/trajectories`, { method: "POST", headers: { authorization: `Bearer ${jobToken}`, "content-type": "application/x-ndjson" }, body: line }), params({ id: String(runId) }));
    expect((await post(other.id)).status).toBe(403);
    expect((await post(own.id)).status).toBe(200);
    const judge = await m.judgments.POST(new Request(`http://localhost:3000/api/v1/judgments?run=${other.id}`, { method: "POST", headers: { authorization: `Bearer ${jobToken}` }, body: "" }), params({}));
    expect(judge.status).toBe(403);
    const report = await m.report.POST(api(`/api/v1/jobs/${job.id + 1000}/report`, "POST", { progress: 0.5 }, jobToken), params({ id: String(job.id + 1000) }));
    expect(report.status).toBe(403);
    expect((await m.runs.POST(api("/api/v1/runs", "POST", { name: `new-${backend}` }, jobToken), params({}))).status).toBe(403);
    expect((await m.imports.POST(api("/api/v1/imports", "POST", { runId: other.id, fileName: "x.jsonl" }, jobToken), params({}))).status).toBe(403);
    expect((await m.imports.POST(api("/api/v1/imports", "POST", { runId: own.id, fileName: "x.jsonl" }, jobToken), params({}))).status).toBe(201);
  });
}
