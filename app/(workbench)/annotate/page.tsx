import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Annotate" };

export default function AnnotatePage() {
  return (
    <>
      <PageHeader title="Annotate" description="Rate the quality of RRM critiques in queues, with several annotators and their agreement measured." />
      <EmptyState title="Annotation queues are not built yet">
        Rubrics, queues, agreement and export arrive with the Annotate work.
      </EmptyState>
    </>
  );
}
