import "server-only";
import { getPrisma } from "@/lib/db/prisma";

export type JobEventAction = "launch" | "submit" | "submit_failed" | "state" | "unreachable" | "reachable" | "cancel" | "report" | "log";

/** Appends to a job's history: who did what and when (launch, cancel), state changes, scheduler trouble, job posts. */
export async function recordJobEvent(jobId: number, action: JobEventAction, { actorId = null, detail = null }: { actorId?: string | null; detail?: string | null } = {}) {
  await getPrisma().jobEvent.create({ data: { jobId, action, actorId, detail: detail?.slice(0, 20_000) ?? null } });
}
