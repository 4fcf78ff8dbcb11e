import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { getRunAgreement } from "@/lib/server/get-agreement";

/** GET /api/v1/runs/{id}/agreement[?rubricId=]: agreement over the run's annotations (one rubric version). */
export const GET = apiRoute<{ id: string }>("read", async (req, { params }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  const rubric = new URL(req.url).searchParams.get("rubricId");
  return Response.json(await getRunAgreement(id, rubric ? z.coerce.number().int().positive().parse(rubric) : undefined));
});
