import "server-only";
import { getPool } from "@/lib/db/pool";
import { KNOWN_TERMINATIONS } from "@/lib/formats/trajectory-schema";
import type { TrajectoryFacets } from "@/lib/trajectory-schemas";

export type { TrajectoryFacets };

// The values the trajectory filters offer. Read from small tables (Run, Task, Annotation), loose index scans
// (Judgment.rrmModel) and a sample of Trajectory (tools, terminations), so that it stays fast at a million
// trajectories; the filter inputs also accept values typed by hand. Cached per process for a minute.

const TTL_MS = 60_000;
const DEFAULT_TOOLS = ["python", "search", "browse", "file_reader", "image2text", "audio2text"];
const cache = globalThis as unknown as { rwTrajectoryFacets?: Map<string, { at: number; value: Promise<TrajectoryFacets> }> };

export function getTrajectoryFacets(): Promise<TrajectoryFacets> {
  const url = process.env.DATABASE_URL ?? "";
  cache.rwTrajectoryFacets ??= new Map();
  const hit = cache.rwTrajectoryFacets.get(url);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = readFacets();
  cache.rwTrajectoryFacets.set(url, { at: Date.now(), value });
  value.catch(() => cache.rwTrajectoryFacets?.delete(url));
  return value;
}

/** Forget the cached facets (after an import, in tests). */
export function invalidateTrajectoryFacets(): void {
  cache.rwTrajectoryFacets?.clear();
}

const sortText = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));

async function readFacets(): Promise<TrajectoryFacets> {
  const pool = getPool();
  const [runs, benchmarks, models, tags, sample] = await Promise.all([
    pool.query<{ id: number; name: string; variant: string }>(
      `SELECT id, name, variant::text AS variant FROM "Run" WHERE source <> 'reported' ORDER BY "createdAt" DESC, id DESC`,
    ),
    pool.query<{ benchmark: string; level: string | null }>(`SELECT DISTINCT benchmark, level FROM "Task"`),
    // Loose index scan over Judgment_rrmModel_score_idx: one probe per distinct model.
    pool.query<{ model: string }>(
      `WITH RECURSIVE m AS (
         (SELECT "rrmModel" AS model FROM "Judgment" ORDER BY "rrmModel" LIMIT 1)
         UNION ALL
         SELECT (SELECT "rrmModel" FROM "Judgment" WHERE "rrmModel" > m.model ORDER BY "rrmModel" LIMIT 1) FROM m WHERE m.model IS NOT NULL
       ) SELECT model FROM m WHERE model IS NOT NULL`,
    ),
    pool.query<{ tag: string }>(`SELECT DISTINCT unnest("errorTags") AS tag FROM "Annotation"`),
    pool.query<{ tools: string[]; terminations: string[] }>(
      `SELECT coalesce(array_agg(DISTINCT tool) FILTER (WHERE tool IS NOT NULL), '{}') AS tools,
              coalesce((SELECT array_agg(DISTINCT termination) FROM (SELECT termination FROM "Trajectory" ORDER BY id DESC LIMIT 20000) r WHERE termination IS NOT NULL), '{}') AS terminations
       FROM (SELECT unnest("toolsUsed") AS tool FROM (SELECT "toolsUsed" FROM "Trajectory" ORDER BY id DESC LIMIT 20000) s) u`,
    ),
  ]);
  const levels = new Map<string, Set<string>>();
  for (const row of benchmarks.rows) {
    const set = levels.get(row.benchmark) ?? new Set<string>();
    if (row.level) set.add(row.level);
    levels.set(row.benchmark, set);
  }
  return {
    runs: runs.rows,
    benchmarks: sortText(levels.keys()).map((benchmark) => ({ benchmark, levels: sortText(levels.get(benchmark)!) })),
    terminations: sortText([...KNOWN_TERMINATIONS, ...sample.rows[0].terminations]),
    rrmModels: models.rows.map((r) => r.model),
    tools: sortText([...DEFAULT_TOOLS, ...sample.rows[0].tools]),
    errorTags: sortText(tags.rows.map((r) => r.tag)),
  };
}
