import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { assertOwnJob } from "@/lib/http/job-token-scope";
import { readJson } from "@/lib/http/read-json";
import { jobReportSchema, reportJob } from "@/lib/server/report-job";

/** A running job reports { progress?, note?, metrics?: [{ name, step, value }], log? } with its own token only. */
export const POST = apiRoute<{ id: string }>("ingest", async (req, { params, principal }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  assertOwnJob(principal, id, "report for it");
  return Response.json(await reportJob(id, await readJson(req, jobReportSchema)));
});
