// Job kinds as versioned script templates rendered from zod-validated parameters. Pure: no I/O, usable in the browser.
//
// A template is a bash script with placeholders: `{{name}}` inserts the parameter shell-quoted, `{{name|raw}}` as is
// (commands), `{{name|flag:--x}}` inserts `--x` when the boolean is true. An unknown placeholder or filter is a
// template error, reported by the preview before anything reaches a scheduler.
import * as z from "zod";

export const TEMPLATE_IDS = ["eval", "train_reagent_r", "train_reagent_u", "train_grpo", "judge"] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];
export const templateIdSchema = z.enum(TEMPLATE_IDS);

/** Shell functions every job gets: how it reports back to the workbench (env: WORKBENCH_URL, _TOKEN, _JOB_ID, _RUN_ID). */
export const REPORTING_FUNCTIONS = `# Talking to the workbench (its URL, the job's token and renewal key, job and run ids come from the environment)
renew_token() { # a fresh token, minted with the job's renewal key (which works after the token has expired)
  local fresh
  fresh=$(curl -fsS --retry 3 --retry-delay 5 --retry-connrefused -X POST -H "X-Workbench-Renewal-Key: $WORKBENCH_RENEWAL_KEY" \\
    "$WORKBENCH_URL/api/v1/jobs/$WORKBENCH_JOB_ID/token" | sed -E 's/.*"token":"([^"]+)".*/\\1/') && [ -n "$fresh" ] && export WORKBENCH_TOKEN="$fresh"
}
workbench() { # workbench <path> <curl options>: a request as this job, retried; an expired token is renewed once
  local path="$1" answer status attempt
  shift
  answer=$(mktemp)
  for attempt in 1 2; do
    status=$(curl -sS --retry 5 --retry-delay 10 --retry-connrefused -o "$answer" -w '%{http_code}' \\
      -H "Authorization: Bearer $WORKBENCH_TOKEN" "$@" "$WORKBENCH_URL$path") || status=000
    if [ "$status" = 401 ] && [ "$attempt" = 1 ] && renew_token; then continue; fi
    break
  done
  cat "$answer"; rm -f "$answer"; echo
  [ "$status" -ge 200 ] && [ "$status" -lt 300 ]
}
report() { # report <progress 0..1> <note> [metrics JSON array]
  workbench "/api/v1/jobs/$WORKBENCH_JOB_ID/report" -X POST -H "Content-Type: application/json" \\
    -d "{\\"progress\\": $1, \\"note\\": \\"$2\\", \\"metrics\\": \${3:-[]} }" > /dev/null || echo "report failed" >&2
}
urlencode() { # urlencode <text>: for query parameters
  local LC_ALL=C text="$1" out="" c i
  for ((i = 0; i < \${#text}; i++)); do
    c=\${text:i:1}
    case "$c" in [A-Za-z0-9._~/-]) out+="$c" ;; *) printf -v c '%%%02X' "'$c"; out+="$c" ;; esac
  done
  printf '%s' "$out"
}
upload() { # upload <file> [name]: trajectories in any supported format (Reagent iter{k}.jsonl, native JSONL, ...); the
  # name (default: the file's) is how the importer sees it: Reagent's benchmark is the folder above iter{k}.jsonl
  workbench "/api/v1/runs/$WORKBENCH_RUN_ID/trajectories?filename=$(urlencode "\${2:-$(basename "$1")}")" -X POST --data-binary @"$1"
}`;

const modelField = z.string().trim().min(1, "name a model path or an OpenAI-compatible endpoint").max(500);
const endpoint = z.url("an http(s) URL of an OpenAI-compatible server, e.g. http://rrm:8000/v1");
const command = z.string().trim().min(1, "a command is needed").max(2000);

const resources = {
  nodes: z.number().int().min(1).max(64).default(1),
  gpusPerNode: z.number().int().min(0).max(16).default(8),
  timeLimitMinutes: z.number().int().min(1).max(60 * 24 * 14).default(24 * 60),
};

