import "server-only";
import { randomUUID } from "node:crypto";
import { apiKey } from "@better-auth/api-key";
import { betterAuth, type BetterAuthOptions } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins";
import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements } from "better-auth/plugins/admin/access";
import { getPrisma } from "@/lib/db/prisma";
import { ROLE_SCOPES, SCOPES } from "@/lib/auth/roles";
import { hasBrowserProvenance, isSameOriginRequest, SAFE_METHODS } from "@/lib/auth/same-origin";

// Accounts and API tokens: better-auth (see ../shared/AUTH.md for why, and for the pitfalls handled here).

const DAY = 24 * 60 * 60;

/** Wrong passwords: 10 tries per account per 15 minutes, then 429 until the window ends. */
export const SIGN_IN_ATTEMPTS = { max: 10, windowSeconds: 15 * 60 } as const;
/** All sign-in requests per client IP (NAT'd labs and e2e suites share one IP, so looser than per account). */
const SIGN_IN_PER_IP = { max: 100, window: 15 * 60 } as const;

/** API tokens: `rw_` + 64 letters, shown once, stored as SHA-256. */
export const API_TOKEN_PREFIX = "rw_";
export const API_TOKEN_MAX_DAYS = 365;

// better-auth endpoints that must not be reachable over HTTP: token minting and user management go through
// lib/server (which enforce the scope rules, the password length and the last-admin rule); sign-up is closed.
const DISABLED_HTTP_PATHS = [
  "/sign-up/email",
  "/api-key/create",
  "/api-key/update",
  "/admin/create-user",
  "/admin/set-role",
  "/admin/update-user",
];

// Roles as better-auth access control: the admin plugin's own statements for admins, and our scopes.
const accessControl = createAccessControl({ ...defaultStatements, scope: SCOPES });
const accessRoles = {
  viewer: accessControl.newRole({ scope: [...ROLE_SCOPES.viewer] }),
  annotator: accessControl.newRole({ scope: [...ROLE_SCOPES.annotator] }),
  admin: accessControl.newRole({ ...adminAc.statements, scope: [...ROLE_SCOPES.admin] }),
};

function appUrl(): string | undefined {
  const value = process.env.APP_URL?.trim();
  if (!value) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    throw new Error(`APP_URL=${value} is not a URL: set it to the address users open, like https://workbench.example.org`);
  }
}

function allowedHosts(): string[] {
  const hosts = (process.env.ALLOWED_HOSTS ?? "")
    .split(",")
    .map((host) => host.trim())
    .filter(Boolean);
  return hosts.length ? hosts : ["*"];
}

const DEVELOPMENT_SECRET = "reagent-workbench-development-secret-not-for-production";

/** The server's secret: signs sessions, and (lib/auth/secret-box) keeps stored credentials encrypted. */
export function authSecret(): string {
  const value = process.env.BETTER_AUTH_SECRET;
  if (value) {
    if (value.length < 32) throw new Error("BETTER_AUTH_SECRET must be at least 32 characters long.");
    return value;
  }
  if (process.env.NODE_ENV === "production") {
    throw new Error("BETTER_AUTH_SECRET is not set: start the workbench with `npm start`, or set it (32+ random characters).");
  }
  return DEVELOPMENT_SECRET;
}

function normalizeEmail(value: unknown): string | null {
  return typeof value === "string" && value.trim() ? value.trim().toLowerCase() : null;
}

const accountKey = (email: string) => `account|${email}`;

/**
 * Counts one sign-in attempt for an account in the `rateLimit` table, atomically (one statement, so concurrent
 * guesses cannot slip past a stale read). Fixed window from the first attempt; returns whether this attempt may
 * proceed. better-auth's own limiter keys by IP only, which a client can rotate (AUTH.md pitfall 2).
 */
async function consumeSignInAttempt(email: string): Promise<{ allowed: boolean; retryAfter: number }> {
  const now = Date.now();
  const windowStart = BigInt(now - SIGN_IN_ATTEMPTS.windowSeconds * 1000);
  const rows = await getPrisma().$queryRaw<{ count: number; lastRequest: bigint }[]>`
    INSERT INTO "rateLimit" ("id", "key", "count", "lastRequest")
    VALUES (${randomUUID()}, ${accountKey(email)}, 1, ${BigInt(now)})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "rateLimit"."lastRequest" <= ${windowStart} THEN 1
                     ELSE LEAST("rateLimit"."count" + 1, ${SIGN_IN_ATTEMPTS.max + 1}) END,
      "lastRequest" = CASE WHEN "rateLimit"."lastRequest" <= ${windowStart} THEN ${BigInt(now)}
                           ELSE "rateLimit"."lastRequest" END
    RETURNING "count", "lastRequest"`;
  const row = rows[0];
  if (!row) return { allowed: true, retryAfter: 0 };
  const retryAfter = Math.max(1, Math.ceil((Number(row.lastRequest) + SIGN_IN_ATTEMPTS.windowSeconds * 1000 - now) / 1000));
  return { allowed: Number(row.count) <= SIGN_IN_ATTEMPTS.max, retryAfter };
}

