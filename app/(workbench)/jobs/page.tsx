import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/jobs/auto-refresh";
import { ClusterSettingsPanel } from "@/components/jobs/cluster-settings-panel";
import { buttonClass, secondaryButtonClass } from "@/components/settings/styles";
import { EmptyState } from "@/components/ui/empty-state";
import { variantLabel } from "@/lib/variant-label";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/session";
import { isJobActive, JOB_STATE_CLASS, jobStateLabel } from "@/lib/jobs/job-states";
import { getClusterSettings } from "@/lib/server/get-cluster-settings";
import { listJobs } from "@/lib/server/list-jobs";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage() {
  const user = await requireUser();
  const [jobs, settings] = await Promise.all([listJobs(), getClusterSettings()]);
  const isAdmin = user.role === "admin";
  return (
    <>
      <PageHeader
        title="Jobs"
        description="Evaluation, training and judging runs on the cluster (Slurm) or on this machine (local), followed to the end."
        actions={
          <>
            <Link href="/jobs/templates" className={secondaryButtonClass}>Templates</Link>
            {isAdmin ? <Link href="/jobs/new" className={buttonClass}>New job</Link> : null}
          </>
        }
      />
      <AutoRefresh active={jobs.some((job) => isJobActive(job.state))} />
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
                <Td className="font-medium">
                  <Link href={`/jobs/${job.id}`} className="text-sky-800 hover:underline dark:text-sky-300">{job.name}</Link>
                  <span className="ml-1 text-xs text-zinc-500">#{job.id}</span>
                </Td>
                <Td>
                  {job.kind}
                  {job.variant ? ` · ${variantLabel(job.variant)}` : ""}
                </Td>
                <Td>
                  {job.backend}
                  {job.schedulerJobId ? <span className="text-xs text-zinc-500"> · {job.schedulerJobId}</span> : null}
                </Td>
                <Td>
                  <span className={JOB_STATE_CLASS[job.state] ?? ""}>{jobStateLabel(job.state)}</span>
                  {job.progress !== null && isJobActive(job.state) ? <span className="text-xs text-zinc-500"> · {Math.round(job.progress * 100)}%</span> : null}
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
        <EmptyState title="No jobs yet">{isAdmin ? <>Launch one with <Link href="/jobs/new" className="underline">New job</Link>.</> : "Jobs an admin launches will be listed here."}</EmptyState>
      )}
      <ClusterSettingsPanel settings={settings} canEdit={isAdmin} />
    </>
  );
}
