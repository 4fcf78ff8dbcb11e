import "server-only";
import { getPool } from "@/lib/db/pool";
import { ApiError } from "@/lib/http/api-error";
import { indexSearchBacklog, searchBacklogSize } from "@/lib/server/index-search";
import { type TrajectoryList, type TrajectoryRow } from "@/lib/trajectory-schemas";
import {
  decodeCursor,
  encodeCursor,
  type Cursor,
  type SortKey,
  type TrajectoryPageParams,
  type TrajectoryQuery,
} from "@/lib/trajectory-query";

// The trajectory list: filters, search, sort and keyset pagination over the summary columns of "Trajectory" (plus
// the run's name and a cut of the task's question); step bodies are never read. See docs/search.md for the search.

export type { TrajectoryList, TrajectoryRow };

/** Below this many queued trajectories a search indexes them first, so small imports are searchable at once. */
export const SEARCH_CATCH_UP_LIMIT = 500;

const SORT_COLUMNS: Record<SortKey, { column: string; nullable: boolean; time?: boolean }> = {
  time: { column: `"createdAt"`, nullable: false, time: true },
  score: { column: `"rrmScore"`, nullable: true },
  steps: { column: `"stepCount"`, nullable: false },
  tokens: { column: `"tokenCount"`, nullable: true },
};

class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The LIKE pattern matching `text` anywhere, with %, _ and \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `column = value` for one value (an ordered index on the column then also gives the sort), `= ANY` for several. */
function oneOf(column: string, values: readonly (string | number)[], type: "int" | "text", p: Params): string {
  return values.length === 1 ? `${column} = ${p.add(values[0])}::${type}` : `${column} = ANY(${p.add(values)}::${type}[])`;
}

function filterClauses(query: TrajectoryQuery, p: Params): string[] {
  const where: string[] = [];
  if (query.run.length) where.push(oneOf(`t."runId"`, query.run, "int", p));
  if (query.variant.length) where.push(`t."runId" IN (SELECT r.id FROM "Run" r WHERE r.variant::text = ANY(${p.add(query.variant)}::text[]))`);
  if (query.benchmark.length) where.push(oneOf("t.benchmark", query.benchmark, "text", p));
  if (query.level.length) where.push(oneOf("t.level", query.level, "text", p));
  if (query.correct === "true") where.push(`t.correct = true`);
  if (query.correct === "false") where.push(`t.correct = false`);
  if (query.correct === "unknown") where.push(`t.correct IS NULL`);
  if (query.termination.length) where.push(oneOf("t.termination", query.termination, "text", p));
  if (query.stage) where.push(`t.stage = ${p.add(query.stage)}::"AttemptStage"`);
  if (query.rrmModel) {
    const conditions = [`j."trajectoryId" = t.id`, `j."rrmModel" = ${p.add(query.rrmModel)}`];
    if (query.minScore !== undefined) conditions.push(`j.score >= ${p.add(query.minScore)}::float8`);
    if (query.maxScore !== undefined) conditions.push(`j.score <= ${p.add(query.maxScore)}::float8`);
    where.push(`EXISTS (SELECT 1 FROM "Judgment" j WHERE ${conditions.join(" AND ")})`);
  } else {
    if (query.minScore !== undefined) where.push(`t."rrmScore" >= ${p.add(query.minScore)}::float8`);
    if (query.maxScore !== undefined) where.push(`t."rrmScore" <= ${p.add(query.maxScore)}::float8`);
  }
  if (query.judged === "yes") where.push(`t."judgmentCount" > 0`);
  if (query.judged === "no") where.push(`t."judgmentCount" = 0`);
  if (query.annotated === "yes") where.push(`t.annotated = true`);
  if (query.annotated === "no") where.push(`t.annotated = false`);
  if (query.errorTag.length) {
    where.push(`EXISTS (SELECT 1 FROM "Annotation" a WHERE a."trajectoryId" = t.id AND a."errorTags" && ${p.add(query.errorTag)}::text[])`);
  }
  if (query.tool.length) where.push(`t."toolsUsed" @> ${p.add(query.tool)}::text[]`);
  if (query.minSteps !== undefined) where.push(`t."stepCount" >= ${p.add(query.minSteps)}::int`);
  if (query.maxSteps !== undefined) where.push(`t."stepCount" <= ${p.add(query.maxSteps)}::int`);
  if (query.minTokens !== undefined) where.push(`t."tokenCount" >= ${p.add(query.minTokens)}::int`);
  if (query.maxTokens !== undefined) where.push(`t."tokenCount" <= ${p.add(query.maxTokens)}::int`);
  return where;
}

