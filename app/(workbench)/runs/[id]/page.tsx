import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { secondaryButtonClass } from "@/components/settings/styles";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount, formatPercent } from "@/components/ui/format";
import { variantLabel } from "@/lib/variant-label";
import { PageHeader } from "@/components/ui/page-header";
import { ScoreBadge } from "@/components/ui/score-badge";
import { Table, Td, Th } from "@/components/ui/table";
import { getRun } from "@/lib/server/get-run";

export async function generateMetadata({ params }: PageProps<"/runs/[id]">): Promise<Metadata> {
  const id = Number((await params).id);
  const run = Number.isInteger(id) ? await getRun(id) : null;
  return { title: run?.name ?? "Run" };
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

export default async function RunPage({ params }: PageProps<"/runs/[id]">) {
  const id = Number((await params).id);
  if (!Number.isInteger(id)) notFound();
  const run = await getRun(id);
  if (!run) notFound();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
        <Link href="/runs" className="hover:underline">
          Runs
        </Link>{" "}
        / {run.name}
      </nav>
      <PageHeader
        title={run.name}
        description={run.description}
        actions={
          run.source === "reported" ? null : (
            <>
              <Link href={`/trajectories?run=${run.id}`} className={secondaryButtonClass}>
                Trajectories
              </Link>
              <Link href={`/compare?runs=${run.id}`} className={secondaryButtonClass}>
                Compare
              </Link>
              <Link href={`/import?run=${run.id}`} className={secondaryButtonClass}>
                Import into this run
              </Link>
              <a href={`/api/v1/runs/${run.id}/export`} className={secondaryButtonClass} download>
                Export JSONL
              </a>
            </>
          )
        }
      />
      <dl className="mb-6 grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-4 lg:grid-cols-6">
        <Fact label="Variant">{variantLabel(run.variant)}</Fact>
        <Fact label="Source">{run.source}</Fact>
        <Fact label="Agent model">{run.agentModel ?? "—"}</Fact>
        <Fact label="RRM model">{run.rrmModel ?? "—"}</Fact>
        <Fact label="λ (RRM weight)">{run.lambda ?? "—"}</Fact>
        <Fact label="Trajectories">{formatCount(run.trajectoryCount)}</Fact>
        <Fact label="Accuracy">{formatPercent(run.total.accuracy)}</Fact>
        <Fact label="Mean RRM score">
          <ScoreBadge score={run.total.meanScore} label="Mean RRM score" />
        </Fact>
        {run.tags.length ? <Fact label="Tags">{run.tags.map((t) => `#${t}`).join(" ")}</Fact> : null}
        {run.job ? (
          <Fact label="Produced by job">
            <Link href={`/jobs/${run.job.id}`} className="text-sky-800 hover:underline dark:text-sky-300">
              {run.job.name}
            </Link>{" "}
            ({run.job.state})
          </Fact>
        ) : null}
      </dl>

      <h2 className="mb-2 text-base font-semibold">By benchmark</h2>
      {run.benchmarks.length ? (
        <Table aria-label="Results by benchmark">
          <thead>
            <tr>
              <Th>Benchmark</Th>
              <Th>Level</Th>
              <Th align="right">Trajectories</Th>
              <Th align="right">Correct</Th>
              <Th align="right">Accuracy</Th>
              <Th align="right">Judged</Th>
              <Th align="right">Mean RRM score</Th>
            </tr>
          </thead>
          <tbody>
            {run.benchmarks.map((row) => (
              <tr key={`${row.benchmark}/${row.level ?? ""}`}>
                <Td>{row.benchmark}</Td>
                <Td>{row.level ?? "—"}</Td>
                <Td align="right">{formatCount(row.trajectories)}</Td>
                <Td align="right">
                  {formatCount(row.correct)} / {formatCount(row.graded)}
                </Td>
                <Td align="right">{formatPercent(row.accuracy)}</Td>
                <Td align="right">{formatCount(row.judged)}</Td>
                <Td align="right">
                  <ScoreBadge score={row.meanScore} label={`Mean RRM score on ${row.benchmark}`} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : run.source !== "reported" ? (
        <EmptyState title="This run has no evaluated trajectories yet">
          Import its output to see accuracy and RRM scores per benchmark.
        </EmptyState>
      ) : null}

      {run.reported.length ? (
        <section className="mt-6">
          <h2 className="mb-2 text-base font-semibold">Reported accuracy</h2>
          <Table aria-label="Reported accuracy">
            <thead>
              <tr>
                <Th>Benchmark</Th>
                <Th align="right">Accuracy</Th>
                <Th>Source</Th>
              </tr>
            </thead>
            <tbody>
              {run.reported.map((row) => (
                <tr key={row.benchmark}>
                  <Td>{row.benchmark}</Td>
                  <Td align="right">{row.accuracyPct.toFixed(1)}%</Td>
                  <Td>{row.sourceTable ?? "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      ) : null}
    </>
  );
}
