import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { getQueue } from "@/lib/server/get-queue";

/** GET /api/v1/queues/{id}: the queue, its rubric, and progress overall and per annotator. */
export const GET = apiRoute<{ id: string }>("read", async (_req, { params, principal }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  return Response.json(await getQueue(id, principal.user.id));
});
