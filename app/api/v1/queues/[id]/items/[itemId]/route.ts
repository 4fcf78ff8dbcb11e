import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { getQueueItem } from "@/lib/server/get-queue";

const paramsSchema = z.object({ id: z.coerce.number().int().positive(), itemId: z.coerce.number().int().positive() });

/** GET /api/v1/queues/{id}/items/{itemId}: the item as the caller sees it (others' answers hidden while blind). */
export const GET = apiRoute<{ id: string; itemId: string }>("read", async (_req, { params, principal }) => {
  const { id, itemId } = paramsSchema.parse(params);
  return Response.json(await getQueueItem(id, itemId, principal.user));
});
