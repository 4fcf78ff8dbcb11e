import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { searchTrajectorySteps } from "@/lib/server/search-trajectory-steps";

const querySchema = z.object({ q: z.string().trim().min(1).max(500) });

/** In-page search: `?q=` → `{ q, matches: [{ index, count }] }` over the full text of every step. */
export const GET = apiRoute<{ id: string }>("read", async (req, { params }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  const { q } = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const matches = await searchTrajectorySteps(id, q);
  if (!matches) throw new ApiError(404, "trajectory_not_found", `There is no trajectory ${id} with steps`);
  return Response.json({ q, matches });
});
