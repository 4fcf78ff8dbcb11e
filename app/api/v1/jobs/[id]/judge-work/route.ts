import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { assertOwnJob } from "@/lib/http/job-token-scope";
import { workPageSchema } from "@/lib/jobs/job-schemas";
import { listJudgeWork } from "@/lib/server/list-judge-work";

/** For a job's own token: the next trajectories without a judgment from its RRM model, as RRM chat messages. */
export const GET = apiRoute<{ id: string }>("ingest", async (req, { params, principal }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  assertOwnJob(principal, id, "read its work");
  return Response.json(await listJudgeWork(id, workPageSchema.parse(Object.fromEntries(new URL(req.url).searchParams))));
});
