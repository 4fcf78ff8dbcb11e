import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_RUNS, DEMO_SPLITS, PAPER_ROWS, paperAccuracy, reportedBenchmarkName, targetAccuracy } from "@/lib/demo/benchmarks";
import {
  DEMO_ANNOTATORS, DEMO_RUBRIC, demoCanonicalText, demoJobs, demoMetrics, demoReportedRuns, demoRuns, demoTasks, demoTrajectories, planDemo,
  type DemoTrajectory,
} from "@/lib/demo/generate";
import { rngFor } from "@/lib/demo/prng";
import { canonicalTrajectoryText, normalizedTrajectorySchema, stepsSchema, summarizeSteps } from "@/lib/formats/trajectory-schema";
import { parseRrmOutput } from "@/lib/rrm/parse-rrm-output";

const N = 2000;
const SEED = "unit-test";
let all: DemoTrajectory[];

const digest = (items: Iterable<unknown>) => {
  const hash = createHash("sha256");
  for (const item of items) hash.update(JSON.stringify(item));
  return hash.digest("hex");
};

const runOf = (key: string) => DEMO_RUNS.find((r) => r.key === key)!;
/** Attempts that count for evaluation: not training rollouts, and for Reagent-C only the refined retries. */
const isFinal = (t: DemoTrajectory) => t.record.trainingStep == null && !(runOf(t.runKey).refine && t.record.stage === "initial");

beforeAll(() => {
  all = [...demoTrajectories(planDemo({ trajectories: N, seed: SEED }))];
});

describe("prng", () => {
  it("is deterministic per stream and roughly uniform", () => {
    const a = rngFor("s", "x", 1);
    const b = rngFor("s", "x", 1);
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 10_000 }, () => b.next()));
    expect(rngFor("s", "x", 2).next()).not.toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const r = rngFor("beta");
    const betas = Array.from({ length: 5000 }, () => r.beta(7, 2));
    expect(betas.reduce((s, x) => s + x, 0) / betas.length).toBeCloseTo(7 / 9, 1);
  });
});

describe("plan", () => {
  it("yields N trajectories, rounded down to a multiple of 8, for any size up to a million", () => {
    for (const n of [48, 300, 1234, 2000, 50_000, 1_000_000]) {
      const plan = planDemo({ trajectories: n });
      expect(plan.trajectories).toBe(n - (n % 8));
      expect(Object.values(plan.perRun).reduce((a, b) => a + b, 0)).toBe(plan.trajectories);
      expect(plan.splits.reduce((a, s) => a + s.taskCount, 0)).toBe(plan.taskCount);
    }
    expect(() => planDemo({ trajectories: 10 })).toThrow(RangeError);
  });

  it("generates exactly the planned number, per run", () => {
    const plan = planDemo({ trajectories: N, seed: SEED });
    expect(all.length).toBe(N);
    const perRun: Record<string, number> = {};
    for (const t of all) perRun[t.runKey] = (perRun[t.runKey] ?? 0) + 1;
    expect(perRun).toEqual(plan.perRun);
    expect(new Set(all.map((t) => t.ordinal)).size).toBe(N);
    expect([...demoTasks(plan)].length).toBe(plan.taskCount);
  });

  it("streams: the start of a million-trajectory plan comes without generating the rest", () => {
    const generator = demoTrajectories(planDemo({ trajectories: 1_000_000, seed: SEED }));
    const first = [];
    for (let i = 0; i < 300; i++) first.push(generator.next().value as DemoTrajectory);
    expect(first.every((t) => t.runKey === "base")).toBe(true);
    generator.return(undefined);
  });
});

describe("determinism", () => {
  it("gives identical output for the same seed", () => {
    const again = [...demoTrajectories(planDemo({ trajectories: N, seed: SEED }))];
    expect(digest(again)).toBe(digest(all));
    const plan = planDemo({ trajectories: N, seed: SEED });
    expect(digest(demoTasks(plan))).toBe(digest(demoTasks(planDemo({ trajectories: N, seed: SEED }))));
    expect(digest(demoMetrics(plan))).toBe(digest(demoMetrics(planDemo({ trajectories: N, seed: SEED }))));
  });

  it("gives different output for a different seed", () => {
    const other = planDemo({ trajectories: 300, seed: "another seed" });
    const same = planDemo({ trajectories: 300, seed: SEED });
    expect(digest(demoTrajectories(other))).not.toBe(digest(demoTrajectories(same)));
    const q1 = [...demoTasks(other)].map((t) => t.question);
    const q2 = [...demoTasks(same)].map((t) => t.question);
    expect(q1.filter((q, i) => q === q2[i]).length).toBeLessThan(q1.length / 10);
  });
});

