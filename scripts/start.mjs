// `npm start`: one command from a fresh clone to a running workbench.
// Without DATABASE_URL it hosts the embedded PostgreSQL (PGlite, in DATA_DIR) in this process, migrates it, loads
// the demo on first start and serves the app as a child process; Ctrl-C stops both. With DATABASE_URL it uses that
// server instead and loads nothing. Every failure ends in one sentence that says what to do.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { describeConnectionError } from "./lib/connection-errors.mjs";
import { StartupError, dataDir, startEmbeddedServer } from "./lib/embedded-postgres.mjs";
import { MigrationError, migrate } from "./migrate.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");

/** A path as the user reads it: relative to the checkout when it is inside, absolute otherwise. */
function displayPath(file) {
  const relative = path.relative(ROOT, file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const TSX_CLI = ["--conditions=react-server", "--import", "tsx"];

if (!process.env.DATABASE_URL && existsSync(path.join(ROOT, ".env"))) process.loadEnvFile(path.join(ROOT, ".env"));
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const say = (line) => console.log(`[workbench] ${line}`);

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

/** Reads BETTER_AUTH_SECRET, or keeps a generated one in DATA_DIR so sessions survive restarts. */
function authSecret(dir) {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = path.join(dir, "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url") + "\n", { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

function newestSourceChange() {
  let newest = 0;
  const visit = (target) => {
    if (!existsSync(target)) return;
    const stat = statSync(target);
    if (stat.isDirectory()) for (const name of readdirSync(target)) visit(path.join(target, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of ["app", "components", "lib", "public", "generated", "proxy.ts", "next.config.ts", "package-lock.json"]) {
    visit(path.join(ROOT, entry));
  }
  return newest;
}

/**
 * Runs a child to completion without blocking this process: the embedded database is served from this process's
 * event loop, so a synchronous spawn would leave a child that queries it waiting forever.
 */
function runChild(args, { env = process.env, capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"] });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

async function ensureBuild() {
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSourceChange()) return;
  say("Building the app (once per change; about a minute on 2 cores) …");
  const { code } = await runChild([NEXT_BIN, "build"]);
  if (code !== 0) throw new StartupError("The app did not build: see the errors above, fix them and run npm start again.");
}

async function runCli(script, args, env) {
  const { code, output } = await runChild([...TSX_CLI, path.join(ROOT, "scripts", script), ...args], { env, capture: true });
  if (code !== 0) throw new StartupError(`${script} ${args[0] ?? ""} failed (see above): fix the cause and run npm start again.`);
  return output;
}

async function databaseCounts(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT (SELECT count(*)::int FROM "user") AS users, (SELECT count(*)::int FROM "Run") AS runs`);
    return rows[0];
  } finally {
    await client.end();
  }
}

/** First embedded start: the demo data, and an admin whose password is kept in DATA_DIR to be printed each start. */
async function loadDemo(dir, env, counts) {
  const credentialsFile = path.join(dir, "demo-admin.json");
  if (counts.runs === 0) {
    say("Loading the demo data (first start) …");
    process.stdout.write(await runCli("seed.ts", [], env));
  }
  if (counts.users === 0) {
    const credentials = { email: "admin@demo.local", password: randomBytes(9).toString("base64url") };
    await runCli("admin.ts", ["create-user", "--email", credentials.email, "--password", credentials.password, "--role", "admin", "--name", "Demo admin"], env);
    writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2) + "\n", { mode: 0o600 });
  }
  return existsSync(credentialsFile) ? JSON.parse(readFileSync(credentialsFile, "utf8")) : null;
}

async function waitForHealth(url, child) {
  for (let attempt = 0; attempt < 600 && child.exitCode === null; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function main() {
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new StartupError(`PORT=${process.env.PORT} is not a port number.`);
  if (!(await portIsFree(port))) {
    throw new StartupError(`Port ${port} is already in use: stop what is using it, or start on another port with PORT=${port + 1} npm start.`);
  }
  const dir = dataDir();
  const embedded = !process.env.DATABASE_URL;
  let stopDatabase = async () => {};
  let url = process.env.DATABASE_URL;
  if (embedded) {
    const server = await startEmbeddedServer({ dir, log: say });
    stopDatabase = server.stop;
    url = server.url;
  } else {
    say(`Using the PostgreSQL server of DATABASE_URL.`);
  }
  const shutdown = async (code) => {
    await stopDatabase().catch(() => {});
    process.exit(code);
  };
  try {
    try {
      await migrate(url, { log: (line) => say(`migrations: ${line}`) });
    } catch (error) {
      if (error instanceof MigrationError) throw new StartupError(error.message);
      throw new StartupError(describeConnectionError(error, url));
    }
    mkdirSync(dir, { recursive: true });
    const env = { ...process.env, DATABASE_URL: url, BETTER_AUTH_SECRET: authSecret(dir), PORT: String(port) };
    const counts = await databaseCounts(url);
    const demoAdmin = embedded ? await loadDemo(dir, env, counts) : null;
    await ensureBuild();

    const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port)], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], env });
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
      process.on(signal, () => {
        child.kill("SIGTERM");
      });
    }
    child.on("exit", (code, signal) => shutdown(signal ? 0 : (code ?? 0)));
    if (await waitForHealth(`http://127.0.0.1:${port}/api/health`, child)) {
      say(`Reagent Workbench is ready: http://localhost:${port}`);
      if (demoAdmin) say(`Sign in as ${demoAdmin.email} with password ${demoAdmin.password} (demo admin; kept in ${displayPath(path.join(dir, "demo-admin.json"))}).`);
      else if (counts.users === 0 && !embedded) say("This database has no users yet: create one with npm run admin -- create-user --email you@lab.org --password '…' --role admin");
      say("Press Ctrl-C to stop.");
    }
  } catch (error) {
    await stopDatabase().catch(() => {});
    throw error;
  }
}

main().catch((error) => {
  if (error instanceof StartupError) console.error(`[workbench] ${error.message}`);
  else console.error(`[workbench] Start-up failed unexpectedly: ${error?.stack ?? error}`);
  process.exit(1);
});
