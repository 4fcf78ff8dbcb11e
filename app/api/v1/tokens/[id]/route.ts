import { requireSessionPrincipal } from "@/lib/auth/authorize";
import { apiRoute } from "@/lib/http/api-route";
import { revokeApiToken } from "@/lib/server/revoke-api-token";

/** Revokes one of the signed-in user's tokens (admins: anyone's). */
export const DELETE = apiRoute<{ id: string }>("read", async (_req, { params, principal }) => {
  const { user } = requireSessionPrincipal(principal);
  await revokeApiToken(params.id, user);
  return new Response(null, { status: 204 });
});
