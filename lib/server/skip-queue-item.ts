import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { lockQueue, queueForWork } from "@/lib/server/queue-locks";

/** Skips an item for `userId`: their lock is released and the item is not offered to them again. */
export async function skipQueueItem(queueId: number, itemId: number, userId: string): Promise<void> {
  await getPrisma().$transaction(async (tx) => {
    await queueForWork(tx, queueId, userId);
    await lockQueue(tx, queueId);
    const item = await tx.queueItem.findFirst({ where: { id: itemId, queueId }, select: { id: true } });
    if (!item) throw new ApiError(404, "item_not_found", `Queue ${queueId} has no item ${itemId}`);
    const mine = await tx.queueItemClaim.findUnique({ where: { itemId_userId: { itemId, userId } } });
    if (mine?.state === "done") throw new ApiError(409, "item_done", "You have already annotated this item: there is nothing to skip");
    await tx.queueItemClaim.upsert({
      where: { itemId_userId: { itemId, userId } },
      create: { itemId, userId, state: "skipped", expiresAt: null },
      update: { state: "skipped", expiresAt: null },
    });
  });
}
