// `npm run bench -- compare [--json] [--size N] [--samples N] [--database NAME]`: the Compare page's aggregates
// (lib/server/get-comparison: accuracy with task-type bootstrap, RRM histograms and moments, within-group ranking,
// task delta, λ sweep, training curves) for every run of the kept 1M-trajectory database of the browse bench (10 runs ×
// 12 benchmarks), on the PostgreSQL server of DATABASE_URL. Budget (DESIGN §7): ≤ 300 ms. Four query shapes: all
// benchmarks, one benchmark, flips only, and one RRM model's judgments (rrmModel=); every shape reads the curves.
//
// It uses the browse bench's database (rw_bench_browse_g<version>_<size>, the newest complete one): it applies pending
// migrations to it, as the browse bench does (the first time the compare aggregates are added, their backfill takes a
// few minutes at 1M trajectories), and adds training metrics where the browse data has none (METRICS below: 10 runs ×
// 4 metrics × 1,000 steps, inserted once, idempotently); otherwise it only reads. When there is no such database it
// says to build it with `npm run bench -- browse --no-browser` first (`--size N` for a small one).
import pg from "pg";
import { parseCompareQuery } from "@/lib/compare/query";
import type { BenchArgs } from "../bench";
import { migrate } from "../migrate.mjs";

export const options = { size: { type: "string" }, samples: { type: "string" }, database: { type: "string" }, benchmark: { type: "string" } } as const;

