import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { claimItem } from "@/lib/server/claim-queue-item";
import { getQueueItem } from "@/lib/server/get-queue";

const paramsSchema = z.object({ id: z.coerce.number().int().positive(), itemId: z.coerce.number().int().positive() });

/** POST …/items/{itemId}/claim: lock this item for the caller (409 item_locked when others fill its slots). */
export const POST = apiRoute<{ id: string; itemId: string }>("annotate", async (_req, { params, principal }) => {
  const { id, itemId } = paramsSchema.parse(params);
  await claimItem(id, itemId, principal.user.id);
  return Response.json({ item: await getQueueItem(id, itemId, principal.user) });
});
