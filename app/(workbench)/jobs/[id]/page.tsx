import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JobView } from "@/components/jobs/job-view";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { getJob, getJobLog } from "@/lib/server/get-job";
import { reconcileJobs } from "@/lib/server/reconcile-jobs";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Job ${(await params).id}` };
}

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  await reconcileJobs({ ids: [id] }).catch(() => undefined);
  const [job, log] = await Promise.all([getJob(id), getJobLog(id)]);
  if (!job) notFound();
  return (
    <>
      <PageHeader
        title={`${job.name} (job ${job.id})`}
        description={<><Link href="/jobs" className="underline">Jobs</Link> · {job.kind}{job.variant ? ` · ${job.variant}` : ""} · {job.template}</>}
      />
      <JobView initial={job} initialLog={log} canManage={user.role === "admin"} />
    </>
  );
}
