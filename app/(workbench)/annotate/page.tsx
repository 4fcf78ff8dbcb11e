import type { Metadata } from "next";
import Link from "next/link";
import { CreateQueueForm } from "@/components/annotate/create-queue-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { roleAtLeast } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listAnnotatedRuns } from "@/lib/server/get-agreement";
import { listQueues } from "@/lib/server/get-queue";
import { listRubrics } from "@/lib/server/list-rubrics";

export const metadata: Metadata = { title: "Annotate" };

const pct = (a: number, b: number) => (b ? `${Math.round((100 * a) / b)}%` : "—");

export default async function AnnotatePage() {
  const user = await requireUser();
  const [queues, rubrics, runs] = await Promise.all([listQueues(user.id), listRubrics({ latestOnly: true }), listAnnotatedRuns()]);
  const isAdmin = roleAtLeast(user.role, "admin");
  return (
    <>
      <PageHeader
        title="Annotate"
        description="Rate the quality of RRM critiques in queues, with several annotators and their agreement measured."
        actions={
          <>
            <Link className="text-sm underline" href="/annotate/rubrics">
              Rubrics
            </Link>
            <a className="text-sm underline" href="/api/v1/annotations/export?as=jsonl">
              Export all (JSONL)
            </a>
          </>
        }
      />
      {queues.length ? (
        <Table aria-label="Annotation queues">
          <thead>
            <tr>
              <Th>Queue</Th>
              <Th>Rubric</Th>
              <Th align="right">Items</Th>
              <Th align="right">Per item</Th>
              <Th align="right">Overall</Th>
              <Th align="right">Yours</Th>
              <Th>Mode</Th>
              <Th />
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr key={q.id}>
                <Td>
                  <Link className="font-medium underline" href={`/annotate/queues/${q.id}`}>
                    {q.name}
                  </Link>
                  <span className="ml-1 text-xs text-zinc-500">#{q.id}</span>
                  {q.closedAt ? <span className="ml-1 text-xs text-zinc-500">closed</span> : null}
                </Td>
                <Td>
                  {q.rubric.name} v{q.rubric.version}
                </Td>
                <Td align="right">{q.items}</Td>
                <Td align="right">{q.annotatorsPerItem}</Td>
                <Td align="right" title={`${q.annotationsDone} of ${q.annotationsNeeded} annotations`}>
                  {pct(q.annotationsDone, q.annotationsNeeded)}
                </Td>
                <Td align="right" title={`${q.mine.done} done, ${q.mine.skipped} skipped`}>
                  {q.mine.done} / {q.items}
                </Td>
                <Td>{q.blind ? "blind" : "open"}</Td>
                <Td>
                  {roleAtLeast(user.role, "annotator") && !q.closedAt ? (
                    <Link className="text-sky-700 underline dark:text-sky-400" href={`/annotate/queues/${q.id}/work`}>
                      Start annotating
                    </Link>
                  ) : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <EmptyState title="No annotation queues yet">
          {isAdmin ? "Create one below from a Trajectories filter (copy the query string from its URL) or a list of trajectory ids." : "An admin creates queues; they appear here."}
        </EmptyState>
      )}
      {runs.length ? (
        <section className="mt-6">
          <h2 className="mb-2 text-base font-semibold">Agreement by run</h2>
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {runs.map((r) => (
              <li key={r.id}>
                <Link className="underline" href={`/annotate/runs/${r.id}`}>
                  {r.name}
                </Link>{" "}
                <span className="text-xs text-zinc-500">
                  {r.items} items, {r.annotations} annotations
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {isAdmin ? (
        <section className="mt-6">
          <h2 className="mb-2 text-base font-semibold">New queue</h2>
          <CreateQueueForm rubrics={rubrics.map((r) => ({ id: r.id, label: `${r.name} v${r.version}` }))} />
        </section>
      ) : null}
    </>
  );
}
