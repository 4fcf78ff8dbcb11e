import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { launchJobInputSchema } from "@/lib/jobs/launch-input";
import { launchJob } from "@/lib/server/launch-job";
import { listJobs } from "@/lib/server/list-jobs";

/** The latest 200 jobs, newest first: { jobs: [...] }. */
export const GET = apiRoute("read", async () => {
  return Response.json({ jobs: await listJobs() }, { headers: { "Cache-Control": "no-store" } });
});

/**
 * Launches a job: { backend: "local" | "slurm", kind: eval | train_reagent_r | train_reagent_u | train_grpo | judge,
 * params, idempotencyKey? } (or an Idempotency-Key header). 201 with { id, state, schedulerJobId, runId, created };
 * 200 with the first job when the key was used before; 400 with field-level issues for invalid parameters.
 */
export const POST = apiRoute("launch", async (req, { principal }) => {
  const body = await readJson(req, launchJobInputSchema);
  const key = body.idempotencyKey ?? req.headers.get("idempotency-key") ?? undefined;
  const job = await launchJob({ ...body, idempotencyKey: key }, { user: principal.user, origin: new URL(req.url).origin });
  return Response.json(job, { status: job.created ? 201 : 200 });
});
