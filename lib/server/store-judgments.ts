import "server-only";
import type { PoolClient } from "pg";
import type { NormalizedJudgment } from "@/lib/formats/trajectory-schema";

export type JudgmentRow = { trajectoryId: number; judgment: NormalizedJudgment };

/**
 * Writes judgments, one per (trajectory, RRM model): a judgment imported again replaces the stored one (the last
 * of a batch wins), and the trajectories' rrmScore / judgmentCount summary columns follow. Runs on the caller's
 * client, inside its transaction.
 */
export async function storeJudgments(client: Pick<PoolClient, "query">, rows: JudgmentRow[]): Promise<void> {
  const byKey = new Map<string, Record<string, unknown>>();
  for (const { trajectoryId, judgment: j } of rows) {
    byKey.set(`${trajectoryId}\u0000${j.rrmModel}`, {
      trajectoryId,
      rrmModel: j.rrmModel,
      reasoning: j.reasoning ?? null,
      critique: j.critique ?? null,
      score: j.score ?? null,
      rawOutput: j.rawOutput ?? null,
      parseStatus: j.parseStatus,
      parseNotes: j.parseNotes,
      createdAt: j.createdAt ?? null,
    });
  }
  if (!byKey.size) return;
  await client.query(
    `INSERT INTO "Judgment" ("trajectoryId", "rrmModel", reasoning, critique, score, "rawOutput", "parseStatus", "parseNotes", source, "createdAt")
     SELECT "trajectoryId", "rrmModel", reasoning, critique, score, "rawOutput", "parseStatus",
       ARRAY(SELECT jsonb_array_elements_text("parseNotes")), 'import', COALESCE("createdAt", now())
     FROM jsonb_to_recordset($1::jsonb) AS r("trajectoryId" int, "rrmModel" text, reasoning text, critique text,
       score float8, "rawOutput" text, "parseStatus" "ParseStatus", "parseNotes" jsonb, "createdAt" timestamptz)
     ON CONFLICT ("trajectoryId", "rrmModel") DO UPDATE SET reasoning = excluded.reasoning, critique = excluded.critique,
       score = excluded.score, "rawOutput" = excluded."rawOutput", "parseStatus" = excluded."parseStatus",
       "parseNotes" = excluded."parseNotes", "createdAt" = excluded."createdAt"
     WHERE ("Judgment".reasoning, "Judgment".critique, "Judgment".score, "Judgment"."rawOutput")
       IS DISTINCT FROM (excluded.reasoning, excluded.critique, excluded.score, excluded."rawOutput")`,
    [JSON.stringify([...byKey.values()])],
  );
  await refreshJudgmentSummary(client, [...new Set(rows.map((row) => row.trajectoryId))]);
}

/** Keeps Trajectory.rrmScore (the latest judgment's score) and judgmentCount in step with the Judgment rows. */
export async function refreshJudgmentSummary(client: Pick<PoolClient, "query">, trajectoryIds: number[]): Promise<void> {
  if (!trajectoryIds.length) return;
  await client.query(
    `UPDATE "Trajectory" t SET "rrmScore" = j.score, "judgmentCount" = j.n
     FROM (SELECT "trajectoryId", count(*)::int AS n,
                  (array_agg(score ORDER BY "createdAt" DESC, id DESC))[1] AS score
           FROM "Judgment" WHERE "trajectoryId" = ANY($1::int[]) GROUP BY "trajectoryId") j
     WHERE t.id = j."trajectoryId" AND (t."rrmScore", t."judgmentCount") IS DISTINCT FROM (j.score, j.n)`,
    [trajectoryIds],
  );
}
