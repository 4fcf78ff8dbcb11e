import { z } from "zod";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { tokenJobScope } from "@/lib/http/job-token-scope";
import { listJudgeWork } from "@/lib/server/list-judge-work";

const querySchema = z.object({ after: z.coerce.number().int().nonnegative().default(0), limit: z.coerce.number().int().min(1).max(200).default(50) });

/** For a judging job's own token: the next trajectories without a judgment from its model, as RRM chat messages. */
export const GET = apiRoute<{ id: string }>("ingest", async (req, { params, principal }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  const scope = tokenJobScope(principal);
  if (!scope || scope.jobId !== id) throw new ApiError(403, "job_not_allowed", `Only job ${id}'s own token may read its work`);
  return Response.json(await listJudgeWork(id, querySchema.parse(Object.fromEntries(new URL(req.url).searchParams))));
});
