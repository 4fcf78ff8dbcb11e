import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { deleteSavedView } from "@/lib/server/delete-saved-view";

export const DELETE = apiRoute<{ id: string }>("read", async (_req, { params, principal }) => {
  await deleteSavedView(principal.user, z.coerce.number().int().positive().parse(params.id));
  return new Response(null, { status: 204 });
});
