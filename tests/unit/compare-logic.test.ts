// The Compare page's pure decisions (lib/compare): which splits there are, which runs make a λ series, which attempt
// a task pair opens, what pass@k covers and what a missing ranking says. Expected values are worked out beside them.
import { describe, expect, it } from "vitest";
import { accuracyCell, passKCell } from "@/lib/compare/accuracy-cells";
import { describeLambdaSettings, lambdaSeries, type LambdaRun } from "@/lib/compare/lambda-series";
import { rankingNote } from "@/lib/compare/ranking-note";
import { inSplit, leafSplitName, splitsOf } from "@/lib/compare/splits";
import { representativeAttempt } from "@/lib/compare/task-pair";

describe("splits", () => {
  const pairs = [
    { benchmark: "WebWalkerQA", level: "Hard" }, { benchmark: "GAIA", level: "L2" }, { benchmark: "HLE", level: null },
    { benchmark: "WebWalkerQA", level: "Easy" }, { benchmark: "GAIA", level: "L1" }, { benchmark: "WebWalkerQA", level: "Medium" },
  ];
  const splits = splitsOf(pairs);

  it("a levelled benchmark has a whole split before its levels (easy → hard); All comes last", () => {
    expect(splits.map((s) => s.name)).toEqual(["GAIA", "GAIA-L1", "GAIA-L2", "HLE", "WebWalkerQA", "WebWalkerQA-Easy", "WebWalkerQA-Medium", "WebWalkerQA-Hard", "All"]);
    expect(splits[0]).toMatchObject({ kind: "benchmark", levels: ["GAIA-L1", "GAIA-L2"] });
    expect(splits.find((s) => s.name === "HLE")).toMatchObject({ kind: "benchmark", levels: [] });
  });
  it("the whole benchmark holds every level; a level only itself; All everything", () => {
    const gaia = splits.find((s) => s.name === "GAIA")!;
    const l1 = splits.find((s) => s.name === "GAIA-L1")!;
    expect(inSplit(gaia, { benchmark: "GAIA", level: "L2" })).toBe(true);
    expect(inSplit(l1, { benchmark: "GAIA", level: "L2" })).toBe(false);
    expect(inSplit(gaia, { benchmark: "HLE", level: null })).toBe(false);
    expect(inSplit(splits.at(-1)!, { benchmark: "HLE", level: null })).toBe(true);
    expect(leafSplitName(splits, { benchmark: "GAIA", level: "L2" })).toBe("GAIA-L2");
    expect(leafSplitName(splits, { benchmark: "HLE", level: null })).toBe("HLE");
  });
  it("tasks of a levelled benchmark without a level get a split of their own and count in the whole", () => {
    const mixed = splitsOf([{ benchmark: "GAIA", level: "L1" }, { benchmark: "GAIA", level: null }]);
    expect(mixed.map((s) => s.name)).toEqual(["GAIA", "GAIA-L1", "GAIA (no level)", "All"]);
    expect(inSplit(mixed[2], { benchmark: "GAIA", level: null })).toBe(true);
    expect(inSplit(mixed[2], { benchmark: "GAIA", level: "L1" })).toBe(false);
    expect(inSplit(mixed[0], { benchmark: "GAIA", level: null })).toBe(true);
  });
});

