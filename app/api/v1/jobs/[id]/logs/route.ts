import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { getJobLog } from "@/lib/server/get-job";

/** The job's log: { source: "file" | "posted" | "none", path, text } (the last 256 KiB). */
export const GET = apiRoute<{ id: string }>("read", async (_req, { params }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  const log = await getJobLog(id);
  if (!log) throw new ApiError(404, "job_not_found", `There is no job ${id}`);
  return Response.json(log, { headers: { "Cache-Control": "no-store" } });
});
