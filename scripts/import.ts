// Imports trajectory files into a run: `npm run import -- <file|folder>… --run NAME [options]`.
// Writes to the configured database (DATABASE_URL, else the embedded one in DATA_DIR), or with --url/--token sends
// the files to a running workbench through its API. With --json the last line of stdout is the summary as JSON.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { SingleBar } from "cli-progress";
import { z } from "zod";
import type { FormatSource } from "@/lib/formats/format-adapter";
import { apiErrorMessage } from "@/lib/http/api-error";
import { ApiError } from "@/lib/http/api-error";
import { createRun } from "@/lib/server/create-run";
import { sourceFromFile } from "@/lib/server/format-source";
import { importSource } from "@/lib/server/import-source";
import { runInputSchema, runVariantSchema } from "@/lib/server/run-input";
import { CliError, withCliDatabase } from "./lib/cli-database";

const USAGE = `Usage: npm run import -- <file|folder>… --run NAME [options]

  --run NAME         the run to import into (created when it does not exist)
  --format ID        skip detection and read every file as this format (see GET /api/v1/formats)
  --variant V        for a new run: ${runVariantSchema.options.join(", ")}
  --agent-model M    --rrm-model M    --lambda L    --tag T (repeatable)    --description D
  --url URL --token T  send to a running workbench instead of writing to the database (token scope: ingest)
  --json             print the summary as JSON on the last line of stdout

Folders are read recursively (hidden files skipped). Exit code 0 when every file was read (records it rejected are
listed), 1 when a file could not be read at all, 2 for a usage error.`;

type FileReport = {
  file: string;
  format: string | null;
  imported: number;
  duplicates: number;
  rejected: number;
  errors: { file: string | null; line: number | null; location?: string | null; message: string }[];
};

function listFiles(target: string): string[] {
  const stat = statSync(target, { throwIfNoEntry: false });
  if (!stat) throw new CliError(`${target} does not exist`);
  if (stat.isFile()) return [target];
  return readdirSync(target)
    .filter((name) => !name.startsWith("."))
    .sort()
    .flatMap((name) => listFiles(path.join(target, name)));
}

function progressBar(enabled: boolean) {
  if (!enabled) return null;
  return new SingleBar({
    format: " {file} [{bar}] {percentage}% | {records} records ({rate}/s) | {rejected} rejected",
    hideCursor: true,
    stream: process.stderr,
    barsize: 24,
  });
}

/** Counts the bytes an adapter reads, for the progress bar. */
function counting(source: FormatSource, onBytes: (total: number) => void): FormatSource {
  return {
    ...source,
    bytes: () =>
      (async function* () {
        let total = 0;
        for await (const chunk of source.bytes()) {
          total += chunk.length;
          onBytes(total);
          yield chunk;
        }
      })(),
  };
}

async function importLocally(files: string[], runFields: z.input<typeof runInputSchema>, format: string | undefined, showProgress: boolean) {
  return withCliDatabase(async () => {
    const run = await createRun(runFields, { reuse: true });
    console.error(`${run.created ? "Created" : "Importing into"} run "${run.name}" (id ${run.id})`);
    const reports: FileReport[] = [];
    for (const file of files) {
      const { source, sample } = await sourceFromFile(file);
      const bar = progressBar(showProgress);
      const started = Date.now();
      let records = 0;
      let rejected = 0;
      bar?.start(source.size || 1, 0, { file: path.basename(file), records: 0, rate: 0, rejected: 0 });
      try {
        const report = await importSource({
          runId: run.id,
          source: counting(source, (bytes) => bar?.update(bytes)),
          sample,
          format,
          onProgress: (p) => {
            records = p.accepted + p.duplicates + p.rejected;
            rejected = p.rejected;
            bar?.update({ records, rate: Math.round(p.recordsPerSecond), rejected });
          },
        });
        bar?.update(source.size || 1, { records: report.imported + report.duplicates + report.rejected, rejected: report.rejected, rate: Math.round((report.imported + report.duplicates + report.rejected) / Math.max((Date.now() - started) / 1000, 0.001)) });
        bar?.stop();
        reports.push({ file, format: report.format, imported: report.imported, duplicates: report.duplicates, rejected: report.rejected, errors: report.errors });
      } catch (error) {
        bar?.stop();
        if (!(error instanceof ApiError) || error.status !== 422) throw error;
        reports.push({ file, format: null, imported: 0, duplicates: 0, rejected: 0, errors: [{ file, line: null, message: error.message }] });
      }
    }
    return { run, reports };
  });
}

