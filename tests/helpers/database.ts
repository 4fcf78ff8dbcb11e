// A fresh database per integration test file.
//
//   import { useTestDatabase } from "../helpers/database";
//   const db = useTestDatabase();            // top level of the file (or of a describe), once per file
//   it("…", async () => { getPrisma() … db.url … });
//
// beforeAll creates a database nobody else uses, applies prisma/migrations with scripts/migrate.mjs, points
// process.env.DATABASE_URL at it and drops the app's cached clients (globalThis.workbenchPrisma, workbenchPools,
// workbenchAuth: every globalThis.workbench*), so `getPrisma()` from "@/lib/db/prisma" connects to it. afterAll
// disconnects those clients, restores DATABASE_URL and drops the database.
//
// Where the database lives:
// - DATABASE_URL unset: an in-memory PGlite (memory://, PostgreSQL 18) served on a free 127.0.0.1 port by
//   PGLiteSocketServer. It is loaded from a template that tests/helpers/global-setup.ts built once for the run
//   (0.6 s instead of 3-5 s per database), then `migrate()` runs on it as on any database.
// - DATABASE_URL set (a real PostgreSQL): CREATE DATABASE rw_test_<random> on that server, through its maintenance
//   database `postgres`; dropped WITH (FORCE) afterwards. The database DATABASE_URL names itself is never touched.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, inject, type ProvidedContext } from "vitest";
import { migrate } from "../../scripts/migrate.mjs";
import { isolateExtendedQueries } from "../../scripts/lib/pglite-socket-isolation.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** Data-directory dumps of a fresh PGlite (`empty`) and of one with the migrations applied (`migrated`). */
    pgliteTemplates: { empty: string; migrated: string | null } | null;
  }
}

export interface TestDatabase {
  /** postgresql:// URL of this file's database; readable in tests and hooks once beforeAll has run. */
  readonly url: string;
}

export interface TestDatabaseOptions {
  /** Apply prisma/migrations (default true). `false` gives an empty database. */
  migrate?: boolean;
}

export interface CreatedTestDatabase {
  readonly url: string;
  /** "pglite" (in-memory, DATABASE_URL unset) or "postgresql" (a database on DATABASE_URL's server). */
  readonly engine: "pglite" | "postgresql";
  /** Stops/drops the database. Safe to call twice. */
  drop(): Promise<void>;
}

// DATABASE_URL as the test process started with it, before any useTestDatabase() pointed it elsewhere.
const SERVER_URL_KEY = Symbol.for("reagent-workbench.tests.serverDatabaseUrl");
const store = globalThis as unknown as Record<symbol, string | null | undefined>;
if (!(SERVER_URL_KEY in store)) store[SERVER_URL_KEY] = process.env.DATABASE_URL || null;

/** The real PostgreSQL the integration tests create their databases on, or null when they use PGlite. */
export function testServerUrl(): string | null {
  return store[SERVER_URL_KEY] ?? null;
}

/**
 * Registers beforeAll/afterAll hooks that give this test file its own fresh database (see the top of this file).
 * Call it once per file.
 */
