import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { getRun } from "@/lib/server/get-run";

export const GET = apiRoute<{ id: string }>("read", async (_req, { params }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  const run = await getRun(id);
  if (!run) throw new ApiError(404, "run_not_found", `There is no run ${id}`);
  return Response.json(run);
});
