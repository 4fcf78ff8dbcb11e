import "server-only";
import { getPool } from "@/lib/db/pool";

/**
 * The steps of one trajectory whose full text (text, tool name and arguments, extracted answer) contains `needle`,
 * case-insensitively, with the number of occurrences: the reader's in-page search, which must also find what the
 * detail answer cut off. Null when the trajectory has no body.
 */
export async function searchTrajectorySteps(id: number, needle: string): Promise<{ index: number; count: number }[] | null> {
  const { rows } = await getPool().query<{ index: number; count: number }>(
    `WITH s AS (
       SELECT (e.ord - 1)::int AS position, coalesce((e.s ->> 'index')::int, (e.ord - 1)::int) AS index,
              lower(concat_ws(E'\\n', e.s ->> 'text', e.s -> 'tool' ->> 'name', jsonb_pretty(e.s -> 'tool' -> 'arguments'), e.s ->> 'answer')) AS body
       FROM "TrajectoryBody" b, jsonb_array_elements(b.steps) WITH ORDINALITY AS e(s, ord)
       WHERE b."trajectoryId" = $1 AND jsonb_typeof(b.steps) = 'array'
     )
     SELECT index, ((length(body) - length(replace(body, lower($2), ''))) / length($2))::int AS count
     FROM s WHERE strpos(body, lower($2)) > 0 ORDER BY position`,
    [id, needle],
  );
  if (rows.length) return rows;
  const exists = await getPool().query(`SELECT 1 FROM "TrajectoryBody" WHERE "trajectoryId" = $1`, [id]);
  return exists.rowCount ? [] : null;
}
