// How the workbench's job helpers (judge-run.mjs, forward-metrics.mjs) call it: JSON over HTTP as the job, with the
// token from its environment. A token that has expired (HTTP 401) is replaced once with a fresh one, minted with the
// job's renewal key, and the call made again. Dependency-free (Node 18+).
// Environment: WORKBENCH_URL, WORKBENCH_TOKEN, WORKBENCH_RENEWAL_KEY, WORKBENCH_JOB_ID (set by the workbench).

export function workbenchClient(env = process.env) {
  const app = env.WORKBENCH_URL;
  const jobId = env.WORKBENCH_JOB_ID;
  const renewalKey = env.WORKBENCH_RENEWAL_KEY;
  let token = env.WORKBENCH_TOKEN;

  async function renew() {
    const res = await fetch(`${app}/api/v1/jobs/${jobId}/token`, { method: "POST", headers: { "x-workbench-renewal-key": renewalKey } });
    if (!res.ok) throw new Error(`token renewal: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    token = (await res.json()).token;
  }

  /** `path` on the workbench; the parsed JSON answer, or an Error naming the request and the HTTP status. */
  async function call(path, init = {}) {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${app}${path}`, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${token}` } });
      if (res.status === 401 && attempt === 0 && renewalKey) {
        await res.body?.cancel();
        await renew();
        continue;
      }
      const text = await res.text();
      if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
      return text ? JSON.parse(text) : null;
    }
  }

  return { call, jobId, configured: !!(app && token && jobId) };
}
