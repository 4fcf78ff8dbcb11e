import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import type { Step } from "@/lib/formats/trajectory-schema";
import type { JudgingTarget } from "@/lib/jobs/job-run";
import { type ChatMessage, REFINE_INSTRUCTION, refinementMessages } from "@/lib/rrm/refine-prompt";
import { jobJudgingTarget } from "@/lib/server/list-judge-work";

export type RefineWorkItem = { trajectoryId: number; messages: ChatMessage[] };

/** A Reagent-C job's target and refinement instruction; 404/409 for jobs that refine nothing. */
export async function refiningJob(jobId: number): Promise<{ target: JudgingTarget; instruction: string }> {
  const { target, parameters } = await jobJudgingTarget(jobId);
  if (!target?.firstAttemptsOnly) throw new ApiError(409, "not_a_refining_job", `Job ${jobId} is not an evaluation with critique refinement (Reagent-C)`);
  const instruction = parameters.refineInstruction;
  return { target, instruction: typeof instruction === "string" && instruction.trim() ? instruction : REFINE_INSTRUCTION };
}

/** The first attempts of the run that carry a critique from the job's RRM and have no refined retry yet. */
export function refinableWhere(target: JudgingTarget) {
  return {
    runId: target.runId,
    stage: "initial" as const,
    refinements: { none: {} },
    judgments: { some: { rrmModel: target.model, OR: [{ critique: { not: null } }, { rawOutput: { not: null } }] } },
  };
}

/** The critique a retry is conditioned on: the parsed <critique> block, else the RRM's whole output. */
export function critiqueText(judgment: { critique: string | null; rawOutput: string | null }): string {
  return judgment.critique?.trim() || judgment.rawOutput?.trim() || "";
}

/**
 * The next first attempts a Reagent-C job should retry (after `after`, id order), each as the chat the agent model
 * gets: the question, its first attempt, the RRM's critique with the job's instruction. Resumable: an attempt that
 * has its refined retry drops out.
 */
export async function listRefineWork(jobId: number, { after = 0, limit = 50 }: { after?: number; limit?: number } = {}): Promise<{ runId: number; remaining: number; items: RefineWorkItem[] }> {
  const prisma = getPrisma();
  const { target, instruction } = await refiningJob(jobId);
  const where = refinableWhere(target);
  const [remaining, rows] = await Promise.all([
    prisma.trajectory.count({ where }),
    prisma.trajectory.findMany({
      where: { ...where, id: { gt: after } },
      orderBy: { id: "asc" },
      take: Math.min(Math.max(limit, 1), 200),
      select: {
        id: true,
        task: { select: { question: true } },
        body: { select: { steps: true } },
        judgments: { where: { rrmModel: target.model }, select: { critique: true, rawOutput: true } },
      },
    }),
  ]);
  return {
    runId: target.runId,
    remaining,
    items: rows.map((row) => ({
      trajectoryId: row.id,
      messages: refinementMessages(row.task.question, (Array.isArray(row.body?.steps) ? row.body.steps : []) as Step[], critiqueText(row.judgments[0]), instruction),
    })),
  };
}