/**
 * The ways a trajectory can match the search text; a trajectory matches when any does. Each becomes its own branch
 * of the query so that PostgreSQL plans each with its index (GIN on the document, trigram on question / answer).
 */
function searchAlternatives(q: string, p: Params, fullText: boolean): string[] {
  const alternatives: string[] = [];
  if (fullText) {
    alternatives.push(
      `EXISTS (SELECT 1 FROM "TrajectorySearch" s WHERE s."trajectoryId" = t.id AND s.document @@ websearch_to_tsquery('english', ${p.add(q)}))`,
    );
  }
  if ([...q].length >= 3) {
    const pattern = p.add(containsPattern(q));
    alternatives.push(`t."finalAnswer" ILIKE ${pattern}`);
    alternatives.push(`t."taskId" IN (SELECT k.id FROM "Task" k WHERE k.question ILIKE ${pattern})`);
  }
  return alternatives;
}

type Segment = { nulls: boolean; dir: "asc" | "desc"; after: { key: number | string | null; id: number } | null };

/**
 * The parts of the ordering to read, in reading order. Rows with a sort value come first (segment 0), rows without
 * one last (segment 1), whatever the direction. Reading backwards (`reverse`, for "previous") flips the direction and
 * the order of the segments. `from` is the position to continue after.
 */
export function planSegments(
  nullable: boolean,
  order: "asc" | "desc",
  from: { segment: 0 | 1; key: number | string | null; id: number } | null,
  reverse = false,
): Segment[] {
  const all = nullable ? [0, 1] : [0];
  const start = from?.segment ?? (reverse ? all.length - 1 : 0);
  const indices = reverse ? all.filter((i) => i <= start).reverse() : all.filter((i) => i >= start);
  const dir = reverse ? (order === "asc" ? "desc" : "asc") : order;
  return indices.map((i) => ({ nulls: i === 1, dir, after: from && i === from.segment ? { key: from.key, id: from.id } : null }));
}

function segmentSql(
  segment: Segment,
  sort: { column: string; nullable: boolean; time?: boolean },
  filters: string[],
  alternatives: string[],
  limit: number,
  p: Params,
): string {
  const col = `t.${sort.column}`;
  const cmp = segment.dir === "asc" ? ">" : "<";
  const where = [...filters];
  if (segment.nulls) where.push(`${col} IS NULL`);
  else if (sort.nullable) where.push(`${col} IS NOT NULL`);
  if (segment.after) {
    if (segment.nulls) where.push(`t.id ${cmp} ${p.add(segment.after.id)}::int`);
    else {
      const key = p.add(segment.after.key);
      where.push(`(${col}, t.id) ${cmp} (${key}::${sort.time ? "timestamp(3)" : "float8"}, ${p.add(segment.after.id)}::int)`);
    }
  }
  const orderBy = segment.nulls ? `t.id ${segment.dir}` : `${col} ${segment.dir}, t.id ${segment.dir}`;
  const keyExpr = segment.nulls ? "NULL::text" : sort.time ? `to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MS')` : `${col}::text`;
  const branch = (extra: string | null) => {
    const clauses = extra ? [...where, extra] : where;
    return `SELECT t.id, ${col} AS sort_value, ${keyExpr} AS sort_key FROM "Trajectory" t${clauses.length ? ` WHERE ${clauses.join(" AND ")}` : ""} ORDER BY ${orderBy} LIMIT ${limit}`;
  };
  const outerOrder = segment.nulls ? `id ${segment.dir}` : `sort_value ${segment.dir}, id ${segment.dir}`;
  if (alternatives.length <= 1) return `SELECT * FROM (${branch(alternatives[0] ?? null)}) b`;
  // UNION (not ALL): a trajectory found by several alternatives appears once.
  return `SELECT * FROM (${alternatives.map((a) => `(${branch(a)})`).join(" UNION ")}) u ORDER BY ${outerOrder} LIMIT ${limit}`;
}

type Position = { segment: 0 | 1; key: number | string | null; id: number };

async function anchorPosition(id: number, sort: SortKey): Promise<Position> {
  const s = SORT_COLUMNS[sort];
  const keyExpr = s.time ? `to_char(t.${s.column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS')` : `t.${s.column}::text`;
  const { rows } = await getPool().query<{ key: string | null }>(`SELECT ${keyExpr} AS key FROM "Trajectory" t WHERE t.id = $1`, [id]);
  if (!rows.length) throw new ApiError(404, "trajectory_not_found", `There is no trajectory ${id}`);
  const key = rows[0].key;
  return key === null ? { segment: 1, key: null, id } : { segment: 0, key: s.time ? key : Number(key), id };
}

