// `npm run bench -- browse [--json] [--size N] [--samples N] [--no-browser] [--regenerate]`: the trajectory list
// with typical filters, full-text search, and the trajectory endpoint for a 1,000-step / 10 MB trajectory, at 1M
// generated trajectories on the PostgreSQL server of DATABASE_URL; then the browser's time to a usable 1,000-step
// page (Playwright + Chromium against `next start` of the built app). Budgets (DESIGN §7): list p95 ≤ 50 ms, search
// p95 ≤ 250 ms, detail ≤ 300 ms on the server, browser usable ≤ 1.5 s.
//
// The generated database (rw_bench_browse_g<generator version>_<size>) is kept between runs: the first run builds it
// (about 15-25 minutes for 1M on 2 cores), later runs only measure. --regenerate rebuilds it.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import type { BenchArgs } from "../bench";
import { migrate } from "../migrate.mjs";
import { BENCHMARKS, GENERATOR_VERSION, generateBrowseData, LONG_TRAJECTORY_EXTERNAL_ID, vocabularyWord } from "./browse-data";

export const options = { size: { type: "string" }, samples: { type: "string" }, "no-browser": { type: "boolean" }, regenerate: { type: "boolean" } } as const;

const ROOT = path.resolve(import.meta.dirname, "../..");
const log = (line: string) => console.error(line);

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function onServer<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

type Meta = { trajectories: number; longTrajectoryId: number; runIds: number[] };

