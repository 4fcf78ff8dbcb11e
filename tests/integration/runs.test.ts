// The Runs page's numbers: accuracy counts each attempt's final answer (a refined retry replaces its first attempt,
// training rollouts are left out), mean RRM score over judged trajectories, per benchmark and level.
import { describe, expect, it } from "vitest";
import type { AdapterEntry } from "@/lib/formats/format-adapter";
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";
import { getPrisma } from "@/lib/db/prisma";
import { createRun } from "@/lib/server/create-run";
import { getRun } from "@/lib/server/get-run";
import { ingestTrajectories } from "@/lib/server/ingest-trajectories";
import { listRuns } from "@/lib/server/list-runs";
import { useTestDatabase } from "../helpers/database";

useTestDatabase();

function attempt(id: string, benchmark: string, level: string | null, correct: boolean | null, score: number | null, extra: Partial<NormalizedTrajectoryInput> = {}): NormalizedTrajectoryInput {
  return {
    externalId: id,
    task: { benchmark, level, externalId: `${benchmark}-${id.split("-")[0]}`, question: `q ${id}` },
    steps: [{ index: 0, kind: "final_answer", text: id }],
    correct,
    judgments: score === null ? [] : [{ rrmModel: "rrm", score }],
    ...extra,
  };
}

async function* entries(list: NormalizedTrajectoryInput[]): AsyncGenerator<AdapterEntry> {
  for (const [i, trajectory] of list.entries()) yield { ok: true, line: i + 1, location: null, trajectory, raw: "", warnings: [] };
}

describe("runs list and run page", () => {
  it("count final attempts only, per benchmark and level", async () => {
    const run = await createRun({ name: "Reagent-C demo", variant: "reagent_c" });
    await ingestTrajectories(
      entries([
        attempt("a-0", "GAIA", "L1", false, 0.2),
        attempt("a-0r", "GAIA", "L1", true, 0.8, { stage: "refined", parentExternalId: "a-0" }), // replaces a-0
        attempt("b-0", "GAIA", "L2", false, 0.4),
        attempt("c-0", "GAIA", "L2", null, null), // ungraded, unjudged
        attempt("d-0", "HotpotQA", null, true, 0.9),
        attempt("e-0", "HotpotQA", null, false, 0.1, { trainingStep: 10, groupKey: "g" }), // a training rollout
      ]),
      { runId: run.id, fileName: null, sourceFormat: "native" },
    );
    await createRun({ name: "Empty run" });

    const detail = await getRun(run.id);
    expect(detail?.trajectoryCount).toBe(6);
    expect(detail?.benchmarks).toEqual([
      { benchmark: "GAIA", level: "L1", trajectories: 1, graded: 1, correct: 1, judged: 1, accuracy: 1, meanScore: 0.8 },
      { benchmark: "GAIA", level: "L2", trajectories: 2, graded: 1, correct: 0, judged: 1, accuracy: 0, meanScore: 0.4 },
      { benchmark: "HotpotQA", level: null, trajectories: 1, graded: 1, correct: 1, judged: 1, accuracy: 1, meanScore: 0.9 },
    ]);
    expect(detail?.total).toMatchObject({ trajectories: 4, graded: 3, correct: 2, judged: 3 });
    expect(detail?.total.accuracy).toBeCloseTo(2 / 3, 12);
    expect(detail?.total.meanScore).toBeCloseTo((0.8 + 0.4 + 0.9) / 3, 12);

    const runs = await listRuns();
    const summary = runs.find((r) => r.id === run.id)!;
    expect(summary).toMatchObject({ variant: "reagent_c", trajectoryCount: 6, benchmarks: [{ benchmark: "GAIA", count: 3 }, { benchmark: "HotpotQA", count: 1 }] });
    expect(summary.accuracy).toBeCloseTo(2 / 3, 12);
    const empty = runs.find((r) => r.name === "Empty run")!;
    expect(empty).toMatchObject({ trajectoryCount: 0, benchmarks: [], accuracy: null, meanScore: null });
    expect(await getRun(999_999)).toBeNull();
  });

  it("show reported results of a published table", async () => {
    const prisma = getPrisma();
    const run = await prisma.run.create({
      data: { name: "Paper: Reagent-U", variant: "reagent_u", source: "reported", reportedResults: { create: [{ benchmark: "GAIA", accuracyPct: 43.7 }, { benchmark: "HLE", accuracyPct: 10.8 }] } },
    });
    const summary = (await listRuns()).find((r) => r.id === run.id)!;
    expect(summary.benchmarks.map((b) => b.benchmark)).toEqual(["GAIA", "HLE"]);
    expect(summary.reportedMeanAccuracy).toBeCloseTo((43.7 + 10.8) / 200, 12);
    expect((await getRun(run.id))?.reported).toEqual([
      { benchmark: "GAIA", accuracyPct: 43.7, sourceTable: null },
      { benchmark: "HLE", accuracyPct: 10.8, sourceTable: null },
    ]);
  });
});
