import "server-only";
import type { Pool } from "pg";
import { getPool } from "@/lib/db/pool";

// Builds the full-text search documents ("TrajectorySearch") of the trajectories queued in "SearchBacklog".
// Triggers queue a trajectory when its body is written or one of its critiques changes (migration
// 20261126123018_trajectory_search); nothing else writes the queue or the documents. See docs/search.md.

export const SEARCH_BATCH_SIZE = 100;

export type IndexSearchResult = { indexed: number; remaining: number };

/**
 * Drains up to `maxBatches` batches of the queue, each in its own short transaction: lock a batch (SKIP LOCKED, so
 * several indexers and the writers never wait on one another for long), build the documents in a statement that
 * starts after the locks are held (so it sees every write that queued them), then dequeue. Ids whose trajectory is
 * gone are dropped. Returns how many were indexed and how many are still queued.
 */
export async function indexSearchBacklog({
  batchSize = SEARCH_BATCH_SIZE,
  maxBatches = Number.POSITIVE_INFINITY,
  pool = getPool(),
  wait = false,
}: {
  batchSize?: number;
  maxBatches?: number;
  pool?: Pool;
  /**
   * Wait (up to a few seconds) for rows another indexer or a writer holds instead of skipping them: a search that
   * catches up must not run before a concurrent indexer has committed the documents it is building.
   */
  wait?: boolean;
} = {}): Promise<IndexSearchResult> {
  let indexed = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const done = await indexOneBatch(pool, batchSize, wait);
    indexed += done.indexed;
    if (done.picked === 0) break;
  }
  return { indexed, remaining: await searchBacklogSize(pool) };
}

async function indexOneBatch(pool: Pool, batchSize: number, wait: boolean): Promise<{ picked: number; indexed: number }> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    if (wait) await client.query(`SET LOCAL lock_timeout = '5s'`);
    const { rows } = await client.query<{ id: number }>(
      `SELECT "trajectoryId" AS id FROM "SearchBacklog" ORDER BY "trajectoryId" LIMIT $1 FOR UPDATE${wait ? "" : " SKIP LOCKED"}`,
      [batchSize],
    );
    if (!rows.length) {
      await client.query("COMMIT");
      return { picked: 0, indexed: 0 };
    }
    const ids = rows.map((row) => row.id);
    const result = await client.query(
      `INSERT INTO "TrajectorySearch" ("trajectoryId", document, "indexedAt")
       SELECT t.id,
              rw_search_document(k.question, t."finalAnswer", b.steps,
                (SELECT string_agg(j.critique, E'\\n' ORDER BY j.id) FROM "Judgment" j WHERE j."trajectoryId" = t.id)),
              now()
       FROM "Trajectory" t
       JOIN "Task" k ON k.id = t."taskId"
       LEFT JOIN "TrajectoryBody" b ON b."trajectoryId" = t.id
       WHERE t.id = ANY($1::int[])
       ON CONFLICT ("trajectoryId") DO UPDATE SET document = excluded.document, "indexedAt" = excluded."indexedAt"`,
      [ids],
    );
    await client.query(`DELETE FROM "SearchBacklog" WHERE "trajectoryId" = ANY($1::int[])`, [ids]);
    await client.query("COMMIT");
    return { picked: ids.length, indexed: result.rowCount ?? 0 };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    if (wait && (error as { code?: string }).code === "55P03") return { picked: 0, indexed: 0 }; // lock_timeout: give up
    throw error;
  } finally {
    client.release();
  }
}

/** How many trajectories wait for their search document (counted up to `cap`, which keeps this cheap). */
export async function searchBacklogSize(pool: Pool = getPool(), cap = 1_000_000): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM "SearchBacklog" LIMIT $1) q`,
    [cap],
  );
  return rows[0].n;
}

// ------------------------------------------------------------------------------------------------------------------
// The background indexer of a server process: started by the first page or API request that lists trajectories,
// it drains the queue while there is work and then checks every few seconds. One per process and database URL.

const IDLE_POLL_MS = 5_000;
const ERROR_BACKOFF_MS = 30_000;

type Indexer = { url: string; stopped: boolean; timer: NodeJS.Timeout | null };
const state = globalThis as unknown as { rwSearchIndexers?: Map<string, Indexer> };

export function ensureSearchIndexer(): void {
  const url = process.env.DATABASE_URL;
  if (!url || process.env.NEXT_PHASE === "phase-production-build") return;
  state.rwSearchIndexers ??= new Map();
  if (state.rwSearchIndexers.has(url)) return;
  const indexer: Indexer = { url, stopped: false, timer: null };
  state.rwSearchIndexers.set(url, indexer);
  const tick = async () => {
    indexer.timer = null;
    if (indexer.stopped || process.env.DATABASE_URL !== url) return;
    let delay = IDLE_POLL_MS;
    try {
      // A few batches at a time, so that on the single-backend embedded database other requests get their turn.
      const { indexed, remaining } = await indexSearchBacklog({ maxBatches: 5 });
      if (remaining > 0 && indexed > 0) delay = 50;
    } catch (error) {
      console.error("[search] indexing the search backlog failed:", (error as Error).message);
      delay = ERROR_BACKOFF_MS;
    }
    if (!indexer.stopped) {
      indexer.timer = setTimeout(tick, delay);
      indexer.timer.unref?.();
    }
  };
  indexer.timer = setTimeout(tick, 0);
  indexer.timer.unref?.();
}

/** Stops every background indexer of this process (tests). */
export function stopSearchIndexers(): void {
  for (const indexer of state.rwSearchIndexers?.values() ?? []) {
    indexer.stopped = true;
    if (indexer.timer) clearTimeout(indexer.timer);
  }
  state.rwSearchIndexers?.clear();
}