type RawRow = Omit<TrajectoryRow, "createdAt"> & { createdAt: string; sort_key: string | null; segment: number };

/**
 * One page of the list. `cursor` continues a previous page; `after` / `before` start next to a trajectory (for
 * next/previous navigation; `before` returns the nearest first). Throws ApiError 400 for a cursor that is not one of
 * ours or belongs to another ordering.
 */
export async function listTrajectories(
  query: TrajectoryQuery,
  page: Partial<TrajectoryPageParams> = {},
  options: { catchUpSearch?: boolean } = {},
): Promise<TrajectoryList> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
  const sort = SORT_COLUMNS[query.sort];
  const pool = getPool();

  let from: Position | null = null;
  let reverse = false;
  if (page.cursor) {
    const cursor = decodeCursor(page.cursor);
    if (!cursor) throw new ApiError(400, "invalid_cursor", "The cursor is not valid: start again from the first page");
    if (cursor.sort !== query.sort || cursor.order !== query.order) {
      throw new ApiError(400, "cursor_mismatch", "The cursor belongs to another sort order: start again from the first page");
    }
    from = { segment: cursor.segment, key: cursor.key, id: cursor.id };
  } else if (page.after !== undefined) {
    from = await anchorPosition(page.after, query.sort);
  } else if (page.before !== undefined) {
    from = await anchorPosition(page.before, query.sort);
    reverse = true;
  }

  let alternatives: ((p: Params) => string[]) | null = null;
  let searchPending: number | undefined;
  if (query.q) {
    const q = query.q;
    const [{ rows }, pending] = await Promise.all([
      pool.query<{ n: number }>(`SELECT numnode(websearch_to_tsquery('english', $1))::int AS n`, [q]),
      searchBacklogSize(pool, 100_000),
    ]);
    searchPending = pending;
    if (pending > 0 && pending <= SEARCH_CATCH_UP_LIMIT && options.catchUpSearch !== false) {
      searchPending = (await indexSearchBacklog({ pool, maxBatches: Math.ceil(SEARCH_CATCH_UP_LIMIT / 100), wait: true })).remaining;
    }
    const fullText = rows[0].n > 0;
    alternatives = (p) => searchAlternatives(q, p, fullText);
    if (!alternatives(new Params()).length) return { items: [], nextCursor: null, searchPending };
  }

  // The segments are read one after the other, the next only when the page is not full yet: a segment that holds
  // no matching row (say, unjudged trajectories when filtering on judged ones) is never scanned for nothing.
  const segments = planSegments(sort.nullable, query.order, from, reverse);
  const fetch = limit + 1;
  const rows: RawRow[] = [];
  for (const segment of segments) {
    const p = new Params();
    const filters = filterClauses(query, p);
    const sql = `
      WITH page AS (${segmentSql(segment, sort, filters, alternatives ? alternatives(p) : [], fetch - rows.length, p)})
      SELECT t.id, t."runId", r.name AS "runName", r.variant::text AS variant, t.benchmark, t.level,
             left(k.question, 300) AS question, left(t."finalAnswer", 200) AS "finalAnswer", t.correct, t."ruleReward",
             t."rrmScore", t."judgmentCount", t.annotated, t.termination, t."stepCount", t."toolCallCount", t."tokenCount",
             t."durationMs", t."toolsUsed", t.stage::text AS stage, t."groupKey", t."parentId", t."rolloutIndex",
             t."trainingStep", to_char(t."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
             page.sort_key, ${segment.nulls ? 1 : 0} AS segment
      FROM page
      JOIN "Trajectory" t ON t.id = page.id
      JOIN "Run" r ON r.id = t."runId"
      JOIN "Task" k ON k.id = t."taskId"
      ORDER BY ${segment.nulls ? `page.id ${segment.dir}` : `page.sort_value ${segment.dir}, page.id ${segment.dir}`}`;
    rows.push(...(await pool.query<RawRow>(sql, p.values)).rows);
    if (rows.length >= fetch) break;
  }

  const hasMore = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  const items = pageRows.map(({ sort_key: _k, segment: _s, ...row }) => row as TrajectoryRow);
  let nextCursor: string | null = null;
  if (hasMore && !reverse && pageRows.length) {
    const last = pageRows[pageRows.length - 1];
    const cursor: Cursor = {
      sort: query.sort,
      order: query.order,
      segment: last.segment === 1 ? 1 : 0,
      key: last.segment === 1 || last.sort_key === null ? null : sort.time ? last.sort_key : Number(last.sort_key),
      id: last.id,
    };
    nextCursor = encodeCursor(cursor);
  }
  return { items, nextCursor, ...(searchPending !== undefined ? { searchPending } : {}) };
}
