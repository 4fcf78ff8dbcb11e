// Exports from the workbench:
//   npm run export -- --run NAME [--out FILE]                                   a run's trajectories, native JSONL
//   npm run export -- [--queue ID | --run NAME] --as rrm-sft|jsonl|csv [--out FILE]   annotations (every annotated
//                                                                               item when neither is given)
// What the native export writes, `npm run import` reads back to the same data.
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { getPrisma } from "@/lib/db/prisma";
import { EXPORT_FORMATS, exportAnnotations, type ExportStats } from "@/lib/server/export-annotations";
import { exportRun } from "@/lib/server/export-run";
import { CliError, withCliDatabase } from "./lib/cli-database";

const USAGE = `Usage: npm run export -- --run NAME [--out FILE]
       npm run export -- [--queue ID | --run NAME] --as rrm-sft|jsonl|csv [--out FILE]

  --run NAME            the run to export (its name or id)
  --queue ID            an annotation queue (with --as)
  --as FORMAT           export annotations: rrm-sft (OpenAI-messages training records for an Agent-RRM, corrected
                        by the annotators, filtered by their agreement), jsonl (items with every annotation and the
                        consensus), csv (one row per annotation); every annotated item when neither --run nor
                        --queue is given
  --min-annotators N    rrm-sft: items with at least N annotations (default 2)
  --min-agreement X     rrm-sft: the majority answer's share needed on "critique correct" and "RRM score is …"
                        (default 0.67)
  --system-prompt-file FILE   rrm-sft: the RRM system prompt to write instead of the built-in one
  --out FILE            write there instead of to stdout`;

async function write(out: NodeJS.WritableStream, chunk: string) {
  if (!out.write(chunk)) await once(out, "drain");
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        run: { type: "string" },
        queue: { type: "string" },
        as: { type: "string" },
        out: { type: "string" },
        "min-annotators": { type: "string" },
        "min-agreement": { type: "string" },
        "system-prompt-file": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    console.error(`export: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.as !== undefined && !(EXPORT_FORMATS as readonly string[]).includes(values.as)) {
    console.error(`export: --as must be one of ${EXPORT_FORMATS.join(", ")}`);
    return 2;
  }
  if (values.as === undefined && !values.run) {
    console.error("export: name the run with --run NAME, or export annotations with --as rrm-sft|jsonl|csv (npm run export -- --help)");
    return 2;
  }
  if (values.queue && values.run) {
    console.error("export: give either --queue or --run, not both");
    return 2;
  }
  if (values.queue !== undefined && !/^\d+$/.test(values.queue)) {
    console.error("export: --queue takes the queue's id (a number, shown on the Annotate page)");
    return 2;
  }
  const runName = values.run;
  try {
    const summary = await withCliDatabase(async () => {
      const run = runName
        ? await getPrisma().run.findFirst({
            where: /^\d+$/.test(runName) ? { OR: [{ id: Number(runName) }, { name: runName }] } : { name: runName },
            select: { id: true, name: true },
          })
        : null;
      if (runName && !run) throw new CliError(`There is no run "${runName}" (npm run import lists, the Runs page shows them)`);
      const systemPrompt = values["system-prompt-file"] ? (await readFile(values["system-prompt-file"], "utf8")).trim() : undefined;
      const out = values.out ? createWriteStream(values.out) : process.stdout;
      let message: string;
      if (values.as === undefined) {
        let written = 0;
        for await (const record of exportRun(run!.id)) {
          await write(out, JSON.stringify(record) + "\n");
          written++;
        }
        message = `Exported ${written} trajectories`;
      } else {
        const stats: ExportStats = { items: 0, written: 0, skipped: {} };
        try {
          for await (const chunk of exportAnnotations(
            {
              as: values.as as (typeof EXPORT_FORMATS)[number],
              queueId: values.queue ? Number(values.queue) : undefined,
              runId: run?.id,
              minAnnotators: values["min-annotators"],
              minAgreement: values["min-agreement"],
              systemPrompt,
            },
            stats,
          )) {
            await write(out, chunk);
          }
        } catch (error) {
          const e = error as { status?: number; message?: string };
          if (e?.status && e.message) throw new CliError(e.message);
          throw error;
        }
        const skipped = Object.entries(stats.skipped).map(([reason, n]) => `${n} ${reason}`);
        message = `Exported ${stats.written} ${values.as === "csv" ? "annotations" : "records"} of ${stats.items} annotated items${skipped.length ? ` (left out: ${skipped.join(", ")})` : ""}`;
      }
      if (values.out) {
        out.end();
        await once(out, "finish");
      }
      return message;
    });
    console.error(`${summary}${values.out ? ` to ${values.out}` : ""}.`);
    return 0;
  } catch (error) {
    console.error(`export: ${error instanceof CliError ? error.message : ((error as Error)?.stack ?? error)}`);
    return 1;
  }
}

main().then((code) => process.exit(code));
