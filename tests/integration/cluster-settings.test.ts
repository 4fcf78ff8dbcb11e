// Settings → Cluster through its API routes: the token is sealed in the database and never comes back, a saved
// configuration overrides the environment, the connection test reports a dead slurmrestd, an unreadable token (the
// server's secret changed) says to enter it again, and only admins may change any of it.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/database";

process.env.BETTER_AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
useTestDatabase();

const params = <P>(value: P) => ({ params: Promise.resolve(value) });
const TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdW4iOiJyZXNlYXJjaCJ9.c2VjcmV0LXNpZ25hdHVyZQ";

let m: Awaited<ReturnType<typeof load>>;
let admin: string;
let viewer: string;
const load = async () => ({
  ...(await import("@/lib/server/create-user")),
  ...(await import("@/lib/server/create-api-token")),
  ...(await import("@/lib/db/prisma")),
  ...(await import("@/lib/server/cluster-backend")),
  cluster: await import("@/app/api/v1/cluster/route"),
  slurm: await import("@/app/api/v1/cluster/slurm/route"),
  test: await import("@/app/api/v1/cluster/slurm/test/route"),
});

const call = (handler: (req: Request, ctx: { params: Promise<Record<string, never>> }) => Promise<Response>, method: string, token: string, body?: unknown) =>
  handler(
    new Request("http://localhost:3000/api/v1/cluster/slurm", {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }),
    params({}),
  );

beforeAll(async () => {
  m = await load();
  await m.createUser({ email: "admin@cluster.test", name: "Admin", password: "long enough password", role: "admin" });
  await m.createUser({ email: "viewer@cluster.test", name: "Viewer", password: "long enough password", role: "viewer" });
  admin = (await m.createApiToken({ email: "admin@cluster.test" }, { name: "a", scopes: ["read", "admin"], expiresInDays: 1 })).secret;
  viewer = (await m.createApiToken({ email: "viewer@cluster.test" }, { name: "v", scopes: ["read"], expiresInDays: 1 })).secret;
  for (const key of ["SLURM_REST_URL", "SLURM_USER_NAME", "SLURM_JWT", "SLURM_JWT_COMMAND", "SLURM_PARTITION", "SLURM_JOB_DIR"]) delete process.env[key];
});

