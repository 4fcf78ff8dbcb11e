import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { getTrajectoryStep } from "@/lib/server/get-trajectory-step";

/** One step in full: the text the detail answer cut off. */
export const GET = apiRoute<{ id: string; index: string }>("read", async (_req, { params }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  const index = z.coerce.number().int().nonnegative().max(10_000_000).parse(params.index);
  const step = await getTrajectoryStep(id, index);
  if (!step) throw new ApiError(404, "step_not_found", `Trajectory ${id} has no step ${index}`);
  return Response.json(step, { headers: { "Cache-Control": "private, max-age=300" } });
});
