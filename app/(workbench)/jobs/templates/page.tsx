import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireUser } from "@/lib/auth/session";
import { TEMPLATE_IDS } from "@/lib/jobs/templates";
import { getJobTemplate } from "@/lib/server/get-job-template";

export const metadata: Metadata = { title: "Job templates" };

export default async function JobTemplatesPage() {
  const user = await requireUser();
  const templates = await Promise.all(TEMPLATE_IDS.map(getJobTemplate));
  return (
    <>
      <PageHeader
        title="Job templates"
        description={<>The script each kind of job is rendered from. Jobs launch with the newest version and keep the exact script they were given. <Link href="/jobs" className="underline">Jobs</Link></>}
      />
      <Table aria-label="Job templates">
        <thead>
          <tr><Th>Kind</Th><Th align="right">Version</Th><Th>Saved</Th><Th>Note</Th></tr>
        </thead>
        <tbody>
          {templates.map((t) => (
            <tr key={t.id}>
              <Td className="font-medium">
                <Link href={`/jobs/templates/${t.id}`} className="text-sky-800 hover:underline dark:text-sky-300">{t.label}</Link>
                <div className="text-xs text-zinc-500">{t.description}</div>
              </Td>
              <Td align="right">v{t.current.version}</Td>
              <Td>{t.current.createdBy ? `${t.current.createdBy}, ${t.current.createdAt.slice(0, 16).replace("T", " ")}` : "built in"}</Td>
              <Td>{t.current.note ?? ""}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {user.role !== "admin" ? <p className="mt-3 text-sm text-zinc-500">Admins can edit templates.</p> : null}
    </>
  );
}
