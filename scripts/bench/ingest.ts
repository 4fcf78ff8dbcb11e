// `npm run bench -- ingest [--json] [--trajectories N]`: bulk import of generated 30-step trajectories of about
// 20 KB through the real pipeline (native adapter → ingestTrajectories), against plain COPY of the same bytes into a
// one-column table in the same run, on a scratch database created and dropped on the server of DATABASE_URL.
// Budget (DESIGN §7): at least half the COPY rate, memory flat whatever the input size. Also reported: the ratio to a
// COPY into an lz4-compressed column (trajectory bodies are stored with lz4 where the server has it).
import { once } from "node:events";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { Rng } from "@/lib/demo/prng";
import type { NormalizedTrajectoryInput, Step } from "@/lib/formats/trajectory-schema";
import { closePools } from "@/lib/db/pool";
import { getPrisma } from "@/lib/db/prisma";
import { createRun } from "@/lib/server/create-run";
import { sourceFromFile } from "@/lib/server/format-source";
import { importSource } from "@/lib/server/import-source";
import type { BenchArgs } from "../bench";
import { migrate } from "../migrate.mjs";

const WORDS = "the agent searched for archive record county bridge opened year mayor council report page result python value table census population river station museum director founded engineer letter".split(" ");

function text(rng: Rng, length: number): string {
  let out = "";
  while (out.length < length) out += WORDS[Math.floor(rng.next() * WORDS.length)] + (rng.next() < 0.1 ? ". " : " ");
  return out.slice(0, length);
}

/** A 30-step trajectory of about 20 KB: 10 rounds of reasoning, tool call and tool result. */
function syntheticTrajectory(index: number): NormalizedTrajectoryInput {
  const rng = new Rng(`bench-ingest/${index}`);
  const steps: Step[] = [];
  for (let round = 0; round < 10; round++) {
    steps.push({ index: steps.length, kind: "reasoning", role: "assistant", turn: round * 2, text: text(rng, 300 + Math.floor(rng.next() * 300)) });
    steps.push({ index: steps.length, kind: "tool_call", role: "assistant", turn: round * 2, tool: { name: round % 3 ? "search" : "browse", arguments: { query: text(rng, 40) } }, tokens: 30 });
    steps.push({ index: steps.length, kind: "tool_result", role: "tool", turn: round * 2 + 1, text: text(rng, 1000 + Math.floor(rng.next() * 800)), tokens: 400 });
  }
  const correct = rng.next() < 0.4;
  return {
    externalId: `bench-${index}`,
    task: { benchmark: "GAIA", level: String(1 + (index % 3)), externalId: `bench-task-${index % 5000}`, question: `Synthetic benchmark question ${index % 5000}?`, groundTruth: "42" },
    steps,
    finalAnswer: correct ? "42" : "41",
    correct,
    termination: "answer",
    rolloutIndex: Math.floor(index / 5000),
    judgments: [{ rrmModel: "bench-rrm", reasoning: text(rng, 200), critique: text(rng, 300), score: Math.round(rng.next() * 100) / 100 }],
  };
}

