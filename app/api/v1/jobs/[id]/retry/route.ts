import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { retryJobSubmit } from "@/lib/server/retry-job-submit";

/** Submits a job whose submit failed once more: { id, state, schedulerJobId, runId }; 409 for any other state. */
export const POST = apiRoute<{ id: string }>("launch", async (req, { params, principal }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  return Response.json(await retryJobSubmit(id, { user: principal.user, origin: new URL(req.url).origin }));
});
