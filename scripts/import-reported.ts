// `npm run import-reported -- FILE [--prefix "Paper: "]`: loads a results table (the JSON shape of
// ../shared/reference/reagent-paper-results.json, or a CSV with columns method, benchmark, accuracy_pct[, table]) as
// runs of source "reported", one per method, shown as reference markers on the Compare page.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describeConnectionError } from "./lib/connection-errors.mjs";
import { resolveDatabase } from "./lib/embedded-postgres.mjs";
import { parseReportedFile, ReportedFileError } from "@/lib/compare/reported-file";
import { importReported } from "@/lib/server/import-reported";

const USAGE = `Usage: npm run import-reported -- FILE [--prefix "Paper: "]

FILE is JSON ({ "source": "…", "results": [ { "table", "method", "benchmark", "accuracy_pct" } … ] }) or CSV with the
columns method, benchmark, accuracy_pct and optionally table. Each method becomes a run named PREFIX + method (source
"reported"); importing again replaces those runs' numbers.`;

async function main() {
  const argv = process.argv.slice(2);
  let file: string | undefined;
  let prefix: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--help" || argv[i] === "-h") return console.log(USAGE);
    if (argv[i] === "--prefix") prefix = argv[++i];
    else if (argv[i].startsWith("--prefix=")) prefix = argv[i].slice(9);
    else if (!file) file = argv[i];
    else throw new ReportedFileError(`Unexpected argument ${argv[i]}.\n\n${USAGE}`);
  }
  if (!file) throw new ReportedFileError(USAGE);
  const text = await readFile(file, "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new ReportedFileError(`Cannot read ${file}: ${e.code === "ENOENT" ? "no such file" : e.message}`);
  });
  const parsed = parseReportedFile(text, path.basename(file));
  const log = ((line: string) => console.error(`import-reported: ${line}`)) as () => void;
  const database = await resolveDatabase({ log });
  process.env.DATABASE_URL = database.url;
  try {
    const result = await importReported(parsed, { prefix }).catch((error: unknown) => {
      const code = (error as { code?: string } | null)?.code;
      if (code && /^(ECONN|ENOTFOUND|EAI_AGAIN|28P01|3D000)/.test(code)) throw new ReportedFileError(describeConnectionError(error, database.url));
      throw error;
    });
    for (const run of result.runs) console.log(`${run.created ? "Created" : "Updated"} ${run.name} (run ${run.id}): ${run.results} numbers`);
    for (const conflict of result.conflicts) console.error(conflict);
    console.log(`Imported ${parsed.rows.length} reported numbers for ${result.runs.length} methods from ${file}.`);
    if (result.conflicts.length) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error instanceof ReportedFileError ? error.message : error);
    process.exit(1);
  },
);
