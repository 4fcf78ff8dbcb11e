import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import type { Step } from "@/lib/formats/trajectory-schema";
import { judgingTarget, type JudgingTarget } from "@/lib/jobs/job-run";
import type { ChatMessage } from "@/lib/rrm/refine-prompt";
import { RRM_SYSTEM_PROMPT, rrmUserMessage } from "@/lib/rrm/rrm-prompt";

export type JudgeWorkItem = { trajectoryId: number; messages: ChatMessage[] };

/** What job `jobId` sends to an RRM (lib/jobs/job-run judgingTarget; null: nothing), with its parameters; 404 for no job. */
export async function jobJudgingTarget(jobId: number): Promise<{ target: JudgingTarget | null; parameters: Record<string, unknown> }> {
  const job = await getPrisma().job.findUnique({ where: { id: jobId }, select: { kind: true, parameters: true, runs: { select: { id: true }, orderBy: { id: "asc" } } } });
  if (!job) throw new ApiError(404, "job_not_found", `There is no job ${jobId}`);
  return { target: judgingTarget(job), parameters: job.parameters as Record<string, unknown> };
}

/**
 * The next trajectories a job should send to its RRM (lib/jobs/job-run judgingTarget: a judging job's run, or the
 * first attempts of a Reagent-C evaluation): those without a judgment from the job's model, after `after` (id order),
 * as chat messages (the RRM system prompt, then `Question: …\n\nAgent Trajectory: …`). Resumable: what is judged drops
 * out, so a restarted job continues where it stopped.
 */
export async function listJudgeWork(jobId: number, { after = 0, limit = 50 }: { after?: number; limit?: number } = {}): Promise<{ runId: number; model: string; remaining: number; items: JudgeWorkItem[] }> {
  const prisma = getPrisma();
  const { target } = await jobJudgingTarget(jobId);
  if (!target) throw new ApiError(409, "not_a_judging_job", `Job ${jobId} asks no RRM for judgments (a judging job, or an evaluation with critique refinement, does)`);
  const where = { runId: target.runId, judgments: { none: { rrmModel: target.model } }, ...(target.firstAttemptsOnly ? { stage: "initial" as const } : {}) };
  const [remaining, rows] = await Promise.all([
    prisma.trajectory.count({ where }),
    prisma.trajectory.findMany({
      where: { ...where, id: { gt: after } },
      orderBy: { id: "asc" },
      take: Math.min(Math.max(limit, 1), 200),
      select: { id: true, task: { select: { question: true } }, body: { select: { steps: true } } },
    }),
  ]);
  const system = target.systemPrompt ?? RRM_SYSTEM_PROMPT;
  return {
    runId: target.runId,
    model: target.model,
    remaining,
    items: rows.map((row) => ({
      trajectoryId: row.id,
      messages: [
        { role: "system", content: system },
        { role: "user", content: rrmUserMessage(row.task.question, (Array.isArray(row.body?.steps) ? row.body.steps : []) as Step[]) },
      ],
    })),
  };
}
