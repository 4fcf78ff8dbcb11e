// The parameter form of each job template: labels, input types, help. Pure.
import type { TemplateId } from "@/lib/jobs/templates";

export type JobField = { name: string; label: string; type: "text" | "textarea" | "number" | "boolean" | "list"; help?: string; step?: number };

const resources: JobField[] = [
  { name: "nodes", label: "Nodes", type: "number" },
  { name: "gpusPerNode", label: "GPUs per node", type: "number" },
  { name: "timeLimitMinutes", label: "Time limit (minutes)", type: "number" },
];
const train: JobField[] = [
  { name: "name", label: "Name", type: "text" },
  { name: "baseModel", label: "Base model", type: "text" },
  { name: "dataset", label: "Dataset", type: "text", help: "training files, e.g. data/reagent/train.parquet" },
  { name: "rolloutsPerPrompt", label: "Rollouts per prompt", type: "number" },
  { name: "epochs", label: "Epochs", type: "number" },
];
const rrm: JobField[] = [
  { name: "lambda", label: "λ (weight of the RRM score)", type: "number", step: 0.05 },
  { name: "rrmEndpoint", label: "RRM endpoint", type: "text", help: "OpenAI-compatible base URL, e.g. http://rrm:8000/v1" },
  { name: "rrmModel", label: "RRM model", type: "text" },
];

export const JOB_FIELDS: Record<TemplateId, JobField[]> = {
  eval: [
    { name: "name", label: "Name", type: "text" },
    { name: "model", label: "Model path or endpoint", type: "text" },
    {
      name: "benchmarks",
      label: "Benchmarks",
      type: "list",
      help: "Reagent's dataset names, comma-separated: gaia_text, webwalker, hle, xbench, hotpotqa, 2wiki, bamboogle, musique, aime24, aime25, math500, gsm8k",
    },
    { name: "rollouts", label: "Rollouts", type: "number" },
    { name: "maxLlmCalls", label: "Max LLM calls", type: "number", help: "exported as MAX_LLM_CALLS" },
    { name: "temperature", label: "Temperature", type: "number", step: 0.1 },
    { name: "critique", label: "Reagent-C critique refinement", type: "boolean" },
    { name: "rrmEndpoint", label: "RRM endpoint", type: "text", help: "needed with Reagent-C: OpenAI-compatible base URL, e.g. http://rrm:8000/v1" },
    { name: "rrmModel", label: "RRM model", type: "text" },
    { name: "agentEndpoint", label: "Agent model endpoint", type: "text", help: "needed with Reagent-C: where the evaluated model answers chat completions, for its second answer" },
    { name: "rrmSystemPrompt", label: "RRM system prompt", type: "textarea", help: "empty: the workbench's prompt asking for <think>, <critique> and <score>" },
    { name: "refineInstruction", label: "Retry instruction", type: "textarea", help: "what the agent reads after its first attempt; {critique} stands for the critique. Empty: the workbench's own wording" },
    { name: "concurrency", label: "RRM and retry concurrency", type: "number" },
    { name: "retries", label: "Retries per request", type: "number" },
    { name: "command", label: "Command", type: "text", help: "the evaluation entry point, run once per dataset" },
    ...resources,
  ],
  train_reagent_r: [...train, ...rrm, { name: "command", label: "Command", type: "text" }, ...resources],
  train_reagent_u: [...train, ...rrm, { name: "command", label: "Command", type: "text" }, ...resources],
  train_grpo: [...train, { name: "command", label: "Command", type: "text" }, ...resources],
  judge: [
    { name: "name", label: "Name", type: "text" },
    { name: "runId", label: "Run to judge (id)", type: "number" },
    { name: "endpoint", label: "RRM endpoint", type: "text", help: "OpenAI-compatible base URL" },
    { name: "model", label: "RRM model", type: "text" },
    { name: "systemPrompt", label: "RRM system prompt", type: "textarea", help: "empty: the workbench's prompt asking for <think>, <critique> and <score>" },
    { name: "temperature", label: "Temperature", type: "number", step: 0.1 },
    { name: "concurrency", label: "Concurrency", type: "number" },
    { name: "retries", label: "Retries", type: "number" },
    { name: "command", label: "Command", type: "text" },
    ...resources,
  ],
};

/** The form's starting values: each template's defaults (parsing {} fills them in, required fields stay empty). */
export function defaultValues(schemaDefaults: Record<string, unknown>, fields: JobField[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of fields) values[f.name] = schemaDefaults[f.name] ?? (f.type === "boolean" ? false : f.type === "list" ? [] : "");
  return values;
}
