#!/usr/bin/env node
// The judging job (template "judge"): sends a run's trajectories that lack a judgment from --model to an
// OpenAI-compatible RRM endpoint (vLLM in production) and posts the raw outputs back as judgments. Dependency-free
// (Node 18+), so it runs on any node that has Node. Concurrency-limited, retried with backoff, resumable (the
// workbench only hands out trajectories still without a judgment from this model), progress reported.
//
//   node judge-run.mjs --run 12 --endpoint http://rrm:8000/v1 --model Agent-RRM [--temperature 0] [--concurrency 4] [--retries 3]
// Environment: WORKBENCH_URL, WORKBENCH_TOKEN, WORKBENCH_JOB_ID (set by the workbench for the job); RRM_API_KEY (optional).
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const runId = Number(opt("run"));
const endpoint = String(opt("endpoint", "")).replace(/\/+$/, "");
const model = opt("model");
const temperature = Number(opt("temperature", "0"));
const concurrency = Math.max(1, Number(opt("concurrency", "4")));
const retries = Math.max(0, Number(opt("retries", "3")));
const { WORKBENCH_URL: app, WORKBENCH_TOKEN: token, WORKBENCH_JOB_ID: jobId } = process.env;
if (!runId || !endpoint || !model || !app || !token || !jobId) {
  console.error("judge-run: needs --run, --endpoint, --model and WORKBENCH_URL, WORKBENCH_TOKEN, WORKBENCH_JOB_ID");
  process.exit(2);
}
const auth = { authorization: `Bearer ${token}` };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function workbench(path, init = {}) {
  const res = await fetch(`${app}${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

async function judge(messages) {
  let last;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt) await sleep(Math.min(500 * 2 ** (attempt - 1), 8000));
    try {
      const res = await fetch(`${endpoint}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(process.env.RRM_API_KEY ? { authorization: `Bearer ${process.env.RRM_API_KEY}` } : {}) },
        body: JSON.stringify({ model, messages, temperature }),
        signal: AbortSignal.timeout(300_000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
      const body = await res.json();
      const content = body?.choices?.[0]?.message?.content;
      if (typeof content !== "string") throw new Error("no choices[0].message.content in the answer");
      return content;
    } catch (error) {
      last = error;
      console.error(`judge-run: attempt ${attempt + 1}/${retries + 1} failed: ${error.message}`);
    }
  }
  throw last;
}

let after = 0;
let done = 0;
let failed = 0;
let total = null;
console.log(`judge-run: run ${runId}, model ${model} at ${endpoint}, concurrency ${concurrency}, retries ${retries}`);
for (;;) {
  const page = await workbench(`/api/v1/jobs/${jobId}/judge-work?after=${after}&limit=${concurrency * 8}`);
  total ??= page.remaining;
  if (!page.items.length) break;
  after = page.items[page.items.length - 1].trajectoryId;
  const lines = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, page.items.length) }, async () => {
      while (next < page.items.length) {
        const item = page.items[next++];
        try {
          lines.push(JSON.stringify({ trajectoryId: item.trajectoryId, rrmModel: model, rawOutput: await judge(item.messages) }));
          done++;
        } catch (error) {
          failed++;
          console.error(`judge-run: trajectory ${item.trajectoryId} not judged: ${error.message}`);
        }
      }
    }),
  );
  if (lines.length) {
    const report = await workbench(`/api/v1/judgments?run=${runId}`, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: `${lines.join("\n")}\n` });
    console.log(`judge-run: posted ${lines.length} judgments: ${JSON.stringify(report)}`);
  }
  const progress = total ? Math.min(1, (done + failed) / total) : 1;
  await workbench(`/api/v1/jobs/${jobId}/report`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ progress, note: `${done} judged, ${failed} failed of ${total}` }),
  }).catch((error) => console.error(`judge-run: report failed: ${error.message}`));
}
console.log(`judge-run: done: ${done} judged, ${failed} failed`);
process.exit(failed ? 1 : 0);
