// Holds a fresh database for one Playwright run on the PostgreSQL server of DATABASE_URL (playwright.config.ts
// starts it as its first webServer when DATABASE_URL is set): creates E2E_DATABASE_URL's database, prints
// "e2e database ready: <url>", then waits. On SIGTERM/SIGINT, or when its stdin closes (the runner went away), it
// drops the database WITH (FORCE) and exits. The database DATABASE_URL names is never touched.
import pg from "pg";
import { describeConnectionError, redactUrl } from "./lib/connection-errors.mjs";

const server = process.env.DATABASE_URL;
const target = process.env.E2E_DATABASE_URL;
if (!server || !target) {
  console.error("e2e-database: set DATABASE_URL (the server) and E2E_DATABASE_URL (the database to create on it).");
  process.exit(2);
}
const name = decodeURIComponent(new URL(target).pathname.slice(1));
if (!/^rw_e2e_[a-z0-9_]+$/.test(name)) {
  console.error(`e2e-database: refusing to manage "${name}": only rw_e2e_* databases are created and dropped here.`);
  process.exit(2);
}

function maintenanceUrl() {
  const url = new URL(server);
  url.pathname = "/postgres";
  return url.toString();
}

async function onServer(sql) {
  let client = new pg.Client({ connectionString: maintenanceUrl() });
  try {
    await client.connect();
  } catch (error) {
    if (error?.code !== "3D000") throw error; // no "postgres" database: use the one DATABASE_URL names
    client = new pg.Client({ connectionString: server });
    await client.connect();
  }
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

let dropping;
function dropAndExit(code) {
  dropping ??= onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    .then(() => console.log(`e2e database dropped: ${name}`))
    .catch((error) => {
      console.error(`e2e-database: could not drop ${name}: ${error.message}`);
      code ||= 1;
    })
    .finally(() => process.exit(code));
}

try {
  await onServer(`CREATE DATABASE "${name}" TEMPLATE template0`);
} catch (error) {
  console.error(`e2e-database: ${describeConnectionError(error, server)}`);
  process.exit(1);
}
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => dropAndExit(0));
process.stdin.on("end", () => dropAndExit(0));
process.stdin.on("error", () => dropAndExit(0));
process.stdin.resume();
console.log(`e2e database ready: ${redactUrl(target)}`);