async function writeInput(file: string, count: number): Promise<number> {
  const out = createWriteStream(file);
  for (let i = 0; i < count; i++) {
    if (!out.write(JSON.stringify(syntheticTrajectory(i)) + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return statSync(file).size;
}

function adminUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer(url: string, sql: string) {
  const client = new pg.Client({ connectionString: adminUrl(url, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * COPY of the file's lines, verbatim, into a one-column table: the floor any importer of these bytes stands on. With
 * `compression` the column is compressed that way (lz4, as the workbench stores trajectory bodies where it can) instead
 * of the server's default; null when the server cannot.
 */
async function copyBaseline(url: string, file: string, compression?: "lz4"): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("CREATE UNLOGGED TABLE IF NOT EXISTS bench_copy_baseline (line text)");
    await client.query("TRUNCATE bench_copy_baseline");
    if (compression) {
      const ok = await client.query(`ALTER TABLE bench_copy_baseline ALTER COLUMN line SET COMPRESSION ${compression}`).then(() => true, () => false);
      if (!ok) return null;
    }
    // CSV with quote and delimiter set to bytes that never occur: each line lands as it is, no escaping applied.
    const started = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom("COPY bench_copy_baseline (line) FROM STDIN WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')")));
    const seconds = (performance.now() - started) / 1000;
    await client.query("DROP TABLE bench_copy_baseline");
    return seconds;
  } finally {
    await client.end();
  }
}

export const options = { trajectories: { type: "string" } } as const;

export async function run({ options }: BenchArgs): Promise<Record<string, unknown>> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("Set DATABASE_URL to a PostgreSQL server: the bench creates and drops its own database there.");
  const count = Number(options.trajectories ?? 50_000);
  const database = `rw_bench_ingest_${process.pid}`;
  const url = adminUrl(serverUrl, database);
  const dir = mkdtempSync(path.join(os.tmpdir(), "rw-bench-ingest-"));
  const file = path.join(dir, "trajectories.jsonl");
  const log = (line: string) => console.error(`[bench ingest] ${line}`);

  log(`generating ${count} trajectories …`);
  const bytes = await writeInput(file, count);
  const megabytes = bytes / 1024 / 1024;
  log(`${megabytes.toFixed(1)} MB (${(bytes / count / 1024).toFixed(1)} KB per trajectory); database ${database}`);
  await onServer(serverUrl, `CREATE DATABASE ${database}`);
  process.env.DATABASE_URL = url;
  try {
    await migrate(url, { log: () => {} });
    const copySeconds = (await copyBaseline(url, file))!;
    log(`COPY baseline: ${copySeconds.toFixed(1)} s (${(megabytes / copySeconds).toFixed(1)} MB/s)`);
    const copyLz4Seconds = await copyBaseline(url, file, "lz4");
    if (copyLz4Seconds !== null) log(`COPY into an lz4 column: ${copyLz4Seconds.toFixed(1)} s (${(megabytes / copyLz4Seconds).toFixed(1)} MB/s)`);

    const runRow = await createRun({ name: "bench-ingest" });
    const { source, sample } = await sourceFromFile(file, "trajectories.jsonl");
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const report = await importSource({ runId: runRow.id, source, sample, format: "native" });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (report.imported !== count) throw new Error(`imported ${report.imported} of ${count} (rejected ${report.rejected}): ${JSON.stringify(report.errors.slice(0, 3))}`);
    log(`import: ${seconds.toFixed(1)} s (${(count / seconds).toFixed(0)} trajectories/s)`);

    const copyMbPerS = megabytes / copySeconds;
    const mbPerS = megabytes / seconds;
    return {
      benchmark: "ingest",
      trajectories: count,
      mb: Number(megabytes.toFixed(1)),
      seconds: Number(seconds.toFixed(2)),
      trajectories_per_s: Math.round(count / seconds),
      mb_per_s: Number(mbPerS.toFixed(2)),
      copy_seconds: Number(copySeconds.toFixed(2)),
      copy_mb_per_s: Number(copyMbPerS.toFixed(2)),
      copy_ratio: Number((mbPerS / copyMbPerS).toFixed(3)),
      // The same COPY with lz4 compression, as trajectory bodies are stored: how far the pipeline is from the floor
      // with compression equal on both sides.
      copy_lz4_mb_per_s: copyLz4Seconds === null ? null : Number((megabytes / copyLz4Seconds).toFixed(2)),
      copy_lz4_ratio: copyLz4Seconds === null ? null : Number((mbPerS / (megabytes / copyLz4Seconds)).toFixed(3)),
      peak_rss_mb: Math.round(peakRss / 1024 / 1024),
      rss_before_mb: Math.round(rssBefore / 1024 / 1024),
      budget_copy_ratio: 0.5,
      within_budget: mbPerS / copyMbPerS >= 0.5,
    };
  } finally {
    await getPrisma().$disconnect().catch(() => {});
    await closePools().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    await onServer(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch((error) => log(`could not drop ${database}: ${error.message}`));
  }
}
