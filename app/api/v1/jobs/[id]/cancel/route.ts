import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { cancelJob } from "@/lib/server/cancel-job";

/** Cancels the job on its scheduler: { id, state }; 409 when it has already finished. */
export const POST = apiRoute<{ id: string }>("launch", async (_req, { params, principal }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  return Response.json(await cancelJob(id, principal.user));
});
