// Serves an embedded PGlite database on a fixed port until stopped: `npm run db:pglite`.
// PGLITE_DATA_DIR=memory:// gives a throwaway in-memory database (used by the e2e tests).
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { dataDir, embeddedUrl, startEmbeddedServer } from "./lib/embedded-postgres.mjs";
import { isolateExtendedQueries } from "./lib/pglite-socket-isolation.mjs";
import path from "node:path";

const port = Number(process.env.PGLITE_PORT ?? 5433);
let stop;
if (process.env.PGLITE_DATA_DIR === "memory://") {
  const db = await PGlite.create("memory://", { extensions: { pg_trgm } });
  const server = isolateExtendedQueries(new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: 32 }));
  await server.start();
  stop = async () => {
    await server.stop();
    await db.close();
  };
} else {
  const dir = process.env.PGLITE_DATA_DIR ? path.resolve(process.env.PGLITE_DATA_DIR) : dataDir();
  ({ stop } = await startEmbeddedServer({ dir, port, log: console.log }));
}
console.log(`PGlite serving ${embeddedUrl(port)}`);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => stop().finally(() => process.exit(0)));
}