export function useTestDatabase(options: TestDatabaseOptions = {}): TestDatabase {
  let database: CreatedTestDatabase | undefined;
  let previousUrl: string | undefined;

  beforeAll(async () => {
    await resetPrismaClient();
    database = await createTestDatabase(options);
    previousUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = database.url;
  });

  afterAll(async () => {
    await resetPrismaClient();
    if (database && process.env.DATABASE_URL === database.url) {
      if (previousUrl === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previousUrl;
    }
    await database?.drop();
    database = undefined;
  });

  return {
    get url(): string {
      if (!database) throw new Error("useTestDatabase(): the database exists only between its beforeAll and afterAll");
      return database.url;
    },
  };
}

/**
 * Disconnects and forgets the app's cached connections, so the next getPrisma()/getPool()/getAuth() reads
 * DATABASE_URL again: every `globalThis.workbench*` cache (workbenchPrisma, workbenchPools, workbenchAuth, …).
 * Prisma clients are $disconnect()ed and pg pools end()ed first: a pool left open when its database is dropped
 * emits an unhandled "error" that would crash the test worker.
 */
export async function resetPrismaClient(): Promise<void> {
  const caches = globalThis as unknown as Record<string, unknown>;
  const closing: Promise<unknown>[] = [];
  for (const key of Object.keys(caches).filter((name) => name.startsWith("workbench"))) {
    const value = caches[key];
    delete caches[key];
    for (const item of value instanceof Map ? value.values() : [value]) {
      const closable = item as { $disconnect?: () => Promise<void>; end?: () => Promise<void> } | null;
      if (typeof closable?.$disconnect === "function") closing.push(closable.$disconnect().catch(() => {}));
      else if (typeof closable?.end === "function") closing.push(closable.end().catch(() => {})); // pg.Pool
    }
  }
  await Promise.all(closing);
}

/**
 * A fresh database that the caller owns and must `drop()`: what useTestDatabase() uses, for tests that need more
 * than one database or full control (e.g. the migration tests). Does not touch process.env.
 */
export async function createTestDatabase({ migrate: applyMigrations = true }: TestDatabaseOptions = {}): Promise<CreatedTestDatabase> {
  const server = testServerUrl();
  const database = server ? await createPostgresDatabase(server) : await createPgliteDatabase(applyMigrations);
  if (applyMigrations) {
    try {
      await migrate(database.url, { log: () => {} });
    } catch (error) {
      await database.drop();
      throw error;
    }
  }
  return database;
}

// ---------------------------------------------------------------------------------------------------------------
// Real PostgreSQL

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/** Runs `fn` on a connection to the server's maintenance database (`postgres`, else the one DATABASE_URL names). */
async function onMaintenanceDatabase<T>(server: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  let client = new pg.Client({ connectionString: withDatabase(server, "postgres") });
  try {
    await client.connect();
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") throw error; // no database "postgres" here
    client = new pg.Client({ connectionString: server });
    await client.connect();
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function createPostgresDatabase(server: string): Promise<CreatedTestDatabase> {
  const name = `rw_test_${randomBytes(6).toString("hex")}`;
  // template0: nothing a developer installed into template1 leaks into the tests.
  await onMaintenanceDatabase(server, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE template0`));
  let dropped = false;
  return {
    url: withDatabase(server, name),
    engine: "postgresql",
    async drop() {
      if (dropped) return;
      dropped = true;
      await onMaintenanceDatabase(server, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// PGlite

const templateCache = new Map<string, Blob>();

function pgliteTemplate(migrated: boolean): Blob | null {
  let templates: ProvidedContext["pgliteTemplates"] | undefined;
  try {
    templates = inject("pgliteTemplates");
  } catch {
    templates = undefined; // not under the project's vitest config: build databases from scratch
  }
  const file = (migrated ? templates?.migrated : null) ?? templates?.empty;
  if (!file) return null;
  let blob = templateCache.get(file);
  if (!blob) {
    blob = new Blob([readFileSync(file)]);
    templateCache.set(file, blob);
  }
  return blob;
}

async function createPgliteDatabase(migrated: boolean): Promise<CreatedTestDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const template = pgliteTemplate(migrated);
  const extensions = { pg_trgm }; // the migrations create it
  const db = template
    ? await PGlite.create({ dataDir: "memory://", loadDataDir: template, extensions })
    : await PGlite.create("memory://", { extensions });
  // maxConnections: the socket server rejects connections beyond it; pg pools (adapter-pg max 8, pg default 10)
  // plus the test's own clients must fit.
  const server = isolateExtendedQueries(new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 32 }));
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  let dropped = false;
  return {
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres`,
    engine: "pglite",
    async drop() {
      if (dropped) return;
      dropped = true;
      try {
        await server.stop();
      } finally {
        await db.close();
      }
    },
  };
}
