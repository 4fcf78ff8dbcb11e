// Vitest globalSetup: without DATABASE_URL, boots one in-memory PGlite, dumps its data directory fresh and again
// after `migrate()`, and hands both dumps to tests/helpers/database.ts, which loads a copy per test database
// (about 0.6 s instead of 3-5 s for a new PGlite). With DATABASE_URL set it does nothing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrate } from "../../scripts/migrate.mjs";

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  if (process.env.DATABASE_URL) {
    project.provide("pgliteTemplates", null);
    return undefined;
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const dir = mkdtempSync(path.join(os.tmpdir(), "rw-pglite-templates-"));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const dump = async (db: InstanceType<typeof PGlite>, name: string) => {
    const file = path.join(dir, `${name}.tar`);
    writeFileSync(file, Buffer.from(await (await db.dumpDataDir("none")).arrayBuffer()));
    return file;
  };

  const db = await PGlite.create("memory://", { extensions: { pg_trgm } });
  try {
    const empty = await dump(db, "empty");
    let migrated: string | null = null;
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 4 });
    await server.start();
    try {
      await migrate(`postgresql://postgres:postgres@${server.getServerConn()}/postgres`, { log: () => {} });
      migrated = await dump(db, "migrated");
    } catch (error) {
      // Leave the failure to the tests: each migrates its own copy of `empty` and reports it there.
      console.warn(`global-setup: no migrated PGlite template (${(error as Error).message})`);
    } finally {
      await server.stop();
    }
    project.provide("pgliteTemplates", { empty, migrated });
  } catch (error) {
    cleanup();
    throw error;
  } finally {
    await db.close();
  }
  return cleanup;
}
