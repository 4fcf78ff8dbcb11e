import "server-only";
import { getPool } from "@/lib/db/pool";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import type { Rubric } from "@/lib/rubric";
import { getRubric } from "@/lib/server/list-rubrics";

export type AnnotatorProgress = { userId: string; name: string; email: string; done: number; skipped: number; locked: number; assigned: boolean };

export type QueueSummary = {
  id: number;
  name: string;
  description: string | null;
  rubric: { id: number; name: string; version: number };
  annotatorsPerItem: number;
  blind: boolean;
  filter: unknown;
  createdAt: string;
  closedAt: string | null;
  items: number;
  /** Items with annotatorsPerItem finished annotations. */
  completeItems: number;
  /** Finished annotations over items × annotatorsPerItem. */
  annotationsDone: number;
  annotationsNeeded: number;
  /** The caller's own counts. */
  mine: { done: number; skipped: number; remaining: number };
  members: number;
};

export type QueueDetail = QueueSummary & { annotators: AnnotatorProgress[]; rubricFull: Rubric };

type SummaryRow = {
  id: number;
  name: string;
  description: string | null;
  rubricId: number;
  rubricName: string;
  rubricVersion: number;
  annotatorsPerItem: number;
  blind: boolean;
  filter: unknown;
  createdAt: Date;
  closedAt: Date | null;
  items: number;
  completeItems: number;
  annotationsDone: number;
  myDone: number;
  mySkipped: number;
  members: number;
};

async function summaries(userId: string, queueId?: number): Promise<QueueSummary[]> {
  const { rows } = await getPool().query<SummaryRow>(
    `SELECT q.id, q.name, q.description, q."rubricId", r.name AS "rubricName", r.version AS "rubricVersion", q."annotatorsPerItem",
            q.blind, q.filter, q."createdAt", q."closedAt",
            (SELECT count(*)::int FROM "QueueItem" i WHERE i."queueId" = q.id) AS items,
            (SELECT count(*)::int FROM "QueueItem" i WHERE i."queueId" = q.id
               AND (SELECT count(*) FROM "QueueItemClaim" c WHERE c."itemId" = i.id AND c.state = 'done') >= q."annotatorsPerItem") AS "completeItems",
            (SELECT count(*)::int FROM "QueueItemClaim" c JOIN "QueueItem" i ON i.id = c."itemId" WHERE i."queueId" = q.id AND c.state = 'done') AS "annotationsDone",
            (SELECT count(*)::int FROM "QueueItemClaim" c JOIN "QueueItem" i ON i.id = c."itemId" WHERE i."queueId" = q.id AND c.state = 'done' AND c."userId" = $1) AS "myDone",
            (SELECT count(*)::int FROM "QueueItemClaim" c JOIN "QueueItem" i ON i.id = c."itemId" WHERE i."queueId" = q.id AND c.state = 'skipped' AND c."userId" = $1) AS "mySkipped",
            (SELECT count(*)::int FROM "QueueMember" m WHERE m."queueId" = q.id) AS members
     FROM "AnnotationQueue" q JOIN "Rubric" r ON r.id = q."rubricId"
     ${queueId === undefined ? "" : "WHERE q.id = $2"}
     ORDER BY q."closedAt" NULLS FIRST, q."createdAt" DESC, q.id DESC`,
    queueId === undefined ? [userId] : [userId, queueId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    rubric: { id: r.rubricId, name: r.rubricName, version: r.rubricVersion },
    annotatorsPerItem: r.annotatorsPerItem,
    blind: r.blind,
    filter: r.filter,
    createdAt: r.createdAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    items: r.items,
    completeItems: r.completeItems,
    annotationsDone: r.annotationsDone,
    annotationsNeeded: r.items * r.annotatorsPerItem,
    mine: { done: r.myDone, skipped: r.mySkipped, remaining: Math.max(0, r.items - r.myDone - r.mySkipped) },
    members: r.members,
  }));
}

/** Every queue with its overall progress and the caller's own. */
export async function listQueues(userId: string): Promise<QueueSummary[]> {
  return summaries(userId);
}

