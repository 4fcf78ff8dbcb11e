import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { roleAtLeast } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { ApiError } from "@/lib/http/api-error";
import { getQueue } from "@/lib/server/get-queue";

export const metadata: Metadata = { title: "Queue" };

export default async function QueuePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const queue = await getQueue(id, user.id).catch((error) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  const filter = (queue.filter ?? {}) as { query?: string; trajectoryIds?: number[] };
  return (
    <>
      <PageHeader
        title={queue.name}
        description={`${queue.rubric.name} v${queue.rubric.version} · ${queue.annotatorsPerItem} annotator(s) per item · ${queue.blind ? "blind" : "open"}`}
        actions={
          <>
            {roleAtLeast(user.role, "annotator") ? (
              <Link className="text-sm font-medium text-sky-700 underline dark:text-sky-400" href={`/annotate/queues/${id}/work`}>
                Start annotating
              </Link>
            ) : null}
            <Link className="text-sm underline" href={`/annotate/queues/${id}/agreement`}>
              Agreement
            </Link>
          </>
        }
      />
      <dl className="mb-4 grid max-w-3xl grid-cols-[12rem_1fr] gap-1 text-sm">
        <dt className="text-zinc-500">Source</dt>
        <dd>
          {filter.query !== undefined ? (
            <Link className="font-mono underline" href={`/trajectories?${filter.query}`}>
              {filter.query || "(every trajectory)"}
            </Link>
          ) : (
            `${filter.trajectoryIds?.length ?? 0} selected trajectories`
          )}
        </dd>
        <dt className="text-zinc-500">Items complete</dt>
        <dd>
          {queue.completeItems} of {queue.items}
        </dd>
        <dt className="text-zinc-500">Annotations</dt>
        <dd>
          <progress className="mr-2 align-middle" max={queue.annotationsNeeded} value={queue.annotationsDone} aria-label="Overall progress" />
          {queue.annotationsDone} of {queue.annotationsNeeded}
        </dd>
        <dt className="text-zinc-500">Export</dt>
        <dd className="space-x-3">
          <a className="underline" href={`/api/v1/annotations/export?as=rrm-sft&queueId=${id}`}>rrm-sft</a>
          <a className="underline" href={`/api/v1/annotations/export?as=jsonl&queueId=${id}`}>JSONL</a>
          <a className="underline" href={`/api/v1/annotations/export?as=csv&queueId=${id}`}>CSV</a>
          <span className="text-xs text-zinc-500">or npm run export -- --queue {id} --as rrm-sft</span>
        </dd>
      </dl>
      <h2 className="mb-2 text-base font-semibold">Progress per annotator</h2>
      <Table aria-label="Progress per annotator">
        <thead>
          <tr>
            <Th>Annotator</Th>
            <Th align="right">Done</Th>
            <Th align="right">Skipped</Th>
            <Th align="right">Working on</Th>
            <Th align="right">Share</Th>
            <Th>Assigned</Th>
          </tr>
        </thead>
        <tbody>
          {queue.annotators.map((a) => (
            <tr key={a.userId}>
              <Td>{a.name || a.email}</Td>
              <Td align="right">{a.done}</Td>
              <Td align="right">{a.skipped}</Td>
              <Td align="right">{a.locked}</Td>
              <Td align="right">{queue.items ? `${Math.round((100 * a.done) / queue.items)}%` : "—"}</Td>
              <Td>{a.assigned ? "yes" : "no"}</Td>
            </tr>
          ))}
          {!queue.annotators.length ? (
            <tr>
              <Td colSpan={6} className="text-zinc-500">
                Nobody has started yet{queue.members ? "" : "; any annotator may work on this queue"}.
              </Td>
            </tr>
          ) : null}
        </tbody>
      </Table>
    </>
  );
}