describe("accuracy", () => {
  it("lands on the paper's number of the matching method for every run and benchmark split", () => {
    const cells = new Map<string, { correct: number; n: number }>();
    for (const t of all.filter(isFinal)) {
      const key = `${t.runKey}|${reportedBenchmarkName(t.summary.benchmark, t.summary.level)}`;
      const cell = cells.get(key) ?? { correct: 0, n: 0 };
      cell.correct += t.record.correct ? 1 : 0;
      cell.n++;
      cells.set(key, cell);
    }
    expect(cells.size).toBe(DEMO_RUNS.length * DEMO_SPLITS.length);
    for (const run of DEMO_RUNS) {
      let correct = 0;
      let n = 0;
      let expected = 0;
      for (const split of DEMO_SPLITS) {
        const cell = cells.get(`${run.key}|${reportedBenchmarkName(split.benchmark, split.level)}`)!;
        const target = targetAccuracy(run, split);
        // exactly round(target · n) correct: off by at most half an attempt
        expect(Math.abs(cell.correct / cell.n - target)).toBeLessThanOrEqual(0.5 / cell.n + 1e-9);
        correct += cell.correct;
        n += cell.n;
        expected += target * cell.n;
      }
      expect(Math.abs(correct / n - expected / n)).toBeLessThan(0.01);
    }
  });

  it("maps the runs on the paper's methods (λ = 0.3 is the paper's Reagent-R, 0.1 and 0.5 a bit lower)", () => {
    const gaia1 = { benchmark: "GAIA", level: "L1" };
    expect(targetAccuracy(runOf("r03"), gaia1)).toBeCloseTo(paperAccuracy("Reagent-R", "GAIA-L1")! / 100);
    expect(targetAccuracy(runOf("u"), gaia1)).toBeCloseTo(paperAccuracy("Reagent-U", "GAIA-L1")! / 100);
    expect(targetAccuracy(runOf("base"), gaia1)).toBeCloseTo(paperAccuracy("Qwen3-8B", "GAIA-L1")! / 100);
    for (const split of DEMO_SPLITS) {
      const r03 = targetAccuracy(runOf("r03"), split);
      expect(targetAccuracy(runOf("r01"), split)).toBeLessThanOrEqual(r03);
      expect(targetAccuracy(runOf("r05"), split)).toBeLessThanOrEqual(r03);
      if (r03 > 0.1) expect(targetAccuracy(runOf("r01"), split)).toBeGreaterThan(r03 - 0.04);
    }
  });

  it("has first attempts of Reagent-C at the base model's level and retries that mostly keep correct answers", () => {
    const c = all.filter((t) => t.runKey === "c");
    const byOrdinal = new Map(c.map((t) => [t.ordinal, t]));
    let kept = 0;
    let wereCorrect = 0;
    for (const t of c) {
      if (t.record.stage !== "refined") continue;
      const parent = byOrdinal.get(t.parentOrdinal!)!;
      if (parent.record.correct) {
        wereCorrect++;
        if (t.record.correct) kept++;
      }
    }
    expect(kept / wereCorrect).toBeGreaterThan(0.8);
  });
});

