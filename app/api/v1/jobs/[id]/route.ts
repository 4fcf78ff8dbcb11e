import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { getJob } from "@/lib/server/get-job";

/** One job: state, exitCode, runId, timestamps, parameters, script, metrics and its history (who launched, cancelled). */
export const GET = apiRoute<{ id: string }>("read", async (_req, { params }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  const job = await getJob(id);
  if (!job) throw new ApiError(404, "job_not_found", `There is no job ${id}`);
  return Response.json(job, { headers: { "Cache-Control": "no-store" } });
});
