// `npm test`: every test, in order, stopping at the first failure with its exit code:
//   1. vitest run        unit + integration tests (integration: PGlite, or fresh databases on DATABASE_URL's server)
//   2. next build        the production build (also type-checks the whole project)
//   3. playwright test   e2e in Chromium against the built app (PGlite, or a fresh database on DATABASE_URL's server)
// `npm test -- vitest e2e` runs only the named steps (vitest, build, e2e). Ends with one summary line. With CI set, a
// test that skipped itself fails the run.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const bin = (file) => path.join(ROOT, "node_modules", file);

// Each runner also writes a JSON report, so the summary can end with one plain "N passed, N failed, N skipped" line.
const REPORTS = path.join(ROOT, ".test-reports"); // not test-results/: Playwright empties that folder when it starts
const VITEST_REPORT = path.join(REPORTS, "vitest.json");
const PLAYWRIGHT_REPORT = path.join(REPORTS, "playwright.json");

const STEPS = [
  {
    key: "vitest",
    label: "vitest run",
    args: [bin("vitest/vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${VITEST_REPORT}`],
    counts: () => {
      const report = JSON.parse(readFileSync(VITEST_REPORT, "utf8"));
      return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
    },
  },
  { key: "build", label: "next build", args: [bin("next/dist/bin/next"), "build"] },
  {
    key: "e2e",
    label: "playwright test",
    args: [bin("@playwright/test/cli.js"), "test", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: PLAYWRIGHT_REPORT },
    before: checkChromium,
    counts: () => {
      const { stats } = JSON.parse(readFileSync(PLAYWRIGHT_REPORT, "utf8"));
      return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
    },
  },
];

function checkChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(chromium)) return null;
  return `${chromium} is missing: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`;
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((key) => !STEPS.some((step) => step.key === key));
if (unknown.length) {
  console.error(`test: unknown step(s) ${unknown.join(", ")}; choose from ${STEPS.map((s) => s.key).join(", ")}.`);
  process.exit(2);
}
const steps = wanted.length ? STEPS.filter((step) => wanted.includes(step.key)) : STEPS;

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
const where = process.env.DATABASE_URL ? "PostgreSQL of DATABASE_URL" : "PGlite";
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const results = [];
let current = null;

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (current) current.kill(signal);
    else process.exit(130);
  });
}

function run(step) {
  return new Promise((resolve) => {
    current = spawn(process.execPath, step.args, { cwd: ROOT, env: { ...env, ...step.env }, stdio: ["ignore", "inherit", "inherit"] });
    current.on("error", (error) => {
      console.error(`test: could not start ${step.label}: ${error.message}`);
      resolve(1);
    });
    current.on("exit", (code, signal) => resolve(code ?? 128 + (os.constants.signals[signal] ?? 0)));
  });
}

const started = Date.now();
let failure = null;
const totals = { passed: 0, failed: 0, skipped: 0 };
rmSync(REPORTS, { recursive: true, force: true }); // never count an earlier run's report
mkdirSync(REPORTS, { recursive: true });
for (const step of steps) {
  console.log(`\n▶ ${step.label} (database: ${where})`);
  const t0 = Date.now();
  const problem = step.before?.();
  const code = problem ? (console.error(`test: ${problem}`), 1) : await run(step);
  current = null;
  try {
    const counts = step.counts?.();
    if (counts) for (const key of Object.keys(totals)) totals[key] += counts[key] ?? 0;
  } catch {
    // no report (the runner did not start): the exit code below says what happened
  }
  results.push(`${step.key} ${code === 0 ? "ok" : `FAILED (exit ${code})`} ${seconds(Date.now() - t0)}`);
  if (code !== 0) {
    failure = { step, code };
    break;
  }
}

const skipped = steps.slice(results.length).map((step) => `${step.key} skipped`);
const summary = [...results, ...skipped].join(", ");
const countLine = `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
// In CI every test must run: a test that skipped itself (Slurm not started, ../shared missing, no database server)
// would otherwise pass unseen.
if (!failure && process.env.CI && totals.skipped > 0 && steps.length === STEPS.length) {
  console.error(`\n${countLine}`);
  console.error(`✗ npm test: ${totals.skipped} test(s) skipped themselves in CI, where every test must run (see their messages above)`);
  process.exit(1);
}
if (failure) {
  console.error(`\n${countLine}`);
  console.error(`✗ npm test failed at ${failure.step.label} after ${seconds(Date.now() - started)}: ${summary}`);
  process.exit(failure.code);
}
console.log(`\n${countLine}`);
console.log(`✓ npm test passed in ${seconds(Date.now() - started)} (${where}): ${summary}`);
