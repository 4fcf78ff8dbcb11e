import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AgreementReportView } from "@/components/annotate/agreement-report";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { getPrisma } from "@/lib/db/prisma";
import { ApiError } from "@/lib/http/api-error";
import { getRunAgreement } from "@/lib/server/get-agreement";

export const metadata: Metadata = { title: "Run agreement" };

export default async function RunAgreementPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const run = await getPrisma().run.findUnique({ where: { id }, select: { name: true } });
  if (!run) notFound();
  const report = await getRunAgreement(id).catch((error) => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  });
  return (
    <>
      <PageHeader
        title={`Agreement: ${run.name}`}
        description={report ? `${report.units} annotated items, ${report.annotations} annotations by ${report.annotators.length} annotators (${report.rubric.name} v${report.rubric.version}).` : "No annotations in this run yet."}
        actions={
          <>
            <Link className="text-sm underline" href="/annotate">
              Annotate
            </Link>
            <a className="text-sm underline" href={`/api/v1/annotations/export?as=rrm-sft&runId=${id}`}>
              Export rrm-sft
            </a>
            <a className="text-sm underline" href={`/api/v1/annotations/export?as=csv&runId=${id}`}>
              CSV
            </a>
          </>
        }
      />
      {report ? <AgreementReportView report={report} /> : null}
    </>
  );
}
