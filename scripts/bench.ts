// Performance benchmarks against the budgets of DESIGN §7: `npm run bench -- <name> [--json] [options]`.
// Each benchmark lives in scripts/bench/<name>.ts and exports `run(args)`, which returns its measurements; with
// --json the last line of stdout is that object as JSON, so runs can be compared over time.
import { parseArgs, type ParseArgsConfig } from "node:util";

const BENCHMARKS: Record<string, string> = {
  ingest: "bulk import of 30-step ~20 KB trajectories, against plain COPY of the same bytes",
  browse: "list, full-text search and detail queries at 1M trajectories, and the browser's time to a usable long trajectory",
  compare: "the compare page's aggregates for 10 runs × 12 benchmarks at 1M trajectories",
};

export type BenchArgs = { json: boolean; options: Record<string, string | boolean | undefined> };

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || name === "--help" || name === "-h" || !(name in BENCHMARKS)) {
    console.error(`Usage: npm run bench -- <name> [--json] [options]\n\n${Object.entries(BENCHMARKS).map(([n, d]) => `  ${n.padEnd(8)} ${d}`).join("\n")}\n\nRuns on the PostgreSQL server of DATABASE_URL.`);
    return name ? 2 : 0;
  }
  let module: { run(args: BenchArgs): Promise<Record<string, unknown>>; options?: ParseArgsConfig["options"] };
  try {
    module = await import(`./bench/${name}.ts`);
  } catch (error) {
    console.error(`bench: ${name} is not available yet (${(error as Error).message})`);
    return 1;
  }
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args: rest, options: { json: { type: "boolean" }, ...module.options } }));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    return 2;
  }
  const result = await module.run({ json: Boolean(values.json), options: values as BenchArgs["options"] });
  if (values.json) console.log(JSON.stringify(result));
  else console.log(JSON.stringify(result, null, 2));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`bench: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
