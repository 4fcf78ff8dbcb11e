import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Integration test files each get their own database (tests/helpers/database.ts): an in-memory PGlite (~0.5 GB,
// CPU-heavy while it boots) or, with DATABASE_URL set, a fresh database on that PostgreSQL. Run as many files at
// once as there are cores (2 on the CI machines), never more than 4.
const workers = Math.max(1, Math.min(os.availableParallelism(), 4));

export default defineConfig({
  resolve: {
    tsconfigPaths: true, // "@/…" as in tsconfig.json
    alias: {
      // `import "server-only"` throws outside a react-server bundle; tests import server modules directly.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    maxWorkers: workers,
    // Builds the PGlite template databases once per run (skipped when DATABASE_URL names a real PostgreSQL).
    globalSetup: ["tests/helpers/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000, // beforeAll: boot PGlite or create a database, apply migrations
    teardownTimeout: 30_000,
    slowTestThreshold: 2_000,
  },
});
