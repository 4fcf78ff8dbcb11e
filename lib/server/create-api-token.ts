import "server-only";
import {
  type CreateApiTokenInput,
  createApiTokenInputSchema,
  type CreatedApiToken,
  type UserRef,
} from "@/lib/auth/account-schemas";
import { getAuth } from "@/lib/auth/auth";
import { disallowedScopes, scopesToPermissions } from "@/lib/auth/roles";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { findUser } from "@/lib/server/find-user";
import { API_TOKEN_SELECT, toApiToken } from "@/lib/server/list-api-tokens";

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Mints an API token for `owner`, limited to scopes the owner's role may hold (ApiError 403 otherwise). The secret
 * (`rw_` + 64 letters) is returned this once; only its SHA-256 and first characters are stored. `metadata` is for
 * server callers (a job's id, …), never taken from a request body.
 */
export async function createApiToken(
  owner: UserRef,
  input: CreateApiTokenInput,
  { metadata }: { metadata?: Record<string, unknown> } = {},
): Promise<CreatedApiToken> {
  const { name, scopes, expiresInDays } = createApiTokenInputSchema.parse(input);
  const user = await findUser(owner);
  const refused = disallowedScopes(user.role, scopes);
  if (refused.length) {
    throw new ApiError(403, "scope_not_allowed", `A ${user.role} may not hold the scope${refused.length > 1 ? "s" : ""} ${refused.join(", ")}`);
  }
  const created = await getAuth().api.createApiKey({
    body: {
      userId: user.id,
      name,
      permissions: scopesToPermissions(scopes),
      expiresIn: expiresInDays * DAY_SECONDS,
      ...(metadata ? { metadata } : {}),
    },
  });
  const row = await getPrisma().apikey.findUniqueOrThrow({ where: { id: created.id }, select: API_TOKEN_SELECT });
  return { secret: created.key, token: toApiToken(row) };
}
