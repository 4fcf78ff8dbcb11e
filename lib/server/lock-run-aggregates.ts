import "server-only";
import type { PoolClient } from "pg";

/**
 * Takes the compare aggregates' lock of the runs (migration compare_aggregates) at the start of a write transaction.
 * The triggers take it anyway; taken first, a writer never holds row locks that another writer of the same run waits
 * for while it waits for this lock (no deadlock between, say, an import and a judging job of one run).
 */
export async function lockRunAggregates(client: Pick<PoolClient, "query">, runIds: number[]): Promise<void> {
  if (runIds.length) await client.query(`SELECT "rw_lock_compare_runs"($1::int[])`, [runIds]);
}
