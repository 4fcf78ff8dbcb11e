// Jobs on the `local` backend (detached child processes), always run.
import { mkdtempSync, rmSync } from "node:fs";
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
  jobScenarios("local");
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
  });
});
