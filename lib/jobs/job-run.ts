// Which run a job works on, and what it asks an RRM to judge. Pure.

type JobLike = { kind: string; parameters: unknown; runs: { id: number }[] };

const params = (job: JobLike) => (job.parameters ?? {}) as Record<string, unknown>;

/**
 * The run a job reports into: a judging job's is the run it judges (its runId parameter); every other kind creates
 * its own run at launch (the first of `runs`).
 */
export function jobRunId(job: JobLike): number | null {
  if (job.kind === "judge") {
    const runId = params(job).runId;
    return typeof runId === "number" ? runId : null;
  }
  return job.runs[0]?.id ?? null;
}

/** What a job sends to an RRM: a judging job, its run; an evaluation with Reagent-C, the first attempts of its own run. */
export type JudgingTarget = {
  runId: number;
  /** The RRM's model name: the judgments it stores carry it, and a trajectory judged by it is not sent again. */
  model: string;
  /** The job's RRM system prompt; null: the workbench's own (lib/rrm/rrm-prompt). */
  systemPrompt: string | null;
  /** Reagent-C critiques first attempts only; a judging job judges every trajectory of the run. */
  firstAttemptsOnly: boolean;
};

export function judgingTarget(job: JobLike): JudgingTarget | null {
  const p = params(job);
  const prompt = (value: unknown) => (typeof value === "string" && value.trim() ? value : null);
  if (job.kind === "judge") {
    if (typeof p.runId !== "number" || typeof p.model !== "string") return null;
    return { runId: p.runId, model: p.model, systemPrompt: prompt(p.systemPrompt), firstAttemptsOnly: false };
  }
  const runId = jobRunId(job);
  if (job.kind === "eval" && p.critique === true && typeof p.rrmModel === "string" && runId !== null) {
    return { runId, model: p.rrmModel, systemPrompt: prompt(p.rrmSystemPrompt), firstAttemptsOnly: true };
  }
  return null;
}
