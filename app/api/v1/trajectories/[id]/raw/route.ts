import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { getTrajectoryRaw } from "@/lib/server/get-trajectory-raw";

/**
 * The source record, as a download. Served as an attachment of an inert type (never text/html) with nosniff, so
 * a hostile record cannot render as a page of this origin.
 */
export const GET = apiRoute<{ id: string }>("read", async (_req, { params }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  const raw = await getTrajectoryRaw(id);
  if (!raw) throw new ApiError(404, "trajectory_not_found", `There is no trajectory ${id}`);
  return new Response(raw.body, {
    headers: {
      "Content-Type": raw.fileName.endsWith(".json") ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="${raw.fileName}"`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
});
