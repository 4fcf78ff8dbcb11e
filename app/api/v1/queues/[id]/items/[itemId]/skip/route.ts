import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { skipQueueItem } from "@/lib/server/skip-queue-item";

const paramsSchema = z.object({ id: z.coerce.number().int().positive(), itemId: z.coerce.number().int().positive() });

/** POST …/items/{itemId}/skip: release the item and do not offer it to the caller again. */
export const POST = apiRoute<{ id: string; itemId: string }>("annotate", async (_req, { params, principal }) => {
  const { id, itemId } = paramsSchema.parse(params);
  await skipQueueItem(id, itemId, principal.user.id);
  return new Response(null, { status: 204 });
});
