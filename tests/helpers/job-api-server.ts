// The workbench routes a running job calls (trajectories, judgments, report, log, token, its RRM and Reagent-C work),
// served over real HTTP for jobs that are separate processes, with WORKBENCH_JOB_URL pointing at them; and a wait for
// a job to finish that reconciles as the server's timer would.
import type { JobDetail } from "@/lib/jobs/job-schemas";
import { isJobActive } from "@/lib/jobs/job-states";
import { startRouteServer, type TestRoute } from "./route-server";

export async function startJobApiServer(): Promise<{ url: string; close(): Promise<void> }> {
  const route = async (method: string, path: RegExp, module: Promise<Record<string, unknown>>): Promise<TestRoute> => ({
    method,
    path,
    handler: (await module)[method] as TestRoute["handler"],
  });
  const server = await startRouteServer(
    await Promise.all([
      route("POST", /^\/api\/v1\/runs\/(?<id>\d+)\/trajectories$/, import("@/app/api/v1/runs/[id]/trajectories/route")),
      route("POST", /^\/api\/v1\/judgments$/, import("@/app/api/v1/judgments/route")),
      route("POST", /^\/api\/v1\/jobs\/(?<id>\d+)\/report$/, import("@/app/api/v1/jobs/[id]/report/route")),
      route("POST", /^\/api\/v1\/jobs\/(?<id>\d+)\/log$/, import("@/app/api/v1/jobs/[id]/log/route")),
      route("POST", /^\/api\/v1\/jobs\/(?<id>\d+)\/token$/, import("@/app/api/v1/jobs/[id]/token/route")),
      route("GET", /^\/api\/v1\/jobs\/(?<id>\d+)\/judge-work$/, import("@/app/api/v1/jobs/[id]/judge-work/route")),
      route("GET", /^\/api\/v1\/jobs\/(?<id>\d+)\/refine-work$/, import("@/app/api/v1/jobs/[id]/refine-work/route")),
      route("POST", /^\/api\/v1\/jobs\/(?<id>\d+)\/refined$/, import("@/app/api/v1/jobs/[id]/refined/route")),
    ]),
  );
  process.env.WORKBENCH_JOB_URL = server.url;
  return {
    url: server.url,
    close: async () => {
      delete process.env.WORKBENCH_JOB_URL;
      await server.close();
    },
  };
}

/** Reconciles job `id` until `done` says so (default: it finished), or throws after `timeoutMs` with its log. */
export async function untilJob(id: number, done: (job: JobDetail) => boolean = (job) => !isJobActive(job.state), timeoutMs = 60_000): Promise<JobDetail> {
  const { reconcileJobs } = await import("@/lib/server/reconcile-jobs");
  const { getJob, getJobLog } = await import("@/lib/server/get-job");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await reconcileJobs({ ids: [id] });
    const job = (await getJob(id))!;
    if (done(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} stuck in ${job.state} (${job.stateReason}); log:\n${(await getJobLog(id))?.text}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
