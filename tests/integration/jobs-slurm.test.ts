// Jobs on the REAL Slurm started by ../shared/cluster/start-slurm.sh (slurmrestd + JWT). Skipped, with a message,
// when SLURM_REST_URL is not set: `set -a; . /tmp/slurm-dev/slurm.env; set +a` first (.ci/run does).
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/database";
import { jobScenarios } from "./jobs-scenarios";

process.env.BETTER_AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
const configured = !!process.env.SLURM_REST_URL && !!process.env.SLURM_USER_NAME && !!(process.env.SLURM_JWT || process.env.SLURM_JWT_COMMAND);
if (!configured) console.warn("[jobs-slurm] skipped: SLURM_REST_URL / SLURM_USER_NAME / SLURM_JWT are not set (source /tmp/slurm-dev/slurm.env after ../shared/cluster/start-slurm.sh)");

describe.skipIf(!configured)("jobs on the real Slurm (slurmrestd)", () => {
  useTestDatabase();
  jobScenarios("slurm", { timeoutMs: 90_000 });

  it("discovers the API version from /openapi/v3 and pings", async () => {
    const { SlurmBackend } = await import("@/lib/cluster/slurm");
    const { slurmConfig } = await import("@/lib/cluster/config");
    const backend = new SlurmBackend({ ...slurmConfig()!, apiVersion: null });
    expect((await backend.ping()).version).toMatch(/^v0\.0\.\d+$/);
  });

  it("mints a fresh Slurm token with SLURM_JWT_COMMAND when the one it holds is refused", async () => {
    const { SlurmBackend } = await import("@/lib/cluster/slurm");
    const { slurmConfig } = await import("@/lib/cluster/config");
    const conf = process.env.SLURM_CONF ?? "/tmp/slurm-dev/etc/slurm.conf";
    const backend = new SlurmBackend({
      ...slurmConfig()!,
      jwt: "eyJhbGciOiJIUzI1NiJ9.e30.expired-or-wrong",
      jwtCommand: `SLURM_CONF=${conf} scontrol token username=${process.env.SLURM_USER_NAME} lifespan=600`,
    });
    const submitted = await backend.submit({ name: "token-renewal", script: "#!/bin/bash\necho renewed\n", env: {}, resources: { timeLimitMinutes: 1 } });
    expect(submitted.schedulerJobId).toMatch(/^\d+$/);
    expect(["pending", "running", "completed"]).toContain((await backend.status(submitted.schedulerJobId, submitted.logPath)).state);
  });

  it("says the scheduler is unreachable without losing the job, then recovers the true state", async () => {
    const { launchJob } = await import("@/lib/server/launch-job");
    const { reconcileJobs } = await import("@/lib/server/reconcile-jobs");
    const { getJob } = await import("@/lib/server/get-job");
    const { getPrisma } = await import("@/lib/db/prisma");
    const admin = await getPrisma().user.findFirstOrThrow({ where: { email: "lead@lab.test" } });
    const user = { id: admin.id, email: admin.email, name: admin.name, role: "admin" as const };
    const job = await launchJob({ backend: "slurm", kind: "eval", params: { model: "m", gpusPerNode: 0, timeLimitMinutes: 5, command: "sleep 2; true" } }, { user, origin: "http://127.0.0.1:1" });
    const real = process.env.SLURM_REST_URL;
    process.env.SLURM_REST_URL = "http://127.0.0.1:9"; // nothing listens: as if slurmrestd/slurmctld were down
    try {
      await reconcileJobs({ ids: [job.id] });
      const down = (await getJob(job.id))!;
      expect(down.schedulerUnreachable).toBe(true);
      expect(down.stateReason).toMatch(/^Scheduler unreachable: Slurm REST API at http:\/\/127\.0\.0\.1:9 is unreachable/);
      expect(["pending", "running"]).toContain(down.state);
    } finally {
      process.env.SLURM_REST_URL = real;
    }
    const deadline = Date.now() + 60_000;
    let up;
    do {
      await new Promise((r) => setTimeout(r, 500));
      await reconcileJobs({ ids: [job.id] });
      up = (await getJob(job.id))!;
    } while (up.state !== "completed" && Date.now() < deadline);
    expect(up.state).toBe("completed");
    expect(up.schedulerUnreachable).toBe(false);
    expect(up.events.map((e) => e.action)).toEqual(expect.arrayContaining(["unreachable", "reachable"]));
  });

  it("an unreachable scheduler at submit leaves a retryable 'Submit failed' job; the same key retries it", async () => {
    const { launchJob } = await import("@/lib/server/launch-job");
    const { getPrisma } = await import("@/lib/db/prisma");
    const admin = await getPrisma().user.findFirstOrThrow({ where: { email: "lead@lab.test" } });
    const user = { id: admin.id, email: admin.email, name: admin.name, role: "admin" as const };
    const input = { backend: "slurm" as const, kind: "eval" as const, idempotencyKey: "retry-after-submit-failure", params: { model: "m", gpusPerNode: 0, timeLimitMinutes: 5, command: "true" } };
    const real = process.env.SLURM_REST_URL;
    process.env.SLURM_REST_URL = "http://127.0.0.1:9";
    let failed;
    try {
      failed = await launchJob(input, { user, origin: "http://127.0.0.1:1" });
    } finally {
      process.env.SLURM_REST_URL = real;
    }
    expect(failed.state).toBe("failed");
    const row = await getPrisma().job.findUniqueOrThrow({ where: { id: failed.id } });
    expect(row.stateReason).toMatch(/^Submit failed: Slurm REST API .* unreachable/);
    const retried = await launchJob(input, { user, origin: "http://127.0.0.1:1" });
    expect(retried).toMatchObject({ id: failed.id, state: "pending" });
    expect(retried.schedulerJobId).toMatch(/^\d+$/);
  });
});

describe.skipIf(!configured)("real Slurm: a job the scheduler does not know", () => {
  it("is lost (error 2017), and cancelling it is not an error", async () => {
    const { getBackend } = await import("@/lib/cluster/config");
    const backend = getBackend("slurm");
    expect((await backend.status("999999")).state).toBe("lost");
    await expect(backend.cancel("999999")).resolves.toBeUndefined();
  });
});
