// Which run a job works on. Pure.

/**
 * The run a job reports into: a judging job's is the run it judges (its runId parameter); every other kind creates
 * its own run at launch (the first of `runs`).
 */
export function jobRunId(job: { kind: string; parameters: unknown; runs: { id: number }[] }): number | null {
  if (job.kind === "judge") {
    const runId = (job.parameters as { runId?: unknown } | null)?.runId;
    return typeof runId === "number" ? runId : null;
  }
  return job.runs[0]?.id ?? null;
}
