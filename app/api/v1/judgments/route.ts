import { z } from "zod";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { apiRoute } from "@/lib/http/api-route";
import { assertMayWriteRun } from "@/lib/http/job-token-scope";
import { limitBody } from "@/lib/http/limit-body";
import { rateLimit } from "@/lib/http/rate-limit";
import { ingestJudgments } from "@/lib/server/ingest-judgments";
import { ingestLimits } from "@/lib/server/ingest-limits";

const querySchema = z.object({ run: z.string().min(1, "name the run with ?run=<id or name>") });

/**
 * NDJSON of judgments for one run's trajectories (?run=<id or name>), each line
 * { trajectoryExternalId, rrmModel, rawOutput | reasoning/critique/score }. Answers { imported, rejected, errors }.
 */
export const POST = apiRoute("ingest", async (req, { principal }) => {
  const { run } = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  await rateLimit("ingest", principal.user.id);
  const found = await getPrisma().run.findFirst({
    where: /^\d+$/.test(run) ? { OR: [{ id: Number(run) }, { name: run }] } : { name: run },
    select: { id: true },
  });
  if (!found) throw new ApiError(404, "run_not_found", `There is no run "${run}"`);
  assertMayWriteRun(principal, found.id);
  const { maxBodyBytes, maxRecordBytes } = ingestLimits();
  return Response.json(await ingestJudgments(found.id, limitBody(req, maxBodyBytes), { fileName: "request", maxRecordBytes }));
});
