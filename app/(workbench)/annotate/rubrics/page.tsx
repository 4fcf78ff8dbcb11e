import type { Metadata } from "next";
import { RubricEditor } from "@/components/annotate/rubric-editor";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { roleAtLeast } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { QUESTION_KIND_LABELS } from "@/lib/rubric";
import { listRubrics } from "@/lib/server/list-rubrics";

export const metadata: Metadata = { title: "Rubrics" };

export default async function RubricsPage() {
  const user = await requireUser();
  const rubrics = await listRubrics();
  const latest = rubrics.filter((r) => r.latest);
  return (
    <>
      <PageHeader title="Rubrics" description="Score configs for annotations. Versions are immutable: an edit writes the next version; annotations keep the version they answered." />
      <Table aria-label="Rubric versions">
        <thead>
          <tr>
            <Th>Rubric</Th>
            <Th align="right">Version</Th>
            <Th>Questions</Th>
            <Th>Created</Th>
          </tr>
        </thead>
        <tbody>
          {rubrics.map((r) => (
            <tr key={r.id}>
              <Td>
                {r.name} {r.latest ? <span className="text-xs text-zinc-500">(current)</span> : null}
              </Td>
              <Td align="right">{r.version}</Td>
              <Td className="text-xs">{r.questions.map((q) => `${q.label} [${QUESTION_KIND_LABELS[q.type]}]`).join(" · ")}</Td>
              <Td className="text-xs">{r.createdAt?.slice(0, 10)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {roleAtLeast(user.role, "admin") ? (
        <section className="mt-6">
          <h2 className="mb-2 text-base font-semibold">Edit a rubric (admins)</h2>
          <RubricEditor rubrics={latest.map((r) => ({ name: r.name, version: r.version, questions: r.questions }))} />
        </section>
      ) : null}
    </>
  );
}
