import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { tokenJobScope } from "@/lib/http/job-token-scope";
import { readJson } from "@/lib/http/read-json";
import { jobReportSchema, reportJob } from "@/lib/server/report-job";

/** A running job reports { progress?, note?, metrics?: [{ name, step, value }], log? } with its own token only. */
export const POST = apiRoute<{ id: string }>("ingest", async (req, { params, principal }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  const scope = tokenJobScope(principal);
  if (!scope || scope.jobId !== id) throw new ApiError(403, "job_not_allowed", `Only job ${id}'s own token may report for it`);
  return Response.json(await reportJob(id, await readJson(req, jobReportSchema)));
});
