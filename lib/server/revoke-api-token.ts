import "server-only";
import type { SessionUser } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";

/**
 * Deletes an API token: its next use answers 401. Users revoke their own tokens; admins may revoke anyone's.
 * ApiError 404 when there is no such token (or it belongs to someone else).
 */
export async function revokeApiToken(tokenId: string, actor: Pick<SessionUser, "id" | "role">): Promise<void> {
  const { count } = await getPrisma().apikey.deleteMany({
    where: actor.role === "admin" ? { id: tokenId } : { id: tokenId, referenceId: actor.id },
  });
  if (count === 0) throw new ApiError(404, "token_not_found", "No such API token (already revoked or expired?)");
}
