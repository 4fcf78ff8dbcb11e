import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { assertOwnJob } from "@/lib/http/job-token-scope";
import { workPageSchema } from "@/lib/jobs/job-schemas";
import { listRefineWork } from "@/lib/server/list-refine-work";

/** For a Reagent-C job's own token: the next critiqued first attempts to retry, as the agent model's chat messages. */
export const GET = apiRoute<{ id: string }>("ingest", async (req, { params, principal }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  assertOwnJob(principal, id, "read its work");
  return Response.json(await listRefineWork(id, workPageSchema.parse(Object.fromEntries(new URL(req.url).searchParams))));
});
