// Which runs form an "accuracy against λ" series. Pure.
//
// A series must show the effect of λ alone, so its runs agree on everything else that changes accuracy: the variant,
// the agent model, the RRM model and the training step. Runs that agree on all four and differ in λ are one series;
// a series needs two λ values at least. Two runs at the same λ stay two points (both drawn, each labelled with its
// run), and the series says so.

import { variantLabel } from "@/lib/variant-label";

export type LambdaRun = {
  id: number;
  name: string;
  variant: string;
  lambda: number | null;
  agentModel: string | null;
  rrmModel: string | null;
  trainingStep: number | null;
};

export type LambdaSeriesSpec = {
  /** Stable key of the shared settings: variant, agent model, RRM model, training step. */
  key: string;
  variant: string;
  agentModel: string | null;
  rrmModel: string | null;
  trainingStep: number | null;
  /** Its runs by λ, then id. */
  runs: LambdaRun[];
  /** Sentences about the series a reader should know (two runs at one λ). */
  notes: string[];
};

/** The settings of a run other than λ, as one key. */
export function lambdaSeriesKey(run: LambdaRun): string {
  return JSON.stringify([run.variant, run.agentModel, run.rrmModel, run.trainingStep]);
}

/** What a series' runs share, in words ("reagent_r · Qwen3-8B · RRM Agent-RRM · step 200"); unset parts left out. */
export function describeLambdaSettings(s: Pick<LambdaRun, "variant" | "agentModel" | "rrmModel" | "trainingStep">): string {
  return [variantLabel(s.variant), s.agentModel, s.rrmModel ? `RRM ${s.rrmModel}` : null, s.trainingStep !== null ? `step ${s.trainingStep}` : null]
    .filter((p): p is string => !!p)
    .join(" · ");
}

/**
 * The λ series among `runs`, and the runs with a λ that no other run differs from in λ alone (each with the reason,
 * for the page to say why it is not drawn).
 */
export function lambdaSeries(runs: readonly LambdaRun[]): { series: LambdaSeriesSpec[]; alone: { run: LambdaRun; reason: string }[] } {
  const groups = new Map<string, LambdaRun[]>();
  for (const run of runs) {
    if (run.lambda === null) continue;
    const key = lambdaSeriesKey(run);
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const series: LambdaSeriesSpec[] = [];
  const alone: { run: LambdaRun; reason: string }[] = [];
  for (const [key, list] of groups) {
    const sorted = [...list].sort((a, b) => a.lambda! - b.lambda! || a.id - b.id);
    const values = [...new Set(sorted.map((r) => r.lambda!))];
    if (values.length < 2) {
      const reason = sorted.length > 1
        ? `all at λ=${values[0]}`
        : "no other picked run differs from it in λ alone (same variant, agent model, RRM model and training step)";
      for (const run of sorted) alone.push({ run, reason });
      continue;
    }
    const notes: string[] = [];
    for (const value of values) {
      const at = sorted.filter((r) => r.lambda === value);
      if (at.length > 1) notes.push(`${at.length} runs at λ=${value} (${at.map((r) => r.name).join(", ")}): each is drawn as its own point, labelled with its run`);
    }
    const first = sorted[0];
    series.push({ key, variant: first.variant, agentModel: first.agentModel, rrmModel: first.rrmModel, trainingStep: first.trainingStep, runs: sorted, notes });
  }
  series.sort((a, b) => a.key.localeCompare(b.key));
  return { series, alone };
}
