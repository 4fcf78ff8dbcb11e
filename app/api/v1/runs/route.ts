import { apiRoute } from "@/lib/http/api-route";
import { assertNotJobToken } from "@/lib/http/job-token-scope";
import { readJson } from "@/lib/http/read-json";
import { createRun } from "@/lib/server/create-run";
import { listRuns } from "@/lib/server/list-runs";
import { runInputSchema } from "@/lib/server/run-input";

export const GET = apiRoute("read", async () => Response.json({ items: await listRuns() }));

export const POST = apiRoute("ingest", async (req, { principal }) => {
  assertNotJobToken(principal, "create runs");
  const input = await readJson(req, runInputSchema);
  const run = await createRun(input);
  return Response.json(run, { status: 201 });
});