export const evalParamsSchema = z.object({
  name: z.string().trim().min(1).max(120).default("eval"),
  /** Reagent's evaluation runner (github.com/kxfan2002/Reagent, Evaluation/unified_eval), run once per dataset. */
  command: command.default('cd "${REAGENT_DIR:-$HOME/Reagent}/Evaluation/unified_eval" && python3 -u run.py'),
  model: modelField,
  /** Reagent's dataset names (gaia_text, webwalker, hle, xbench, hotpotqa, 2wiki, bamboogle, musique, aime24, aime25, math500, gsm8k). */
  benchmarks: z.array(z.string().trim().regex(/^[\w.-]+$/, "a dataset name such as gaia_text")).min(1, "pick at least one benchmark").default(["gaia_text"]),
  rollouts: z.number().int().min(1).max(64).default(3),
  /** The agent's budget of LLM calls per question, exported as MAX_LLM_CALLS for commands that read it. */
  maxLlmCalls: z.number().int().min(1).max(1000).default(100),
  temperature: z.number().min(0).max(2).default(0.6),
  /** Reagent-C: after the evaluation, the RRM critiques each first attempt and the agent answers again once. */
  critique: z.boolean().default(false),
  rrmEndpoint: endpoint.or(z.literal("")).default(""),
  rrmModel: z.string().trim().max(200).default("Agent-RRM"),
  /** The RRM's system prompt; empty: the workbench's own, asking for <think>, <critique> and <score> (lib/rrm/rrm-prompt). */
  rrmSystemPrompt: z.string().trim().max(20_000).default(""),
  /** Where the agent model answers chat completions (vLLM's OpenAI-compatible server), for its second answer. */
  agentEndpoint: endpoint.or(z.literal("")).default(""),
  /** What follows the first attempt in the retry; {critique} stands for the critique. Empty: the workbench's own (lib/rrm/refine-prompt). */
  refineInstruction: z.string().trim().max(20_000).default(""),
  concurrency: z.number().int().min(1).max(64).default(4),
  retries: z.number().int().min(0).max(10).default(3),
  ...resources,
  gpusPerNode: resources.gpusPerNode.default(1),
  timeLimitMinutes: resources.timeLimitMinutes.default(240),
})
  .refine((p) => !p.critique || p.rrmEndpoint, { path: ["rrmEndpoint"], message: "Reagent-C needs the RRM endpoint" })
  .refine((p) => !p.critique || p.agentEndpoint, { path: ["agentEndpoint"], message: "Reagent-C needs the agent model's endpoint for its second answer" });

const trainBase = {
  name: z.string().trim().min(1).max(120).default("train"),
  command: command.default('cd "${REAGENT_DIR:-$HOME/Reagent}" && python3 -m examples.reagent.train'),
  baseModel: modelField.default("Qwen/Qwen3-8B"),
  dataset: z.string().trim().min(1, "name the training dataset").max(500),
  rolloutsPerPrompt: z.number().int().min(2, "GRPO needs at least 2 rollouts per prompt").max(64).default(8),
  epochs: z.number().int().min(1).max(100).default(1),
  ...resources,
};
const rrm = { rrmEndpoint: endpoint, rrmModel: z.string().trim().min(1).max(200).default("Agent-RRM") };
const lambda = z.number().min(0).max(10).default(0.3);

export const trainReagentRParamsSchema = z.object({ ...trainBase, ...rrm, lambda });
export const trainReagentUParamsSchema = z.object({ ...trainBase, ...rrm, lambda });
export const trainGrpoParamsSchema = z.object(trainBase);
export const judgeParamsSchema = z.object({
  name: z.string().trim().min(1).max(120).default("judge"),
  command: command.default('node "$WORKBENCH_APP_DIR/scripts/jobs/judge-run.mjs"'),
  runId: z.number().int().positive("the run to judge"),
  endpoint,
  model: z.string().trim().min(1, "the RRM's model name on that endpoint").max(200),
  /** The RRM's system prompt; empty: the workbench's own, asking for <think>, <critique> and <score> (lib/rrm/rrm-prompt). */
  systemPrompt: z.string().trim().max(20_000).default(""),
  temperature: z.number().min(0).max(2).default(0),
  concurrency: z.number().int().min(1).max(64).default(4),
  retries: z.number().int().min(0).max(10).default(3),
  ...resources,
  gpusPerNode: resources.gpusPerNode.default(0),
  timeLimitMinutes: resources.timeLimitMinutes.default(120),
});

/**
 * Where the workbench cannot read the job's output file (the cluster's job directory is not shared with it, and the
 * backend sets WORKBENCH_POST_LOG=1), the output also goes to the workbench: every 10 s what is new, and the rest at exit.
 */
