import "server-only";
import pg from "pg";
import { NO_JIT } from "@/lib/db/session-options";

const cache = globalThis as unknown as { workbenchPools?: Map<string, pg.Pool> };

/**
 * A plain `pg` pool on DATABASE_URL, for the bulk paths (ingest, export, seeding) where one set-based SQL statement
 * per batch beats row-by-row ORM calls. Keyed by URL so a test that switches databases gets its own pool.
 */
export function getPool(): pg.Pool {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the workbench with `npm start`.");
  cache.workbenchPools ??= new Map();
  let pool = cache.workbenchPools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 4, options: NO_JIT });
    cache.workbenchPools.set(url, pool);
  }
  return pool;
}

/** Closes every pool (CLIs call it before exiting). */
export async function closePools(): Promise<void> {
  const pools = [...(cache.workbenchPools?.values() ?? [])];
  cache.workbenchPools?.clear();
  await Promise.all(pools.map((pool) => pool.end()));
}
