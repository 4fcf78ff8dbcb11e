import path from "node:path";
import { defineConfig } from "prisma/config";

// The Prisma CLI downloads its native schema engine unless this names an existing file. generate/validate/format
// never run it (they use bundled wasm); migrations go through scripts/migrate.mjs instead.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "prisma/no-schema-engine.sh");
process.env.CHECKPOINT_DISABLE ??= "1"; // otherwise every command spawns an update/telemetry check

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL },
});
