#!/usr/bin/env node
// Training curves from a verl trainer's console (the training templates pipe the trainer's output through this): every
// line goes on to stdout unchanged (the job's log), and the metric lines verl's console logger prints,
// `step:12 - critic/score/mean:0.53 - response_length/mean:812.0 - …`, are posted to the workbench as the run's metrics
// (POST /api/v1/jobs/{id}/report), a few seconds' worth at a time. Dependency-free (Node 18+).
// Environment: WORKBENCH_URL, WORKBENCH_TOKEN, WORKBENCH_RENEWAL_KEY, WORKBENCH_JOB_ID (set by the workbench).
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { workbenchClient } from "./workbench-client.mjs";

/** The step and numeric metrics of one verl console line, or null for any other line. */
export function parseVerlMetricLine(line) {
  const match = /(?:^|\s)step:(\d+)((?:\s+-\s+[^\s:]+:\S+)+)\s*$/.exec(line);
  if (!match) return null;
  const step = Number(match[1]);
  const metrics = [];
  for (const part of match[2].split(/\s+-\s+/)) {
    const at = part.lastIndexOf(":");
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    const value = Number(part.slice(at + 1));
    if (name && Number.isFinite(value)) metrics.push({ name: name.slice(0, 100), step, value });
  }
  return metrics.length ? { step, metrics } : null;
}

async function main() {
  const workbench = workbenchClient();
  let pending = [];
  let lastStep = null;
  let posting = Promise.resolve();
  const flush = () => {
    if (!workbench.configured) pending = []; // nowhere to post (run by hand): pass the output through only
    if (!pending.length) return posting;
    const metrics = pending.splice(0, 10_000);
    posting = posting.then(() =>
      workbench
        .call(`/api/v1/jobs/${workbench.jobId}/report`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ note: `training step ${lastStep}`, metrics }) })
        .catch((error) => console.error(`forward-metrics: ${error.message}`)),
    );
    return posting;
  };
  const timer = setInterval(flush, 5_000);
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    process.stdout.write(`${line}\n`);
    const parsed = parseVerlMetricLine(line);
    if (parsed) {
      pending.push(...parsed.metrics);
      lastStep = parsed.step;
    }
  }
  clearInterval(timer);
  while (pending.length) await flush();
  await posting;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
