import "server-only";
import { z } from "zod";
import { getPool } from "@/lib/db/pool";
import { describeZodError } from "@/lib/formats/describe-zod-error";
import { readJsonLines } from "@/lib/formats/read-json-lines";
import { judgmentInputSchema } from "@/lib/formats/trajectory-schema";
import { completeJudgment } from "@/lib/rrm/complete-judgment";
import { MAX_REPORTED_ERRORS, type IngestError } from "@/lib/server/ingest-trajectories";
import { lockRunAggregates } from "@/lib/server/lock-run-aggregates";
import { storeJudgments, type JudgmentRow } from "@/lib/server/store-judgments";

/** One line of a judgments file: which trajectory of the run (by its external id, or the workbench id) and the judgment. */
export const judgmentRecordSchema = judgmentInputSchema.extend({
  trajectoryExternalId: z.string().min(1).optional(),
  trajectoryId: z.number().int().positive().optional(),
}).refine((r) => r.trajectoryExternalId !== undefined || r.trajectoryId !== undefined, {
  message: "name the trajectory with trajectoryExternalId (or trajectoryId)",
  path: ["trajectoryExternalId"],
});

export type JudgmentIngestReport = { runId: number; imported: number; rejected: number; errors: IngestError[] };

const BATCH = 500;

/**
 * Attaches judgments that arrive on their own (e.g. from a judging job) to a run's trajectories, matched by external
 * id. A judgment for a trajectory the run does not have is rejected with its line; the others land.
 */
export async function ingestJudgments(runId: number, bytes: AsyncIterable<Uint8Array>, { fileName = null as string | null, maxRecordBytes = 16 * 1024 * 1024 } = {}): Promise<JudgmentIngestReport> {
  const report: JudgmentIngestReport = { runId, imported: 0, rejected: 0, errors: [] };
  const reject = (line: number, message: string) => {
    report.rejected++;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ file: fileName, line, location: null, message });
  };
  let batch: { line: number; record: z.output<typeof judgmentRecordSchema> }[] = [];

  const flush = async () => {
    if (!batch.length) return;
    const pool = getPool();
    const externalIds = batch.flatMap(({ record }) => (record.trajectoryExternalId ? [record.trajectoryExternalId] : []));
    const ids = batch.flatMap(({ record }) => (record.trajectoryId ? [record.trajectoryId] : []));
    const { rows } = await pool.query<{ id: number; externalId: string | null }>(
      `SELECT id, "externalId" FROM "Trajectory" WHERE "runId" = $1 AND ("externalId" = ANY($2::text[]) OR id = ANY($3::int[]))`,
      [runId, externalIds, ids],
    );
    const byExternalId = new Map(rows.filter((r) => r.externalId !== null).map((r) => [r.externalId!, r.id]));
    const known = new Set(rows.map((r) => r.id));
    const toStore: JudgmentRow[] = [];
    for (const { line, record } of batch) {
      const { trajectoryExternalId, trajectoryId, ...judgment } = record;
      const id = trajectoryExternalId !== undefined ? byExternalId.get(trajectoryExternalId) : trajectoryId !== undefined && known.has(trajectoryId) ? trajectoryId : undefined;
      if (id === undefined) {
        reject(line, `no trajectory ${trajectoryExternalId !== undefined ? `with external id "${trajectoryExternalId}"` : trajectoryId} in run ${runId}`);
        continue;
      }
      toStore.push({ trajectoryId: id, judgment: completeJudgment(judgment) });
    }
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await lockRunAggregates(client, [runId]);
      await storeJudgments(client, toStore);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    report.imported += toStore.length;
    batch = [];
  };

  for await (const entry of readJsonLines(bytes, { maxRecordBytes })) {
    if (!entry.ok) {
      reject(entry.line, entry.error);
      continue;
    }
    const parsed = judgmentRecordSchema.safeParse(entry.value);
    if (!parsed.success) {
      reject(entry.line, describeZodError(parsed.error));
      continue;
    }
    batch.push({ line: entry.line, record: parsed.data });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  // Unknown trajectories are found per batch, after the parse errors of later lines: report in file order.
  report.errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return report;
}
