import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { claimNextItem } from "@/lib/server/claim-queue-item";
import { getQueueItem } from "@/lib/server/get-queue";
import { queueSubmissionSchema, submitQueueItem } from "@/lib/server/submit-queue-item";

const paramsSchema = z.object({ id: z.coerce.number().int().positive(), itemId: z.coerce.number().int().positive() });

/**
 * POST …/items/{itemId}/submit: save the caller's answers and mark the item done. With `?next=1` ("submit and
 * next") the answer also carries the next item, already locked for the caller (null when none is left).
 */
export const POST = apiRoute<{ id: string; itemId: string }>("annotate", async (req, { params, principal }) => {
  const { id, itemId } = paramsSchema.parse(params);
  const input = await readJson(req, queueSubmissionSchema);
  const annotation = await submitQueueItem(id, itemId, principal.user.id, input);
  if (!["1", "true"].includes(new URL(req.url).searchParams.get("next") ?? "")) return Response.json({ annotation });
  const claim = await claimNextItem(id, principal.user.id);
  return Response.json({ annotation, next: claim ? await getQueueItem(id, claim.itemId, principal.user) : null });
});
