import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";
import { convertChatMessages } from "@/lib/formats/chat-messages";
import type { AdapterEntry } from "@/lib/formats/format-adapter";
import type { NormalizedTrajectoryInput, Step } from "@/lib/formats/trajectory-schema";
import { gradeAnswer } from "@/lib/reagent/rule-reward";
import { refinementMessages } from "@/lib/rrm/refine-prompt";
import { ingestTrajectories, type IngestError } from "@/lib/server/ingest-trajectories";
import { critiqueText, refinableWhere, refiningJob } from "@/lib/server/list-refine-work";

export const refinedAttemptsSchema = z.object({
  items: z.array(z.object({
    /** The first attempt the retry refines (an item of GET …/refine-work). */
    trajectoryId: z.number().int().positive(),
    /** The agent model's answer, as its endpoint returned it. */
    output: z.string().max(4 * 1024 * 1024),
  })).min(1).max(200),
});
export type RefinedAttempts = z.input<typeof refinedAttemptsSchema>;

const externalIdOf = (parentId: number, model: string) => `reagent-c:${parentId}:${model}`;

/**
 * Stores a Reagent-C job's retries as refined attempts of its run: each is the refinement conversation (question,
 * first attempt, critique) followed by the agent's answer, with the first attempt as parent and the same task, rollout
 * and group, graded here against the task's ground truth (the job never sees it). Through the ingest pipeline, so a
 * retry posted twice is stored once. Items that name no refinable first attempt of the job's run are rejected.
 */
export async function storeRefinedAttempts(jobId: number, input: RefinedAttempts): Promise<{ stored: number; duplicates: number; rejected: number; errors: IngestError[] }> {
  const { items } = refinedAttemptsSchema.parse(input);
  const prisma = getPrisma();
  const { target, instruction } = await refiningJob(jobId);
  const parents = await prisma.trajectory.findMany({
    where: { runId: target.runId, stage: "initial", id: { in: items.map((i) => i.trajectoryId) }, judgments: refinableWhere(target).judgments },
    select: {
      id: true, externalId: true, rolloutIndex: true, groupKey: true, trainingStep: true,
      task: { select: { benchmark: true, level: true, externalId: true, question: true, groundTruth: true, metadata: true } },
      body: { select: { steps: true } },
      judgments: { where: { rrmModel: target.model }, select: { critique: true, rawOutput: true } },
    },
  });
  const byId = new Map(parents.map((p) => [p.id, p]));

  async function* entries(): AsyncIterable<AdapterEntry> {
    for (const [i, item] of items.entries()) {
      const location = `items[${i}]`;
      const parent = byId.get(item.trajectoryId);
      if (!parent) {
        yield { ok: false, line: null, location, error: `trajectory ${item.trajectoryId} is not a first attempt of run ${target.runId} with a critique from ${target.model}` };
        continue;
      }
      const steps = (Array.isArray(parent.body?.steps) ? parent.body.steps : []) as Step[];
      const messages = [...refinementMessages(parent.task.question, steps, critiqueText(parent.judgments[0]), instruction), { role: "assistant", content: item.output }];
      const converted = convertChatMessages(messages, location, { tagged: "auto", questionFromTemplate: false });
      if (!converted.ok) {
        yield { ok: false, line: null, location, error: converted.error };
        continue;
      }
      const aliases = (parent.task.metadata as { groundTruthAliases?: unknown } | null)?.groundTruthAliases;
      const grade = gradeAnswer(converted.finalAnswer, {
        benchmark: parent.task.benchmark,
        groundTruth: parent.task.groundTruth,
        aliases: Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === "string") : [],
      });
      const trajectory: NormalizedTrajectoryInput = {
        externalId: externalIdOf(parent.id, target.model),
        task: { benchmark: parent.task.benchmark, level: parent.task.level, externalId: parent.task.externalId, question: parent.task.question, groundTruth: parent.task.groundTruth },
        steps: converted.steps,
        finalAnswer: converted.finalAnswer,
        correct: grade.correct,
        ruleReward: grade.ruleReward,
        termination: converted.finalAnswer === null ? "no_answer" : "answer",
        rolloutIndex: parent.rolloutIndex,
        groupKey: parent.groupKey,
        trainingStep: parent.trainingStep,
        stage: "refined",
        parentExternalId: parent.externalId,
        metadata: { reagentC: { rrmModel: target.model, parentTrajectoryId: parent.id, grading: "normalized exact match against the ground truth and its aliases" } },
      };
      yield { ok: true, line: null, location, trajectory, raw: JSON.stringify(item), warnings: converted.warnings };
    }
  }

  const report = await ingestTrajectories(entries(), { runId: target.runId, fileName: null, sourceFormat: "reagent-c-refinement" });
  // Parents imported without an external id cannot be named by parentExternalId: link those by id.
  for (const parent of parents.filter((p) => p.externalId === null)) {
    await prisma.trajectory.updateMany({ where: { runId: target.runId, externalId: externalIdOf(parent.id, target.model), parentId: null }, data: { parentId: parent.id } });
  }
  return { stored: report.accepted, duplicates: report.duplicates, rejected: report.rejected, errors: report.errors };
}
