import type { Metadata } from "next";
import Link from "next/link";
import { secondaryButtonClass } from "@/components/settings/styles";
import { RunsTable } from "@/components/runs/runs-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listRuns } from "@/lib/server/list-runs";

export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage() {
  const runs = await listRuns();
  const own = runs.filter((run) => run.source !== "reported");
  const reported = runs.filter((run) => run.source === "reported");
  return (
    <>
      <PageHeader
        title="Runs"
        description="Each run is one configuration's trajectories: an evaluation, a training checkpoint or an imported file. Accuracy is pass@1 averaged over rollouts, counting each attempt's final answer."
        actions={
          <Link href="/import" className={secondaryButtonClass}>
            Import trajectories
          </Link>
        }
      />
      {own.length ? (
        <RunsTable runs={own} caption="Runs" />
      ) : (
        <EmptyState title="No runs yet">
          <Link href="/import" className="underline">
            Import trajectories
          </Link>{" "}
          from a file or folder, or with <code className="font-mono">npm run import -- FILE --run NAME</code>; or load the
          demo with <code className="font-mono">npm run seed</code>.
        </EmptyState>
      )}
      {reported.length ? (
        <section className="mt-8">
          <h2 className="mb-2 text-base font-semibold">Reported results</h2>
          <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            Published numbers (no trajectories), shown beside your runs for reference.
          </p>
          <RunsTable runs={reported} caption="Reported results" />
        </section>
      ) : null}
    </>
  );
}
