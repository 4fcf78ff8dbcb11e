// Accounts and API tokens end to end, below HTTP: better-auth's handler, authorize(), apiRoute and the account
// routes, against a fresh migrated database.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/database";

process.env.BETTER_AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";

useTestDatabase();

const ORIGIN = "http://localhost:3000";
const PASSWORD = "correct horse battery";

// Imported lazily: the modules read DATABASE_URL on first use, which the harness sets in beforeAll.
const load = async () => ({
  ...(await import("@/lib/auth/auth")),
  ...(await import("@/lib/auth/authorize")),
  ...(await import("@/lib/http/api-error")),
  ...(await import("@/lib/server/create-user")),
  ...(await import("@/lib/server/create-api-token")),
  ...(await import("@/lib/server/revoke-api-token")),
  ...(await import("@/lib/server/set-user-role")),
  ...(await import("@/lib/db/prisma")),
  tokensRoute: await import("@/app/api/v1/tokens/route"),
  usersRoute: await import("@/app/api/v1/users/route"),
  userRoute: await import("@/app/api/v1/users/[id]/route"),
});
let m: Awaited<ReturnType<typeof load>>;

beforeAll(async () => {
  m = await load();
});

function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  return m.getAuth().handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, host: "localhost:3000", ...headers },
      body: JSON.stringify({ email, password }),
    }),
  );
}

/** The session cookie (name=value) from a sign-in response. */
function sessionCookie(response: Response): string {
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .find((pair) => pair.includes("session_token="));
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(response.headers.getSetCookie())}`);
  return cookie;
}

async function signedInCookie(email: string) {
  const response = await signIn(email, PASSWORD);
  expect(response.status).toBe(200);
  return sessionCookie(response);
}

function apiRequest(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  return new Request(`${ORIGIN}${path}`, {
    method: init.method ?? "GET",
    headers: { host: "localhost:3000", ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function expectApiError(promise: Promise<unknown>, status: number, code?: string) {
  const error = await promise.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(m.ApiError);
  expect((error as InstanceType<typeof m.ApiError>).status).toBe(status);
  if (code) expect((error as InstanceType<typeof m.ApiError>).code).toBe(code);
}

const noParams = { params: Promise.resolve({}) } as { params: Promise<Record<string, never>> };

describe("sign-in", () => {
  it("creates a user, signs in through the handler and gets a working session", async () => {
    const user = await m.createUser({ email: "Ada@Lab.org", password: PASSWORD, role: "annotator", name: "Ada" });
    expect(user).toMatchObject({ email: "ada@lab.org", name: "Ada", role: "annotator", banned: false });

    const response = await signIn("ada@lab.org", PASSWORD);
    expect(response.status).toBe(200);
    const cookie = sessionCookie(response);

    const session = await m.getAuth().api.getSession({ headers: new Headers({ cookie, host: "localhost:3000" }) });
    expect(session?.user.email).toBe("ada@lab.org");

    const principal = await m.authorize(apiRequest("/api/v1/runs", { headers: { cookie } }), "annotate");
    expect(principal.kind).toBe("session");
    expect(principal.user).toMatchObject({ email: "ada@lab.org", role: "annotator" });
    expect(principal.scopes).toEqual(["read", "annotate"]);
    await expectApiError(m.authorize(apiRequest("/api/v1/runs", { headers: { cookie } }), "ingest"), 403, "forbidden");
  });

  it("refuses short passwords and duplicate emails", async () => {
    await expect(m.createUser({ email: "short@lab.org", password: "123456789", role: "viewer" })).rejects.toThrow(/10 characters/);
    await expectApiError(m.createUser({ email: "ADA@lab.org", password: PASSWORD, role: "viewer" }), 409, "user_exists");
  });

  it("has no open sign-up", async () => {
    const response = await m.getAuth().handler(
      new Request(`${ORIGIN}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN, host: "localhost:3000" },
        body: JSON.stringify({ email: "mallory@evil.example", password: PASSWORD, name: "M" }),
      }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await m.getPrisma().user.count({ where: { email: "mallory@evil.example" } })).toBe(0);
  });

  it("answers 429 after 10 wrong passwords for one account, even with the right one, and not for others", async () => {
    await m.createUser({ email: "brute@lab.org", password: PASSWORD, role: "viewer" });
    for (let attempt = 1; attempt <= 10; attempt++) {
      // a new client IP each time: the per-account counter must hold anyway (AUTH.md pitfall 2)
      const response = await signIn("brute@lab.org", `wrong password ${attempt}`, { "x-forwarded-for": `10.0.0.${attempt}` });
      expect(response.status, `attempt ${attempt}`).toBe(401);
    }
    const eleventh = await signIn("Brute@Lab.org", "wrong password 11", { "x-forwarded-for": "10.0.1.1" });
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get("retry-after"))).toBeGreaterThan(800);
    expect((await signIn("brute@lab.org", PASSWORD)).status).toBe(429);
    // another account is not affected
    expect((await signIn("ada@lab.org", PASSWORD)).status).toBe(200);
  });

  it("clears an account's failed attempts when it signs in", async () => {
    await m.createUser({ email: "typo@lab.org", password: PASSWORD, role: "viewer" });
    for (let attempt = 1; attempt <= 9; attempt++) expect((await signIn("typo@lab.org", "nope nope nope")).status).toBe(401);
    expect((await signIn("typo@lab.org", PASSWORD)).status).toBe(200);
    for (let attempt = 1; attempt <= 9; attempt++) expect((await signIn("typo@lab.org", "nope nope nope")).status).toBe(401);
    expect((await signIn("typo@lab.org", PASSWORD)).status).toBe(200);
  });

  it("refuses a sign-in posted from a foreign origin", async () => {
    const response = await signIn("ada@lab.org", PASSWORD, { origin: "http://evil.example" });
    expect(response.status).toBe(403);
  });
});

