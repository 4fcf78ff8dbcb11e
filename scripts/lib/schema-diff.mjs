// Prisma's schema engine compiled to wasm (@prisma/schema-engine-wasm, pinned to the CLI's engine commit): turns a
// change between two schema.prisma texts into the SQL `prisma migrate dev` would write. The native engine cannot be
// downloaded on these machines. Used by `npm run db:new` (scripts/prisma-engine.mjs) and by
// tests/integration/schema-matches-migrations.test.ts. Undocumented internal API: re-check on every Prisma upgrade.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";

const WASM_READY = Symbol.for("reagent-workbench.schema-engine-wasm");

/** Instantiates the engine's wasm once per process (Node 20 cannot import .wasm as ESM). */
export function loadSchemaEngineWasm() {
  if (globalThis[WASM_READY]) return;
  const wasmFile = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmFile)), { "./schema_engine_bg.js": engineBindings });
  engineBindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  globalThis[WASM_READY] = true;
}

/**
 * The SQL that takes a database from schema `from` (schema.prisma text, or null for an empty database) to schema
 * `to`, exactly as `prisma migrate diff --script` / `migrate dev` would write it. Returns { changed, sql }.
 *
 * The engine insists on a database connection even for a model-to-model diff; it only asks the server for its
 * version. `url` names that PostgreSQL (nothing is written to it); without one a throwaway in-memory PGlite serves.
 *
 * @param {{ from?: string | null, to: string, schemaPath?: string, url?: string }} options
 * @returns {Promise<{ changed: boolean, sql: string }>}
 */
export async function diffSchemas({ from, to, schemaPath = "schema.prisma", url }) {
  if (typeof to !== "string") throw new TypeError("diffSchemas: `to` must be the schema.prisma text");
  if (!url) return withThrowawayPostgres((throwawayUrl) => diffSchemas({ from, to, schemaPath, url: throwawayUrl }));
  loadSchemaEngineWasm();
  const pg = new PrismaPg({ connectionString: url });
  const adapters = [];
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: pg.provider,
    adapterName: pg.adapterName,
    connect: async () => {
      const adapter = await pg.connect();
      adapters.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      throw new Error("diffSchemas: a schema-to-schema diff needs no shadow database");
    },
  });
  const engine = await engineBindings.SchemaEngine.new({ datamodels: [[schemaPath, to]] }, () => {}, factory);
  try {
    const result = await engine.diff({
      from: from === null || from === undefined ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: schemaPath, content: from }] },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: to }] },
      script: true,
      exitCode: true,
      shadowDatabaseUrl: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    // exitCode: 0 = no difference, 2 = differences (the script), anything else = an error.
    if (result.exitCode !== 0 && result.exitCode !== 2) throw new Error(`schema engine diff exited with ${result.exitCode}`);
    return { changed: result.exitCode === 2, sql: result.stdout };
  } finally {
    engine.free();
    await Promise.all(adapters.map((adapter) => adapter.dispose().catch(() => {})));
  }
}

/**
 * Runs `fn(url)` against a throwaway in-memory PGlite served on a free port, then stops it.
 * @template T
 * @param {(url: string) => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withThrowawayPostgres(fn) {
  const db = await PGlite.create("memory://", { extensions: { pg_trgm } });
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 4 });
  await server.start();
  try {
    return await fn(`postgresql://postgres:postgres@${server.getServerConn()}/postgres`);
  } finally {
    await server.stop();
    await db.close();
  }
}