export const LOG_SHIPPING = `if [ "\${WORKBENCH_POST_LOG:-0}" = 1 ]; then
  WORKBENCH_LOG="$JOB_DIR/workbench-job-$WORKBENCH_JOB_ID.log"
  : > "$WORKBENCH_LOG"
  echo 0 > "$WORKBENCH_LOG.sent"
  exec > >(tee -a "$WORKBENCH_LOG") 2>&1
  post_log() { # what was written since the last post
    local sent size
    sent=$(cat "$WORKBENCH_LOG.sent")
    size=$(wc -c < "$WORKBENCH_LOG")
    [ "$size" -gt "$sent" ] || return 0
    tail -c +$((sent + 1)) "$WORKBENCH_LOG" | head -c $((size - sent)) > "$WORKBENCH_LOG.part"
    workbench "/api/v1/jobs/$WORKBENCH_JOB_ID/log" -X POST -H "Content-Type: text/plain" --data-binary @"$WORKBENCH_LOG.part" > /dev/null 2>&1 \\
      && echo "$size" > "$WORKBENCH_LOG.sent"
  }
  ( while sleep 10; do post_log; done ) > /dev/null 2>&1 &
  log_loop=$!
  trap 'kill $log_loop 2> /dev/null; sleep 1; post_log > /dev/null 2>&1 || true' EXIT
fi`;

const HEADER = (title: string) => `#!/bin/bash
# Reagent Workbench job: ${title} (template {{template}} v{{version}})
set -euo pipefail
JOB_DIR="$PWD" # the job's working directory, also after a command cd's elsewhere
${REPORTING_FUNCTIONS}
${LOG_SHIPPING}
`;

/** More than one node: verl trains on one Ray cluster across the allocation (the first node is its head). */
const RAY_ON_SLURM = `if [ "\${SLURM_JOB_NUM_NODES:-1}" -gt 1 ]; then
  head=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)
  head_ip=$(srun --overlap --nodes=1 --ntasks=1 -w "$head" hostname --ip-address | awk '{print $1}')
  srun --overlap --nodes=1 --ntasks=1 -w "$head" ray start --head --node-ip-address="$head_ip" --port=6379 --block &
  sleep 15
  workers=$((SLURM_JOB_NUM_NODES - 1))
  srun --overlap --nodes=$workers --ntasks=$workers --exclude="$head" ray start --address="$head_ip:6379" --block &
  sleep 15
  export RAY_ADDRESS="$head_ip:6379"
fi`;

/** The RRM as Reagent's trainer reads it (its base URL without /v1, its model name, λ). */
const REWARD_MODEL_ENV = `RRM_ENDPOINT={{rrmEndpoint}}
export ENABLE_REWARD_MODEL=true REWARD_MODEL_URL="\${RRM_ENDPOINT%/v1}" REWARD_MODEL_NAME={{rrmModel}} REWARD_MODEL_LAMBDA={{lambda}}`;

/**
 * Reagent's trainer (github.com/kxfan2002/Reagent, examples/reagent/train.sh: verl + rLLM, Hydra overrides). Its
 * console metrics go to the run as training curves (scripts/jobs/forward-metrics.mjs), its rollout dumps into the run.
 */
const TRAIN_BODY = (variant: string, setup: string, overrides: string) => `${HEADER(`train ${variant}`)}
${RAY_ON_SLURM}
${setup}
report 0 "training"
{{command|raw}} \\
  algorithm.adv_estimator=grpo \\
  actor_rollout_ref.model.path={{baseModel}} data.train_files={{dataset}} \\
  actor_rollout_ref.rollout.n={{rolloutsPerPrompt}} trainer.total_epochs={{epochs}} \\
  trainer.nnodes={{nodes}} trainer.n_gpus_per_node={{gpusPerNode}} \\
  ${overrides} \\
  trainer.logger="['console']" \\
  trainer.default_local_dir="$JOB_DIR/checkpoints" trainer.rollout_data_dir="$JOB_DIR/rollouts" \\
  2>&1 | node "$WORKBENCH_APP_DIR/scripts/jobs/forward-metrics.mjs"
for f in "$JOB_DIR"/rollouts/*.jsonl; do if [ -e "$f" ]; then upload "$f"; fi; done
report 1 "done"
`;

export type JobTemplateDefinition = {
  id: TemplateId;
  label: string;
  description: string;
  kind: "eval" | "train" | "judge";
  variant: "base" | "reagent_c" | "reagent_r" | "reagent_u" | "grpo" | null;
  body: string;
  schema: z.ZodType<Record<string, unknown>>;
};

