// Jobs on the `local` backend (detached child processes), always run.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/database";
import { jobScenarios } from "./jobs-scenarios";

process.env.BETTER_AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
const dir = mkdtempSync(path.join(os.tmpdir(), "rw-local-jobs-"));
process.env.LOCAL_JOBS_DIR = dir;
useTestDatabase();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("jobs on the local backend", () => {
  jobScenarios("local", {
    breakBackend: () => {
      const blocker = path.join(dir, "not-a-directory");
      writeFileSync(blocker, "");
      process.env.LOCAL_JOBS_DIR = path.join(blocker, "jobs"); // mkdir fails: ENOTDIR
      return () => void (process.env.LOCAL_JOBS_DIR = dir);
    },
  });
});

describe("local backend state files", () => {
  it("a job whose processes died without recording an exit status is lost; an unknown one too; a time limit is a timeout", async () => {
    const { readFileSync } = await import("node:fs");
    const { LocalBackend } = await import("@/lib/cluster/local");
    const backend = new LocalBackend(dir);
    const job = await backend.submit({ name: "x", script: "#!/bin/bash\nsleep 60\n", env: {} });
    expect((await backend.status(job.schedulerJobId)).state).toBe("running");
    const pid = Number(readFileSync(path.join(dir, job.schedulerJobId, "pid"), "utf8"));
    process.kill(-pid, "SIGKILL"); // as if the machine rebooted under it
    await new Promise((r) => setTimeout(r, 300));
    expect(await backend.status(job.schedulerJobId)).toMatchObject({ state: "lost", reason: expect.stringMatching(/without recording an exit status/) });
    expect((await backend.status("no-such-job")).state).toBe("lost");
    const slow = await backend.submit({ name: "t", script: "#!/bin/bash\nsleep 30\n", env: {}, resources: { timeLimitMinutes: 1 / 60 } });
    await new Promise((r) => setTimeout(r, 2500));
    expect(await backend.status(slow.schedulerJobId)).toMatchObject({ state: "timeout", exitCode: 124 });
    // A script that exits 124 on its own, well within its limit, failed: it did not time out.
    const own = await backend.submit({ name: "t", script: "#!/bin/bash\nexit 124\n", env: {}, resources: { timeLimitMinutes: 5 } });
    await new Promise((r) => setTimeout(r, 500));
    expect(await backend.status(own.schedulerJobId)).toMatchObject({ state: "failed", exitCode: 124 });
  });
});

describe("job token renewal", () => {
  it("a running job renews its token with the one it holds; the new one keeps its scope; finished jobs get none", async () => {
    const { getPrisma } = await import("@/lib/db/prisma");
    const { createApiToken } = await import("@/lib/server/create-api-token");
    const route = await import("@/app/api/v1/jobs/[id]/token/route");
    const report = await import("@/app/api/v1/jobs/[id]/report/route");
    const prisma = getPrisma();
    const owner = await prisma.user.findFirstOrThrow({ where: { email: "lead@lab.test" } });
    const run = await prisma.run.create({ data: { name: "renewal", source: "job" } });
    const job = await prisma.job.create({ data: { name: "r", backend: "local", kind: "eval", parameters: {}, script: "", idempotencyKey: "renewal-job", state: "running", createdById: owner.id } });
    const old = (await createApiToken({ id: owner.id }, { name: "job", scopes: ["ingest"], expiresInDays: 1 }, { metadata: { jobId: job.id, runId: run.id } })).secret;
    const post = (token: string, id = job.id) => route.POST(new Request(`http://localhost/api/v1/jobs/${id}/token`, { method: "POST", headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id: String(id) }) });
    const res = await post(old);
    expect(res.status).toBe(200);
    const { token, expiresAt } = await res.json();
    expect(token).toMatch(/^rw_/);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    const reported = await report.POST(new Request(`http://localhost/api/v1/jobs/${job.id}/report`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ progress: 0.5 }) }), { params: Promise.resolve({ id: String(job.id) }) });
    expect(reported.status).toBe(200);
    expect((await post(token, job.id + 1)).status).toBe(403);
    await prisma.job.update({ where: { id: job.id }, data: { state: "completed" } });
    expect((await post(token)).status).toBe(409);
  });
});

