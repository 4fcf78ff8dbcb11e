// `npm run seed -- [--trajectories N] [--seed S] [--reset]`: loads the generated demo data (lib/demo) into the
// database: DATABASE_URL when set, else the running embedded server of DATA_DIR, else one started for this command.
// Progress goes to stderr, the summary to stdout. Does not create a sign-in user (npm start does, through the admin
// CLI); the three demo annotators it creates have no password and cannot sign in.
import { describeConnectionError } from "./lib/connection-errors.mjs";
import { resolveDatabase } from "./lib/embedded-postgres.mjs";
import { migrationStatus } from "./migrate.mjs";
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_TRAJECTORIES, MIN_DEMO_TRAJECTORIES } from "@/lib/demo/generate";
import { SeedRefusedError, seedDemo, type SeedProgress } from "@/lib/server/seed-demo";

const USAGE = `Usage: npm run seed -- [--trajectories N] [--seed S] [--reset]

Loads the generated demo data: 7 demo runs (Qwen3-8B base, Reagent w/o Agent-RRM, Reagent-C, Reagent-R at
lambda 0.1/0.3/0.5, Reagent-U) over invented tasks of the paper's 12 benchmarks, RRM judgments, training curves,
demo annotations and jobs, plus the paper's reported numbers as runs of source "reported".

  --trajectories N  how many trajectories (default ${DEFAULT_DEMO_TRAJECTORIES}, at least ${MIN_DEMO_TRAJECTORIES}; rounded down to a multiple of 8)
  --seed S          PRNG seed (default "${DEFAULT_DEMO_SEED}"); the same seed gives the same data
  --reset           delete an existing demo first (only demo and paper runs, demo tasks, annotators and jobs)

The database is DATABASE_URL, else the running embedded database of DATA_DIR (default .data), else one started
for this command. It must be migrated (npm run db:migrate) and hold no data other than a previous demo.`;

type Args = { trajectories?: number; seed?: string; reset: boolean };

function parseArgs(argv: string[]): Args {
  const args: Args = { reset: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case "--trajectories":
      case "-n": {
        const raw = value().replace(/[_,]/g, "");
        const n = Number(raw);
        if (!Number.isInteger(n) || n < MIN_DEMO_TRAJECTORIES) throw new UsageError(`--trajectories must be a whole number of at least ${MIN_DEMO_TRAJECTORIES} (got "${raw}").`);
        args.trajectories = n;
        break;
      }
      case "--seed":
        args.seed = value();
        break;
      case "--reset":
      case "--force":
        args.reset = true;
        break;
      case "--help":
      case "-h":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new UsageError(`Unknown option ${argv[i]}.`);
    }
  }
  return args;
}

class UsageError extends Error {}

function progressPrinter() {
  const tty = process.stderr.isTTY;
  let lastPrint = 0;
  let lastPhase = "";
  return (p: SeedProgress) => {
    const now = Date.now();
    const phaseChanged = p.phase !== lastPhase;
    const finished = p.done === p.total;
    if (!phaseChanged && !finished && now - lastPrint < (tty ? 200 : 5000)) return;
    lastPrint = now;
    const pct = p.total ? ` (${((100 * p.done) / p.total).toFixed(0)}%)` : "";
    const rate = p.rate ? `, ${Math.round(p.rate).toLocaleString("en-US")}/s` : "";
    const line = `seed: ${p.phase} ${p.done.toLocaleString("en-US")}/${p.total.toLocaleString("en-US")}${pct}${rate}, ${(p.elapsedMs / 1000).toFixed(1)} s`;
    if (tty) {
      if (phaseChanged && lastPhase) process.stderr.write("\n");
      process.stderr.write(`\r${line}\u001b[K`);
    } else if (p.phase === "trajectories" || finished) {
      process.stderr.write(`${line}\n`);
    }
    lastPhase = p.phase;
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // (the .mjs default `log = () => {}` makes TypeScript infer a function without parameters)
  const log = ((line: string) => console.error(`seed: ${line}`)) as () => void;
  const database = await resolveDatabase({ log });
  process.env.DATABASE_URL = database.url;
  try {
    let status: Awaited<ReturnType<typeof migrationStatus>>;
    try {
      status = await migrationStatus(database.url);
    } catch (error) {
      throw new UsageError(describeConnectionError(error, database.url));
    }
    if (status.failed.length || status.edited.length || status.pending.length) {
      const what = status.failed.length
        ? `a failed migration (${status.failed.join(", ")})`
        : status.edited.length
          ? `migrations edited after they were applied (${status.edited.join(", ")})`
          : `${status.pending.length} pending migration(s)`;
      throw new UsageError(`The database has ${what}: run npm run db:migrate first.`);
    }
    const result = await seedDemo({ trajectories: args.trajectories, seed: args.seed, reset: args.reset, onProgress: progressPrinter() });
    if (process.stderr.isTTY) process.stderr.write("\n");
    const seconds = result.elapsedMs / 1000;
    if (result.removed) {
      console.log(`Removed the previous demo: ${result.removed.runs} runs, ${result.removed.tasks} tasks, ${result.removed.users} annotators, ${result.removed.jobs} jobs.`);
    }
    console.log(
      `Loaded the demo data (seed "${result.plan.seed}") in ${seconds.toFixed(1)} s: ${result.trajectories.toLocaleString("en-US")} trajectories ` +
        `(${Math.round(result.trajectories / Math.max(seconds, 0.001)).toLocaleString("en-US")}/s) with ${result.judgments.toLocaleString("en-US")} judgments over ` +
        `${result.tasks.toLocaleString("en-US")} tasks, ${result.runs} demo runs, ${result.reportedRuns} paper runs (${result.reportedResults} reported numbers), ` +
        `${result.metrics} metric points, ${result.annotations} annotations by ${result.users} demo annotators, ${result.jobs} jobs.`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (process.stderr.isTTY) process.stderr.write("\n");
  if (error instanceof UsageError || error instanceof SeedRefusedError || error instanceof RangeError) {
    console.error(`seed: ${error.message}`);
    if (error instanceof UsageError && /Unknown option|needs a value|must be/.test(error.message)) console.error(USAGE);
  } else {
    console.error("seed: failed:", error instanceof Error ? (error.stack ?? error.message) : error);
  }
  process.exit(1);
});
