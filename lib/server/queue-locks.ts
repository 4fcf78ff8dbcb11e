import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { ApiError } from "@/lib/http/api-error";

/** How long an annotator holds a queue item they opened; renewed whenever they open, save or submit it again. */
export const LOCK_MINUTES = 15;

export const lockExpiry = (now = new Date()) => new Date(now.getTime() + LOCK_MINUTES * 60_000);

type Tx = Prisma.TransactionClient;

/** Serializes work on one queue (claims, skips, submissions) for the rest of the transaction. */
export async function lockQueue(tx: Tx, queueId: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`queue:${queueId}`}))`;
}

/** The queue, checking that `userId` may work on it (a member, or anyone with annotate rights when it has none). */
export async function queueForWork(tx: Tx, queueId: number, userId: string) {
  const queue = await tx.annotationQueue.findUnique({ where: { id: queueId }, include: { members: { select: { userId: true } } } });
  if (!queue) throw new ApiError(404, "queue_not_found", `There is no queue ${queueId}`);
  if (queue.closedAt) throw new ApiError(409, "queue_closed", `Queue "${queue.name}" is closed`);
  if (queue.members.length && !queue.members.some((m) => m.userId === userId)) {
    throw new ApiError(403, "not_assigned", `You are not assigned to queue "${queue.name}": ask its owner to add you`);
  }
  return queue;
}

/**
 * Whether `userId` can hold `itemId` now: someone else's live locks plus finished annotations fill the item's
 * `annotatorsPerItem` slots. Throws 409 `item_locked` naming who holds it and until when.
 */
export async function assertSlotFree(tx: Tx, itemId: number, userId: string, perItem: number, now = new Date()): Promise<void> {
  const others = await tx.queueItemClaim.findMany({
    where: { itemId, userId: { not: userId }, OR: [{ state: "done" }, { state: "locked", expiresAt: { gt: now } }] },
    include: { user: { select: { name: true, email: true } } },
  });
  if (others.length >= perItem) {
    const lock = others.find((c) => c.state === "locked");
    throw new ApiError(
      409,
      "item_locked",
      lock
        ? `${lock.user.name || lock.user.email} is working on this item until ${lock.expiresAt?.toISOString()}: take the next one`
        : "This item already has all the annotations it needs: take the next one",
    );
  }
}
