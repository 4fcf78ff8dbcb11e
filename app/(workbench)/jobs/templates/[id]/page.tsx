import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TemplateEditor } from "@/components/jobs/template-editor";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { templateIdSchema } from "@/lib/jobs/templates";
import { getJobTemplate } from "@/lib/server/get-job-template";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Template ${(await params).id}` };
}

export default async function JobTemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = templateIdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const template = await getJobTemplate(id.data);
  return (
    <>
      <PageHeader
        title={`${template.label}: template`}
        description={<><Link href="/jobs/templates" className="underline">Job templates</Link> · {template.description}</>}
      />
      <TemplateEditor initial={template} canEdit={user.role === "admin"} />
    </>
  );
}
