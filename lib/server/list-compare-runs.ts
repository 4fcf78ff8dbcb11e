import "server-only";
import { getPrisma } from "@/lib/db/prisma";

export type CompareRunOption = { id: number; name: string; variant: string; lambda: number | null; tags: string[] };

/** Runs the Compare page can pick (reported runs are markers, not runs), and every tag they carry. */
export async function listCompareRuns(): Promise<{ runs: CompareRunOption[]; tags: string[] }> {
  const runs = await getPrisma().run.findMany({
    where: { NOT: { source: "reported" } },
    select: { id: true, name: true, variant: true, lambda: true, tags: true },
    orderBy: { id: "asc" },
    take: 1000,
  });
  return { runs, tags: [...new Set(runs.flatMap((r) => r.tags))].sort() };
}