describe("API tokens", () => {
  let ownerId: string;

  beforeAll(async () => {
    ownerId = (await m.createUser({ email: "tok@lab.org", password: PASSWORD, role: "annotator" })).id;
  });

  const bearer = (secret: string, path = "/api/v1/runs") => apiRequest(path, { headers: { authorization: `Bearer ${secret}` } });

  it("accept a read token for read, refuse it for ingest", async () => {
    const { secret, token } = await m.createApiToken({ id: ownerId }, { name: "reader", scopes: ["read"], expiresInDays: 30 });
    expect(secret).toMatch(/^rw_[A-Za-z]{64}$/);
    expect(token).toMatchObject({ name: "reader", scopes: ["read"], start: secret.slice(0, 6), lastUsedAt: null });
    expect(Date.parse(token.expiresAt!) - Date.now()).toBeGreaterThan(29.9 * 86400_000);
    expect(Date.parse(token.expiresAt!) - Date.now()).toBeLessThan(30.1 * 86400_000);

    const principal = await m.authorize(bearer(secret), "read");
    expect(principal).toMatchObject({ kind: "token", scopes: ["read"], user: { email: "tok@lab.org", role: "annotator" } });
    await expectApiError(m.authorize(bearer(secret), "ingest"), 403, "insufficient_scope");
    await expectApiError(m.authorize(bearer(secret), "annotate"), 403, "insufficient_scope");
    // many uses: the plugin's per-key limit (10 a day by default) is off
    for (let i = 0; i < 12; i++) await m.authorize(bearer(secret), "read");
    const row = await m.getPrisma().apikey.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.lastRequest).not.toBeNull();
    expect(row.key).not.toContain(secret.slice(3));
  });

  it("refuse garbage with 401", async () => {
    await expectApiError(m.authorize(bearer("rw_garbage"), "read"), 401, "invalid_token");
    await expectApiError(m.authorize(bearer(`rw_${"a".repeat(64)}`), "read"), 401, "invalid_token");
    await expectApiError(m.authorize(apiRequest("/x", { headers: { authorization: "Basic Zm9vOmJhcg==" } }), "read"), 401);
    await expectApiError(m.authorize(apiRequest("/x"), "read"), 401, "unauthenticated");
  });

  it("refuse revoked and expired tokens with 401", async () => {
    const revoked = await m.createApiToken({ id: ownerId }, { name: "revoked", scopes: ["read"] });
    await m.authorize(bearer(revoked.secret), "read");
    await m.revokeApiToken(revoked.token.id, { id: ownerId, role: "annotator" });
    await expectApiError(m.authorize(bearer(revoked.secret), "read"), 401, "invalid_token");

    const expired = await m.createApiToken({ id: ownerId }, { name: "expired", scopes: ["read"], expiresInDays: 1 });
    await m.getPrisma().apikey.update({ where: { id: expired.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectApiError(m.authorize(bearer(expired.secret), "read"), 401, "token_expired");
  });

  it("only hold scopes the owner's role allows, and lose them when the owner is demoted", async () => {
    await expectApiError(m.createApiToken({ id: ownerId }, { name: "too much", scopes: ["read", "ingest"] }), 403, "scope_not_allowed");
    const { secret } = await m.createApiToken({ id: ownerId }, { name: "annotator", scopes: ["read", "annotate"] });
    await m.authorize(bearer(secret), "annotate");
    await m.setUserRole({ id: ownerId }, "viewer");
    await expectApiError(m.authorize(bearer(secret), "annotate"), 403, "insufficient_scope");
    expect((await m.authorize(bearer(secret), "read")).scopes).toEqual(["read"]);
    await m.setUserRole({ id: ownerId }, "annotator");
  });
});

describe("route handlers on apiRoute", () => {
  let adminCookie: string;
  let viewerCookie: string;

  beforeAll(async () => {
    await m.createUser({ email: "root@lab.org", password: PASSWORD, role: "admin" });
    await m.createUser({ email: "view@lab.org", password: PASSWORD, role: "viewer" });
    adminCookie = await signedInCookie("root@lab.org");
    viewerCookie = await signedInCookie("view@lab.org");
  });

  it("refuse a cookie POST from a foreign origin with 403, accept it from the same origin", async () => {
    const body = { name: "from the page", scopes: ["read"], expiresInDays: 7 };
    const foreign = await m.tokensRoute.POST(
      apiRequest("/api/v1/tokens", { method: "POST", body, headers: { cookie: viewerCookie, origin: "http://evil.example" } }),
      noParams,
    );
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: "cross_origin" } });

    const noOrigin = await m.tokensRoute.POST(apiRequest("/api/v1/tokens", { method: "POST", body, headers: { cookie: viewerCookie } }), noParams);
    expect(noOrigin.status).toBe(403);

    const same = await m.tokensRoute.POST(
      apiRequest("/api/v1/tokens", { method: "POST", body, headers: { cookie: viewerCookie, origin: ORIGIN } }),
      noParams,
    );
    expect(same.status).toBe(201);
    const created = await same.json();
    expect(created.secret).toMatch(/^rw_/);

    const fetchMetadata = await m.tokensRoute.POST(
      apiRequest("/api/v1/tokens", { method: "POST", body, headers: { cookie: viewerCookie, "sec-fetch-site": "same-origin" } }),
      noParams,
    );
    expect(fetchMetadata.status).toBe(201);

    const list = await m.tokensRoute.GET(apiRequest("/api/v1/tokens", { headers: { cookie: viewerCookie } }), noParams);
    expect(list.status).toBe(200);
    const { tokens } = await list.json();
    expect(tokens.map((token: { name: string }) => token.name)).toEqual(["from the page", "from the page"]);
    expect(JSON.stringify(tokens)).not.toContain(created.secret);

    // a token cannot mint tokens
    const byToken = await m.tokensRoute.POST(
      apiRequest("/api/v1/tokens", { method: "POST", body, headers: { authorization: `Bearer ${created.secret}` } }),
      noParams,
    );
    expect(byToken.status).toBe(403);
  });

  it("answer JSON errors: 401 without credentials, 400 with issues for bad bodies, 403 for a low role", async () => {
    const anonymous = await m.tokensRoute.GET(apiRequest("/api/v1/tokens"), noParams);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      error: { code: "unauthenticated", message: "Sign in or send Authorization: Bearer <token>" },
    });

    const bad = await m.tokensRoute.POST(
      apiRequest("/api/v1/tokens", { method: "POST", body: { name: "", scopes: [] }, headers: { cookie: viewerCookie, origin: ORIGIN } }),
      noParams,
    );
    expect(bad.status).toBe(400);
    const badBody = await bad.json();
    expect(badBody.error.code).toBe("invalid_request");
    expect(badBody.error.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(["name", "scopes"]);

    const notJson = await m.tokensRoute.POST(
      new Request(`${ORIGIN}/api/v1/tokens`, { method: "POST", body: "{", headers: { cookie: viewerCookie, origin: ORIGIN, host: "localhost:3000" } }),
      noParams,
    );
    expect(notJson.status).toBe(400);

    const tooLarge = await m.tokensRoute.POST(
      apiRequest("/api/v1/tokens", { method: "POST", body: { name: "x".repeat(20_000), scopes: ["read"] }, headers: { cookie: viewerCookie, origin: ORIGIN } }),
      noParams,
    );
    expect(tooLarge.status).toBe(413);

    const viewerUsers = await m.usersRoute.GET(apiRequest("/api/v1/users", { headers: { cookie: viewerCookie } }), noParams);
    expect(viewerUsers.status).toBe(403);
  });

  it("let admins list and create users and change roles, never demoting the last admin", async () => {
    const list = await m.usersRoute.GET(apiRequest("/api/v1/users", { headers: { cookie: adminCookie } }), noParams);
    expect(list.status).toBe(200);
    const { users } = await list.json();
    expect(users.map((user: { email: string }) => user.email)).toContain("view@lab.org");

    const created = await m.usersRoute.POST(
      apiRequest("/api/v1/users", {
        method: "POST",
        body: { email: "new@lab.org", password: PASSWORD, role: "annotator" },
        headers: { cookie: adminCookie, origin: ORIGIN },
      }),
      noParams,
    );
    expect(created.status).toBe(201);
    const { user } = await created.json();
    expect(user).toMatchObject({ email: "new@lab.org", role: "annotator", name: "new" });

    const duplicate = await m.usersRoute.POST(
      apiRequest("/api/v1/users", {
        method: "POST",
        body: { email: "new@lab.org", password: PASSWORD, role: "annotator" },
        headers: { cookie: adminCookie, origin: ORIGIN },
      }),
      noParams,
    );
    expect(duplicate.status).toBe(409);

    const patch = (id: string, role: string) =>
      m.userRoute.PATCH(
        apiRequest(`/api/v1/users/${id}`, { method: "PATCH", body: { role }, headers: { cookie: adminCookie, origin: ORIGIN } }),
        { params: Promise.resolve({ id }) },
      );
    const promoted = await patch(user.id, "admin");
    expect(promoted.status).toBe(200);
    expect((await promoted.json()).user.role).toBe("admin");
    expect((await patch(user.id, "superuser")).status).toBe(400);
    expect((await patch("no-such-user", "viewer")).status).toBe(404);

    // demote every admin but one, then the last one is refused
    const admins = await m.getPrisma().user.findMany({ where: { role: "admin" }, select: { id: true, email: true } });
    const keep = admins.find((admin) => admin.email === "root@lab.org")!;
    for (const admin of admins) if (admin.id !== keep.id) expect((await patch(admin.id, "viewer")).status).toBe(200);
    const last = await patch(keep.id, "viewer");
    expect(last.status).toBe(409);
    expect((await last.json()).error.code).toBe("last_admin");
  });
});