describe("a job's renewal key", () => {
  it("mints a fresh token after the job's token expired, only with the right key, only while the job is active", async () => {
    const { getPrisma } = await import("@/lib/db/prisma");
    const { createApiToken } = await import("@/lib/server/create-api-token");
    const { renewalKeyHash } = await import("@/lib/server/submit-job");
    const route = await import("@/app/api/v1/jobs/[id]/token/route");
    const report = await import("@/app/api/v1/jobs/[id]/report/route");
    const prisma = getPrisma();
    const owner = await prisma.user.findFirstOrThrow({ where: { email: "lead@lab.test" } });
    const run = await prisma.run.create({ data: { name: "renewal-key", source: "job" } });
    const key = "rwr_test-renewal-key-0123456789abcdefghijklmnop";
    const job = await prisma.job.create({
      data: { name: "k", backend: "local", kind: "eval", parameters: {}, script: "", idempotencyKey: "renewal-key-job", state: "running", createdById: owner.id, renewalKeyHash: renewalKeyHash(key), runs: { connect: { id: run.id } } },
    });
    const expired = await createApiToken({ id: owner.id }, { name: "job", scopes: ["ingest"], expiresInDays: 1 }, { metadata: { jobId: job.id, runId: run.id } });
    await prisma.apikey.update({ where: { id: expired.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const reportWith = (token: string) => report.POST(new Request(`http://localhost/api/v1/jobs/${job.id}/report`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ progress: 0.5 }) }), { params: Promise.resolve({ id: String(job.id) }) });
    const renewWith = (renewalKey: string, id = job.id) => route.POST(new Request(`http://localhost/api/v1/jobs/${id}/token`, { method: "POST", headers: { "x-workbench-renewal-key": renewalKey } }), { params: Promise.resolve({ id: String(id) }) });

    const refused = await reportWith(expired.secret);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("token_expired");
    expect((await renewWith("rwr_wrong")).status).toBe(401);
    expect((await renewWith(key, job.id + 1000)).status).toBe(401); // another job's id: not its key
    const renewed = await renewWith(key);
    expect(renewed.status).toBe(200);
    const { token } = await renewed.json();
    expect((await reportWith(token)).status).toBe(200);
    const minted = await prisma.apikey.findMany({ where: { referenceId: owner.id, name: "job " + job.id } });
    expect(minted.map((k) => JSON.parse(k.metadata!))).toEqual([{ jobId: job.id, runId: run.id }]); // same scope: this job, its run

    await prisma.job.update({ where: { id: job.id }, data: { state: "completed" } });
    expect((await renewWith(key)).status).toBe(409);
  });
});

describe("a submit the server never finished", () => {
  it("is submit_failed once abandoned (telling to look on the scheduler first), and can be retried", async () => {
    const { getPrisma } = await import("@/lib/db/prisma");
    const { reconcileJobs, ABANDONED_SUBMIT_MS } = await import("@/lib/server/reconcile-jobs");
    const { retryJobSubmit } = await import("@/lib/server/retry-job-submit");
    const prisma = getPrisma();
    const owner = await prisma.user.findFirstOrThrow({ where: { email: "lead@lab.test" } });
    const user = { id: owner.id, email: owner.email, name: owner.name, role: "admin" as const };
    const job = await prisma.job.create({
      data: { name: "interrupted", backend: "local", kind: "eval", parameters: { timeLimitMinutes: 5 }, script: "#!/bin/bash\necho resumed\n", idempotencyKey: "interrupted-submit", state: "submitted", createdById: owner.id },
    });
    await reconcileJobs({ ids: [job.id] });
    expect((await prisma.job.findUniqueOrThrow({ where: { id: job.id } })).state).toBe("submitted"); // still young: a submit may be under way
    await prisma.$executeRaw`UPDATE "Job" SET "updatedAt" = now() - make_interval(secs => ${ABANDONED_SUBMIT_MS / 1000 + 60}) WHERE id = ${job.id}`;
    await reconcileJobs({ ids: [job.id] });
    const stale = await prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(stale.state).toBe("submit_failed");
    expect(stale.stateReason).toMatch(/did not finish .*Retry submit first looks for it on the scheduler \(as rw-\d+-…\)/);
    const retried = await retryJobSubmit(job.id, { user, origin: "http://127.0.0.1:1" });
    expect(retried).toMatchObject({ state: "pending", schedulerJobId: expect.any(String) });
  });
});
