import type { Metadata } from "next";
import Link from "next/link";
import { CompareViewLazy as CompareView } from "@/components/compare/compare-view-lazy";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { parseCompareQueryLenient } from "@/lib/compare/query";
import { getComparison } from "@/lib/server/get-comparison";
import { listCompareRuns } from "@/lib/server/list-compare-runs";

export const metadata: Metadata = { title: "Compare" };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ComparePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const options = await listCompareRuns();
  let query = parseCompareQueryLenient(params);
  const picked = Boolean(query.runs?.length || query.tag || query.variant);
  // Nothing picked yet: show the first ten runs, without writing them into the URL.
  if (!picked) query = { ...query, runs: options.runs.slice(0, 10).map((r) => r.id) };
  const data = await getComparison(query);
  return (
    <>
      <PageHeader
        title="Compare"
        description="Runs and variants side by side: pass@1 with 95% bootstrap intervals over tasks beside the paper's numbers, tasks fixed or broken against a baseline, how well the RRM's score separates correct from incorrect, accuracy against λ, training curves."
      />
      {options.runs.length === 0 ? (
        <EmptyState title="No runs to compare">
          <Link href="/import" className="underline">Import trajectories</Link> or load the demo with{" "}
          <code className="font-mono">npm run seed</code>.
        </EmptyState>
      ) : (
        <CompareView data={data} options={options} picked={picked} metric={one(params.metric) ?? null} smooth={Number(one(params.smooth) ?? 0.6)} />
      )}
    </>
  );
}
