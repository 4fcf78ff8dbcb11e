// Writes a run's trajectories in the native JSONL format: `npm run export -- --run NAME [--out FILE]`.
// What it writes, `npm run import` reads back to the same data.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { getPrisma } from "@/lib/db/prisma";
import { exportRun } from "@/lib/server/export-run";
import { CliError, withCliDatabase } from "./lib/cli-database";

const USAGE = `Usage: npm run export -- --run NAME [--out FILE]

  --run NAME   the run to export (its name or id)
  --out FILE   write there instead of to stdout`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { run: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (error) {
    console.error(`export: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.run) {
    console.error("export: name the run with --run NAME (npm run export -- --help)");
    return 2;
  }
  const runName = values.run;
  try {
    const count = await withCliDatabase(async () => {
      const run = await getPrisma().run.findFirst({
        where: /^\d+$/.test(runName) ? { OR: [{ id: Number(runName) }, { name: runName }] } : { name: runName },
        select: { id: true, name: true },
      });
      if (!run) throw new CliError(`There is no run "${runName}" (npm run import lists, the Runs page shows them)`);
      const out = values.out ? createWriteStream(values.out) : process.stdout;
      let written = 0;
      for await (const record of exportRun(run.id)) {
        if (!out.write(JSON.stringify(record) + "\n")) await once(out, "drain");
        written++;
      }
      if (values.out) {
        out.end();
        await once(out, "finish");
      }
      return written;
    });
    console.error(`Exported ${count} trajectories${values.out ? ` to ${values.out}` : ""}.`);
    return 0;
  } catch (error) {
    console.error(`export: ${error instanceof CliError ? error.message : ((error as Error)?.stack ?? error)}`);
    return 1;
  }
}

main().then((code) => process.exit(code));
