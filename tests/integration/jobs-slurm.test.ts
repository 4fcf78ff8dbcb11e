// Jobs on the REAL Slurm started by ../shared/cluster/start-slurm.sh (slurmrestd + JWT). Skipped, with a message,
// when SLURM_REST_URL is not set: `set -a; . /tmp/slurm-dev/slurm.env; set +a` first (.ci/run does).
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/database";
import { untilJob } from "../helpers/job-api-server";
import { cannotRestartSlurm, startSlurm, stopSlurmctld } from "../helpers/slurm-daemons";
import { startTcpProxy } from "../helpers/tcp-proxy";
import { jobScenarios } from "./jobs-scenarios";

process.env.BETTER_AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
const configured = !!process.env.SLURM_REST_URL && !!process.env.SLURM_USER_NAME && !!(process.env.SLURM_JWT || process.env.SLURM_JWT_COMMAND);
if (!configured) console.warn("[jobs-slurm] skipped: SLURM_REST_URL / SLURM_USER_NAME / SLURM_JWT are not set (source /tmp/slurm-dev/slurm.env after ../shared/cluster/start-slurm.sh)");
const DEAD = "http://127.0.0.1:9"; // nothing listens there

const load = async () => {
  const { getPrisma } = await import("@/lib/db/prisma");
  const admin = await getPrisma().user.findFirstOrThrow({ where: { email: "lead@lab.test" } });
  return {
    prisma: getPrisma(),
    user: { id: admin.id, email: admin.email, name: admin.name, role: "admin" as const },
    ...(await import("@/lib/server/launch-job")),
    ...(await import("@/lib/server/reconcile-jobs")),
    ...(await import("@/lib/server/get-job")),
  };
};

