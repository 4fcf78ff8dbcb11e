// End-to-end tests: Debian's Chromium against the built app (`next build` first; `npm test` does it).
//
// Two web servers, started in order and stopped after the run:
//   1. the database, fresh for this run:
//      - DATABASE_URL unset: an in-memory PGlite (`node scripts/pglite.mjs`, PGLITE_DATA_DIR=memory://) on
//        127.0.0.1:E2E_PGLITE_PORT (default 54340);
//      - DATABASE_URL set: `node scripts/e2e-database.mjs` creates rw_e2e_<random> on that server and drops it
//        (WITH (FORCE)) when Playwright stops it;
//   2. the app on http://127.0.0.1:E2E_APP_PORT (default 3100): migrate, seed a 300-trajectory demo, create an admin and a viewer
//      (e2e/users.ts), then `next start`; ready when /api/health answers.
import { randomBytes } from "node:crypto";
import os from "node:os";
import { defineConfig, type PlaywrightTestConfig } from "@playwright/test";
import { E2E_USERS } from "./e2e/users";

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100); // another port lets two checkouts run e2e at once
const BASE_URL = `http://127.0.0.1:${APP_PORT}`;
const PGLITE_PORT = Number(process.env.E2E_PGLITE_PORT ?? 54340);
const CI = !!process.env.CI;

// Chosen once in the runner process; its workers re-read this config with the same environment.
if (process.env.DATABASE_URL && !process.env.E2E_DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/rw_e2e_${randomBytes(5).toString("hex")}`;
  process.env.E2E_DATABASE_URL = url.toString();
}
const appDatabaseUrl = process.env.DATABASE_URL
  ? process.env.E2E_DATABASE_URL!
  : `postgresql://postgres:postgres@127.0.0.1:${PGLITE_PORT}/postgres`;

const databaseServer: NonNullable<PlaywrightTestConfig["webServer"]> = process.env.DATABASE_URL
  ? {
      name: "database",
      command: "node scripts/e2e-database.mjs",
      env: { DATABASE_URL: process.env.DATABASE_URL, E2E_DATABASE_URL: appDatabaseUrl },
      wait: { stdout: /e2e database ready/ },
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 }, // lets it drop the database
      stdout: "pipe",
      timeout: 30_000,
    }
  : {
      name: "database",
      command: "node scripts/pglite.mjs",
      env: { PGLITE_PORT: String(PGLITE_PORT), PGLITE_DATA_DIR: "memory://" },
      port: PGLITE_PORT,
      reuseExistingServer: false,
      timeout: 60_000,
    };

const sh = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
const appCommand = [
  "node scripts/migrate.mjs",
  "npm run --silent seed -- --trajectories 300",
  ...E2E_USERS.map(
    (user) => `npm run --silent admin -- create-user --email ${sh(user.email)} --password ${sh(user.password)} --role ${user.role}`,
  ),
  `node node_modules/next/dist/bin/next start -H 127.0.0.1 -p ${APP_PORT}`,
].join(" && ");

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: Math.max(1, Math.min(os.availableParallelism(), 2)),
  forbidOnly: CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: BASE_URL,
    browserName: "chromium",
    headless: true,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
      ],
    },
  },
  webServer: [
    databaseServer,
    {
      name: "app",
      command: appCommand,
      url: `${BASE_URL}/api/health`,
      env: {
        DATABASE_URL: appDatabaseUrl,
        BETTER_AUTH_SECRET: "e2e-only-secret-5b0f3c1d9a7e4f2b8c6d0e1a3f5b7c9d",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      reuseExistingServer: false,
      stdout: "pipe",
      timeout: 240_000, // migrate + seed + two CLI calls + next start, on 2 busy cores
    },
  ],
});
