import { apiRoute } from "@/lib/http/api-route";
import { parseCompareQuery } from "@/lib/compare/query";
import { getComparison } from "@/lib/server/get-comparison";

/** GET /api/v1/compare?runs=1,2&benchmark=GAIA&baseline=1: the numbers behind every chart of the Compare page. */
export const GET = apiRoute("read", async (req) => {
  const query = parseCompareQuery(new URL(req.url).searchParams);
  return Response.json(await getComparison(query), { headers: { "Cache-Control": "no-store" } });
});
