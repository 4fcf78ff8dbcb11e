// Parsing a results table for `npm run import-reported`: the JSON shape of the paper's results
// ({ source?, results: [{ table?, method, benchmark, accuracy_pct }] }) or a CSV with the columns
// method, benchmark, accuracy_pct (and optionally table). Pure.
import Papa from "papaparse";
import { z } from "zod";

export const reportedRowSchema = z.object({
  table: z.string().trim().min(1).nullish(),
  method: z.string().trim().min(1).max(200),
  benchmark: z.string().trim().min(1).max(200),
  accuracy_pct: z.coerce.number().min(0).max(100),
});
export type ReportedRow = z.infer<typeof reportedRowSchema>;

export type ReportedFile = { source: string | null; rows: ReportedRow[] };

export class ReportedFileError extends Error {}

export function parseReportedFile(text: string, fileName: string): ReportedFile {
  const trimmed = text.trimStart();
  let source: string | null = null;
  let records: unknown[];
  if (fileName.toLowerCase().endsWith(".json") || trimmed.startsWith("{") || trimmed.startsWith("[")) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ReportedFileError(`${fileName} is not valid JSON: ${(error as Error).message}`);
    }
    const shape = z.union([z.object({ source: z.string().optional(), results: z.array(z.unknown()) }), z.array(z.unknown())]).safeParse(json);
    if (!shape.success) throw new ReportedFileError(`${fileName}: expected { "results": [ { "method", "benchmark", "accuracy_pct" } … ] }`);
    records = Array.isArray(shape.data) ? shape.data : shape.data.results;
    source = Array.isArray(shape.data) ? null : (shape.data.source ?? null);
  } else {
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim().toLowerCase() });
    if (parsed.errors.length) throw new ReportedFileError(`${fileName} line ${(parsed.errors[0].row ?? 0) + 2}: ${parsed.errors[0].message}`);
    for (const column of ["method", "benchmark", "accuracy_pct"]) {
      if (!parsed.meta.fields?.includes(column)) throw new ReportedFileError(`${fileName}: the CSV has no "${column}" column (needs method, benchmark, accuracy_pct)`);
    }
    records = parsed.data.map((r) => ({ ...r, table: r.table || null }));
  }
  const rows = records.map((record, i) => {
    const row = reportedRowSchema.safeParse(record);
    if (!row.success) throw new ReportedFileError(`${fileName}, result ${i + 1}: ${row.error.issues.map((x) => `${x.path.join(".") || "row"}: ${x.message}`).join("; ")}`);
    return row.data;
  });
  if (!rows.length) throw new ReportedFileError(`${fileName} holds no results`);
  const seen = new Set<string>();
  for (const row of rows) {
    const key = `${row.method}\u0000${row.benchmark}`;
    if (seen.has(key)) throw new ReportedFileError(`${fileName}: ${row.method} on ${row.benchmark} appears twice`);
    seen.add(key);
  }
  return { source, rows };
}