describe("Settings → Cluster", () => {
  it("falls back to the environment, then uses what an admin saves; the token is sealed and never answered", async () => {
    expect((await (await call(m.cluster.GET, "GET", viewer)).json()).slurm).toBeNull();
    process.env.SLURM_REST_URL = "http://slurm-env:6820";
    process.env.SLURM_USER_NAME = "envuser";
    process.env.SLURM_JWT = "env-token";
    try {
      expect((await (await call(m.cluster.GET, "GET", viewer)).json()).slurm).toMatchObject({ source: "environment", url: "http://slurm-env:6820", credentials: "static token (SLURM_JWT)" });
      const saved = await call(m.slurm.PUT, "PUT", admin, { url: "http://slurm-head:6820/", user: "research", token: TOKEN, partition: "gpu", jobDir: "/shared/jobs", jobDirShared: false });
      expect(saved.status).toBe(200);
      const text = await saved.text();
      expect(text).not.toContain(TOKEN);
      expect(JSON.parse(text).slurm).toMatchObject({ source: "settings", url: "http://slurm-head:6820", user: "research", partition: "gpu", jobDir: "/shared/jobs", jobDirShared: false, credentials: "token saved in Settings (encrypted)", updatedBy: "admin@cluster.test" });
      const row = await m.getPrisma().clusterSetting.findUniqueOrThrow({ where: { backend: "slurm" } });
      expect(row.tokenCipher).toMatch(/^v1\./);
      expect(row.tokenCipher).not.toContain(TOKEN.slice(0, 20));
      const effective = (await m.effectiveSlurmConfig())!;
      expect(effective.config).toMatchObject({ url: "http://slurm-head:6820", user: "research", jwt: TOKEN, partition: "gpu" });
      // A blank token keeps the saved one; clearToken forgets it. The environment's token belongs to slurm-env: it is
      // not sent to slurm-head, only to a saved configuration of that same server.
      await call(m.slurm.PUT, "PUT", admin, { url: "http://slurm-head:6820", user: "research", partition: "gpu2" });
      expect((await m.effectiveSlurmConfig())!.config).toMatchObject({ jwt: TOKEN, partition: "gpu2" });
      await call(m.slurm.PUT, "PUT", admin, { url: "http://slurm-head:6820", user: "research", clearToken: true });
      expect((await m.effectiveSlurmConfig())!.config.jwt).toBeNull();
      await call(m.slurm.PUT, "PUT", admin, { url: "http://slurm-env:6820", user: "envuser", partition: "debug" });
      expect((await m.effectiveSlurmConfig())!.config).toMatchObject({ jwt: "env-token", partition: "debug" });
      const removed = await (await call(m.slurm.DELETE, "DELETE", admin)).json();
      expect(removed.slurm).toMatchObject({ source: "environment", url: "http://slurm-env:6820" });
    } finally {
      for (const key of ["SLURM_REST_URL", "SLURM_USER_NAME", "SLURM_JWT"]) delete process.env[key];
    }
  });

  it("refuses bad values field by field, and non-admins", async () => {
    const bad = await call(m.slurm.PUT, "PUT", admin, { url: "ftp://x", user: "", jobDir: "relative/dir", apiVersion: "latest" });
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).error.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(["apiVersion", "jobDir", "url", "user"]);
    expect((await call(m.slurm.PUT, "PUT", viewer, { url: "http://x:1", user: "u" })).status).toBe(403);
    expect((await call(m.test.POST, "POST", viewer)).status).toBe(403);
  });

  it("tests a connection before saving: a dead slurmrestd is reported, not thrown", async () => {
    const res = await call(m.test.POST, "POST", admin, { url: "http://127.0.0.1:9", user: "research", token: TOKEN });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: false, version: null, message: expect.stringMatching(/unreachable/) });
    expect(await (await call(m.test.POST, "POST", admin)).json()).toMatchObject({ ok: false, message: "Slurm is not configured" });
  });

  it("never sends a saved token to another server: not when testing another URL, not after the URL is changed", async () => {
    const { createServer } = await import("node:http");
    const seen: (string | undefined)[] = [];
    const other = createServer((req, res) => {
      seen.push(req.headers["x-slurm-user-token"] as string | undefined);
      res.writeHead(500, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const otherUrl = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
    try {
      await call(m.slurm.PUT, "PUT", admin, { url: "http://slurm-head:6820", user: "research", token: TOKEN });
      const tested = await (await call(m.test.POST, "POST", admin, { url: otherUrl, user: "research" })).json();
      expect(tested).toMatchObject({ ok: false, message: expect.stringMatching(/No Slurm token/) });
      await call(m.slurm.PUT, "PUT", admin, { url: otherUrl, user: "research" });
      expect((await m.getPrisma().clusterSetting.findUniqueOrThrow({ where: { backend: "slurm" } })).tokenCipher).toBeNull();
      expect((await m.effectiveSlurmConfig())!.config.jwt).toBeNull();
      // A box sealed for one server does not open for another, even when copied in the database.
      await call(m.slurm.PUT, "PUT", admin, { url: "http://slurm-head:6820", user: "research", token: TOKEN });
      await m.getPrisma().clusterSetting.update({ where: { backend: "slurm" }, data: { url: otherUrl } });
      await expect(m.effectiveSlurmConfig()).rejects.toThrow(/cannot be read/);
      expect(seen.filter((t) => t === TOKEN)).toEqual([]);
    } finally {
      other.close();
      await call(m.slurm.DELETE, "DELETE", admin);
    }
  });

  it("a token sealed under another secret cannot be used: Settings says to enter it again", async () => {
    await call(m.slurm.PUT, "PUT", admin, { url: "http://slurm-head:6820", user: "research", token: TOKEN });
    const secret = process.env.BETTER_AUTH_SECRET;
    process.env.BETTER_AUTH_SECRET = "another-secret-after-a-reinstall-0123456789";
    try {
      await expect(m.getClusterBackend("slurm")).rejects.toThrow(/cannot be read with this server's secret.*enter it again/);
      const view = await (await call(m.cluster.GET, "GET", admin)).json();
      expect(view.slurm).toMatchObject({ source: "settings", credentials: expect.stringMatching(/unreadable/) });
    } finally {
      process.env.BETTER_AUTH_SECRET = secret;
    }
    expect((await m.effectiveSlurmConfig())!.config.jwt).toBe(TOKEN);
    await call(m.slurm.DELETE, "DELETE", admin);
  });
});
