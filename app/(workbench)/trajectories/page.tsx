import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Trajectories" };

export default function TrajectoriesPage() {
  return (
    <>
      <PageHeader title="Trajectories" description="Filter and search every stored trajectory, then read one with its RRM judgment beside it." />
      <EmptyState title="The trajectory browser is not built yet">
        Filters, full-text search and the trajectory reader arrive with the Inspect work. Until then, the{" "}
        <Link href="/runs" className="text-sky-800 underline dark:text-sky-300">
          Runs
        </Link>{" "}
        page shows accuracy and RRM scores per run and benchmark.
      </EmptyState>
    </>
  );
}
