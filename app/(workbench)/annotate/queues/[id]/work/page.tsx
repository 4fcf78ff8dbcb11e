import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { QueueWork } from "@/components/annotate/queue-work";
import { requireUser } from "@/lib/auth/session";
import { ApiError } from "@/lib/http/api-error";
import { getQueue } from "@/lib/server/get-queue";

export const metadata: Metadata = { title: "Annotating" };

export default async function QueueWorkPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser("annotator");
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const queue = await getQueue(id, user.id).catch((error) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  return (
    <div className="-m-5 h-[calc(100vh-3rem)] min-h-[32rem]">
      <h1 className="sr-only">Annotating {queue.name}</h1>
      <QueueWork queueId={id} rubric={queue.rubricFull} />
    </div>
  );
}
