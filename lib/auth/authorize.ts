import "server-only";
import { getSessionCookie } from "better-auth/cookies";
import { getAuth } from "@/lib/auth/auth";
import { effectiveTokenScopes, scopesForRole, scopesFromPermissions, type Scope } from "@/lib/auth/roles";
import { isSameOriginRequest, SAFE_METHODS } from "@/lib/auth/same-origin";
import { toSessionUser, type SessionUser } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";

/** Who is calling an API route, and what they may do (the scopes already cut down to the owner's current role). */
export type Principal =
  | { kind: "session"; user: SessionUser; scopes: Scope[] }
  | {
      kind: "token";
      user: SessionUser;
      scopes: Scope[];
      token: { id: string; name: string | null; metadata: Record<string, unknown> | null };
    };

export const UNAUTHENTICATED_MESSAGE = "Sign in or send Authorization: Bearer <token>";

const unauthenticated = () => new ApiError(401, "unauthenticated", UNAUTHENTICATED_MESSAGE);

function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  if (header === null) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match) throw new ApiError(401, "invalid_authorization", "The Authorization header must be `Bearer <token>`");
  return match[1];
}

const TOKEN_ERRORS: Record<string, string> = {
  KEY_EXPIRED: "This API token has expired: create a new one in Settings",
  KEY_DISABLED: "This API token is disabled",
};

async function authorizeToken(key: string, scope: Scope): Promise<Principal> {
  const result = await getAuth().api.verifyApiKey({ body: { key } });
  if (!result.valid || !result.key) {
    const code = result.error?.code ?? "INVALID_API_KEY";
    console.warn(`[auth] API token refused (${code})`);
    throw new ApiError(401, code === "KEY_EXPIRED" ? "token_expired" : "invalid_token", TOKEN_ERRORS[code] ?? "This API token is not valid (revoked, expired or mistyped)");
  }
  const apiKey = result.key;
  const owner = await getPrisma().user.findUnique({
    where: { id: apiKey.referenceId },
    select: { id: true, email: true, name: true, role: true, banned: true, banExpires: true },
  });
  if (!owner) throw new ApiError(401, "invalid_token", "This API token's owner no longer exists");
  if (owner.banned && (!owner.banExpires || owner.banExpires > new Date())) {
    throw new ApiError(403, "account_disabled", "This API token's owner is banned");
  }
  const user = toSessionUser(owner);
  const granted = scopesFromPermissions(apiKey.permissions);
  const scopes = effectiveTokenScopes(granted, user.role);
  if (!scopes.includes(scope)) {
    throw new ApiError(
      403,
      "insufficient_scope",
      granted.includes(scope)
        ? `This token's owner (role ${user.role}) may no longer use the "${scope}" scope`
        : `This token lacks the "${scope}" scope (it has: ${granted.join(", ") || "none"})`,
    );
  }
  const metadata = apiKey.metadata && typeof apiKey.metadata === "object" ? (apiKey.metadata as Record<string, unknown>) : null;
  return { kind: "token", user, scopes, token: { id: apiKey.id, name: apiKey.name ?? null, metadata } };
}

async function authorizeSession(req: Request, scope: Scope): Promise<Principal> {
  const session = await getAuth().api.getSession({ headers: req.headers });
  if (!session) throw new ApiError(401, "unauthenticated", "Your session has ended: sign in again");
  const user = toSessionUser(session.user);
  if (!SAFE_METHODS.has(req.method.toUpperCase()) && !isSameOriginRequest(req.headers, process.env.APP_URL)) {
    throw new ApiError(403, "cross_origin", "Cross-origin request refused: send it from the workbench's own pages, or use an API token");
  }
  const scopes = [...scopesForRole(user.role)];
  if (!scopes.includes(scope)) {
    throw new ApiError(403, "forbidden", `Your role (${user.role}) may not use the "${scope}" scope`);
  }
  return { kind: "session", user, scopes };
}

/**
 * For route handlers: who is calling and whether they may use `scope`. `Authorization: Bearer rw_…` is checked as
 * an API token (its scopes and its owner's current role must allow `scope`); otherwise the session cookie (the
 * role must allow `scope`, and requests other than GET/HEAD/OPTIONS must be same-origin). Throws ApiError:
 * 401 without valid credentials (garbage, expired or revoked tokens too), 403 when not allowed.
 */
export async function authorize(req: Request, scope: Scope): Promise<Principal> {
  const token = bearerToken(req);
  if (token !== null) return authorizeToken(token, scope);
  if (!getSessionCookie(req)) throw unauthenticated();
  return authorizeSession(req, scope);
}

/** For routes that only a signed-in person may use (minting and revoking tokens): API tokens get 403. */
export function requireSessionPrincipal(principal: Principal): Extract<Principal, { kind: "session" }> {
  if (principal.kind !== "session") {
    throw new ApiError(403, "session_required", "Sign in to do this: API tokens cannot manage API tokens");
  }
  return principal;
}
