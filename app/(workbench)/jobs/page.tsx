import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { variantLabel } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { listJobs } from "@/lib/server/list-jobs";

export const metadata: Metadata = { title: "Jobs" };

const STATE_CLASS: Record<string, string> = {
  completed: "text-correct",
  failed: "text-incorrect",
  timeout: "text-incorrect",
  lost: "text-incorrect",
};

export default async function JobsPage() {
  const jobs = await listJobs();
  return (
    <>
      <PageHeader
        title="Jobs"
        description="Evaluation, training and judging runs on the cluster. Launching from the browser arrives with the Launch work; this lists the jobs recorded so far."
      />
      {jobs.length ? (
        <Table aria-label="Jobs">
          <thead>
            <tr>
              <Th>Job</Th>
              <Th>Kind</Th>
              <Th>Backend</Th>
              <Th>State</Th>
              <Th align="right">Exit code</Th>
              <Th>Finished</Th>
              <Th>Runs</Th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id} id={`job-${job.id}`}>
                <Td className="font-medium">{job.name}</Td>
                <Td>
                  {job.kind}
                  {job.variant ? ` · ${variantLabel(job.variant)}` : ""}
                </Td>
                <Td>{job.backend}</Td>
                <Td>
                  <span className={STATE_CLASS[job.state] ?? ""}>{job.state}</span>
                  {job.stateReason ? <div className="text-xs text-zinc-500">{job.stateReason}</div> : null}
                </Td>
                <Td align="right">{job.exitCode ?? "—"}</Td>
                <Td>{job.finishedAt ? new Date(job.finishedAt).toISOString().slice(0, 16).replace("T", " ") : "—"}</Td>
                <Td>
                  {job.runs.map((run) => (
                    <Link key={run.id} href={`/runs/${run.id}`} className="mr-2 text-sky-800 hover:underline dark:text-sky-300">
                      {run.name}
                    </Link>
                  ))}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <EmptyState title="No jobs yet">Jobs launched on the cluster will be listed here.</EmptyState>
      )}
    </>
  );
}
