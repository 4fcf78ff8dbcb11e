import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { trajectoryQuerySchema, type TrajectoryQuery } from "@/lib/trajectory-query";
import type { SavedView } from "@/lib/trajectory-schemas";

export type { SavedView };

/** The user's own views and the views others shared, own first, each group by name. */
export async function listSavedViews(userId: string): Promise<SavedView[]> {
  const rows = await getPrisma().savedView.findMany({
    where: { OR: [{ userId }, { shared: true }] },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  const views: SavedView[] = [];
  for (const row of rows) {
    // A view saved under an older query schema that no longer parses is left out rather than breaking the page.
    const query = trajectoryQuerySchema.safeParse(row.query);
    if (!query.success) continue;
    views.push({
      id: row.id,
      name: row.name,
      shared: row.shared,
      query: query.data as TrajectoryQuery,
      owner: { id: row.user.id, name: row.user.name || row.user.email },
      mine: row.userId === userId,
      createdAt: row.createdAt.toISOString(),
    });
  }
  return views.sort((a, b) => Number(b.mine) - Number(a.mine));
}
