// Proves that prisma/migrations, applied by scripts/migrate.mjs, build exactly the database prisma/schema.prisma
// describes: every model, field, type, nullability, default, enum, index, unique and foreign key.
//
// Prisma's own drift check (`migrate diff --from-migrations`) needs the native schema engine or introspection
// through adapter-pg, neither of which works here (../shared/PLATFORM.md). So:
//   database A: fresh, `migrate()` (what every deployment gets);
//   database B: fresh, the SQL Prisma's schema engine (wasm) writes for `diff(empty -> current schema.prisma)`,
//               i.e. what `prisma migrate dev` would create from scratch;
// then their catalogs must be identical (tests/helpers/catalog.ts), _prisma_migrations aside.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffSchemas } from "../../scripts/lib/schema-diff.mjs";
import { localMigrations, migrate } from "../../scripts/migrate.mjs";
import { catalogSize, diffCatalogs, readCatalog, type Catalog } from "../helpers/catalog";
import { createTestDatabase, type CreatedTestDatabase } from "../helpers/database";

const SCHEMA_PATH = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");
const LABELS: [string, string] = ["migrations", "schema.prisma"];

let migrated: CreatedTestDatabase;
let fromSchema: CreatedTestDatabase;
let schemaSql: string;
let migratedCatalog: Catalog;
let schemaCatalog: Catalog;

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const report = (lines: string[]) =>
  lines.length ? `${lines.length} difference(s) between ${LABELS.join(" and ")}:\n  ${lines.join("\n  ")}` : "";

beforeAll(async () => {
  [migrated, fromSchema] = await Promise.all([createTestDatabase({ migrate: false }), createTestDatabase({ migrate: false })]);
  await migrate(migrated.url, { log: () => {} });
  // The engine only asks database B's server for its version; the script is then applied by us.
  const diff = await diffSchemas({ from: null, to: readFileSync(SCHEMA_PATH, "utf8"), schemaPath: SCHEMA_PATH, url: fromSchema.url });
  expect(diff.changed).toBe(true);
  schemaSql = diff.sql;
  await withClient(fromSchema.url, (client) => client.query(schemaSql));
  [migratedCatalog, schemaCatalog] = await Promise.all([
    withClient(migrated.url, (client) => readCatalog(client)),
    withClient(fromSchema.url, (client) => readCatalog(client)),
  ]);
});

afterAll(async () => {
  await Promise.all([migrated?.drop(), fromSchema?.drop()]);
});

