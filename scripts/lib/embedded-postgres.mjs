// The embedded PostgreSQL (PGlite behind its wire-protocol socket server) and how every command finds a database.
//
// One process owns a data directory at a time: it writes DATA_DIR/embedded.json with its pid and port. Other
// commands (admin, seed, import …) read that file and connect to the running server; when nothing runs they
// start a private server for the length of the command.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { isolateExtendedQueries } from "./pglite-socket-isolation.mjs";

export const DEFAULT_DATA_DIR = ".data";

export function dataDir() {
  return path.resolve(process.env.DATA_DIR || DEFAULT_DATA_DIR);
}

function ownerFile(dir) {
  return path.join(dir, "embedded.json");
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** The running embedded server of `dir`, or null when none runs (a stale owner file is ignored). */
export function runningEmbeddedServer(dir = dataDir()) {
  const file = ownerFile(dir);
  if (!existsSync(file)) return null;
  try {
    const owner = JSON.parse(readFileSync(file, "utf8"));
    return isAlive(owner.pid) ? owner : null;
  } catch {
    return null;
  }
}

export function embeddedUrl(port) {
  return `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export class StartupError extends Error {}

/**
 * Opens PGlite on `dir` and serves it on 127.0.0.1:`port` (a free port when 0). Refuses a directory that another
 * live process owns. Returns { url, port, stop }.
 */
export async function startEmbeddedServer({ dir = dataDir(), port = 0, log = () => {} } = {}) {
  const owner = runningEmbeddedServer(dir);
  if (owner) {
    throw new StartupError(
      `The embedded database in ${dir} is in use by process ${owner.pid} (port ${owner.port}): stop that workbench first, or set DATA_DIR to use another directory.`,
    );
  }
  const pgDir = path.join(dir, "pglite");
  const fresh = !existsSync(path.join(pgDir, "PG_VERSION"));
  mkdirSync(dir, { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  log(fresh ? `Creating the embedded database in ${pgDir} …` : `Opening the embedded database in ${pgDir} …`);
  let db;
  try {
    db = await PGlite.create(pgDir, { extensions: { pg_trgm } }); // pg_trgm: the migrations create it
  } catch (error) {
    throw new StartupError(
      `The embedded database in ${pgDir} could not be opened (${error?.message ?? error}). Nothing was changed: move the directory aside (mv ${dir} ${dir}.broken) to start with a fresh one, or point DATA_DIR at a backup.`,
    );
  }
  const listenPort = port || (await freePort());
  const server = isolateExtendedQueries(new PGLiteSocketServer({ db, host: "127.0.0.1", port: listenPort, maxConnections: 32 }));
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw new StartupError(
      `The embedded database could not listen on 127.0.0.1:${listenPort} (${error?.message ?? error}): free that port or choose another with PGLITE_PORT.`,
    );
  }
  writeFileSync(ownerFile(dir), JSON.stringify({ pid: process.pid, port: listenPort }) + "\n");
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await server.stop();
    } finally {
      await db.close();
      rmSync(ownerFile(dir), { force: true });
    }
  };
  return { url: embeddedUrl(listenPort), port: listenPort, fresh, stop };
}

/**
 * The database a command should use: DATABASE_URL when set, else the running embedded server of DATA_DIR, else a
 * private embedded server started for this command. Call `close()` when done.
 */
export async function resolveDatabase({ log = () => {} } = {}) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, close: async () => {} };
  const dir = dataDir();
  const owner = runningEmbeddedServer(dir);
  if (owner) return { url: embeddedUrl(owner.port), embedded: true, close: async () => {} };
  const server = await startEmbeddedServer({ dir, log });
  return { url: server.url, embedded: true, fresh: server.fresh, close: server.stop };
}