/** One queue with progress per annotator (assigned members, and anyone else who has claimed an item). */
export async function getQueue(queueId: number, userId: string, now = new Date()): Promise<QueueDetail> {
  const [summary] = await summaries(userId, queueId);
  if (!summary) throw new ApiError(404, "queue_not_found", `There is no queue ${queueId}`);
  const { rows } = await getPool().query<AnnotatorProgress>(
    `WITH people AS (
       SELECT m."userId" FROM "QueueMember" m WHERE m."queueId" = $1
       UNION SELECT c."userId" FROM "QueueItemClaim" c JOIN "QueueItem" i ON i.id = c."itemId" WHERE i."queueId" = $1)
     SELECT u.id AS "userId", u.name, u.email,
            count(*) FILTER (WHERE c.state = 'done')::int AS done,
            count(*) FILTER (WHERE c.state = 'skipped')::int AS skipped,
            count(*) FILTER (WHERE c.state = 'locked' AND c."expiresAt" > $2)::int AS locked,
            EXISTS (SELECT 1 FROM "QueueMember" m WHERE m."queueId" = $1 AND m."userId" = u.id) AS assigned
     FROM people p JOIN "user" u ON u.id = p."userId"
     LEFT JOIN "QueueItemClaim" c ON c."userId" = u.id AND c."itemId" IN (SELECT id FROM "QueueItem" WHERE "queueId" = $1)
     GROUP BY u.id, u.name, u.email ORDER BY u.name, u.email`,
    [queueId, now],
  );
  return { ...summary, annotators: rows, rubricFull: await getRubric(summary.rubric.id) };
}

export type QueueItemView = {
  queueId: number;
  itemId: number;
  position: number;
  total: number;
  trajectoryId: number;
  judgmentId: number | null;
  /** The caller's claim: locked (until expiresAt), done, skipped, or none. */
  claim: { state: "locked" | "done" | "skipped"; expiresAt: string | null } | null;
  previousItemId: number | null;
  nextItemId: number | null;
  mine: { answers: Record<string, unknown>; updatedAt: string } | null;
  /** Others' answers: hidden in a blind queue until the caller has finished the item (admins always see them). */
  others: Array<{ annotatorName: string; answers: Record<string, unknown> }> | null;
};

/** What the work view shows for one item, from `userId`'s point of view. */
export async function getQueueItem(queueId: number, itemId: number, viewer: { id: string; role: string }): Promise<QueueItemView> {
  const prisma = getPrisma();
  const item = await prisma.queueItem.findFirst({ where: { id: itemId, queueId }, include: { queue: true, claims: { where: { userId: viewer.id } } } });
  if (!item) throw new ApiError(404, "item_not_found", `Queue ${queueId} has no item ${itemId}`);
  const [total, prev, next, annotations] = await Promise.all([
    prisma.queueItem.count({ where: { queueId } }),
    prisma.queueItem.findFirst({ where: { queueId, position: { lt: item.position } }, orderBy: { position: "desc" }, select: { id: true } }),
    prisma.queueItem.findFirst({ where: { queueId, position: { gt: item.position } }, orderBy: { position: "asc" }, select: { id: true } }),
    prisma.annotation.findMany({
      where: { trajectoryId: item.trajectoryId, judgmentId: item.judgmentId, rubricId: item.queue.rubricId },
      include: { annotator: { select: { name: true, email: true } } },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const claim = item.claims[0] ?? null;
  const mine = annotations.find((a) => a.annotatorId === viewer.id) ?? null;
  const canSeeOthers = !item.queue.blind || viewer.role === "admin" || claim?.state === "done";
  return {
    queueId,
    itemId,
    position: item.position,
    total,
    trajectoryId: item.trajectoryId,
    judgmentId: item.judgmentId,
    claim: claim ? { state: claim.state, expiresAt: claim.expiresAt?.toISOString() ?? null } : null,
    previousItemId: prev?.id ?? null,
    nextItemId: next?.id ?? null,
    mine: mine ? { answers: (mine.answers ?? {}) as Record<string, unknown>, updatedAt: mine.updatedAt.toISOString() } : null,
    others: canSeeOthers
      ? annotations.filter((a) => a.annotatorId !== viewer.id).map((a) => ({ annotatorName: a.annotator.name || a.annotator.email, answers: (a.answers ?? {}) as Record<string, unknown> }))
      : null,
  };
}
