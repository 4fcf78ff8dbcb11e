// `npm run import-reported`: importReported on parsed tables (re-import replaces a method's numbers, a run of the
// same name that is not a reported run is left alone), the CLI on a small CSV and on the JSON shape of the paper's
// results file (read from ../shared, never copied here), and a custom method's table drawn only when reported= picks it.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db/prisma";
import { parseCompareQuery } from "@/lib/compare/query";
import { parseReportedFile } from "@/lib/compare/reported-file";
import { createRun } from "@/lib/server/create-run";
import { getComparison } from "@/lib/server/get-comparison";
import { importReported } from "@/lib/server/import-reported";
import { useTestDatabase } from "../helpers/database";

const db = useTestDatabase();
const ROOT = path.resolve(import.meta.dirname, "../..");
const PAPER = path.resolve(ROOT, "../shared/reference/reagent-paper-results.json");
const tmp = mkdtempSync(path.join(os.tmpdir(), "import-reported-"));

function file(name: string, text: string): string {
  const target = path.join(tmp, name);
  writeFileSync(target, text);
  return target;
}

/** Runs the CLI as `npm run import-reported` does, on this file's database. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/import-reported.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: db.url },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const numbersOf = async (name: string) =>
  Object.fromEntries(
    (await getPrisma().reportedResult.findMany({ where: { run: { name } }, select: { benchmark: true, accuracyPct: true } })).map((r) => [r.benchmark, r.accuracyPct]),
  );

describe("importReported", () => {
  it("creates one reported run per method; importing again replaces its numbers, benchmarks dropped included", async () => {
    const first = await importReported(parseReportedFile("method,benchmark,accuracy_pct,table\nAgent X,GAIA,40,T1\nAgent X,HLE,7.5,T1\nQwen3-8B,GAIA,21.4,T1\n", "a.csv"), { prefix: "Lab: " });
    expect(first.runs.map((r) => [r.name, r.created, r.results])).toEqual([["Lab: Agent X", true, 2], ["Lab: Qwen3-8B", true, 1]]);
    const run = await getPrisma().run.findUniqueOrThrow({ where: { name: "Lab: Agent X" } });
    expect(run).toMatchObject({ source: "reported", variant: "custom", tags: ["reported"] });
    expect(await numbersOf("Lab: Agent X")).toEqual({ GAIA: 40, HLE: 7.5 });

    const again = await importReported(parseReportedFile("method,benchmark,accuracy_pct\nAgent X,GAIA,41.2\nAgent X,MATH500,60\n", "b.csv"), { prefix: "Lab: " });
    expect(again.runs).toEqual([{ id: run.id, name: "Lab: Agent X", created: false, results: 2 }]);
    expect(await numbersOf("Lab: Agent X")).toEqual({ GAIA: 41.2, MATH500: 60 }); // HLE is gone
    expect(await numbersOf("Lab: Qwen3-8B")).toEqual({ GAIA: 21.4 }); // a method the new file leaves out keeps its run
  });

  it("leaves a run of the same name that is not a reported run alone and says so", async () => {
    await createRun({ name: "Lab: Mine" });
    const result = await importReported(parseReportedFile("method,benchmark,accuracy_pct\nMine,GAIA,10\n", "c.csv"), { prefix: "Lab: " });
    expect(result.runs).toEqual([]);
    expect(result.conflicts).toEqual(["Lab: Mine exists and is not a reported run; its numbers were not imported"]);
    expect(await numbersOf("Lab: Mine")).toEqual({});
  });

  it("a custom method's table is drawn only when reported= picks it, across every series", async () => {
    const { runs } = await importReported(parseReportedFile("method,benchmark,accuracy_pct\nCustom agent,HLE,12.5\n", "d.csv"), { prefix: "Lab: " });
    const run = await createRun({ name: "an evaluation", variant: "custom" });
    await getPrisma().task.create({ data: { benchmark: "HLE", externalId: "ir-1", question: "Q?" } }).then((task) =>
      getPrisma().trajectory.create({ data: { runId: run.id, taskId: task.id, benchmark: "HLE", correct: true, contentHash: "ir-1" } }));
    const plain = await getComparison(parseCompareQuery(new URLSearchParams(`runs=${run.id}`)));
    expect(plain.reported.filter((m) => m.runId === runs[0].id)).toEqual([]);
    const picked = await getComparison(parseCompareQuery(new URLSearchParams(`runs=${run.id}&reported=${runs[0].id}`)));
    expect(picked.reported.filter((m) => m.runId === runs[0].id)).toEqual([
      { runId: runs[0].id, runName: "Lab: Custom agent", benchmark: "HLE", accuracy: 0.125, accuracyPct: 12.5, sourceTable: null, series: [], picked: true },
    ]);
    expect(picked.notes).toEqual([]);
  });
});

describe("the import-reported CLI", () => {
  it("imports a small CSV, and importing a changed one replaces the numbers", async () => {
    const first = await cli(file("small.csv", "method,benchmark,accuracy_pct,table\nCLI agent,GAIA-L1,33.3,Table 9\nCLI agent,HLE,5,\n"), "--prefix", "CLI: ");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Created CLI: CLI agent \(run \d+\): 2 numbers$/m);
    expect(first.stdout).toContain("Imported 2 reported numbers for 1 methods from");
    expect(await numbersOf("CLI: CLI agent")).toEqual({ "GAIA-L1": 33.3, HLE: 5 });
    const second = await cli(file("small-2.csv", "method,benchmark,accuracy_pct\nCLI agent,GAIA-L1,35\n"), "--prefix=CLI: ");
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^Updated CLI: CLI agent \(run \d+\): 1 numbers$/m);
    expect(await numbersOf("CLI: CLI agent")).toEqual({ "GAIA-L1": 35 });
  }, 120_000);

  it.skipIf(!existsSync(PAPER))("imports the paper's results file (its JSON shape, read from ../shared)", async () => {
    const expected = parseReportedFile(readFileSync(PAPER, "utf8"), path.basename(PAPER));
    const methods = new Set(expected.rows.map((r) => r.method));
    const result = await cli(PAPER, "--prefix", "Shared: ");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Imported ${expected.rows.length} reported numbers for ${methods.size} methods`);
    const stored = await getPrisma().reportedResult.findMany({ where: { run: { name: { startsWith: "Shared: " }, source: "reported" } }, include: { run: { select: { name: true } } } });
    expect(stored).toHaveLength(expected.rows.length);
    for (const row of expected.rows) {
      const hit = stored.find((s) => s.run.name === `Shared: ${row.method}` && s.benchmark === row.benchmark)!;
      expect(hit.accuracyPct).toBe(row.accuracy_pct);
      expect(hit.sourceTable).toBe(row.table ?? null);
    }
  }, 120_000);

  it("says what is wrong with a bad file and exits 1", async () => {
    const missing = await cli(path.join(tmp, "nope.csv"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no such file");
    const bad = await cli(file("bad.csv", "method,benchmark\nX,HLE\n"));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('the CSV has no "accuracy_pct" column');
  }, 120_000);
});
