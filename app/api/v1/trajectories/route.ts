import { apiRoute } from "@/lib/http/api-route";
import { ensureSearchIndexer } from "@/lib/server/index-search";
import { listTrajectories } from "@/lib/server/list-trajectories";
import { parseTrajectoryRequest } from "@/lib/server/parse-trajectory-request";

/**
 * The trajectory list: `?run=&benchmark=&correct=&minScore=&maxScore=&q=&sort=&order=&limit=&cursor=` and the other
 * filters of lib/trajectory-query.ts. Answers `{ items, nextCursor, searchPending? }` from summary columns only.
 */
export const GET = apiRoute("read", async (req) => {
  const { query, page } = parseTrajectoryRequest(new URL(req.url).searchParams);
  ensureSearchIndexer();
  return Response.json(await listTrajectories(query, page), { headers: { "Cache-Control": "no-store" } });
});