async function importRemotely(files: string[], runFields: z.input<typeof runInputSchema>, format: string | undefined, base: string, token: string) {
  const headers = { Authorization: `Bearer ${token}` };
  const call = async (url: string, init: RequestInit & { duplex?: "half" } = {}) => {
    let response: Response;
    try {
      response = await fetch(new URL(url, base), { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
    } catch (error) {
      throw new CliError(`Cannot reach ${base}: ${(error as Error).message}`);
    }
    const body = await response.json().catch(() => null);
    return { response, body };
  };
  let { response, body } = await call("/api/v1/runs", { method: "POST", body: JSON.stringify(runFields), headers: { "Content-Type": "application/json" } });
  let run: { id: number; name: string };
  if (response.status === 201) run = body;
  else if (response.status === 409) {
    ({ response, body } = await call("/api/v1/runs"));
    run = (body?.items ?? []).find((r: { name: string }) => r.name === runFields.name);
    if (!run) throw new CliError(`Run "${runFields.name}" exists but could not be read back`);
  } else throw new CliError(`${base} refused to create the run: ${apiErrorMessage(body, `HTTP ${response.status}`)}`);
  console.error(`Importing into run "${run.name}" (id ${run.id}) on ${base}`);

  const reports: FileReport[] = [];
  for (const file of files) {
    const query = new URLSearchParams({ filename: path.basename(file), ...(format ? { format } : {}) });
    const size = statSync(file).size;
    console.error(`Sending ${file} (${(size / 1024 / 1024).toFixed(1)} MB) …`);
    const { source } = await sourceFromFile(file);
    const stream = Readable.toWeb(Readable.from(source.bytes())) as ReadableStream<Uint8Array>;
    ({ response, body } = await call(`/api/v1/runs/${run.id}/trajectories?${query}`, {
      method: "POST",
      body: stream,
      duplex: "half",
      headers: { "Content-Type": "application/octet-stream", "Content-Length": String(size) },
    }));
    if (response.ok) reports.push({ file, format: body.format, imported: body.imported, duplicates: body.duplicates, rejected: body.rejected, errors: body.errors });
    else if (response.status === 422) reports.push({ file, format: null, imported: 0, duplicates: 0, rejected: 0, errors: [{ file, line: null, message: apiErrorMessage(body, "unreadable") }] });
    else throw new CliError(`${base} refused ${file}: ${apiErrorMessage(body, `HTTP ${response.status}`)}`);
  }
  return { run, reports };
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        run: { type: "string" },
        format: { type: "string" },
        variant: { type: "string" },
        "agent-model": { type: "string" },
        "rrm-model": { type: "string" },
        lambda: { type: "string" },
        tag: { type: "string", multiple: true },
        description: { type: "string" },
        url: { type: "string" },
        token: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    console.error(`import: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const usage = (message: string) => {
    console.error(`import: ${message} (npm run import -- --help)`);
    return 2;
  };
  if (!positionals.length) return usage("name at least one file or folder");
  if (!values.run) return usage("name the run with --run NAME");
  if (Boolean(values.url) !== Boolean(values.token)) return usage("--url and --token go together");
  const fields = runInputSchema.safeParse({
    name: values.run,
    variant: values.variant,
    agentModel: values["agent-model"],
    rrmModel: values["rrm-model"],
    lambda: values.lambda === undefined ? undefined : Number(values.lambda),
    tags: values.tag ?? [],
    description: values.description,
  });
  if (!fields.success) return usage(fields.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join("; "));

  try {
    const files = positionals.flatMap(listFiles);
    if (!files.length) return usage("no files found there");
    const { run, reports } = values.url
      ? await importRemotely(files, fields.data, values.format, values.url, values.token!)
      : await importLocally(files, fields.data, values.format, !values.json && process.stderr.isTTY === true);
    const total = (key: "imported" | "duplicates" | "rejected") => reports.reduce((sum, r) => sum + r[key], 0);
    const errors = reports.flatMap((r) => r.errors.map((e) => ({ file: e.file ?? r.file, line: e.line, message: e.message })));
    const formats = [...new Set(reports.map((r) => r.format).filter(Boolean))];
    for (const r of reports) {
      console.error(`${r.file}: ${r.format ?? "not read"} · ${r.imported} imported, ${r.duplicates} duplicates, ${r.rejected} rejected`);
      for (const e of r.errors.slice(0, 20)) console.error(`  ${e.line !== null ? `line ${e.line}: ` : e.location ? `${e.location}: ` : ""}${e.message}`);
      if (r.errors.length > 20) console.error(`  … and ${r.errors.length - 20} more`);
    }
    const summary = { run: run.name, runId: run.id, format: formats.join(",") || null, imported: total("imported"), duplicates: total("duplicates"), rejected: total("rejected"), errors };
    if (values.json) console.log(JSON.stringify(summary));
    else console.log(`Run "${run.name}": ${summary.imported} imported, ${summary.duplicates} duplicates, ${summary.rejected} rejected.`);
    return reports.some((r) => r.format === null) ? 1 : 0;
  } catch (error) {
    if (error instanceof CliError || error instanceof ApiError) console.error(`import: ${error.message}`);
    else console.error(`import: ${(error as Error)?.stack ?? error}`);
    return 1;
  }
}

main().then((code) => process.exit(code));