describe("prisma/schema.prisma vs prisma/migrations", () => {
  it("the migrated database matches the database schema.prisma describes", () => {
    expect(report(diffCatalogs(migratedCatalog, schemaCatalog, LABELS))).toBe("");
  });

  it("compares a complete catalog, not an empty one", () => {
    const schema = readFileSync(SCHEMA_PATH, "utf8");
    const models = schema.match(/^model \w+/gm) ?? [];
    const enums = schema.match(/^enum \w+/gm) ?? [];
    const size = catalogSize(schemaCatalog);
    expect(size.tables).toBe(models.length);
    expect(size.enums).toBe(enums.length);
    const extensions = schema.match(/^\s*extensions\s*=\s*\[([^\]]*)\]/m)?.[1].split(",").map((e) => e.trim()).filter(Boolean) ?? [];
    expect([...schemaCatalog.extensions.keys()].sort()).toEqual(extensions.map((e) => `"${e}"`).sort());
    expect(size.columns).toBeGreaterThan(models.length * 3);
    expect(size.indexes).toBeGreaterThanOrEqual(models.length); // at least every primary key
    expect([...schemaCatalog.constraints.values()].some((c) => c.startsWith("FOREIGN KEY"))).toBe(true);
    expect(schemaCatalog.tables.has('"Trajectory"')).toBe(true);
    expect(schemaCatalog.columns.get('"Run"."variant"')).toBe('"RunVariant" NOT NULL DEFAULT \'custom\'::"RunVariant"');
  });

  it("records every migration in _prisma_migrations as Prisma Migrate does", async () => {
    const local = localMigrations();
    const rows = await withClient(migrated.url, async (client) => {
      const { rows } = await client.query(
        `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
           FROM _prisma_migrations ORDER BY migration_name`,
      );
      return rows;
    });
    expect(rows.map((row) => row.migration_name)).toEqual(local.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      const sha256 = createHash("sha256").update(local[i].sql).digest("hex");
      expect(row, row.migration_name).toMatchObject({ checksum: sha256, logs: null, rolled_back_at: null, applied_steps_count: 1 });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
  });

  it("_prisma_migrations has Prisma's own table definition", async () => {
    const columns = await withClient(migrated.url, async (client) => {
      const { rows } = await client.query(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
            pg_get_expr(d.adbin, d.adrelid) AS default
           FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid = '_prisma_migrations'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      );
      return rows.map((r) => `${r.name} ${r.type}${r.not_null ? " NOT NULL" : ""}${r.default ? ` DEFAULT ${r.default}` : ""}`);
    });
    expect(columns).toEqual([
      "id character varying(36) NOT NULL",
      "checksum character varying(64) NOT NULL",
      "finished_at timestamp with time zone",
      "migration_name character varying(255) NOT NULL",
      "logs text",
      "rolled_back_at timestamp with time zone",
      "started_at timestamp with time zone NOT NULL DEFAULT now()",
      "applied_steps_count integer NOT NULL DEFAULT 0",
    ]);
  });

  it("reports a drifted database (the comparison can fail)", async () => {
    // Drift database A inside a transaction, read its catalog there, roll back.
    const drifted = await withClient(migrated.url, async (client) => {
      await client.query("BEGIN");
      try {
        await client.query(`ALTER TABLE "Run" ADD COLUMN "drift" TEXT`);
        await client.query(`DROP INDEX "Run_variant_idx"`);
        await client.query(`ALTER TABLE "Task" ALTER COLUMN "level" SET NOT NULL`);
        await client.query(`ALTER TABLE "Metric" ALTER COLUMN "value" TYPE numeric`);
        await client.query(`ALTER TABLE "Import" ALTER COLUMN "accepted" SET DEFAULT 1`);
        await client.query(`ALTER TABLE "Judgment" DROP CONSTRAINT "Judgment_trajectoryId_fkey"`);
        await client.query(`ALTER TYPE "JobState" ADD VALUE 'zombie'`);
        return await readCatalog(client);
      } finally {
        await client.query("ROLLBACK");
      }
    });
    const lines = diffCatalogs(drifted, schemaCatalog, LABELS);
    const expected = [
      /^column "Run"\."drift": only in migrations: text NULL$/,
      /^index "Run_variant_idx" on "Run": only in schema\.prisma: CREATE INDEX "Run_variant_idx" ON \w+\."Run" USING btree \(variant\)$/,
      /^column "Task"\."level": migrations has text NOT NULL, schema\.prisma has text NULL$/,
      /^column "Metric"\."value": migrations has numeric NOT NULL, schema\.prisma has double precision NOT NULL$/,
      /^column "Import"\."accepted": migrations has integer NOT NULL DEFAULT 1, schema\.prisma has integer NOT NULL DEFAULT 0$/,
      /^constraint "Judgment_trajectoryId_fkey" on "Judgment": only in schema\.prisma: FOREIGN KEY: FOREIGN KEY \("trajectoryId"\) REFERENCES "Trajectory"\(id\) ON UPDATE CASCADE ON DELETE CASCADE$/,
      /^enum "JobState": migrations has \{.*zombie.*\}, schema\.prisma has \{/,
    ];
    for (const pattern of expected) expect(lines.some((line) => pattern.test(line)), `${pattern} in\n${lines.join("\n")}`).toBe(true);
    // PostgreSQL 18 (PGlite) also lists the new NOT NULL constraint of "Task"."level"; nothing else may differ.
    const other = lines.filter((line) => !expected.some((pattern) => pattern.test(line)) && !/^constraint "Task_level_not_null"/.test(line));
    expect(other).toEqual([]);
    expect(report(lines)).toMatch(/^\d+ difference\(s\) between migrations and schema\.prisma:\n {2}/);

    // The rollback restored A: no difference again.
    const again = await withClient(migrated.url, (client) => readCatalog(client));
    expect(diffCatalogs(again, schemaCatalog, LABELS)).toEqual([]);
  });
});
