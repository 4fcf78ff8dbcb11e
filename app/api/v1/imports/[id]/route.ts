import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { getImport } from "@/lib/server/get-import";

export const GET = apiRoute<{ id: string }>("read", async (_req, { params }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  const found = await getImport(id);
  if (!found) throw new ApiError(404, "import_not_found", `There is no import ${id}`);
  return Response.json(found);
});