async function clearSignInAttempts(email: string): Promise<void> {
  await getPrisma().$executeRaw`DELETE FROM "rateLimit" WHERE "key" = ${accountKey(email)}`;
}

function createAuth() {
  const url = appUrl();
  const options = {
    appName: "Reagent Workbench",
    secret: authSecret(),
    // APP_URL when set (behind a proxy); else whatever host the browser used, so localhost, 127.0.0.1 and any port
    // work without configuration (AUTH.md pitfall 1). The hook below adds the Origin == Host check that a wildcard
    // host list would otherwise give up.
    // The fallback only serves server-side calls without a request (the CLI creating users and tokens).
    baseURL: url ?? { allowedHosts: allowedHosts(), protocol: "auto", fallback: `http://localhost:${process.env.PORT || 3000}` },
    trustedOrigins: url ? [url] : undefined,
    database: prismaAdapter(getPrisma(), { provider: "postgresql", transaction: true }),
    emailAndPassword: { enabled: true, minPasswordLength: 10, maxPasswordLength: 128, disableSignUp: true },
    session: { expiresIn: 7 * DAY, updateAge: 1 * DAY },
    rateLimit: {
      enabled: true,
      storage: "database",
      customRules: { "/sign-in/email": SIGN_IN_PER_IP },
    },
    disabledPaths: DISABLED_HTTP_PATHS,
    advanced: {
      // Secure cookies need https; without APP_URL the scheme is not known, and browsers drop Secure cookies
      // on plain http from anything but localhost.
      useSecureCookies: url ? url.startsWith("https://") : false,
    },
    logger: {
      level: process.env.NODE_ENV === "test" ? "error" : "warn",
      log(level, message, ...args) {
        // authorize() reports rejected tokens itself, in one line instead of an ERROR with a stack per request.
        if (message.startsWith("Failed to validate API key")) return;
        const write = level === "error" ? console.error : level === "warn" ? console.warn : console.log;
        write(`[auth] ${message}`, ...args);
      },
    },
    onAPIError: {
      // One line per refused request (429s, cross-origin 403s), a full report only for server faults.
      onError(error) {
        if (isAPIError(error) && error.statusCode < 500) console.warn(`[auth] ${error.statusCode} ${error.message}`);
        else console.error("[auth] request failed:", error);
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        const request = ctx.request;
        // CSRF for better-auth's own endpoints: a browser request must come from this origin.
        if (request && !SAFE_METHODS.has(request.method) && hasBrowserProvenance(request.headers)) {
          if (!isSameOriginRequest(request.headers, url)) {
            throw new APIError("FORBIDDEN", { code: "CROSS_ORIGIN", message: "Cross-origin request refused" });
          }
        }
        if (ctx.path === "/sign-in/email") {
          const email = normalizeEmail((ctx.body as { email?: unknown } | undefined)?.email);
          if (!email) return;
          const { allowed, retryAfter } = await consumeSignInAttempt(email);
          if (!allowed) {
            throw new APIError(
              "TOO_MANY_REQUESTS",
              { code: "TOO_MANY_ATTEMPTS", message: "Too many sign-in attempts: try again in 15 minutes" },
              { "Retry-After": String(retryAfter), "X-Retry-After": String(retryAfter) },
            );
          }
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        // A successful sign-in clears the account's failed attempts.
        if (ctx.path !== "/sign-in/email" || isAPIError(ctx.context.returned) || !ctx.context.newSession) return;
        const email = normalizeEmail((ctx.body as { email?: unknown } | undefined)?.email);
        if (email) await clearSignInAttempts(email);
      }),
    },
    plugins: [
      admin({ ac: accessControl, roles: accessRoles, defaultRole: "viewer", adminRoles: ["admin"] }),
      apiKey({
        defaultPrefix: API_TOKEN_PREFIX,
        maximumNameLength: 64,
        enableMetadata: true,
        // seconds, whatever its doc comment says (AUTH.md pitfall 4)
        keyExpiration: { defaultExpiresIn: 30 * DAY, maxExpiresIn: API_TOKEN_MAX_DAYS, minExpiresIn: 1 },
        rateLimit: { enabled: false },
      }),
      nextCookies(), // last
    ],
  } satisfies BetterAuthOptions;
  return betterAuth(options);
}

export type Auth = ReturnType<typeof createAuth>;

const cache = globalThis as unknown as { workbenchAuth?: Auth };

/** The better-auth instance, created on first use (so `next build` needs neither a database nor a secret). */
export function getAuth(): Auth {
  cache.workbenchAuth ??= createAuth();
  return cache.workbenchAuth;
}
