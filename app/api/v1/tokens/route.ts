import { createApiTokenInputSchema } from "@/lib/auth/account-schemas";
import { requireSessionPrincipal } from "@/lib/auth/authorize";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { createApiToken } from "@/lib/server/create-api-token";
import { listApiTokens } from "@/lib/server/list-api-tokens";

/** The caller's own API tokens. */
export const GET = apiRoute("read", async (_req, { principal }) => {
  return Response.json({ tokens: await listApiTokens(principal.user.id) });
});

/** Mints a token for the signed-in user; the answer holds the secret, shown once. */
export const POST = apiRoute("read", async (req, { principal }) => {
  const { user } = requireSessionPrincipal(principal);
  const input = await readJson(req, createApiTokenInputSchema, { maxBytes: 16 * 1024 });
  const created = await createApiToken({ id: user.id }, input);
  return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
});
