import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Compare" };

export default function ComparePage() {
  return (
    <>
      <PageHeader title="Compare" description="Runs and variants side by side: accuracy with confidence intervals, the paper's numbers, RRM calibration, training curves." />
      <EmptyState title="Comparison charts are not built yet">
        They arrive with the Compare work. The Runs page already lists each run&apos;s accuracy and mean RRM score, and
        each run page breaks them down by benchmark.
      </EmptyState>
    </>
  );
}
