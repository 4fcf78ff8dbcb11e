// The embedded database under concurrency: parameterized queries from many connections at once must each get their
// own answer (pglite-socket interleaved their extended-query batches; scripts/lib/pglite-socket-isolation.mjs). Without
// isolateExtendedQueries the first test fails with "bind message supplies … parameters" errors.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolateExtendedQueries } from "../../scripts/lib/pglite-socket-isolation.mjs";

let stop: () => Promise<void>;
let url: string;

beforeAll(async () => {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const db = await PGlite.create("memory://");
  const server = isolateExtendedQueries(new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 16 }));
  await server.start();
  url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres`;
  stop = async () => {
    await server.stop();
    await db.close();
  };
});

afterAll(async () => {
  await stop?.();
});

describe("PGLiteSocketServer with isolated extended queries", () => {
  it("answers 400 concurrent parameterized queries of different shapes and sizes from 8 connections correctly", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    try {
      const results = await Promise.all(
        Array.from({ length: 400 }, (_, i) =>
          i % 3 === 0
            ? pool.query<{ v: number }>("SELECT $1::int AS v", [i]).then((r) => r.rows[0].v === i)
            : i % 3 === 1
              ? pool.query<{ v: number }>("SELECT $1::int + $2::int + $3::int AS v", [i, 1, 2]).then((r) => r.rows[0].v === i + 3)
              : pool.query<{ v: number }>("SELECT length($1::text || $2::text) AS v", [`a${i}`.padEnd(200_000, "x"), "b"]).then((r) => r.rows[0].v === 200_001),
        ),
      );
      expect(results.every(Boolean)).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it("keeps transactions and failing statements from blocking the others", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    try {
      const tx = (async () => {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          await client.query("SELECT pg_sleep(0.05)");
          const { rows } = await client.query<{ v: number }>("SELECT $1::int AS v", [7]);
          await client.query("COMMIT");
          return rows[0].v;
        } finally {
          client.release();
        }
      })();
      const failing = pool.query("SELECT $1::int / 0", [1]).then(
        () => "no error",
        (error: Error) => error.message,
      );
      const others = Promise.all(Array.from({ length: 20 }, (_, i) => pool.query<{ v: number }>("SELECT $1::int AS v", [i]).then((r) => r.rows[0].v)));
      expect(await tx).toBe(7);
      expect(await failing).toMatch(/division by zero/);
      expect(await others).toEqual(Array.from({ length: 20 }, (_, i) => i));
    } finally {
      await pool.end();
    }
  });
});
