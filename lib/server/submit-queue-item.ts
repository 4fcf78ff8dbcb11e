import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { assertSlotFree, lockQueue, queueForWork } from "@/lib/server/queue-locks";
import { type Annotation, saveAnnotation } from "@/lib/server/save-annotation";

export const queueSubmissionSchema = z.object({
  answers: z.record(z.string(), z.unknown()),
  /** As for POST /annotations: the stored annotation's updatedAt the client saw (null: none), to refuse lost updates. */
  baseUpdatedAt: z.string().datetime().nullable().optional(),
});
export type QueueSubmission = z.input<typeof queueSubmissionSchema>;

/**
 * Submits `userId`'s answers for a queue item: saves the annotation against the queue's rubric and marks their claim
 * done, in one transaction. Their lock must be live, or expired with the slot still free (then it is taken again);
 * a slot taken by others in the meantime gives 409 `item_locked` and nothing is written.
 */
export async function submitQueueItem(queueId: number, itemId: number, userId: string, input: QueueSubmission, now = new Date()): Promise<Annotation> {
  const data = queueSubmissionSchema.parse(input);
  return getPrisma().$transaction(async (tx) => {
    const queue = await queueForWork(tx, queueId, userId);
    await lockQueue(tx, queueId);
    const item = await tx.queueItem.findFirst({ where: { id: itemId, queueId } });
    if (!item) throw new ApiError(404, "item_not_found", `Queue ${queueId} has no item ${itemId}`);
    const mine = await tx.queueItemClaim.findUnique({ where: { itemId_userId: { itemId, userId } } });
    const live = mine?.state === "locked" && mine.expiresAt !== null && mine.expiresAt > now;
    if (!live && mine?.state !== "done") await assertSlotFree(tx, itemId, userId, queue.annotatorsPerItem, now);
    const annotation = await saveAnnotation(
      userId,
      { trajectoryId: item.trajectoryId, judgmentId: item.judgmentId, rubricId: queue.rubricId, answers: data.answers, baseUpdatedAt: data.baseUpdatedAt },
      tx,
      { pinnedVersion: true },
    );
    await tx.queueItemClaim.upsert({
      where: { itemId_userId: { itemId, userId } },
      create: { itemId, userId, state: "done", expiresAt: now },
      update: { state: "done", expiresAt: now },
    });
    return annotation;
  });
}
