import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { claimNextItem } from "@/lib/server/claim-queue-item";
import { getQueueItem } from "@/lib/server/get-queue";

/** POST /api/v1/queues/{id}/next: locks the caller's next item and returns it; `{ item: null }` when none is left. */
export const POST = apiRoute<{ id: string }>("annotate", async (_req, { params, principal }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  const claim = await claimNextItem(id, principal.user.id);
  return Response.json({ item: claim ? await getQueueItem(id, claim.itemId, principal.user) : null });
});