describe("λ series", () => {
  const run = (id: number, lambda: number | null, over: Partial<LambdaRun> = {}): LambdaRun => ({
    id, name: `run ${id}`, variant: "reagent_r", lambda, agentModel: "Qwen3-8B", rrmModel: "RRM-8B", trainingStep: 200, ...over,
  });

  it("only runs that differ in λ alone form a series; the others are said to be alone", () => {
    const { series, alone } = lambdaSeries([
      run(1, 0.1), run(2, 0.3), run(3, 0.5),
      run(4, 0.3, { agentModel: "Qwen3-4B" }), // another agent model: not in the series
      run(5, 0.5, { trainingStep: 100 }), // another step
      run(6, null), // no λ at all: not considered
    ]);
    expect(series).toHaveLength(1);
    expect(series[0].runs.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(series[0].notes).toEqual([]);
    expect(alone.map((a) => a.run.id).sort()).toEqual([4, 5]);
  });
  it("two runs at one λ are both kept, in id order, and the series says so", () => {
    const { series } = lambdaSeries([run(9, 0.3, { name: "B" }), run(7, 0.3, { name: "A" }), run(8, 0.1)]);
    expect(series[0].runs.map((r) => r.id)).toEqual([8, 7, 9]);
    expect(series[0].notes).toEqual(["2 runs at λ=0.3 (A, B): each is drawn as its own point, labelled with its run"]);
  });
  it("runs all at one λ make no series", () => {
    const { series, alone } = lambdaSeries([run(1, 0.3), run(2, 0.3)]);
    expect(series).toEqual([]);
    expect(alone.map((a) => a.reason)).toEqual(["all at λ=0.3", "all at λ=0.3"]);
  });
  it("describes what a series shares", () => {
    expect(describeLambdaSettings(run(1, 0.3))).toBe("Reagent-R · Qwen3-8B · RRM RRM-8B · step 200");
    expect(describeLambdaSettings(run(1, 0.3, { agentModel: null, rrmModel: null, trainingStep: null }))).toBe("Reagent-R");
  });
});

describe("task pair representatives", () => {
  it("a solved side opens a correct attempt, a failed side an incorrect one, whatever the lowest id is", () => {
    // Baseline failed the task 1 of 3 (lowest id 10 is its correct attempt); the other run solved it 2 of 3 with
    // its lowest id 20 wrong: the pair must open 11 (wrong) beside 21 (right), not 10 beside 20.
    expect(representativeAttempt({ solved: false, correctTrajectoryId: 10, incorrectTrajectoryId: 11, firstTrajectoryId: 10 })).toBe(11);
    expect(representativeAttempt({ solved: true, correctTrajectoryId: 21, incorrectTrajectoryId: 20, firstTrajectoryId: 20 })).toBe(21);
    expect(representativeAttempt({ solved: null, correctTrajectoryId: null, incorrectTrajectoryId: null, firstTrajectoryId: 5 })).toBe(5);
  });
});

describe("accuracy cells", () => {
  it("pass@k by hand, with the tasks it covers and a note when k exceeds some tasks' rollouts", () => {
    // 2 tasks 1 of 3 right: pass@2 = 1 − C(2,2)/C(3,2) = 2/3 each; 1 task 0 of 3: 0; 1 task 1 of 1: not estimable.
    const p = passKCell("t", [{ attempts: 3, correct: 1, tasks: 2 }, { attempts: 3, correct: 0, tasks: 1 }, { attempts: 1, correct: 1, tasks: 1 }], 2);
    expect(p.value).toBeCloseTo((2 / 3 + 2 / 3 + 0) / 3, 12);
    expect(p.n).toBe(3);
    expect(p.note).toBe("pass@2 over the 3 of 4 tasks with at least 2 graded rollouts");
    expect(p.ci!.low).toBeLessThanOrEqual(p.value!);
    expect(p.ci!.high).toBeGreaterThanOrEqual(p.value!);
  });
  it("pass@k says why it is missing when every task has fewer than k rollouts", () => {
    expect(passKCell("t", [{ attempts: 3, correct: 1, tasks: 4 }], 5)).toMatchObject({ value: null, n: 0, ci: null, note: "pass@5 needs 5 graded rollouts of a task; the most any task here has is 3" });
    expect(passKCell("t", [{ attempts: 1, correct: 1, tasks: 4 }], 2).note).toBe("pass@2 needs 2 graded rollouts of a task; every task here has one");
  });
  it("one graded rollout, one task, nothing graded: each has its note", () => {
    const row = (attempts: number, correct: number, tasks: number, trajectories = attempts * tasks) => ({ runId: 1, benchmark: "HLE", level: null, trajectories, attempts, correct, tasks });
    expect(accuracyCell("s", "HLE", [row(1, 1, 1)], 1).note).toBe("one graded rollout only: no interval");
    expect(accuracyCell("s", "HLE", [row(3, 2, 1)], 1)).toMatchObject({ pass1: 2 / 3, ci: null, note: "one task only: no interval" });
    expect(accuracyCell("s", "HLE", [row(0, 0, 2, 2)], 1)).toMatchObject({ pass1: null, note: "no graded trajectories" });
    expect(accuracyCell("s", "HLE", [], 1).note).toBe("no trajectories");
  });
});

describe("ranking note", () => {
  it("says why there is no ranking accuracy", () => {
    expect(rankingNote(0, 0)).toBe("no GRPO groups");
    expect(rankingNote(3, 4)).toBeNull();
    expect(rankingNote(2, 0, { allCorrect: 2, allIncorrect: 0, mixed: 0 })).toBe("all 2 GRPO groups are all correct: no correct × incorrect pair to rank");
    expect(rankingNote(1, 0, { allCorrect: 0, allIncorrect: 1, mixed: 0 })).toBe("the one GRPO group is all incorrect: no correct × incorrect pair to rank");
    expect(rankingNote(3, 0, { allCorrect: 2, allIncorrect: 1, mixed: 0 })).toBe("no GRPO group holds both a correct and an incorrect scored rollout (2 all correct, 1 all incorrect): nothing to rank");
  });
});
