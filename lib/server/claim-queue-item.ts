import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { assertSlotFree, lockExpiry, lockQueue, queueForWork } from "@/lib/server/queue-locks";

export type Claim = { queueId: number; itemId: number; position: number; expiresAt: string };

/**
 * Claims the next item of a queue for `userId`: their own live lock if they hold one, else the first item (by
 * position) they have neither done nor skipped whose slots are not all taken by others' live locks and finished
 * annotations. null when nothing is left for them.
 */
export async function claimNextItem(queueId: number, userId: string, now = new Date()): Promise<Claim | null> {
  return getPrisma().$transaction(async (tx) => {
    const queue = await queueForWork(tx, queueId, userId);
    await lockQueue(tx, queueId);
    const held = await tx.queueItemClaim.findFirst({
      where: { userId, state: "locked", expiresAt: { gt: now }, item: { queueId } },
      include: { item: { select: { position: true } } },
      orderBy: { item: { position: "asc" } },
    });
    if (held) {
      const renewed = await tx.queueItemClaim.update({ where: { itemId_userId: { itemId: held.itemId, userId } }, data: { expiresAt: lockExpiry(now) } });
      return { queueId, itemId: held.itemId, position: held.item.position, expiresAt: renewed.expiresAt!.toISOString() };
    }
    const [next] = await tx.$queryRaw<Array<{ id: number; position: number }>>`
      SELECT i.id, i.position FROM "QueueItem" i
      WHERE i."queueId" = ${queueId}
        AND NOT EXISTS (SELECT 1 FROM "QueueItemClaim" c WHERE c."itemId" = i.id AND c."userId" = ${userId} AND c.state IN ('done', 'skipped'))
        AND (SELECT count(*) FROM "QueueItemClaim" c WHERE c."itemId" = i.id AND c."userId" <> ${userId}
               AND (c.state = 'done' OR (c.state = 'locked' AND c."expiresAt" > ${now}))) < ${queue.annotatorsPerItem}
      ORDER BY i.position LIMIT 1`;
    if (!next) return null;
    const expiresAt = lockExpiry(now);
    await tx.queueItemClaim.upsert({
      where: { itemId_userId: { itemId: next.id, userId } },
      create: { itemId: next.id, userId, state: "locked", expiresAt },
      update: { state: "locked", expiresAt },
    });
    return { queueId, itemId: next.id, position: next.position, expiresAt: expiresAt.toISOString() };
  });
}

/**
 * Claims one item (moving to it with the arrow keys, or reopening a finished one to edit it). 409 `item_locked`
 * when others' live locks and finished annotations fill its slots. Reopening one's own finished item keeps it done.
 */
export async function claimItem(queueId: number, itemId: number, userId: string, now = new Date()): Promise<Claim & { state: "locked" | "done" }> {
  return getPrisma().$transaction(async (tx) => {
    const queue = await queueForWork(tx, queueId, userId);
    await lockQueue(tx, queueId);
    const item = await tx.queueItem.findFirst({ where: { id: itemId, queueId } });
    if (!item) throw new ApiError(404, "item_not_found", `Queue ${queueId} has no item ${itemId}`);
    const mine = await tx.queueItemClaim.findUnique({ where: { itemId_userId: { itemId, userId } } });
    if (mine?.state === "done") return { queueId, itemId, position: item.position, expiresAt: (mine.expiresAt ?? now).toISOString(), state: "done" };
    await assertSlotFree(tx, itemId, userId, queue.annotatorsPerItem, now);
    const expiresAt = lockExpiry(now);
    await tx.queueItemClaim.upsert({
      where: { itemId_userId: { itemId, userId } },
      create: { itemId, userId, state: "locked", expiresAt },
      update: { state: "locked", expiresAt },
    });
    return { queueId, itemId, position: item.position, expiresAt: expiresAt.toISOString(), state: "locked" };
  });
}
