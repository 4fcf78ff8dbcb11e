// Reads the parts of a PostgreSQL catalog that schema.prisma describes (tables, columns, enums, indexes,
// constraints, sequences in the current schema; extensions, with the postgresqlExtensions preview feature) and
// compares two of them. Used by
// tests/integration/schema-matches-migrations.test.ts. Triggers, functions, views, grants and comments
// are not read: schema.prisma cannot describe them.

export interface Queryable {
  query<R extends Record<string, unknown>>(sql: string): Promise<{ rows: R[] }>;
}

/** Each section maps an object's name to a one-line description of everything compared about it. */
export interface Catalog {
  tables: Map<string, string>;
  columns: Map<string, string>;
  enums: Map<string, string>;
  indexes: Map<string, string>;
  constraints: Map<string, string>;
  sequences: Map<string, string>;
  extensions: Map<string, string>;
}

export const IGNORED_TABLES = ["_prisma_migrations"];

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const SCHEMA_TABLES = `n.nspname = current_schema() AND c.relname <> ALL ($ignored$)`;

function sql(text: string) {
  const ignored = `ARRAY[${IGNORED_TABLES.map((name) => `'${name}'`).join(", ")}]::name[]`;
  return text.replaceAll("$ignored$", ignored);
}

export async function readCatalog(db: Queryable): Promise<Catalog> {
  const tables = await db.query<{ name: string; kind: string; persistence: string }>(
    sql(`SELECT c.relname AS name, c.relkind AS kind, c.relpersistence AS persistence
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${SCHEMA_TABLES}`),
  );
  const columns = await db.query<{
    table: string;
    column: string;
    type: string;
    not_null: boolean;
    default: string | null;
    identity: string;
    generated: string;
    collation: string | null;
  }>(
    sql(`SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
        a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity AS identity,
        a.attgenerated AS generated,
        CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      LEFT JOIN pg_collation co ON co.oid = a.attcollation
      WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND ${SCHEMA_TABLES}`),
  );
  // Labels compared as a set, as Prisma's own differ does (a value added later goes to the end of the type).
  const enums = await db.query<{ name: string; labels: string }>(
    `SELECT t.typname AS name, string_agg(e.enumlabel::text, ', ' ORDER BY e.enumlabel::text COLLATE "C") AS labels
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE n.nspname = current_schema() GROUP BY t.typname`,
  );
  const indexes = await db.query<{ name: string; table: string; definition: string }>(
    sql(`SELECT i.indexname AS name, i.tablename AS table, i.indexdef AS definition
      FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename <> ALL ($ignored$)`),
  );
  const constraints = await db.query<{ name: string; table: string; type: string; definition: string }>(
    sql(`SELECT con.conname AS name, c.relname AS table, con.contype AS type, pg_get_constraintdef(con.oid) AS definition
      FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${SCHEMA_TABLES}`),
  );
  const sequences = await db.query<{ name: string; type: string; start: string; increment: string; min: string; max: string; cycle: boolean; owner: string | null }>(
    `SELECT c.relname AS name, format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS start,
        s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max, s.seqcycle AS cycle,
        (SELECT format('%I.%I', tc.relname, a.attname) FROM pg_depend dep
           JOIN pg_class tc ON tc.oid = dep.refobjid
           JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
          WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.refclassid = 'pg_class'::regclass
            AND dep.deptype IN ('a', 'i') LIMIT 1) AS owner
      FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema()`,
  );
  const extensions = await db.query<{ name: string; schema: string }>(
    `SELECT e.extname AS name, n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE e.extname <> 'plpgsql'`,
  );

  const kinds: Record<string, string> = { r: "table", p: "partitioned table", v: "view", m: "materialized view", f: "foreign table" };
  return {
    tables: new Map(tables.rows.map((t) => [q(t.name), `${t.persistence === "u" ? "unlogged " : ""}${kinds[t.kind] ?? t.kind}`])),
    columns: new Map(
      columns.rows.map((c) => [
        `${q(c.table)}.${q(c.column)}`,
        [
          c.type,
          c.collation ? `COLLATE ${q(c.collation)}` : "",
          c.not_null ? "NOT NULL" : "NULL",
          c.default !== null ? `DEFAULT ${c.default}` : "",
          c.identity ? `IDENTITY(${c.identity})` : "",
          c.generated ? `GENERATED(${c.generated})` : "",
        ]
          .filter(Boolean)
          .join(" "),
      ]),
    ),
    enums: new Map(enums.rows.map((e) => [q(e.name), `{${e.labels}}`])),
    indexes: new Map(indexes.rows.map((i) => [`${q(i.name)} on ${q(i.table)}`, i.definition])),
    constraints: new Map(
      constraints.rows.map((c) => [
        `${q(c.name)} on ${q(c.table)}`,
        `${({ p: "PRIMARY KEY", f: "FOREIGN KEY", u: "UNIQUE", c: "CHECK", x: "EXCLUDE", n: "NOT NULL", t: "TRIGGER" } as Record<string, string>)[c.type] ?? c.type}: ${c.definition}`,
      ]),
    ),
    sequences: new Map(
      sequences.rows.map((s) => [
        q(s.name),
        `${s.type} START ${s.start} INCREMENT ${s.increment} MIN ${s.min} MAX ${s.max}${s.cycle ? " CYCLE" : ""} OWNED BY ${s.owner ?? "none"}`,
      ]),
    ),
    extensions: new Map(extensions.rows.map((e) => [q(e.name), `in schema ${q(e.schema)}`])),
  };
}

const SECTION_NAMES: Record<keyof Catalog, string> = {
  tables: "table",
  columns: "column",
  enums: "enum",
  indexes: "index",
  constraints: "constraint",
  sequences: "sequence",
  extensions: "extension",
};

/**
 * Every difference between two catalogs, one readable line each, e.g.
 *   column "Run"."drift": only in migrations: text NULL
 *   index "Run_variant_idx" on "Run": only in schema.prisma: CREATE INDEX "Run_variant_idx" ON public."Run" …
 *   column "Task"."level": migrations has text NOT NULL, schema.prisma has text NULL
 * Empty when they match.
 */
export function diffCatalogs(a: Catalog, b: Catalog, labels: [string, string] = ["a", "b"]): string[] {
  const lines: string[] = [];
  for (const section of Object.keys(SECTION_NAMES) as (keyof Catalog)[]) {
    const names = [...new Set([...a[section].keys(), ...b[section].keys()])].sort();
    for (const name of names) {
      const left = a[section].get(name);
      const right = b[section].get(name);
      const what = `${SECTION_NAMES[section]} ${name}`;
      if (right === undefined) lines.push(`${what}: only in ${labels[0]}: ${left}`);
      else if (left === undefined) lines.push(`${what}: only in ${labels[1]}: ${right}`);
      else if (left !== right) lines.push(`${what}: ${labels[0]} has ${left}, ${labels[1]} has ${right}`);
    }
  }
  return lines;
}

export function catalogSize(catalog: Catalog): Record<keyof Catalog, number> {
  return Object.fromEntries(Object.entries(catalog).map(([key, map]) => [key, map.size])) as Record<keyof Catalog, number>;
}
