// `npm run bench -- compare [--json] [--size N] [--samples N] [--database NAME]`: the Compare page's aggregates
// (lib/server/get-comparison: accuracy with task-type bootstrap, RRM histograms and moments, within-group ranking,
// task delta, λ sweep, curves) for every run of the kept 1M-trajectory database of the browse bench (10 runs ×
// 12 benchmarks), on the PostgreSQL server of DATABASE_URL. Budget (DESIGN §7): ≤ 300 ms.
//
// It reads the browse bench's database (rw_bench_browse_g<version>_<size>, the newest complete one): it applies pending
// migrations to it, as the browse bench does (the first time the compare aggregates are added, their backfill takes a
// few minutes at 1M trajectories), and otherwise only reads. When there is none it says to build it with
// `npm run bench -- browse --no-browser` first.
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
  const queries = [
    { label: "all benchmarks", params: `runs=${ids}` },
    { label: "one benchmark", params: `runs=${ids}&benchmark=${encodeURIComponent(String(args.benchmark ?? "GAIA"))}` },
    { label: "flips only", params: `runs=${ids}&flipsOnly=1` },
  ];
  log(`bench compare: ${name}, ${trajectories.toLocaleString("en-US")} trajectories, ${runs.length} runs; ${samples} samples of ${queries.length} queries`);
  await getComparison(parseCompareQuery(new URLSearchParams(queries[0].params))); // warm-up: connections, plans, cache
  const times: number[] = [];
  const byQuery: Record<string, number[]> = {};
  let benchmarks = 0;
  for (let i = 0; i < samples; i++) {
    for (const q of queries) {
      const started = performance.now();
      const result = await getComparison(parseCompareQuery(new URLSearchParams(q.params)));
      const ms = performance.now() - started;
      benchmarks = Math.max(benchmarks, result.benchmarks.length);
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
    samples: times.length,
  };
}
