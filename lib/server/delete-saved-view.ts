import "server-only";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import type { SessionUser } from "@/lib/auth/session";

/** Deletes a saved view: its owner may, and an admin may delete a shared one. */
export async function deleteSavedView(user: SessionUser, id: number): Promise<void> {
  const prisma = getPrisma();
  const view = await prisma.savedView.findUnique({ where: { id }, select: { userId: true, shared: true } });
  if (!view || (view.userId !== user.id && !view.shared)) throw new ApiError(404, "view_not_found", `There is no saved view ${id}`);
  if (view.userId !== user.id && user.role !== "admin") {
    throw new ApiError(403, "not_your_view", "Only its owner (or an admin) can delete a shared view");
  }
  await prisma.savedView.delete({ where: { id } });
}
