import "server-only";
// Loads a results table as runs of source "reported" (one run "Paper: {method}" per method, one ReportedResult per
// benchmark), the way the demo seed loads the paper's numbers: variant, λ and backbone from the method's name
// (lib/demo/benchmarks). Re-importing a method replaces its run's numbers with the file's: benchmarks the new file
// no longer reports are deleted, the description and tables follow the file. A non-reported run of the same name is
// left alone and reported as a conflict.
import { getPrisma } from "@/lib/db/prisma";
import type { ReportedFile } from "@/lib/compare/reported-file";
import { paperMethodModel, paperMethodVariant } from "@/lib/demo/benchmarks";

export type ImportReportedResult = { runs: { id: number; name: string; created: boolean; results: number }[]; conflicts: string[] };

export async function importReported(file: ReportedFile, options: { prefix?: string; description?: string } = {}): Promise<ImportReportedResult> {
  const prefix = options.prefix ?? "Paper: ";
  const prisma = getPrisma();
  const methods = [...new Set(file.rows.map((r) => r.method))];
  const out: ImportReportedResult = { runs: [], conflicts: [] };
  for (const method of methods) {
    const rows = file.rows.filter((r) => r.method === method);
    const name = `${prefix}${method}`;
    const tables = [...new Set(rows.map((r) => r.table).filter((t): t is string => !!t))];
    const { variant, lambda } = paperMethodVariant(method);
    const result = await prisma.$transaction(async (tx) => {
      const existing = await tx.run.findUnique({ where: { name }, select: { id: true, source: true } });
      if (existing && existing.source !== "reported") return null;
      const description = options.description ?? `Reported numbers${tables.length ? ` (${tables.join(", ")})` : ""}: pass@1 accuracy in percent.${file.source ? ` ${file.source}` : ""}`;
      const config = { reported: true, method, tables };
      const run = existing
        ? await tx.run.update({ where: { id: existing.id }, data: { description, config }, select: { id: true } })
        : await tx.run.create({
            data: { name, variant, lambda, agentModel: paperMethodModel(method), tags: ["reported"], source: "reported", description, config },
            select: { id: true },
          });
      await tx.reportedResult.deleteMany({ where: { runId: run.id, benchmark: { notIn: rows.map((r) => r.benchmark) } } });
      for (const row of rows) {
        await tx.reportedResult.upsert({
          where: { runId_benchmark: { runId: run.id, benchmark: row.benchmark } },
          create: { runId: run.id, benchmark: row.benchmark, accuracyPct: row.accuracy_pct, sourceTable: row.table ?? null },
          update: { accuracyPct: row.accuracy_pct, sourceTable: row.table ?? null },
        });
      }
      return { id: run.id, name, created: !existing, results: rows.length };
    });
    if (result) out.runs.push(result);
    else out.conflicts.push(`${name} exists and is not a reported run; its numbers were not imported`);
  }
  return out;
}
