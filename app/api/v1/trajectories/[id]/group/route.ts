import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { getTrajectoryGroup } from "@/lib/server/get-trajectory-group";

/** The trajectory's GRPO group: every rollout of its run with the same groupKey, with rule reward and RRM score. */
export const GET = apiRoute<{ id: string }>("read", async (_req, { params }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  const group = await getTrajectoryGroup(id);
  if (!group) throw new ApiError(404, "group_not_found", `Trajectory ${id} does not exist or belongs to no group`);
  return Response.json(group);
});
