import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";
import { type Annotation, toAnnotation } from "@/lib/server/save-annotation";

export const listAnnotationsQuerySchema = z.object({
  trajectoryId: z.coerce.number().int().positive(),
  judgmentId: z.coerce.number().int().positive().optional(),
  rubricId: z.coerce.number().int().positive().optional(),
  /** `1`: only the caller's own annotations. */
  mine: z.enum(["1", "true"]).optional(),
});
export type ListAnnotationsQuery = z.infer<typeof listAnnotationsQuerySchema>;

/**
 * Annotations of a trajectory (optionally one judgment / rubric version). Blind queues: an annotator who is a
 * member of a blind queue holding this trajectory sees only their own answers until they have annotated it.
 */
export async function listAnnotations(viewer: { id: string; role: string }, query: ListAnnotationsQuery): Promise<{ annotations: Annotation[]; hidden: number }> {
  const prisma = getPrisma();
  const rows = await prisma.annotation.findMany({
    where: { trajectoryId: query.trajectoryId, ...(query.judgmentId ? { judgmentId: query.judgmentId } : {}), ...(query.rubricId ? { rubricId: query.rubricId } : {}), ...(query.mine ? { annotatorId: viewer.id } : {}) },
    include: { annotator: { select: { name: true } }, _count: { select: { revisions: true } } },
    orderBy: { createdAt: "asc" },
  });
  let visible = rows;
  if (viewer.role !== "admin" && !rows.some((r) => r.annotatorId === viewer.id)) {
    const blind = await prisma.queueItem.count({
      where: { trajectoryId: query.trajectoryId, queue: { blind: true, closedAt: null, members: { some: { userId: viewer.id } } } },
    });
    if (blind) visible = rows.filter((r) => r.annotatorId === viewer.id);
  }
  return { annotations: visible.map(toAnnotation), hidden: rows.length - visible.length };
}
