import "server-only";
import { recordJobEvent } from "@/lib/server/record-job-event";

/** Longest piece of output one history entry holds (recordJobEvent keeps 20,000 characters). */
const PIECE = 20_000;

/**
 * Output a job posts itself, for clusters whose output files this server cannot read: appended, as it came, to what
 * the job page shows as its log (lib/server/get-job getJobLog).
 */
export async function appendJobLog(jobId: number, text: string): Promise<{ chars: number }> {
  for (let at = 0; at < text.length; at += PIECE) await recordJobEvent(jobId, "log", { detail: text.slice(at, at + PIECE) });
  return { chars: text.length };
}