export const JOB_TEMPLATES: Record<TemplateId, JobTemplateDefinition> = {
  eval: {
    id: "eval",
    label: "Evaluate (Reagent-C critique refinement on or off)",
    description: "Runs Reagent's evaluation over each dataset for N rollouts and imports every iter{k}.jsonl into a new run; with critique refinement (Reagent-C) the RRM then critiques each first attempt and the agent model answers once more.",
    kind: "eval",
    variant: null,
    schema: evalParamsSchema as unknown as z.ZodType<Record<string, unknown>>,
    body: `${HEADER("evaluation")}
OUT="$JOB_DIR/output"
mkdir -p "$OUT"
export MAX_LLM_CALLS={{maxLlmCalls}}
datasets=$(echo {{benchmarks}} | tr , ' ')
share=$([ {{critique}} = true ] && echo 0.5 || echo 1) # of the progress bar; Reagent-C's critique and retry fill the rest
done_count=0
for dataset in $datasets; do
  report "$(awk "BEGIN { print $share * $done_count / $(echo $datasets | wc -w) }")" "evaluating $dataset"
  {{command|raw}} --dataset "$dataset" --output "$OUT" --model {{model}} \\
    --temperature {{temperature}} --roll_out_count {{rollouts}} --auto_judge
  # Reagent writes <output>/<model>_unified/<dataset>/iter{k}.jsonl: the folder names the benchmark.
  find "$OUT" -path "*/$dataset/iter*.jsonl" | sort | while read -r f; do upload "$f" "\${f#"$OUT"/}"; done
  done_count=$((done_count + 1))
done
if [ {{critique}} = true ]; then
  # Reagent-C: the RRM critiques each first attempt, the agent model answers again with the critique in view.
  node "$WORKBENCH_APP_DIR/scripts/jobs/judge-run.mjs" --run "$WORKBENCH_RUN_ID" \\
    --endpoint {{rrmEndpoint}} --model {{rrmModel}} --temperature 0 \\
    --refine-endpoint {{agentEndpoint}} --refine-model {{model}} --refine-temperature {{temperature}} \\
    --concurrency {{concurrency}} --retries {{retries}} --progress-range 0.5,1
fi
report 1 "done"
`,
  },
  train_reagent_r: {
    id: "train_reagent_r",
    label: "Train Reagent-R (rule reward + λ · RRM score)",
    description: "GRPO with r = r_rule + λ · s_rrm (λ = 0.3 in the paper).",
    kind: "train",
    variant: "reagent_r",
    schema: trainReagentRParamsSchema as unknown as z.ZodType<Record<string, unknown>>,
    body: TRAIN_BODY("reagent_r", REWARD_MODEL_ENV, "rllm.reward_model.enable=True rllm.reward_model.url=\"$REWARD_MODEL_URL\" rllm.reward_model.lambda={{lambda}} rllm.two_stage_sampling.enable=False rllm.critique.enable=False"),
  },
  train_reagent_u: {
    id: "train_reagent_u",
    label: "Train Reagent-U (two-stage sampling with critique)",
    description: "n initial rollouts and their n critique-refined retries pooled into one GRPO group of 2n.",
    kind: "train",
    variant: "reagent_u",
    schema: trainReagentUParamsSchema as unknown as z.ZodType<Record<string, unknown>>,
    body: TRAIN_BODY("reagent_u", REWARD_MODEL_ENV, "rllm.reward_model.enable=True rllm.reward_model.url=\"$REWARD_MODEL_URL\" rllm.reward_model.lambda={{lambda}} rllm.two_stage_sampling.enable=True rllm.two_stage_sampling.use_critique=True rllm.critique.enable=True rllm.critique.lambda={{lambda}}"),
  },
  train_grpo: {
    id: "train_grpo",
    label: "Baseline GRPO (rule reward only)",
    description: "Plain GRPO on the rule reward, the paper's baseline.",
    kind: "train",
    variant: "grpo",
    schema: trainGrpoParamsSchema as unknown as z.ZodType<Record<string, unknown>>,
    body: TRAIN_BODY("grpo", "", "rllm.reward_model.enable=False rllm.two_stage_sampling.enable=False rllm.critique.enable=False"),
  },
  judge: {
    id: "judge",
    label: "Judge a run with an RRM",
    description: "Calls an OpenAI-compatible RRM endpoint for the run's trajectories that lack a judgment from that model.",
    kind: "judge",
    variant: null,
    schema: judgeParamsSchema as unknown as z.ZodType<Record<string, unknown>>,
    body: `${HEADER("judge a run")}
{{command|raw}} --run {{runId}} --endpoint {{endpoint}} --model {{model}} \\
  --temperature {{temperature}} --concurrency {{concurrency}} --retries {{retries}}
`,
  },
};

