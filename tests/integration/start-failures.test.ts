// `npm start` refuses to start with one sentence that says what to do, and touches no data, when the database is
// unreachable or misnamed, the port is taken, the data directory is in use or cannot be opened.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedServer } from "../../scripts/lib/embedded-postgres.mjs";

const START = path.resolve("scripts/start.mjs");
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "rw-start-"));
  dirs.push(dir);
  return dir;
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function start(env: Record<string, string | undefined>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [START], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

describe("npm start refuses bad set-ups with one clear sentence", () => {
  it("names an unreachable server", async () => {
    const port = await freePort();
    const result = await start({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/x`, PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No PostgreSQL server answers at postgresql://postgres@127.0.0.1:${port}/x: start it, or fix DATABASE_URL.`);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("explains a DATABASE_URL that is not a postgresql:// URL", async () => {
    const result = await start({ DATABASE_URL: "mysql://root@localhost/db", PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL starts with mysql:// but must be a postgresql:// URL.");
  });

  it("names a port in use and suggests another", async () => {
    const blocker = net.createServer().listen(0);
    await new Promise((resolve) => blocker.once("listening", resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const result = await start({ PORT: String(port), DATA_DIR: tempDir() });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Port ${port} is already in use`);
      expect(result.stderr).toContain(`PORT=${port + 1} npm start`);
    } finally {
      blocker.close();
    }
  });

  it("refuses a data directory another workbench is using", async () => {
    const dir = tempDir();
    const running = await startEmbeddedServer({ dir });
    try {
      const result = await start({ DATA_DIR: dir, PORT: String(await freePort()) });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`The embedded database in ${dir} is in use by process ${process.pid}`);
    } finally {
      await running.stop();
    }
  }, 60_000);

  it("refuses a data directory it cannot open, and leaves it as it was", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "pglite"));
    writeFileSync(path.join(dir, "pglite", "PG_VERSION"), "not a database\n");
    const before = readdirSync(path.join(dir, "pglite"));
    const result = await start({ DATA_DIR: dir, PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("could not be opened");
    expect(result.stderr).toContain("Nothing was changed");
    expect(readdirSync(path.join(dir, "pglite"))).toEqual(before);
  }, 60_000);
});
