import "server-only";
import { getPrisma } from "@/lib/db/prisma";

export type JobEventAction = "launch" | "submit" | "submit_failed" | "state" | "unreachable" | "reachable" | "cancel" | "report" | "log" | "token";

/** Appends to a job's history: who did what and when (launch, cancel), state changes, scheduler trouble, job posts. */
export async function recordJobEvent(jobId: number, action: JobEventAction, { actorId = null, detail = null }: { actorId?: string | null; detail?: string | null } = {}) {
  await getPrisma().jobEvent.create({ data: { jobId, action, actorId, detail: detail?.slice(0, 20_000) ?? null } });
}

/** Disables the API tokens minted for a job (recorded as "token" events): once it has finished or failed to submit. */
export async function revokeJobTokens(jobId: number): Promise<number> {
  const prisma = getPrisma();
  const events = await prisma.jobEvent.findMany({ where: { jobId, action: "token" }, select: { detail: true } });
  const ids = events.flatMap((e) => (e.detail ? [e.detail] : []));
  if (!ids.length) return 0;
  const { count } = await prisma.apikey.updateMany({ where: { id: { in: ids }, enabled: true }, data: { enabled: false } });
  return count;
}