/** Single-quotes a value for bash. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export class TemplateError extends Error {
  override name = "TemplateError";
}

function renderValue(value: unknown): string {
  if (Array.isArray(value)) return shellQuote(value.map(String).join(","));
  if (value === "" || value === null || value === undefined) return "''";
  return shellQuote(String(value));
}

/** Renders `body` with `params`; throws TemplateError naming the line of an unknown placeholder or filter. */
export function renderTemplate(body: string, params: Record<string, unknown>): string {
  return body.split("\n").map((line, i) =>
    line.replace(/\{\{\s*([\w]+)\s*(?:\|\s*([\w]+)(?::([^}]*))?)?\s*\}\}/g, (_m, name: string, filter?: string, arg?: string) => {
      if (!(name in params)) throw new TemplateError(`Line ${i + 1}: unknown placeholder {{${name}}} (parameters: ${Object.keys(params).join(", ")})`);
      const value = params[name];
      if (!filter) return renderValue(value);
      if (filter === "raw") return String(value);
      if (filter === "flag") return value === true ? (arg ?? "") : "";
      throw new TemplateError(`Line ${i + 1}: unknown filter "|${filter}" in {{${name}|${filter}}} (filters: raw, flag:--name)`);
    }),
  ).join("\n").replace(/\{\{|\}\}/g, (m) => {
    throw new TemplateError(`Unbalanced "${m}" in the template`);
  });
}

export type FieldErrors = Record<string, string>;

export type RenderResult =
  | { ok: true; params: Record<string, unknown>; script: string; kind: JobTemplateDefinition["kind"]; variant: JobTemplateDefinition["variant"]; version: number }
  | { ok: false; fieldErrors: FieldErrors; templateError: string | null };

/** A version of a kind's template: the built-in one (version 1) or one an admin saved. */
export type TemplateVersion = { version: number; body: string };

export const BUILT_IN_VERSION = 1;
export const MAX_TEMPLATE_BYTES = 64 * 1024;

/** The parameters of a kind, in the order of its schema: what `{{name}}` placeholders may name. */
export function templateParameterNames(templateId: TemplateId): string[] {
  const schema = JOB_TEMPLATES[templateId].schema as unknown as { shape?: Record<string, unknown>; def?: { in?: { shape?: Record<string, unknown> } } };
  return Object.keys(schema.shape ?? schema.def?.in?.shape ?? {});
}

/**
 * Why a template body cannot be saved, or null: it must start with a `#!` line, stay under MAX_TEMPLATE_BYTES, and
 * use only the kind's parameters (plus template and version) and known filters, with balanced braces.
 */
export function templateBodyError(templateId: TemplateId, body: string): string | null {
  if (!body.startsWith("#!")) return "Line 1: a job script starts with #! (e.g. #!/bin/bash)";
  if (new TextEncoder().encode(body).length > MAX_TEMPLATE_BYTES) return `The template is larger than ${MAX_TEMPLATE_BYTES / 1024} KB`;
  const sample: Record<string, unknown> = { template: templateId, version: BUILT_IN_VERSION };
  for (const name of templateParameterNames(templateId)) sample[name] = "x";
  try {
    renderTemplate(body, sample);
    return null;
  } catch (error) {
    if (error instanceof TemplateError) return error.message;
    throw error;
  }
}

/**
 * Validates `input` against the template's schema (field-level errors) and renders the exact script, from the
 * built-in body or from `template` (a saved version).
 */
export function renderJob(templateId: TemplateId, input: unknown, template: TemplateVersion = { version: BUILT_IN_VERSION, body: JOB_TEMPLATES[templateId].body }): RenderResult {
  const definition = JOB_TEMPLATES[templateId];
  const parsed = definition.schema.safeParse(input ?? {});
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join(".") || "_";
      fieldErrors[key] ??= issue.message;
    }
    return { ok: false, fieldErrors, templateError: null };
  }
  const params = parsed.data;
  try {
    const script = renderTemplate(template.body, { ...params, template: definition.id, version: template.version });
    return { ok: true, params, script, kind: definition.kind, variant: definition.variant, version: template.version };
  } catch (error) {
    if (error instanceof TemplateError) return { ok: false, fieldErrors: {}, templateError: error.message };
    throw error;
  }
}

/** Slurm resources from rendered parameters. */
export function jobResources(params: Record<string, unknown>) {
  const n = (k: string) => (typeof params[k] === "number" ? (params[k] as number) : undefined);
  return { nodes: n("nodes"), gpusPerNode: n("gpusPerNode"), timeLimitMinutes: n("timeLimitMinutes") };
}
