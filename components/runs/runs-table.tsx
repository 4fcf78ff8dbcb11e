import Link from "next/link";
import { formatCount, formatPercent } from "@/components/ui/format";
import { variantLabel } from "@/lib/variant-label";
import { ScoreBadge } from "@/components/ui/score-badge";
import { Table, Td, Th } from "@/components/ui/table";
import type { RunSummary } from "@/lib/server/list-runs";

function BenchmarkMix({ benchmarks }: { benchmarks: RunSummary["benchmarks"] }) {
  if (!benchmarks.length) return <span className="text-zinc-500">none</span>;
  const shown = benchmarks.slice(0, 6);
  return (
    <span className="flex flex-wrap gap-1">
      {shown.map(({ benchmark, count }) => (
        <span key={benchmark} className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">
          {benchmark}
          {count ? <span className="text-zinc-500"> {formatCount(count)}</span> : null}
        </span>
      ))}
      {benchmarks.length > shown.length ? (
        <span className="text-xs text-zinc-500" title={benchmarks.slice(6).map((b) => b.benchmark).join(", ")}>
          +{benchmarks.length - shown.length} more
        </span>
      ) : null}
    </span>
  );
}

export function RunsTable({ runs, caption }: { runs: RunSummary[]; caption: string }) {
  return (
    <Table aria-label={caption}>
      <thead>
        <tr>
          <Th>Run</Th>
          <Th>Variant</Th>
          <Th>Benchmarks</Th>
          <Th align="right">Trajectories</Th>
          <Th align="right">Accuracy</Th>
          <Th align="right">Mean RRM score</Th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-900/60">
            <Td>
              <Link href={`/runs/${run.id}`} className="font-medium text-sky-800 hover:underline dark:text-sky-300">
                {run.name}
              </Link>
              <div className="text-xs text-zinc-500">
                {[run.agentModel, run.lambda !== null ? `λ = ${run.lambda}` : null, ...run.tags.map((t) => `#${t}`)]
                  .filter(Boolean)
                  .join(" · ")}
              </div>
            </Td>
            <Td>{variantLabel(run.variant)}</Td>
            <Td>
              <BenchmarkMix benchmarks={run.benchmarks} />
            </Td>
            <Td align="right">{formatCount(run.trajectoryCount)}</Td>
            <Td align="right">
              {run.source === "reported" ? (
                <span title="Mean of the reported per-benchmark accuracies">{formatPercent(run.reportedMeanAccuracy)} <span className="text-xs text-zinc-500">reported</span></span>
              ) : (
                formatPercent(run.accuracy)
              )}
            </Td>
            <Td align="right">
              <ScoreBadge score={run.meanScore} label="Mean RRM score" />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
