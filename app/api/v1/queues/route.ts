import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { createQueue, queueInputSchema } from "@/lib/server/create-queue";
import { listQueues } from "@/lib/server/get-queue";

/** GET /api/v1/queues: every queue with its progress. */
export const GET = apiRoute("read", async (_req, { principal }) => Response.json({ queues: await listQueues(principal.user.id) }));

/** POST /api/v1/queues (admin): from `filter` (the Trajectories page's query string) or `trajectoryIds`. */
export const POST = apiRoute("admin", async (req, { principal }) => {
  const input = await readJson(req, queueInputSchema);
  return Response.json(await createQueue(principal.user.id, input), { status: 201 });
});
