// Slurm response readers against the REAL responses captured from the shared cluster (read at test time, never copied).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildSubmitBody,
  expandOutputPattern,
  findSubmittedJob,
  mapSlurmState,
  parseSlurmJob,
  parseSubmitResponse,
  SLURM_INVALID_JOB_ID,
  slurmApiVersions,
  slurmErrors,
  slurmExit,
  slurmJobState,
  slurmNumber,
} from "@/lib/cluster/slurm-parse";

const DIR = path.resolve(process.cwd(), "../shared/cluster/examples/v0.0.38");
const have = existsSync(DIR);
const load = (name: string) => JSON.parse(readFileSync(path.join(DIR, name), "utf8"));
const job = (name: string) => load(name).jobs[0];

describe.skipIf(!have)("v0.0.38 responses captured from the real cluster (../shared/cluster/examples)", () => {
  it("maps every captured job state with its exit code", () => {
    expect(parseSlurmJob(job("job-pending-held.json"))).toMatchObject({ state: "pending", reason: "JobHeldUser", exitCode: null, startedAt: null, finishedAt: null });
    const running = parseSlurmJob(job("job-RUNNING.json"));
    expect(running).toMatchObject({ state: "running", reason: null, exitCode: null, finishedAt: null });
    expect(running.startedAt).toEqual(new Date(1795690838 * 1000));
    expect(parseSlurmJob(job("job-COMPLETED.json"))).toMatchObject({ state: "completed", exitCode: 0, signal: null, finishedAt: new Date(1795690848 * 1000) });
    expect(parseSlurmJob(job("job-failed.json"))).toMatchObject({ state: "failed", reason: "NonZeroExitCode", exitCode: 3, signal: null });
    expect(parseSlurmJob(job("job-cancelled.json"))).toMatchObject({ state: "cancelled", exitCode: null, signal: 15 });
    expect(parseSlurmJob(job("job-timeout.json"))).toMatchObject({ state: "timeout", reason: "TimeLimit", signal: 15 });
  });

  it("finds the newest job of a name the scheduler accepted, not a refused submit's record that never started", () => {
    const named = (file: string, name: string, id: number) => ({ ...job(file), name, job_id: id });
    const refused = { ...named("job-failed.json", "rw-7-eval", 40), start_time: 0, state_reason: "BadConstraints" };
    const jobs = [named("job-COMPLETED.json", "rw-7-eval", 10), named("job-RUNNING.json", "rw-7-eval", 12), refused, named("job-pending-held.json", "rw-8-eval", 50)];
    expect(findSubmittedJob(jobs, "rw-7-eval")).toMatchObject({ id: "12", status: { state: "running" } });
    expect(findSubmittedJob([refused], "rw-7-eval")).toBeNull();
    expect(findSubmittedJob(jobs, "rw-8-eval")).toMatchObject({ id: "50", status: { state: "pending" } });
    expect(findSubmittedJob(jobs, "rw-9-eval")).toBeNull();
    expect(findSubmittedJob(null, "rw-7-eval")).toBeNull();
  });

  it("expands the raw %j output pattern v0.0.38 returns", () => {
    expect(parseSlurmJob(job("job-failed.json")).logPath).toMatch(/smoke-fail-3\.out$/);
  });

  it("reads submit responses: a job_id is success even with errors (held job, 2042)", () => {
    const held = load("submit-smoke-main.response.json");
    expect(parseSubmitResponse(held)).toBe("1");
    expect(slurmErrors(held)[0]).toMatchObject({ code: 2042 });
    expect(parseSubmitResponse(load("error-submit-bad-partition.json").body)).toBeNull();
    expect(slurmErrors(load("error-submit-bad-partition.json").body)[0].message).toMatch(/Invalid partition/);
    expect(slurmErrors(load("error-submit-missing-environment.json").body).map((e) => e.code)).toContain(2127);
  });

  it("recognises an unknown job (2017) and a bad token (-1)", () => {
    expect(slurmErrors(load("error-get-unknown-job.json").body)[0].code).toBe(SLURM_INVALID_JOB_ID);
    expect(slurmErrors(load("error-delete-unknown-job.json").body)[0].code).toBe(SLURM_INVALID_JOB_ID);
    expect(slurmErrors(load("error-bad-token.json").body)[0].code).toBe(-1);
    expect(slurmErrors(load("cancel-response.json"))).toEqual([]);
  });

  it("discovers the API versions from the OpenAPI document, newest first", () => {
    expect(slurmApiVersions(load("openapi-v0.0.38.json"))[0]).toBe("v0.0.38");
    expect(slurmApiVersions({ paths: { "/slurm/v0.0.9/ping": {}, "/slurm/v0.0.40/ping": {}, "/slurm/v0.0.38/ping": {}, "/slurmdb/v0.0.40/jobs": {} } })).toEqual(["v0.0.40", "v0.0.38", "v0.0.9"]);
  });
});

