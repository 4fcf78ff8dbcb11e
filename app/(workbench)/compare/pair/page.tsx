import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Compare two trajectories" };

type SearchParams = Record<string, string | string[] | undefined>;
const id = (v: string | string[] | undefined) => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n > 0 ? n : null;
};

/** Two trajectories of one task side by side (the task delta table of Compare links here): each pane is the reader alone. */
export default async function ComparePairPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const panes = [id(params.a), id(params.b)];
  return (
    <>
      <PageHeader title="Two trajectories side by side" description="Baseline on the left, the other run on the right; each pane is the full trajectory reader." />
      <div className="grid h-[calc(100vh-10rem)] grid-cols-1 gap-2 md:grid-cols-2">
        {panes.map((pane, i) =>
          pane ? (
            <div key={i} className="flex min-h-0 flex-col">
              <Link href={`/trajectories/${pane}`} className="mb-1 text-sm underline">Open trajectory {pane}</Link>
              <iframe title={`Trajectory ${pane}`} src={`/embed/trajectories/${pane}`} className="min-h-0 flex-1 rounded-md border border-zinc-200 dark:border-zinc-800" />
            </div>
          ) : (
            <p key={i} className="text-sm text-zinc-600">No trajectory given.</p>
          ),
        )}
      </div>
    </>
  );
}
