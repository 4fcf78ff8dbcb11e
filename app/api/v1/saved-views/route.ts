import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { createSavedView, savedViewInputSchema } from "@/lib/server/create-saved-view";
import { listSavedViews } from "@/lib/server/list-saved-views";

/** The caller's saved trajectory views and those others shared. */
export const GET = apiRoute("read", async (_req, { principal }) => Response.json({ items: await listSavedViews(principal.user.id) }));

/** Saves the current list state under a name (`{ name, shared, query }`); the same name replaces the caller's view. */
export const POST = apiRoute("read", async (req, { principal }) => {
  const input = await readJson(req, savedViewInputSchema);
  return Response.json(await createSavedView(principal.user.id, input), { status: 201 });
});
