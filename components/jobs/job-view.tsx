"use client";
// One job, followed to the end: state, progress, log, live metrics, the run it produced, its script and history.
// Polls the API every 2 s while the job is not finished.
import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useState } from "react";
import { secondaryButtonClass } from "@/components/settings/styles";
import { fetchJson } from "@/lib/http/fetch-json";
import { type JobDetail, jobDetailSchema, type JobLog, jobLogSchema } from "@/lib/jobs/job-schemas";
import { isJobActive, JOB_STATE_CLASS, jobStateLabel } from "@/lib/jobs/job-states";

const JobMetricsChart = dynamic(() => import("@/components/jobs/job-metrics-chart").then((m) => m.JobMetricsChart), { ssr: false });

const time = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 19).replace("T", " ") : "—");

export function JobView({ initial, initialLog, canManage }: { initial: JobDetail; initialLog: JobLog | null; canManage: boolean }) {
  const [job, setJob] = useState(initial);
  const [log, setLog] = useState(initialLog);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"cancel" | "retry" | null>(null);
  const active = isJobActive(job.state);

  useEffect(() => {
    if (!active) return;
    let stop = false;
    const tick = async () => {
      try {
        const [j, l] = await Promise.all([fetchJson(`/api/v1/jobs/${initial.id}`, jobDetailSchema), fetchJson(`/api/v1/jobs/${initial.id}/logs`, jobLogSchema)]);
        if (stop) return;
        setJob(j);
        setLog(l);
        setError(null);
      } catch (e) {
        if (!stop) setError(`Could not refresh: ${(e as Error).message}`);
      }
    };
    const timer = setInterval(tick, 2000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [active, initial.id]);

  async function act(action: "cancel" | "retry") {
    setBusy(action);
    setError(null);
    try {
      await fetchJson(`/api/v1/jobs/${job.id}/${action}`, null, { method: "POST" });
      setJob(await fetchJson(`/api/v1/jobs/${job.id}`, jobDetailSchema));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="space-y-6">
      <section aria-label="Status" className="flex flex-wrap items-start gap-x-8 gap-y-2 text-sm">
        <div>
          <div className="text-xs text-zinc-500">State</div>
          <div data-testid="job-state" className={`text-lg font-semibold ${JOB_STATE_CLASS[job.state] ?? ""}`}>{jobStateLabel(job.state)}</div>
        </div>
        <div><div className="text-xs text-zinc-500">Exit code</div><div data-testid="job-exit-code">{job.exitCode ?? "—"}</div></div>
        <div><div className="text-xs text-zinc-500">Backend</div><div>{job.backend}{job.schedulerJobId ? ` · ${job.schedulerJobId}` : ""}</div></div>
        <div><div className="text-xs text-zinc-500">Progress</div><div>{job.progress !== null ? `${Math.round(job.progress * 100)}%` : "—"}{job.progressNote ? ` · ${job.progressNote}` : ""}</div></div>
        <div><div className="text-xs text-zinc-500">Launched</div><div>{time(job.createdAt)}{job.createdBy ? ` by ${job.createdBy}` : ""}</div></div>
        <div><div className="text-xs text-zinc-500">Started</div><div>{time(job.startedAt)}</div></div>
        <div><div className="text-xs text-zinc-500">Finished</div><div>{time(job.finishedAt)}</div></div>
        {canManage && active ? (
          <button type="button" className={secondaryButtonClass} onClick={() => act("cancel")} disabled={busy !== null}>{busy === "cancel" ? "Cancelling…" : "Cancel job"}</button>
        ) : null}
        {canManage && job.state === "submit_failed" ? (
          <button type="button" className={secondaryButtonClass} onClick={() => act("retry")} disabled={busy !== null}>{busy === "retry" ? "Submitting…" : "Retry submit"}</button>
        ) : null}
      </section>
      {job.schedulerUnreachable ? (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200">
          {job.stateReason}. The job is kept as it was last seen ({job.state}); its true state shows as soon as the scheduler answers.
        </p>
      ) : job.state === "submit_failed" ? (
        <p role="status" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {job.stateReason}. Nothing was started on the scheduler. Check the cluster configuration in Settings, then retry the submit.
        </p>
      ) : job.stateReason ? (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">Reason: {job.stateReason}</p>
      ) : null}
      {error ? <p role="alert" className="text-sm text-incorrect">{error}</p> : null}
      {job.progress !== null ? (
        <progress className="w-full" value={job.progress} max={1} aria-label="Progress" />
      ) : null}

      <section aria-label="Runs">
        <h2 className="mb-1 text-sm font-semibold">Run</h2>
        {job.runs.length ? (
          <ul className="text-sm">
            {job.runs.map((r) => (
              <li key={r.id}>
                <Link href={`/runs/${r.id}`} className="text-sky-800 hover:underline dark:text-sky-300">{r.name}</Link> · <span data-testid="run-trajectories">{r.trajectories}</span> trajectories
              </li>
            ))}
          </ul>
        ) : job.kind === "judge" && job.runId ? (
          <p className="text-sm">Judging <Link href={`/runs/${job.runId}`} className="text-sky-800 hover:underline dark:text-sky-300">run {job.runId}</Link></p>
        ) : <p className="text-sm text-zinc-500">No run.</p>}
      </section>

      <section aria-label="Metrics">
        <h2 className="mb-1 text-sm font-semibold">Metrics</h2>
        {job.metrics.length ? <JobMetricsChart metrics={job.metrics} /> : <p className="text-sm text-zinc-500">The job has not posted metrics{active ? " yet" : ""}.</p>}
      </section>

      <section aria-label="Log">
        <h2 className="mb-1 text-sm font-semibold">Log {log?.source === "file" ? <span className="font-normal text-zinc-500">({log.path})</span> : log?.source === "posted" ? <span className="font-normal text-zinc-500">(posted by the job)</span> : null}</h2>
        <pre data-testid="job-log" className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs dark:border-zinc-800 dark:bg-zinc-900">{log?.text || "(no output yet)"}</pre>
      </section>

      <details>
        <summary className="cursor-pointer text-sm font-semibold">Script ({job.template ?? "no template"})</summary>
        <pre className="mt-2 overflow-auto whitespace-pre-wrap break-all rounded border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs dark:border-zinc-800 dark:bg-zinc-900">{job.script}</pre>
      </details>

      <section aria-label="History">
        <h2 className="mb-1 text-sm font-semibold">History</h2>
        <ol className="space-y-0.5 text-sm">
          {job.events.filter((e) => e.action !== "log" && e.action !== "token").map((e) => (
            <li key={e.id}><span className="font-mono text-xs text-zinc-500">{time(e.at)}</span> {e.detail ?? e.action}</li>
          ))}
        </ol>
      </section>
    </div>
  );
}