const log = (line: string) => console.error(line);

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function findDatabase(server: string, size: number, asked: string | undefined): Promise<string> {
  const client = new pg.Client({ connectionString: withDatabase(server, "postgres") });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR ($1 IS NULL AND datname LIKE 'rw\\_bench\\_browse\\_g%\\_' || $2::text) ORDER BY datname DESC`,
      [asked ?? null, String(size)],
    );
    for (const { datname } of rows) {
      const db = new pg.Client({ connectionString: withDatabase(server, datname) });
      await db.connect();
      try {
        const done = await db.query(`SELECT 1 FROM bench_meta WHERE key = 'browse'`).then((r) => r.rowCount === 1, () => false);
        if (done || asked) return datname;
      } finally {
        await db.end();
      }
    }
  } finally {
    await client.end();
  }
  throw new Error(`No complete browse bench database of ${size.toLocaleString("en-US")} trajectories on this server: build it with npm run bench -- browse --no-browser${size === 1_000_000 ? "" : ` --size ${size}`}, or name one with --database.`);
}

/** Training metrics the bench adds to each of its runs: a realistic curve set (the page shows four). */
export const METRICS = { names: ["reward", "accuracy", "response_length", "rrm_score"], steps: 1000 } as const;

/**
 * Inserts METRICS for the runs where missing (ON CONFLICT DO NOTHING: running twice, or after a partial run, adds
 * only what is not there). Values follow a noisy rising curve per metric, so the page's downsampling averages real
 * variation. Returns the metric rows the runs have afterwards.
 */
async function ensureMetrics(client: pg.Client, runIds: number[]): Promise<{ rows: number; inserted: number }> {
  const inserted = await client.query(
    `INSERT INTO "Metric" ("runId", name, step, value)
     SELECT r.id, m.name, s.step,
            CASE m.name WHEN 'response_length' THEN 800 + 400 * (s.step::float8 / $3) + 60 * sin(s.step * 0.37 + r.id)
                        ELSE 0.3 + 0.2 * (s.step::float8 / $3) + 0.05 * sin(s.step * 0.37 + r.id + m.ord) END
     FROM unnest($1::int[]) AS r(id)
     CROSS JOIN unnest($2::text[]) WITH ORDINALITY AS m(name, ord)
     CROSS JOIN generate_series(0, $3 - 1) AS s(step)
     ON CONFLICT ("runId", name, step) DO NOTHING`,
    [runIds, METRICS.names, METRICS.steps],
  );
  // Fresh statistics, as autovacuum would gather after such an insert: the curves query is planned on them.
  if (inserted.rowCount) await client.query(`ANALYZE "Metric"`);
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Metric" WHERE "runId" = ANY($1::int[])`, [runIds]);
  return { rows: Number(rows[0].n), inserted: inserted.rowCount ?? 0 };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function run({ options: args }: BenchArgs): Promise<Record<string, unknown>> {
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error("DATABASE_URL must name a PostgreSQL server");
  const size = Number(String(args.size ?? "1000000").replace(/[_,]/g, ""));
  const samples = Number(args.samples ?? 20);
  const name = await findDatabase(server, size, args.database as string | undefined);
  process.env.DATABASE_URL = withDatabase(server, name);
  await migrate(process.env.DATABASE_URL, { log: (line: string) => log(`bench compare: ${line}`) });
  const { getPrisma } = await import("@/lib/db/prisma");
  const { getComparison } = await import("@/lib/server/get-comparison");
  const prisma = getPrisma();
  const runs = await prisma.run.findMany({ where: { NOT: { source: "reported" } }, select: { id: true }, orderBy: { id: "asc" }, take: 10 });
  const trajectories = Number((await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "Trajectory"`))[0].n);
  const ids = runs.map((r) => r.id).join(",");
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const metrics = await ensureMetrics(client, runs.map((r) => r.id)).finally(() => client.end());
  if (metrics.inserted) log(`bench compare: added ${metrics.inserted.toLocaleString("en-US")} metric rows (${METRICS.names.length} metrics × ${METRICS.steps} steps per run)`);
  // An RRM model that judged these runs, for the rrmModel= shape (the one with the most judged trajectories).
  const [model] = await prisma.$queryRawUnsafe<{ rrmModel: string }[]>(
    `SELECT "rrmModel" FROM "RunScoreBin" WHERE "rrmModel" <> '' AND "runId" = ANY($1::int[]) GROUP BY 1 ORDER BY sum(count) DESC LIMIT 1`,
    runs.map((r) => r.id),
  );
  const queries = [
    { label: "all benchmarks", params: `runs=${ids}` },
    { label: "one benchmark", params: `runs=${ids}&benchmark=${encodeURIComponent(String(args.benchmark ?? "GAIA"))}` },
    { label: "flips only", params: `runs=${ids}&flipsOnly=1` },
    ...(model ? [{ label: "one RRM model", params: `runs=${ids}&rrmModel=${encodeURIComponent(model.rrmModel)}` }] : []),
  ];
  if (!model) log("bench compare: no RRM model judged these runs: the rrmModel= shape is left out");
  log(`bench compare: ${name}, ${trajectories.toLocaleString("en-US")} trajectories, ${runs.length} runs; ${samples} samples of ${queries.length} queries`);
  await getComparison(parseCompareQuery(new URLSearchParams(queries[0].params))); // warm-up: connections, plans, cache
  const times: number[] = [];
  const byQuery: Record<string, number[]> = {};
  let benchmarks = 0;
  let curvePoints = 0;
  for (let i = 0; i < samples; i++) {
    for (const q of queries) {
      const started = performance.now();
      const result = await getComparison(parseCompareQuery(new URLSearchParams(q.params)));
      const ms = performance.now() - started;
      benchmarks = Math.max(benchmarks, result.benchmarks.length);
      curvePoints = result.curves.reduce((a, c) => a + c.runs.reduce((b, r) => b + r.points.length, 0), 0);
      times.push(ms);
      (byQuery[q.label] ??= []).push(ms);
    }
  }
  await prisma.$disconnect();
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    max: round(Math.max(...times)),
    budgetMs: 300,
    withinBudget: percentile(times, 95) <= 300,
    perQuery: Object.fromEntries(Object.entries(byQuery).map(([k, v]) => [k, { p50: round(percentile(v, 50)), p95: round(percentile(v, 95)) }])),
    database: name,
    trajectories,
    runs: runs.length,
    splits: benchmarks,
    metricRows: metrics.rows,
    curvePoints,
    rrmModel: model?.rrmModel ?? null,
    samples: times.length,
  };
}
