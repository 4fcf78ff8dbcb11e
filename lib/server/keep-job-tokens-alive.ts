import "server-only";
import { getPrisma } from "@/lib/db/prisma";

/** How long past the scheduler's last "still pending or running" a job's token stays valid. */
export const JOB_TOKEN_GRACE_MS = 24 * 60 * 60_000;

/**
 * A job's token lives as long as the job: while its scheduler says it is pending or running, the reconciler calls
 * this, and tokens that would expire within half the grace period get a full grace period again, counted from now.
 * That covers a job that waited in the queue longer than its time limit, and renews a token that expired while the
 * scheduler (or this server) could not be asked. Tokens disabled when the job finished stay disabled.
 */
export async function keepJobTokensAlive(jobIds: number[]): Promise<number> {
  if (!jobIds.length) return 0;
  const prisma = getPrisma();
  const events = await prisma.jobEvent.findMany({ where: { jobId: { in: jobIds }, action: "token" }, select: { detail: true } });
  const ids = events.flatMap((e) => (e.detail ? [e.detail] : []));
  if (!ids.length) return 0;
  const now = Date.now();
  const { count } = await prisma.apikey.updateMany({
    where: { id: { in: ids }, enabled: true, expiresAt: { lt: new Date(now + JOB_TOKEN_GRACE_MS / 2) } },
    data: { expiresAt: new Date(now + JOB_TOKEN_GRACE_MS) },
  });
  return count;
}
