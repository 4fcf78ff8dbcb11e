import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { getTrajectory } from "@/lib/server/get-trajectory";

/** One trajectory: summary, task, run, steps (long texts cut: see textLength), judgments, attempts, group size. */
export const GET = apiRoute<{ id: string }>("read", async (_req, { params }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  const trajectory = await getTrajectory(id);
  if (!trajectory) throw new ApiError(404, "trajectory_not_found", `There is no trajectory ${id}`);
  return Response.json(trajectory, { headers: { "Cache-Control": "private, no-store" } });
});
