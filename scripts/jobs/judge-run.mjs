#!/usr/bin/env node
// The RRM side of jobs, against OpenAI-compatible endpoints (vLLM in production). Dependency-free (Node 18+), so it
// runs on any node that has Node. Concurrency-limited, retried with backoff, resumable (the workbench only hands out
// work still to do), progress reported.
//
// Judging (template "judge"; and the first half of Reagent-C): sends the trajectories the job's work lists (those
// without a judgment from --model) to the RRM and posts its raw outputs back as judgments.
// Reagent-C (template "eval" with critique refinement): with --refine-endpoint, then sends each critiqued first attempt
// to the agent model (the question, its attempt, the critique) and posts the answers; the workbench stores them as
// refined attempts and grades them.
//
//   node judge-run.mjs --run 12 --endpoint http://rrm:8000/v1 --model Agent-RRM [--temperature 0] [--concurrency 4] [--retries 3]
//        [--refine-endpoint http://agent:8000/v1 --refine-model /models/agent [--refine-temperature 0.6]] [--progress-range 0.5,1]
// Environment: WORKBENCH_URL, WORKBENCH_TOKEN, WORKBENCH_RENEWAL_KEY, WORKBENCH_JOB_ID (set by the workbench for the
// job); RRM_API_KEY and AGENT_API_KEY (optional bearer tokens for the endpoints).
import { workbenchClient } from "./workbench-client.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const trimUrl = (url) => String(url ?? "").replace(/\/+$/, "");
const runId = Number(opt("run"));
const rrm = { endpoint: trimUrl(opt("endpoint")), model: opt("model"), temperature: Number(opt("temperature", "0")), apiKey: process.env.RRM_API_KEY };
const agent = { endpoint: trimUrl(opt("refine-endpoint")), model: opt("refine-model"), temperature: Number(opt("refine-temperature", "0.6")), apiKey: process.env.AGENT_API_KEY };
const concurrency = Math.max(1, Number(opt("concurrency", "4")));
const retries = Math.max(0, Number(opt("retries", "3")));
const refining = !!agent.endpoint;
// The share of the job's progress bar this script fills (an evaluation reports its own part before it).
const [progressFrom, progressTo] = String(opt("progress-range", "0,1")).split(",").map(Number);
const { call: workbench, jobId, configured } = workbenchClient();
if (!runId || !rrm.endpoint || !rrm.model || !configured || (refining && !agent.model)) {
  console.error("judge-run: needs --run, --endpoint, --model (and --refine-model with --refine-endpoint) and WORKBENCH_URL, WORKBENCH_TOKEN, WORKBENCH_JOB_ID");
  process.exit(2);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One chat completion, retried with exponential backoff; the answer's text. */
async function chat(server, messages) {
  let last;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt) await sleep(Math.min(500 * 2 ** (attempt - 1), 8000));
    try {
      const res = await fetch(`${server.endpoint}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(server.apiKey ? { authorization: `Bearer ${server.apiKey}` } : {}) },
        body: JSON.stringify({ model: server.model, messages, temperature: server.temperature }),
        signal: AbortSignal.timeout(300_000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
      const content = (await res.json())?.choices?.[0]?.message?.content;
      if (typeof content !== "string") throw new Error("no choices[0].message.content in the answer");
      return content;
    } catch (error) {
      last = error;
      console.error(`judge-run: ${server.model}: attempt ${attempt + 1}/${retries + 1} failed: ${error.message}`);
    }
  }
  throw last;
}

async function report(progress, note) {
  await workbench(`/api/v1/jobs/${jobId}/report`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ progress, note }) })
    .catch((error) => console.error(`judge-run: report failed: ${error.message}`));
}

/**
 * Works through the pages of `workPath` (items with trajectoryId and messages), asking `server` about `concurrency`
 * items at a time and posting each page's answers with `post`. Progress moves from `from` to `to`.
 */
async function phase(name, workPath, server, post, { from, to }) {
  let after = 0;
  let done = 0;
  let failed = 0;
  let total = null;
  for (;;) {
    // Small pages, each posted when done: a job stopped half-way loses at most one page of answers.
    const page = await workbench(`${workPath}?after=${after}&limit=${concurrency * 2}`);
    total ??= page.remaining;
    if (!page.items.length) break;
    after = page.items[page.items.length - 1].trajectoryId;
    const answers = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, page.items.length) }, async () => {
        while (next < page.items.length) {
          const item = page.items[next++];
          try {
            answers.push({ trajectoryId: item.trajectoryId, output: await chat(server, item.messages) });
            done++;
          } catch (error) {
            failed++;
            console.error(`judge-run: ${name}: trajectory ${item.trajectoryId} failed: ${error.message}`);
          }
        }
      }),
    );
    if (answers.length) console.log(`judge-run: ${name}: posted ${answers.length}: ${JSON.stringify(await post(answers))}`);
    await report(from + (to - from) * (total ? Math.min(1, (done + failed) / total) : 1), `${name}: ${done} done, ${failed} failed of ${total}`);
  }
  console.log(`judge-run: ${name}: ${done} done, ${failed} failed`);
  return failed;
}

console.log(`judge-run: run ${runId}, RRM ${rrm.model} at ${rrm.endpoint}${refining ? `, refining with ${agent.model} at ${agent.endpoint}` : ""}, concurrency ${concurrency}, retries ${retries}`);
let failed = await phase("judge", `/api/v1/jobs/${jobId}/judge-work`, rrm, (answers) =>
  workbench(`/api/v1/judgments?run=${runId}`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body: answers.map((a) => JSON.stringify({ trajectoryId: a.trajectoryId, rrmModel: rrm.model, rawOutput: a.output })).join("\n") + "\n",
  }), { from: progressFrom, to: refining ? (progressFrom + progressTo) / 2 : progressTo });
if (refining) {
  failed += await phase("refine", `/api/v1/jobs/${jobId}/refine-work`, agent, (items) =>
    workbench(`/api/v1/jobs/${jobId}/refined`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ items }) }), { from: (progressFrom + progressTo) / 2, to: progressTo });
}
process.exit(failed ? 1 : 0);