describe("v0.0.40+ shapes (from SchedMD's parsers, as the README documents them)", () => {
  const v40 = {
    job_id: 7,
    name: "x",
    user_name: "u",
    job_state: ["COMPLETED", "COMPLETING"],
    exit_code: { status: ["ERROR"], return_code: { set: true, infinite: false, number: 3 }, signal: { id: { set: false, infinite: false, number: 0 }, name: "" } },
    start_time: { set: true, infinite: false, number: 100 },
    end_time: { set: true, infinite: false, number: 200 },
    standard_output: "/jobs/x/output.log",
    state_reason: "NonZeroExitCode",
  };

  it("reads state arrays, {set,infinite,number} and structured exit codes", () => {
    expect(slurmJobState(v40)).toEqual({ base: "COMPLETED", flags: ["COMPLETING"] });
    expect(slurmNumber({ set: false, infinite: false, number: 5 })).toBeNull();
    expect(slurmNumber({ set: true, infinite: true, number: 0 })).toBeNull();
    expect(slurmExit(v40)).toEqual({ code: 3, signal: null });
    expect(slurmExit({ exit_code: { status: ["SIGNALED"], return_code: { set: true, number: 0 }, signal: { id: { set: true, number: 9 }, name: "KILL" } } })).toEqual({ code: null, signal: 9 });
    expect(slurmExit({ exit_code: { set: true, infinite: false, number: 256 } })).toEqual({ code: 1, signal: null });
    expect(parseSlurmJob({ ...v40, job_state: ["FAILED"] })).toMatchObject({ state: "failed", exitCode: 3, startedAt: new Date(100_000), finishedAt: new Date(200_000), logPath: "/jobs/x/output.log" });
  });

  it("treats a flag in place of the base state as not finished, and maps every final state", () => {
    expect(mapSlurmState("COMPLETING")).toBe("running");
    expect(mapSlurmState("CONFIGURING")).toBe("running");
    expect(mapSlurmState("NODE_FAIL")).toBe("failed");
    expect(mapSlurmState("OUT_OF_MEMORY")).toBe("failed");
    expect(mapSlurmState("DEADLINE")).toBe("timeout");
    expect(mapSlurmState("PREEMPTED")).toBe("cancelled");
    expect(mapSlurmState("REQUEUED")).toBe("pending");
  });

  it("defaults the output to <cwd>/slurm-<id>.out and expands patterns", () => {
    expect(parseSlurmJob({ job_id: 4, job_state: "RUNNING", standard_output: "", current_working_directory: "/w/" }).logPath).toBe("/w/slurm-4.out");
    expect(expandOutputPattern("/o/%x-%j-%u-%%.log", { id: "9", name: "n", user: "me" })).toBe("/o/n-9-me-%.log");
  });

  it("builds the submit body in each version's shape", () => {
    const input = { name: "n", script: "#!/bin/bash\n", env: { A: "1" }, partition: "gpu", account: null, cwd: "/w", output: "/w/o", timeLimitMinutes: 5, nodes: 2, gpusPerNode: 1 };
    const v38 = buildSubmitBody("v0.0.38", input) as { script: string; job: Record<string, unknown> };
    expect(v38.script).toBe("#!/bin/bash\n");
    expect(v38.job).toMatchObject({ environment: { A: "1" }, time_limit: 5, nodes: [2, 2], gpus_per_node: "1", partition: "gpu" });
    expect(v38.job).not.toHaveProperty("account");
    const v40 = buildSubmitBody("v0.0.40", input) as { script: string; job: Record<string, unknown> };
    expect(v40.job).toMatchObject({ environment: ["A=1"], time_limit: { set: true, infinite: false, number: 5 } });
    const v41 = buildSubmitBody("v0.0.41", input) as { script?: string; job: Record<string, unknown> };
    expect(v41.script).toBeUndefined();
    expect(v41.job.script).toBe("#!/bin/bash\n");
  });
});