describe("trajectories", () => {
  it("all pass the normalized trajectory schema, with dense step indices", () => {
    for (const t of all) {
      const parsed = normalizedTrajectorySchema.safeParse(t.record);
      if (!parsed.success) throw new Error(`${t.record.externalId}: ${parsed.error.message}`);
      expect(stepsSchema.safeParse(t.record.steps).success).toBe(true);
      t.record.steps.forEach((step, i) => expect(step.index).toBe(i));
      for (const step of t.record.steps) {
        if (step.kind === "tool_call") expect(step.tool?.name).toMatch(/^(search|browse|python|file_reader)$/);
        if (step.kind === "tool_result") expect(step.result?.callId).toBeTruthy();
      }
    }
  });

  it("are built so that plain JSON is their canonical JSON (the seed's fast content hash)", () => {
    for (const t of all) expect(demoCanonicalText(t.record, JSON.stringify(t.record.steps))).toBe(canonicalTrajectoryText(t.record));
  });

  it("keep the summary columns consistent with the steps and judgments", () => {
    for (const t of all) {
      const s = summarizeSteps(t.record.steps);
      expect(t.summary.stepCount).toBe(s.stepCount);
      expect(t.summary.toolCallCount).toBe(s.toolCallCount);
      expect(t.summary.toolsUsed).toEqual(s.toolsUsed);
      expect(t.summary.tokenCount).toBe(s.stepTokens);
      expect(t.record.promptTokens! + t.record.completionTokens!).toBe(t.record.tokenCount);
      expect(t.summary.judgmentCount).toBe(t.record.judgments.length);
      const latest = [...t.record.judgments].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1);
      expect(t.summary.rrmScore).toBe(latest ? (latest.score ?? null) : null);
      expect(t.summary.annotated).toBe(t.annotations.length > 0);
      expect(t.summary.benchmark).toBe(t.record.task.benchmark);
    }
  });

  it("are written in the Reagent format, with every termination kind", () => {
    const terminations = new Set(all.map((t) => t.record.termination));
    expect([...terminations].sort()).toEqual(["answer", "error", "exceed_llm_calls", "no_tool_call", "token_limit_reached"]);
    for (const t of all) {
      const raw = JSON.parse(t.rawSource);
      expect(raw.question).toBe(t.record.task.question);
      expect(raw.termination).toBe(t.record.termination);
      expect(raw.auto_judge.score).toBe(t.record.correct ? 1 : 0);
      const assistant = raw.messages.filter((m: { role: string }) => m.role === "assistant");
      expect(assistant.every((m: { content: string }) => m.content.startsWith("<think>"))).toBe(true);
      if (t.record.termination === "error") {
        expect(t.record.finalAnswer).toBe("[Failed]");
        expect(raw.prediction).toBe("[Failed]");
        expect(t.record.error).toBeTruthy();
      } else if (t.record.termination === "answer") {
        expect(assistant.at(-1).content).toContain(`\\boxed{${t.record.finalAnswer}}`);
      } else {
        expect(t.record.finalAnswer ?? null).toBeNull();
      }
      if (t.record.correct) expect(t.record.ruleReward).toBe(1);
      else expect(t.record.ruleReward).toBeLessThan(1);
    }
    const toolCall = all.flatMap((t) => JSON.parse(t.rawSource).messages).find((m: { role: string; content: string }) => m.role === "assistant" && m.content.includes("<tool_call>"));
    expect(toolCall.content).toMatch(/<tool_call>\n\{"name":"\w+","arguments":\{/);
    expect(all.some((t) => JSON.parse(t.rawSource).messages.some((m: { content: string }) => m.content.startsWith("<tool_response>")))).toBe(true);
    expect(all.some((t) => !t.record.correct && (t.record.ruleReward ?? 0) >= 0.3)).toBe(true); // token-F1 partial credit
  });

  it("include hostile tool output (HTML with a script, ANSI colours) and a long tail of sizes", () => {
    const text = (t: DemoTrajectory) => t.record.steps.reduce((n, s) => n + (s.text?.length ?? 0), 0);
    expect(all.some((t) => t.record.steps.some((s) => s.kind === "tool_result" && s.text?.includes("<script>alert(1)</script>")))).toBe(true);
    expect(all.some((t) => t.record.steps.some((s) => s.kind === "tool_result" && s.text?.includes("\u001b[")))).toBe(true);
    expect(all.some((t) => t.record.steps.some((s) => s.tool?.name === "file_reader"))).toBe(true);
    const sizes = all.map(text).sort((a, b) => a - b);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(2000);
    expect(mean).toBeLessThan(4500);
    expect(sizes.at(-1)).toBeGreaterThan(8 * sizes[Math.floor(sizes.length / 2)]);
  });

  it("label tasks as demo content", () => {
    const plan = planDemo({ trajectories: N, seed: SEED });
    for (const task of demoTasks(plan)) {
      expect(task.externalId.startsWith("demo-")).toBe(true);
      expect(task.metadata.demo).toBe(true);
      expect(task.groundTruth.length).toBeGreaterThan(0);
    }
    for (const run of demoRuns(plan)) {
      expect(run.source).toBe("demo");
      expect(run.tags).toContain("demo");
      expect(run.description).toMatch(/demo data/i);
      expect(run.agentModel).toBe("Qwen3-8B");
      expect(run.rrmModel).toBe("Agent-RRM-8B (demo)");
    }
  });
});

describe("rollouts and groups", () => {
  it("evaluates every task with 3 rollouts per run", () => {
    const evals = all.filter((t) => t.record.trainingStep == null && t.record.stage === "initial");
    const perKey = new Map<string, Set<number>>();
    for (const t of evals) {
      const key = `${t.runKey}|${t.taskIndex}`;
      const set = perKey.get(key) ?? new Set<number>();
      set.add(t.record.rolloutIndex);
      perKey.set(key, set);
    }
    for (const set of perKey.values()) expect([...set].sort()).toEqual([0, 1, 2]);
  });

  it("has Reagent-U training groups of 8 first attempts, each with its refined retry in the same group", () => {
    const training = all.filter((t) => t.record.trainingStep != null);
    expect(training.length).toBeGreaterThan(0);
    expect(training.every((t) => t.runKey === "u")).toBe(true);
    const byOrdinal = new Map(all.map((t) => [t.ordinal, t]));
    const groups = new Map<string, DemoTrajectory[]>();
    for (const t of training) groups.set(t.record.groupKey!, [...(groups.get(t.record.groupKey!) ?? []), t]);
    for (const [key, members] of groups) {
      expect(key).toMatch(/^step-\d+\/task-demo-/);
      const initial = members.filter((m) => m.record.stage === "initial");
      const refined = members.filter((m) => m.record.stage === "refined");
      expect(initial.map((m) => m.record.rolloutIndex).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(refined.length).toBe(8);
      expect(new Set(members.map((m) => m.record.trainingStep)).size).toBe(1);
      for (const r of refined) {
        const parent = byOrdinal.get(r.parentOrdinal!)!;
        expect(parent.record.stage).toBe("initial");
        expect(parent.record.groupKey).toBe(key);
        expect(parent.ordinal).toBeLessThan(r.ordinal);
        expect(r.record.parentExternalId).toBe(parent.record.externalId);
        expect(r.record.steps[1].kind).toBe("message"); // the critique it is conditioned on
        expect(r.record.steps[1].text).toContain(parent.record.judgments.at(-1)!.critique!.slice(0, 40));
      }
    }
  });

  it("links every refined attempt to an initial one of the same run and task", () => {
    const byOrdinal = new Map(all.map((t) => [t.ordinal, t]));
    for (const t of all) {
      if (t.record.stage === "initial") {
        expect(t.parentOrdinal).toBeNull();
        continue;
      }
      const parent = byOrdinal.get(t.parentOrdinal!)!;
      expect(parent.runKey).toBe(t.runKey);
      expect(parent.taskIndex).toBe(t.taskIndex);
      expect(parent.record.stage).toBe("initial");
      expect(parent.record.rolloutIndex).toBe(t.record.rolloutIndex);
    }
  });
});

describe("judgments", () => {
  it("score in [0, 1], correlate with correctness imperfectly, and match what the RRM parser reads from the raw output", () => {
    const scored = all.flatMap((t) => t.record.judgments.filter((j) => j.rrmModel === "Agent-RRM-8B (demo)").map((j) => ({ t, j })));
    for (const { j } of scored) {
      if (j.score !== null && j.score !== undefined) {
        expect(j.score).toBeGreaterThanOrEqual(0);
        expect(j.score).toBeLessThanOrEqual(1);
      }
      const parsed = parseRrmOutput(j.rawOutput!);
      expect({ reasoning: j.reasoning, critique: j.critique, score: j.score, status: j.parseStatus, notes: j.parseNotes }).toEqual(parsed);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const correct = scored.filter(({ t, j }) => t.record.correct && j.score != null).map(({ j }) => j.score!);
    const wrong = scored.filter(({ t, j }) => !t.record.correct && j.score != null).map(({ j }) => j.score!);
    expect(mean(correct) - mean(wrong)).toBeGreaterThan(0.3);
    expect(wrong.filter((s) => s >= 0.8).length).toBeGreaterThan(0); // confidently wrong
    expect(correct.filter((s) => s <= 0.35).length).toBeGreaterThan(0);
  });

  it("include malformed raw outputs marked partial or failed", () => {
    const judgments = all.flatMap((t) => t.record.judgments);
    const partial = judgments.filter((j) => j.parseStatus === "partial");
    const failed = judgments.filter((j) => j.parseStatus === "failed");
    expect(partial.length).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.some((j) => !j.rawOutput!.includes("<score>"))).toBe(true);
    expect(judgments.some((j) => /Score: \d+\/10/.test(j.rawOutput!) && j.parseStatus === "partial")).toBe(true);
    expect(judgments.filter((j) => j.parseStatus !== "ok").length / judgments.length).toBeLessThan(0.06);
    const ok = judgments.find((j) => j.parseStatus === "ok")!;
    expect(ok.rawOutput).toMatch(/^<think>[\s\S]+<\/think>\n<critique>[\s\S]+<\/critique>\n<score>[\d.]+<\/score>$/);
  });

  it("write critiques that point at a step or name a tool", () => {
    const critiques = all.flatMap((t) => t.record.judgments.map((j) => j.critique)).filter((c): c is string => !!c);
    const specific = critiques.filter((c) => /step \d+|`(search|browse|python|file_reader)`/.test(c));
    expect(specific.length / critiques.length).toBeGreaterThan(0.9);
  });

  it("are absent for a few trajectories and doubled (an earlier RRM checkpoint) for others", () => {
    expect(all.some((t) => t.summary.judgmentCount === 0 && t.summary.rrmScore === null)).toBe(true);
    expect(all.some((t) => t.summary.judgmentCount === 2)).toBe(true);
  });
});

describe("everything else", () => {
  it("has ~50-step training curves for the trained runs", () => {
    const metrics = [...demoMetrics(planDemo({ trajectories: N, seed: SEED }))];
    const trained = DEMO_RUNS.filter((r) => r.trained).map((r) => r.key);
    expect(new Set(metrics.map((m) => m.runKey))).toEqual(new Set(trained));
    for (const key of trained) {
      const acc = metrics.filter((m) => m.runKey === key && m.name === "accuracy");
      expect(acc.length).toBe(50);
      expect(acc.at(-1)!.value).toBeGreaterThan(acc[0].value);
    }
    expect(new Set(metrics.map((m) => m.name))).toEqual(new Set(["accuracy", "reward", "response_length", "rrm_score", "refined_accuracy"]));
  });

  it("turns every method of the paper's tables into a reported run with its numbers", () => {
    const reported = demoReportedRuns();
    expect(reported.length).toBe(new Set(PAPER_ROWS.map((r) => r.method)).size);
    expect(reported.reduce((n, r) => n + r.results.length, 0)).toBe(PAPER_ROWS.length);
    const u = reported.find((r) => r.name === "Paper: Reagent-U")!;
    expect(u.variant).toBe("reagent_u");
    expect(u.results.find((r) => r.benchmark === "GAIA")?.accuracyPct).toBe(43.7);
    expect(reported.find((r) => r.method === "ARPO (Qwen3-14B)")).toMatchObject({ variant: "custom", agentModel: "Qwen3-14B", tags: ["paper"] });
  });

  it("annotates a few dozen failed GAIA attempts, several annotators each, with the rubric's options", () => {
    const annotated = all.filter((t) => t.annotations.length);
    const total = annotated.reduce((n, t) => n + t.annotations.length, 0);
    expect(total).toBeGreaterThanOrEqual(24);
    expect(total).toBeLessThanOrEqual(72);
    const errorOptions = new Set(DEMO_RUBRIC.questions.find((q) => q.id === "error_types")!.options!.map((o) => o.value));
    const annotators = new Set<string>(DEMO_ANNOTATORS.map((a) => a.id));
    for (const t of annotated) {
      expect(t.record.task.benchmark).toBe("GAIA");
      expect(t.record.correct).toBe(false);
      expect(t.record.trainingStep ?? null).toBeNull();
      expect(new Set(t.annotations.map((a) => a.annotatorId)).size).toBe(t.annotations.length);
      expect(t.annotations.length).toBeGreaterThanOrEqual(2);
      for (const a of t.annotations) {
        expect(annotators.has(a.annotatorId)).toBe(true);
        expect(t.record.judgments[a.judgmentIndex]).toBeDefined();
        expect(["yes", "partly", "no"]).toContain(a.answers.critique_correct);
        expect(a.errorTags.every((tag) => errorOptions.has(tag))).toBe(true);
      }
    }
  });

  it("has finished demo jobs: completed ones linked to runs, one failed with an exit code, one cancelled", () => {
    const jobs = demoJobs(planDemo({ trajectories: N }));
    expect(jobs.every((j) => j.backend === "local" && j.idempotencyKey.startsWith("demo-job-"))).toBe(true);
    expect(jobs.filter((j) => j.state === "completed").every((j) => j.runKeys.length === 1 && j.exitCode === 0)).toBe(true);
    expect(jobs.find((j) => j.state === "failed")?.exitCode).toBeGreaterThan(0);
    expect(jobs.some((j) => j.state === "cancelled")).toBe(true);
    // Their scripts are the built-in templates rendered with their parameters, as a launch renders them.
    expect(jobs.every((j) => j.script.startsWith("#!/bin/bash\n# Reagent Workbench job: "))).toBe(true);
    expect(jobs.find((j) => j.variant === "reagent_c")?.script).toContain("judge-run.mjs");
    expect(jobs.find((j) => j.variant === "reagent_u")?.parameters).toMatchObject({ lambda: 0.3, rolloutsPerPrompt: expect.any(Number) });
  });
});
