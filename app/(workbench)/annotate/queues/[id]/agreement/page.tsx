import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AgreementReportView } from "@/components/annotate/agreement-report";
import { requireUser } from "@/lib/auth/session";
import { ApiError } from "@/lib/http/api-error";
import { getQueueAgreement } from "@/lib/server/get-agreement";
import { getQueue } from "@/lib/server/get-queue";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Agreement" };

export default async function QueueAgreementPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const [queue, report] = await Promise.all([getQueue(id, user.id), getQueueAgreement(id)]).catch((error) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  return (
    <>
      <PageHeader
        title={`Agreement: ${queue.name}`}
        description={`${report.units} items, ${report.annotations} annotations by ${report.annotators.length} annotators (${report.rubric.name} v${report.rubric.version}).`}
        actions={
          <>
            <Link className="text-sm underline" href={`/annotate/queues/${id}`}>
              Queue
            </Link>
            <a className="text-sm underline" href={`/api/v1/queues/${id}/agreement`}>
              JSON
            </a>
          </>
        }
      />
      <AgreementReportView report={report} />
    </>
  );
}
