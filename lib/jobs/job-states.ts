// A job's states as the workbench shows them, shared by the server and the browser. Pure.
//
// submitted → pending → running → completed | failed | cancelled | timeout | lost follow the scheduler;
// submit_failed is ours: the scheduler never accepted the job (unreachable, misconfigured, refused), nothing runs,
// and it can be retried (POST /api/v1/jobs/{id}/retry, or launching again with the same idempotency key).

export const ACTIVE_JOB_STATES = ["submitted", "pending", "running"] as const;

export function isJobActive(state: string): boolean {
  return (ACTIVE_JOB_STATES as readonly string[]).includes(state);
}

/** Text colour of a state: green when it worked, red when it did not, plain otherwise. */
export const JOB_STATE_CLASS: Readonly<Record<string, string>> = {
  completed: "text-correct",
  failed: "text-incorrect",
  submit_failed: "text-incorrect",
  timeout: "text-incorrect",
  lost: "text-incorrect",
};

export function jobStateLabel(state: string): string {
  return state === "submit_failed" ? "submit failed" : state;
}
