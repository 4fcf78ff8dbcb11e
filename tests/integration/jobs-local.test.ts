// Jobs on the `local` backend (detached child processes), always run.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe } from "vitest";
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
