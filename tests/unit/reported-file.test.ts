import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseReportedFile, ReportedFileError } from "@/lib/compare/reported-file";
import paper from "@/lib/demo/reagent-paper-results.json";

describe("parseReportedFile", () => {
  it("reads the paper's JSON shape", () => {
    const text = JSON.stringify(paper);
    const file = parseReportedFile(text, "reagent-paper-results.json");
    expect(file.rows).toHaveLength(paper.results.length);
    expect(file.source).toBe(paper.source);
    expect(file.rows[0]).toMatchObject({ method: paper.results[0].method, benchmark: paper.results[0].benchmark, accuracy_pct: paper.results[0].accuracy_pct });
  });
  it("reads a CSV with method, benchmark, accuracy_pct (table optional, header case and spaces ignored)", () => {
    const file = parseReportedFile("Method, Benchmark ,accuracy_pct\nX,GAIA-L1,33.3\n\"Y, with comma\",HLE,7\n", "r.csv");
    expect(file.rows).toEqual([
      { method: "X", benchmark: "GAIA-L1", accuracy_pct: 33.3, table: null },
      { method: "Y, with comma", benchmark: "HLE", accuracy_pct: 7, table: null },
    ]);
  });
  it("says what is wrong", () => {
    expect(() => parseReportedFile("method,benchmark\nX,HLE\n", "r.csv")).toThrow(/no "accuracy_pct" column/);
    expect(() => parseReportedFile("method,benchmark,accuracy_pct\nX,HLE,120\n", "r.csv")).toThrow(ReportedFileError);
    expect(() => parseReportedFile("method,benchmark,accuracy_pct\nX,HLE,1\nX,HLE,2\n", "r.csv")).toThrow(/appears twice/);
    expect(() => parseReportedFile("{", "r.json")).toThrow(/not valid JSON/);
    expect(() => parseReportedFile('{"results": []}', "r.json")).toThrow(/no results/);
  });
  it("the shared reference file parses", () => {
    let text: string;
    try {
      text = readFileSync("../shared/reference/reagent-paper-results.json", "utf8");
    } catch {
      return; // not on this machine
    }
    expect(parseReportedFile(text, "reagent-paper-results.json").rows.length).toBeGreaterThan(100);
  });
});
