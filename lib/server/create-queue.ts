import "server-only";
import { z } from "zod";
import { getPool } from "@/lib/db/pool";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { listTrajectories } from "@/lib/server/list-trajectories";
import { parseTrajectoryQuery, serializeTrajectoryQuery, type TrajectoryQuery } from "@/lib/trajectory-query";

export const MAX_QUEUE_ITEMS = 5000;

export const queueInputSchema = z
  .object({
    name: z.string().trim().min(1, "Give the queue a name").max(200),
    description: z.string().trim().max(2000).optional(),
    rubricId: z.number().int().positive(),
    annotatorsPerItem: z.number().int().min(1).max(10).default(1),
    blind: z.boolean().default(true),
    /** Annotators assigned to the queue (user ids or emails); empty: any annotator may work on it. */
    annotators: z.array(z.string().min(1)).max(100).default([]),
    /** The Trajectories page's query string (e.g. `correct=false&benchmark=GAIA&minScore=0.5`) … */
    filter: z.string().max(4000).optional(),
    /** … or an explicit selection of trajectory ids. */
    trajectoryIds: z.array(z.number().int().positive()).max(MAX_QUEUE_ITEMS).optional(),
    /** At most this many items from a filter (in the filter's sort order). */
    limit: z.number().int().min(1).max(MAX_QUEUE_ITEMS).default(500),
  })
  .refine((q) => (q.filter === undefined) !== (q.trajectoryIds === undefined), { message: "Give either filter or trajectoryIds", path: ["filter"] });
export type QueueInput = z.input<typeof queueInputSchema>;

async function idsFromFilter(query: TrajectoryQuery, limit: number): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | undefined;
  while (ids.length < limit) {
    const page = await listTrajectories(query, { limit: Math.min(200, limit - ids.length), cursor });
    ids.push(...page.items.map((t) => t.id));
    if (!page.nextCursor || !page.items.length) break;
    cursor = page.nextCursor;
  }
  return ids;
}

/**
 * Creates an annotation queue (admin) from a trajectory filter or a selection: one item per trajectory, with the
 * judgment to rate (of the filter's `rrmModel`, else the trajectory's latest judgment). Returns the queue id.
 */
export async function createQueue(createdById: string, input: QueueInput): Promise<{ id: number; items: number }> {
  const data = queueInputSchema.parse(input);
  const prisma = getPrisma();
  const rubric = await prisma.rubric.findUnique({ where: { id: data.rubricId } });
  if (!rubric) throw new ApiError(404, "rubric_not_found", `There is no rubric ${data.rubricId}`);

  let query: TrajectoryQuery | null = null;
  let ids: number[];
  if (data.filter !== undefined) {
    query = parseTrajectoryQuery(new URLSearchParams(data.filter.replace(/^\?/, "")));
    ids = await idsFromFilter(query, data.limit);
  } else {
    ids = [...new Set(data.trajectoryIds)];
    const found = await prisma.trajectory.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw new ApiError(404, "trajectory_not_found", `There are no trajectories ${missing.slice(0, 10).join(", ")}`);
  }
  if (!ids.length) throw new ApiError(422, "queue_empty", "No trajectory matches this filter: widen it, then create the queue");

  const users = data.annotators.length
    ? await prisma.user.findMany({ where: { OR: [{ id: { in: data.annotators } }, { email: { in: data.annotators } }] }, select: { id: true, email: true, role: true } })
    : [];
  const unknown = data.annotators.filter((a) => !users.some((u) => u.id === a || u.email === a));
  if (unknown.length) throw new ApiError(404, "user_not_found", `No such users: ${unknown.join(", ")}`);
  const viewers = users.filter((u) => u.role === "viewer");
  if (viewers.length) throw new ApiError(422, "not_an_annotator", `Viewers cannot annotate: ${viewers.map((u) => u.email).join(", ")}`);

  // The judgment each item rates.
  const { rows } = await getPool().query<{ trajectoryId: number; judgmentId: number | null }>(
    `SELECT t.id AS "trajectoryId",
            (SELECT j.id FROM "Judgment" j WHERE j."trajectoryId" = t.id ${query?.rrmModel ? `AND j."rrmModel" = $2` : ""}
             ORDER BY j."createdAt" DESC, j.id DESC LIMIT 1) AS "judgmentId"
     FROM unnest($1::int[]) WITH ORDINALITY AS x(id, n) JOIN "Trajectory" t ON t.id = x.id ORDER BY x.n`,
    query?.rrmModel ? [ids, query.rrmModel] : [ids],
  );

  const queue = await prisma.$transaction(async (tx) => {
    const created = await tx.annotationQueue.create({
      data: {
        name: data.name,
        description: data.description ?? null,
        rubricId: rubric.id,
        annotatorsPerItem: data.annotatorsPerItem,
        blind: data.blind,
        createdById,
        filter: query ? { query: serializeTrajectoryQuery(query).toString(), limit: data.limit } : { trajectoryIds: ids },
      },
    });
    if (users.length) await tx.queueMember.createMany({ data: users.map((u) => ({ queueId: created.id, userId: u.id })) });
    await tx.queueItem.createMany({ data: rows.map((r, i) => ({ queueId: created.id, position: i + 1, trajectoryId: r.trajectoryId, judgmentId: r.judgmentId })) });
    return created;
  });
  return { id: queue.id, items: rows.length };
}
