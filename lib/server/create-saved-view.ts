import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { listSavedViews, type SavedView } from "@/lib/server/list-saved-views";
import { trajectoryQuerySchema } from "@/lib/trajectory-query";

export const savedViewInputSchema = z.object({
  name: z.string().trim().min(1, "Give the view a name").max(120),
  shared: z.boolean().default(false),
  query: trajectoryQuerySchema,
});
export type SavedViewInput = z.input<typeof savedViewInputSchema>;

export const MAX_SAVED_VIEWS_PER_USER = 200;

/** Saves a view for `userId`; a view of the same name of this user is replaced. */
export async function createSavedView(userId: string, input: SavedViewInput): Promise<SavedView> {
  const data = savedViewInputSchema.parse(input);
  const prisma = getPrisma();
  const existing = await prisma.savedView.findFirst({ where: { userId, name: data.name }, select: { id: true } });
  let id: number;
  if (existing) {
    id = (await prisma.savedView.update({ where: { id: existing.id }, data: { shared: data.shared, query: data.query } })).id;
  } else {
    if ((await prisma.savedView.count({ where: { userId } })) >= MAX_SAVED_VIEWS_PER_USER) {
      throw new ApiError(409, "too_many_views", `You have ${MAX_SAVED_VIEWS_PER_USER} saved views: delete some first`);
    }
    id = (await prisma.savedView.create({ data: { userId, name: data.name, shared: data.shared, query: data.query } })).id;
  }
  const view = (await listSavedViews(userId)).find((v) => v.id === id);
  if (!view) throw new ApiError(500, "view_lost", "The view was saved but could not be read back");
  return view;
}
