import { z } from "zod";
import { apiRoute, errorResponse, type NextRouteContext } from "@/lib/http/api-route";
import { assertOwnJob } from "@/lib/http/job-token-scope";
import { RENEWAL_KEY_HEADER, renewJobToken } from "@/lib/server/renew-job-token";

const jobId = (params: { id: string }) => z.coerce.number().int().positive().parse(params.id);
const answer = (body: unknown) => Response.json(body, { headers: { "Cache-Control": "no-store" } });

const withToken = apiRoute<{ id: string }>("ingest", async (_req, { params, principal }) => {
  const id = jobId(params);
  assertOwnJob(principal, id, "renew it");
  return answer(await renewJobToken(id));
});

/**
 * An active job gets a fresh token { token, expiresAt }: with the token it holds (Authorization: Bearer), or with its
 * renewal key (X-Workbench-Renewal-Key: $WORKBENCH_RENEWAL_KEY), which works after that token has expired.
 */
export async function POST(req: Request, context: NextRouteContext<{ id: string }>): Promise<Response> {
  const renewalKey = req.headers.get(RENEWAL_KEY_HEADER);
  if (renewalKey === null) return withToken(req, context);
  try {
    return answer(await renewJobToken(jobId(await context.params), { renewalKey }));
  } catch (error) {
    return errorResponse(error, req);
  }
}