describe.skipIf(!configured)("jobs on the real Slurm (slurmrestd)", () => {
  useTestDatabase();
  jobScenarios("slurm", {
    timeoutMs: 90_000,
    breakBackend: () => {
      const real = process.env.SLURM_REST_URL;
      process.env.SLURM_REST_URL = DEAD;
      return () => void (process.env.SLURM_REST_URL = real);
    },
    unshareJobDir: () => {
      process.env.SLURM_JOB_DIR_SHARED = "0";
      return () => void delete process.env.SLURM_JOB_DIR_SHARED;
    },
  });

  it("discovers the API version from /openapi/v3 and pings", async () => {
    const { SlurmBackend } = await import("@/lib/cluster/slurm");
    const { slurmConfigFromEnv } = await import("@/lib/cluster/config");
    const backend = new SlurmBackend({ ...slurmConfigFromEnv()!, apiVersion: null });
    expect((await backend.ping()).version).toMatch(/^v0\.0\.\d+$/);
  });

  it("mints a fresh Slurm token with SLURM_JWT_COMMAND when the one it holds is refused", async () => {
    const { SlurmBackend } = await import("@/lib/cluster/slurm");
    const { slurmConfigFromEnv } = await import("@/lib/cluster/config");
    const conf = process.env.SLURM_CONF ?? "/tmp/slurm-dev/etc/slurm.conf";
    const backend = new SlurmBackend({
      ...slurmConfigFromEnv()!,
      jwt: "eyJhbGciOiJIUzI1NiJ9.e30.expired-or-wrong",
      jwtCommand: `SLURM_CONF=${conf} scontrol token username=${process.env.SLURM_USER_NAME} lifespan=600`,
    });
    const submitted = await backend.submit({ name: "token-renewal", script: "#!/bin/bash\necho renewed\n", env: {}, resources: { timeLimitMinutes: 1 } });
    expect(submitted.schedulerJobId).toMatch(/^\d+$/);
    expect(["pending", "running", "completed"]).toContain((await backend.status(submitted.schedulerJobId, submitted.logPath)).state);
  });

  it("slurmrestd unreachable: the job keeps its state with 'Scheduler unreachable', then shows the true state", async () => {
    const m = await load();
    // The job is sent through a proxy in front of slurmrestd; stopping the proxy makes that slurmrestd unreachable.
    const proxy = await startTcpProxy(new URL(process.env.SLURM_REST_URL!));
    const real = process.env.SLURM_REST_URL;
    process.env.SLURM_REST_URL = proxy.url;
    try {
      const job = await m.launchJob({ backend: "slurm", kind: "eval", params: { model: "m", gpusPerNode: 0, timeLimitMinutes: 5, command: "sleep 2; true" } }, { user: m.user, origin: "http://127.0.0.1:1" });
      await proxy.stop();
      await m.reconcileJobs({ ids: [job.id] });
      const down = (await m.getJob(job.id))!;
      expect(down.schedulerUnreachable).toBe(true);
      expect(down.stateReason).toMatch(new RegExp(`^Scheduler unreachable: Slurm REST API at ${proxy.url.replace(/[.]/g, "\\.")} is unreachable`));
      expect(["pending", "running"]).toContain(down.state);
      await proxy.start();
      const up = await untilJob(job.id, (j) => j.state === "completed", 60_000);
      expect(up.state).toBe("completed");
      expect(up.schedulerUnreachable).toBe(false);
      expect(up.events.map((e) => e.action)).toEqual(expect.arrayContaining(["unreachable", "reachable"]));
    } finally {
      process.env.SLURM_REST_URL = real;
      await proxy.close();
    }
  });

  it("a job is followed on the slurmrestd it was sent to: with another one configured it is 'Not followed', never lost", async () => {
    const m = await load();
    const proxy = await startTcpProxy(new URL(process.env.SLURM_REST_URL!)); // the same cluster under another address
    const real = process.env.SLURM_REST_URL!;
    try {
      const job = await m.launchJob({ backend: "slurm", kind: "eval", params: { model: "m", gpusPerNode: 0, timeLimitMinutes: 5, command: "sleep 2; true" } }, { user: m.user, origin: "http://127.0.0.1:1" });
      expect((await m.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).schedulerUrl).toBe(real);
      process.env.SLURM_REST_URL = proxy.url;
      await new Promise((r) => setTimeout(r, 4000)); // it has finished by now: asking the wrong server would say lost
      await m.reconcileJobs({ ids: [job.id] });
      const elsewhere = (await m.getJob(job.id))!;
      expect(elsewhere.state).toMatch(/^(pending|running)$/);
      expect(elsewhere.schedulerUnreachable).toBe(true);
      expect(elsewhere.stateReason).toContain(`Not followed: this job was sent to the Slurm REST API at ${real}, and Settings → Cluster now name ${proxy.url}`);
      process.env.SLURM_REST_URL = real;
      const back = await untilJob(job.id, (j) => j.state === "completed", 60_000);
      expect(back.state).toBe("completed");
    } finally {
      process.env.SLURM_REST_URL = real;
      await proxy.close();
    }
  });

  it("never submits a launch twice: a retry adopts the job an earlier, unanswered submit left on Slurm", async () => {
    const m = await load();
    const { retryJobSubmit } = await import("@/lib/server/retry-job-submit");
    const { getClusterBackend } = await import("@/lib/server/cluster-backend");
    const backend = await getClusterBackend("slurm");
    // As if the submit reached slurmctld and its answer was lost: the scheduler has the job, the workbench a failure.
    const job = await m.prisma.job.create({
      data: { name: "lost-answer", backend: "slurm", kind: "eval", parameters: { timeLimitMinutes: 5 }, script: "#!/bin/bash\nsleep 1\necho first submit\n", idempotencyKey: `lost-answer-${Date.now()}`, state: "submit_failed", stateReason: "Submit failed: timeout", createdById: m.user.id },
    });
    const { schedulerJobName } = await import("@/lib/server/submit-job");
    const name = schedulerJobName(job);
    const earlier = await backend.submit({ name, script: job.script, env: {}, resources: { timeLimitMinutes: 5 } });
    expect(await backend.findSubmitted!(name)).toMatchObject({ schedulerJobId: earlier.schedulerJobId });
    expect(await backend.findSubmitted!(schedulerJobName({ ...job, idempotencyKey: "another launch" }))).toBeNull();
    const retried = await retryJobSubmit(job.id, { user: m.user, origin: "http://127.0.0.1:1" });
    expect(retried).toMatchObject({ state: "pending", schedulerJobId: earlier.schedulerJobId });
    const done = await untilJob(job.id, (j) => j.state === "completed", 60_000);
    expect(done.state).toBe("completed");
    expect((await m.getJobLog(job.id))!.text).toContain("first submit");
  });

  it("a job past its time limit ends timed out (Slurm's TimeLimit)", async () => {
    const m = await load();
    const job = await m.launchJob({ backend: "slurm", kind: "eval", params: { model: "m", gpusPerNode: 0, timeLimitMinutes: 1, command: "sleep 300; true" } }, { user: m.user, origin: "http://127.0.0.1:1" });
    // Slurm checks limits every 30 s or so: a 1-minute limit strikes after 60–100 s (cluster README).
    const done = await untilJob(job.id, (j) => !["pending", "running"].includes(j.state), 150_000);
    expect(done).toMatchObject({ state: "timeout", stateReason: "TimeLimit" });
  }, 180_000);

  it("runs on a Slurm configured in Settings (token sealed in the database) with the environment's SLURM_* unset", async () => {
    const m = await load();
    const { saveSlurmSettings } = await import("@/lib/server/save-cluster-settings");
    const { testSlurmConnection } = await import("@/lib/server/test-cluster-connection");
    const { getClusterSettings } = await import("@/lib/server/get-cluster-settings");
    const { deleteSlurmSettings } = await import("@/lib/server/delete-cluster-settings");
    const saved = { ...process.env };
    const settings = { url: process.env.SLURM_REST_URL!, user: process.env.SLURM_USER_NAME!, token: process.env.SLURM_JWT!, partition: process.env.SLURM_PARTITION || null, account: null, jobDir: process.env.SLURM_JOB_DIR || null, jobDirShared: true, apiVersion: null };
    for (const key of ["SLURM_REST_URL", "SLURM_USER_NAME", "SLURM_JWT", "SLURM_JWT_COMMAND"]) delete process.env[key];
    try {
      expect((await getClusterSettings()).slurm).toBeNull();
      expect(await testSlurmConnection({ ...settings, token: "eyJhbGciOiJIUzI1NiJ9.e30.wrong" })).toMatchObject({ ok: false });
      await saveSlurmSettings(settings, m.user);
      const row = await m.prisma.clusterSetting.findUniqueOrThrow({ where: { backend: "slurm" } });
      expect(row.tokenCipher).toMatch(/^v1\./);
      expect(row.tokenCipher).not.toContain(settings.token.slice(10, 40));
      const view = await getClusterSettings();
      expect(view.slurm).toMatchObject({ source: "settings", url: settings.url, credentials: "token saved in Settings (encrypted)" });
      expect(JSON.stringify(view)).not.toContain(settings.token);
      expect(await testSlurmConnection()).toMatchObject({ ok: true, version: expect.stringMatching(/^v0\.0\.\d+$/) });
      const job = await m.launchJob({ backend: "slurm", kind: "eval", params: { model: "m", gpusPerNode: 0, timeLimitMinutes: 5, command: "true" } }, { user: m.user, origin: "http://127.0.0.1:1" });
      expect(job.schedulerJobId).toMatch(/^\d+$/);
      const done = await untilJob(job.id, (j) => j.state === "completed", 60_000);
      expect(done.state).toBe("completed");
    } finally {
      Object.assign(process.env, saved);
      await deleteSlurmSettings();
    }
  });

  // Last in this file: it stops the cluster's controller and starts it again.
  const restart = cannotRestartSlurm();
  if (restart) console.warn(`[jobs-slurm] the slurmctld restart test is skipped: ${restart}`);
  it.skipIf(restart !== null)("slurmctld stopped mid-run: the job page says the scheduler is unreachable; restarted, the true state comes back", async () => {
    const m = await load();
    const job = await m.launchJob({ backend: "slurm", kind: "eval", params: { model: "m", gpusPerNode: 0, timeLimitMinutes: 5, command: "sleep 20; echo slept" } }, { user: m.user, origin: "http://127.0.0.1:1" });
    const running = await untilJob(job.id, (j) => j.state === "running", 60_000);
    expect(running.state).toBe("running");
    await stopSlurmctld();
    try {
      await m.reconcileJobs({ ids: [job.id] });
      const down = (await m.getJob(job.id))!;
      expect(down.schedulerUnreachable).toBe(true);
      expect(down.state).toBe("running"); // kept as last seen, neither lost nor failed
      expect(down.stateReason).toMatch(/^Scheduler unreachable: /);
    } finally {
      await startSlurm();
    }
    const back = await untilJob(job.id, (j) => j.state === "completed", 90_000);
    expect(back.state).toBe("completed");
    expect(back.exitCode).toBe(0);
    expect(back.schedulerUnreachable).toBe(false);
    expect(back.events.map((e) => e.action)).toEqual(expect.arrayContaining(["unreachable", "reachable"]));
    expect((await m.getJobLog(job.id))!.text).toContain("slept");
  }, 240_000);
});

describe.skipIf(!configured)("real Slurm: a job the scheduler does not know", () => {
  it("is lost (error 2017), and cancelling it is not an error", async () => {
    const { slurmBackend, slurmConfigFromEnv } = await import("@/lib/cluster/config");
    const backend = slurmBackend(slurmConfigFromEnv()!);
    expect((await backend.status("999999")).state).toBe("lost");
    await expect(backend.cancel("999999")).resolves.toBeUndefined();
  });
});