/** The bench database, generated when missing (or incomplete, or --regenerate). */
async function benchDatabase(server: string, size: number, regenerate: boolean): Promise<{ url: string; meta: Meta; generatedMs: number | null }> {
  const name = `rw_bench_browse_g${GENERATOR_VERSION}_${size}`;
  const url = withDatabase(server, name);
  const exists = await onServer(server, async (c) => (await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1);
  if (exists && !regenerate) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT value FROM bench_meta WHERE key = 'browse'`).catch(() => ({ rows: [] as { value: Meta }[] }));
      if (rows[0]) {
        await migrate(url, { log: () => {} }); // later migrations apply to the kept data
        return { url, meta: rows[0].value as Meta, generatedMs: null };
      }
    } finally {
      await client.end();
    }
    log(`bench browse: ${name} is incomplete: rebuilding it`);
  }
  if (exists) await onServer(server, (c) => c.query(`DROP DATABASE "${name}" WITH (FORCE)`));
  await onServer(server, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE template0`));
  await migrate(url, { log: () => {} });
  const started = Date.now();
  log(`bench browse: generating ${size.toLocaleString("en-US")} trajectories into ${name} (kept for later runs) …`);
  const info = await generateBrowseData(url, size, log);
  const meta: Meta = { trajectories: info.trajectories, longTrajectoryId: info.longTrajectoryId, runIds: info.runIds };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE TABLE bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)`);
    await client.query(`INSERT INTO bench_meta VALUES ('browse', $1)`, [JSON.stringify(meta)]);
  } finally {
    await client.end();
  }
  return { url, meta, generatedMs: Date.now() - started };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank] * 10) / 10;
}
const summary = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95), n: values.length });

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Time from navigation to a usable 1,000-step page: first steps shown, the step search ready, DOM bounded. */
async function browserTime(url: string, trajectoryId: number): Promise<{ ms: number | null; note?: string; domSteps?: number }> {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return { ms: null, note: "no production build (.next): run next build first" };
  if (!existsSync(chromium)) return { ms: null, note: `no Chromium at ${chromium}` };
  const { createUser } = await import("@/lib/server/create-user");
  const email = `bench-${Date.now()}@bench.local`;
  const password = "bench-password-0001";
  await createUser({ email, password, name: "bench", role: "viewer" });
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL: url, PORT: String(port), BETTER_AUTH_SECRET: "bench-only-secret-0123456789abcdef0123", NEXT_TELEMETRY_DISABLED: "1" };
  const server: ChildProcess = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout?.on("data", (d) => (output += d));
  server.stderr?.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) return { ms: null, note: `next start exited: ${output.slice(-500)}` };
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        // not up yet
      }
      if (i > 600) return { ms: null, note: "next start did not answer within 60 s" };
      await new Promise((r) => setTimeout(r, 100));
    }
    const { chromium: pw } = await import("@playwright/test");
    const browser = await pw.launch({ executablePath: chromium, args: ["--headless", "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"] });
    try {
      const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
      await page.goto(`${base}/sign-in`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
      const samples: number[] = [];
      let domSteps = 0;
      for (let i = 0; i < 4; i++) {
        const started = Date.now();
        await page.goto(`${base}/trajectories/${trajectoryId}`, { waitUntil: "commit" });
        await page.getByRole("article", { name: /^Step 0:/ }).waitFor({ state: "visible", timeout: 30_000 });
        await page.getByLabel("Find in steps").waitFor({ state: "visible" });
        // Usable: the page answers input (a key press reaches the step search and renders).
        await page.getByLabel("Find in steps").fill("x");
        await page.getByLabel("Find in steps").fill("");
        const ms = Date.now() - started;
        domSteps = await page.locator("article[id^=step-]").count();
        if (i > 0) samples.push(ms); // the first load warms the server's caches
      }
      return { ms: percentile(samples, 50), domSteps };
    } finally {
      await browser.close();
    }
  } finally {
    server.kill("SIGTERM");
  }
}

export async function run({ options: args }: BenchArgs): Promise<Record<string, unknown>> {
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error("Set DATABASE_URL to a PostgreSQL server: the bench creates (and keeps) its own database there.");
  const size = Number(String(args.size ?? "1000000").replace(/[_,]/g, ""));
  if (!Number.isInteger(size) || size < 1000) throw new Error("--size must be a whole number of at least 1000");
  const samples = Number(args.samples ?? 100);
  const { url, meta, generatedMs } = await benchDatabase(server, size, Boolean(args.regenerate));
  process.env.DATABASE_URL = url;
  const { listTrajectories } = await import("@/lib/server/list-trajectories");
  const { getTrajectory } = await import("@/lib/server/get-trajectory");
  const { parseTrajectoryQuery } = await import("@/lib/trajectory-query");
  const { closePools } = await import("@/lib/db/pool");
  const { getPrisma } = await import("@/lib/db/prisma");

  try {
    const run = (i: number) => meta.runIds[i % meta.runIds.length];
    // Typical list views: the example, by run, by benchmark, by tool and length, sorted every way.
    const listQueries: string[] = [
      "",
      `run=${run(2)}&benchmark=GAIA&level=2&correct=false&minScore=0.7&sort=score`,
      `benchmark=GAIA&correct=false&sort=score`,
      `run=${run(1)}&sort=time`,
      `run=${run(3)}&run=${run(4)}&correct=true&sort=steps&order=desc`,
      `benchmark=HLE&sort=tokens&order=asc`,
      `tool=browse&minSteps=10&sort=time`,
      `judged=no&sort=time`,
      `termination=exceed_llm_calls&sort=score&order=desc`,
      `variant=reagent_u&stage=refined&sort=score`,
      `minScore=0.9&sort=steps`,
      `benchmark=WebWalkerQA&level=hard&correct=false`,
    ];
    const searchQueries: string[] = [
      "q=population census",
      `q=${vocabularyWord(3)}`, // frequent
      `q=${vocabularyWord(4000)}`, // rare
      "q=traceback error&benchmark=GAIA",
      `q="annual report"&run=${run(5)}`,
      "q=museum&sort=score",
      `q=${vocabularyWord(9000)} or ${vocabularyWord(12000)}`,
      "q=official history&correct=false",
      "q=bridge opened -river",
    ];
    const page = async (qs: string) => {
      const query = parseTrajectoryQuery(new URLSearchParams(qs));
      const first = await listTrajectories(query, { limit: 50 }, { catchUpSearch: false });
      return first;
    };
    // Warm up (plans, caches) without measuring.
    for (const qs of [...listQueries, ...searchQueries]) await page(qs);

    const list: number[] = [];
    for (let i = 0; i < samples; i++) {
      const qs = listQueries[i % listQueries.length];
      if (i % 4 === 3) {
        // a second page through the cursor
        const first = await page(qs);
        if (first.nextCursor) {
          const query = parseTrajectoryQuery(new URLSearchParams(qs));
          list.push(await time(() => listTrajectories(query, { limit: 50, cursor: first.nextCursor! }, { catchUpSearch: false })));
          continue;
        }
      }
      list.push(await time(() => page(qs)));
    }
    const search: number[] = [];
    for (let i = 0; i < samples; i++) search.push(await time(() => page(searchQueries[i % searchQueries.length])));
    const detail: number[] = [];
    let detailBytes = 0;
    for (let i = 0; i < Math.max(10, Math.floor(samples / 5)); i++) {
      detail.push(
        await time(async () => {
          const t = await getTrajectory(meta.longTrajectoryId);
          detailBytes = JSON.stringify(t).length; // the route serializes it too
        }),
      );
    }
    const { rows } = await (await import("@/lib/db/pool")).getPool().query<{ bytes: number; steps: number }>(
      `SELECT length(steps::text) AS bytes, jsonb_array_length(steps) AS steps FROM "TrajectoryBody" b JOIN "Trajectory" t ON t.id = b."trajectoryId" WHERE t."externalId" = $1`,
      [LONG_TRAJECTORY_EXTERNAL_ID],
    );

    const browser = args["no-browser"] ? { ms: null, note: "skipped (--no-browser)" } : await browserTime(url, meta.longTrajectoryId);
    return {
      list: summary(list),
      search: summary(search),
      detail: summary(detail),
      browser_ms: browser.ms,
      budgets: { list_p95: 50, search_p95: 250, detail: 300, browser_ms: 1500 },
      trajectories: meta.trajectories,
      benchmarks: BENCHMARKS.length,
      long_trajectory: { id: meta.longTrajectoryId, steps: rows[0]?.steps, bytes: rows[0]?.bytes, response_bytes: detailBytes },
      ...("domSteps" in browser ? { browser_dom_steps: browser.domSteps } : {}),
      ...(browser.note ? { browser_note: browser.note } : {}),
      database: new URL(url).pathname.slice(1),
      generated_ms: generatedMs,
    };
  } finally {
    await getPrisma().$disconnect().catch(() => {});
    await closePools().catch(() => {});
  }
}
