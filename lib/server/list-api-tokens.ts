import "server-only";
import type { ApiToken } from "@/lib/auth/account-schemas";
import { scopesFromPermissions } from "@/lib/auth/roles";
import { getPrisma } from "@/lib/db/prisma";

export const API_TOKEN_SELECT = {
  id: true,
  name: true,
  start: true,
  permissions: true,
  createdAt: true,
  expiresAt: true,
  lastRequest: true,
} as const;

export function toApiToken(row: {
  id: string;
  name: string | null;
  start: string | null;
  permissions: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastRequest: Date | null;
}): ApiToken {
  return {
    id: row.id,
    name: row.name,
    scopes: scopesFromPermissions(row.permissions),
    start: row.start,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastRequest?.toISOString() ?? null,
  };
}

/**
 * A user's API tokens that still work, newest first: expired ones are deleted by better-auth as it meets them, and
 * disabled ones (a job's tokens once it has finished) can never work again.
 */
export async function listApiTokens(userId: string): Promise<ApiToken[]> {
  const rows = await getPrisma().apikey.findMany({
    where: { referenceId: userId, NOT: { enabled: false } },
    select: API_TOKEN_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  return rows.map(toApiToken);
}
