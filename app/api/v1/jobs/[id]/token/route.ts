import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { assertOwnJob } from "@/lib/http/job-token-scope";
import { renewJobToken } from "@/lib/server/renew-job-token";

/** A running job renews its token (with the one it holds, before it expires): { token, expiresAt }. */
export const POST = apiRoute<{ id: string }>("ingest", async (_req, { params, principal }) => {
  const id = z.coerce.number().int().positive().parse(params.id);
  const scope = assertOwnJob(principal, id, "renew it");
  return Response.json(await renewJobToken(id, scope.runId), { headers: { "Cache-Control": "no-store" } });
});
