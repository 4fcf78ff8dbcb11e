import "server-only";
import { getPrisma } from "@/lib/db/prisma";

export type CompareRunOption = { id: number; name: string; variant: string; lambda: number | null; tags: string[] };
/** A reported results table (a run of source "reported", one per method) the page can draw as markers. */
export type ReportedOption = { id: number; name: string; benchmarks: number };

/**
 * Runs the Compare page can pick (reported runs are markers, not runs), every tag they carry, and the reported tables
 * it can draw as markers.
 */
export async function listCompareRuns(): Promise<{ runs: CompareRunOption[]; tags: string[]; reported: ReportedOption[] }> {
  const prisma = getPrisma();
  const [runs, reported] = await Promise.all([
    prisma.run.findMany({
      where: { NOT: { source: "reported" } },
      select: { id: true, name: true, variant: true, lambda: true, tags: true },
      orderBy: { id: "asc" },
      take: 1000,
    }),
    prisma.run.findMany({
      where: { source: "reported" },
      select: { id: true, name: true, _count: { select: { reportedResults: true } } },
      orderBy: { name: "asc" },
      take: 1000,
    }),
  ]);
  return {
    runs,
    tags: [...new Set(runs.flatMap((r) => r.tags))].sort(),
    reported: reported.map((r) => ({ id: r.id, name: r.name, benchmarks: r._count.reportedResults })),
  };
}
