"use client";
// The Compare view with its charting library (Recharts) and CSV writer in a chunk of their own, loaded right after
// the page: keeps the route's first-load JS within budget (DESIGN §7). A skeleton of the same height holds the place.
import dynamic from "next/dynamic";

function CompareSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading charts" className="space-y-4">
      <div className="h-24 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-900" />
      <div className="h-96 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-900" />
      <div className="h-96 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-900" />
    </div>
  );
}

export const CompareViewLazy = dynamic(() => import("@/components/compare/compare-view").then((m) => m.CompareView), {
  ssr: false,
  loading: CompareSkeleton,
});
