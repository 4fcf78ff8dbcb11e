// Runs once when a Next.js server process starts (not in the browser, not in `next build`).

/**
 * Follows cluster jobs from the moment the server is up: the reconciler asks the schedulers about every unfinished job
 * every few seconds, so a job that ends while nobody has a Jobs page open is recorded as it ends (a scheduler forgets
 * finished jobs after a while: Slurm's MinJobAge), and after a restart every unfinished job is picked up again from
 * the database.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { ensureReconciler } = await import("@/lib/server/reconcile-jobs");
  ensureReconciler();
}
