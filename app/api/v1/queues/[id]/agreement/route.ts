import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { getQueueAgreement } from "@/lib/server/get-agreement";

/** GET /api/v1/queues/{id}/agreement: per question percent agreement, Cohen/Fleiss κ, Krippendorff α; humans vs RRM. */
export const GET = apiRoute<{ id: string }>("read", async (_req, { params }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  return Response.json(await getQueueAgreement(id));
});
