// Applies prisma/migrations to a database and records them in _prisma_migrations exactly as `prisma migrate deploy`
// does (same table, checksum, lock key and failure semantics), without Prisma's native schema engine, which cannot
// be downloaded on these machines. `npm run db:migrate` applies, `npm run db:status` reports.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../prisma/migrations");
const PRISMA_MIGRATE_LOCK_KEY = 72707369; // the advisory lock Prisma Migrate takes, so the two never run at once

// Prisma's own DDL for its bookkeeping table.
const MIGRATIONS_TABLE_DDL = `CREATE TABLE _prisma_migrations (
  id VARCHAR(36) PRIMARY KEY NOT NULL,
  checksum VARCHAR(64) NOT NULL,
  finished_at TIMESTAMPTZ,
  migration_name VARCHAR(255) NOT NULL,
  logs TEXT,
  rolled_back_at TIMESTAMPTZ,
  started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  applied_steps_count INTEGER NOT NULL DEFAULT 0
)`;

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

// Prisma accepts a checksum of the file with either line ending.
const checksumMatches = (sql, checksum) =>
  [sql, sql.replace(/\r\n/g, "\n"), sql.replace(/\n/g, "\r\n")].some((variant) => sha256(variant) === checksum);

export class MigrationError extends Error {}

/** The migrations in `dir` (default prisma/migrations), oldest first: [{ name, sql }]. */
export function localMigrations(dir = MIGRATIONS_DIR) {
  const lock = readFileSync(path.join(dir, "migration_lock.toml"), "utf8");
  if (!/^provider = "postgresql"$/m.test(lock)) throw new MigrationError(`${path.join(dir, "migration_lock.toml")} is not for postgresql`);
  return readdirSync(dir)
    .filter((name) => existsSync(path.join(dir, name, "migration.sql")))
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

/**
 * Reads the migration state: { pending: string[], failed: string[], edited: string[] }.
 * `client` is a connected pg client.
 */
async function readState(client, local) {
  const {
    rows: [table],
  } = await client.query(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present,
      (SELECT count(*)::int FROM pg_tables WHERE schemaname = current_schema()) AS tables`);
  const applied = table.present
    ? (await client.query("SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at")).rows
    : [];
  const failed = applied.filter((row) => !row.finished_at && !row.rolled_back_at).map((row) => row.migration_name);
  const finished = new Map(applied.filter((row) => row.finished_at).map((row) => [row.migration_name, row.checksum]));
  return {
    hasTable: table.present,
    foreignTables: !table.present && table.tables > 0,
    failed,
    edited: local.filter((m) => finished.has(m.name) && !checksumMatches(m.sql, finished.get(m.name))).map((m) => m.name),
    pending: local.filter((m) => !finished.has(m.name)),
  };
}

/** `dir`: the migrations directory (default prisma/migrations). */
export async function migrationStatus(url, { dir = MIGRATIONS_DIR } = {}) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const state = await readState(client, localMigrations(dir));
    return { pending: state.pending.map((m) => m.name), failed: state.failed, edited: state.edited };
  } finally {
    await client.end();
  }
}

/** Applies the pending migrations of `dir` (default prisma/migrations); returns their names. */
export async function migrate(url, { log = console.log, dir = MIGRATIONS_DIR } = {}) {
  const local = localMigrations(dir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]); // released by client.end()
    const state = await readState(client, local);
    if (state.foreignTables) {
      throw new MigrationError(
        "P3005: the database already has tables but no _prisma_migrations table. Point DATABASE_URL at an empty database (or baseline this one).",
      );
    }
    if (state.failed.length) {
      throw new MigrationError(
        `P3009: migration ${state.failed.join(", ")} failed earlier and blocks new ones. Fix the cause, then mark it rolled back: UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '${state.failed[0]}' AND finished_at IS NULL;`,
      );
    }
    for (const name of state.edited) log(`warning: migration ${name} was edited after it was applied`);
    if (!state.hasTable) await client.query(MIGRATIONS_TABLE_DDL);
    for (const migration of state.pending) {
      const id = randomUUID();
      await client.query("INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ($1, $2, $3)", [
        id,
        sha256(migration.sql),
        migration.name,
      ]);
      try {
        // One simple-protocol query runs as one implicit transaction: a failing script leaves nothing behind.
        await client.query(migration.sql);
      } catch (error) {
        await client.query("UPDATE _prisma_migrations SET logs = $2 WHERE id = $1", [id, String(error.stack ?? error)]);
        throw new MigrationError(`Migration ${migration.name} failed: ${error.message}. Nothing of it was applied.`);
      }
      await client.query("UPDATE _prisma_migrations SET applied_steps_count = 1, finished_at = now() WHERE id = $1", [id]);
      log(`applied ${migration.name}`);
    }
    return state.pending.map((m) => m.name);
  } finally {
    await client.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { resolveDatabase } = await import("./lib/embedded-postgres.mjs");
  const { describeConnectionError } = await import("./lib/connection-errors.mjs");
  const database = await resolveDatabase({ log: console.log });
  try {
    if (process.argv[2] === "status") {
      const status = await migrationStatus(database.url);
      if (status.failed.length) console.log(`failed: ${status.failed.join(", ")}`);
      if (status.edited.length) console.log(`edited after apply: ${status.edited.join(", ")}`);
      console.log(status.pending.length ? `pending: ${status.pending.join(", ")}` : "up to date");
    } else {
      const applied = await migrate(database.url);
      if (!applied.length) console.log("no pending migrations");
    }
  } catch (error) {
    console.error(error instanceof MigrationError ? error.message : describeConnectionError(error, database.url));
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
