import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import type { Step } from "@/lib/formats/trajectory-schema";
import { RRM_SYSTEM_PROMPT, rrmUserMessage } from "@/lib/rrm/rrm-prompt";

export type JudgeWorkItem = { trajectoryId: number; messages: { role: "system" | "user"; content: string }[] };

/**
 * The next trajectories a judging job should send to its RRM: those of the job's run without a judgment from the
 * job's model, after `after` (id order), as chat messages (the RRM system prompt, then `Question: …\n\nAgent
 * Trajectory: …`). Resumable: what is judged drops out, so a restarted job continues where it stopped.
 */
export async function listJudgeWork(jobId: number, { after = 0, limit = 50 }: { after?: number; limit?: number } = {}): Promise<{ runId: number; model: string; remaining: number; items: JudgeWorkItem[] }> {
  const prisma = getPrisma();
  const job = await prisma.job.findUnique({ where: { id: jobId }, select: { kind: true, parameters: true } });
  if (!job) throw new ApiError(404, "job_not_found", `There is no job ${jobId}`);
  const params = job.parameters as { runId?: number; model?: string; systemPrompt?: string };
  if (job.kind !== "judge" || typeof params.runId !== "number" || typeof params.model !== "string") {
    throw new ApiError(409, "not_a_judging_job", `Job ${jobId} is not a judging job`);
  }
  const where = { runId: params.runId, judgments: { none: { rrmModel: params.model } } };
  const [remaining, rows] = await Promise.all([
    prisma.trajectory.count({ where }),
    prisma.trajectory.findMany({
      where: { ...where, id: { gt: after } },
      orderBy: { id: "asc" },
      take: Math.min(Math.max(limit, 1), 200),
      select: { id: true, task: { select: { question: true } }, body: { select: { steps: true } } },
    }),
  ]);
  const system = params.systemPrompt || RRM_SYSTEM_PROMPT;
  return {
    runId: params.runId,
    model: params.model,
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
