// The demo data set: a plan sized from a target trajectory count, and generators that stream tasks, runs,
// trajectories (with steps, judgments, raw Reagent output and the summary columns), training metrics and the rest.
// Pure and deterministic: the same (seed, trajectories) gives the same objects, one at a time, whatever N is
// (1,000,000 streams in flat memory: nothing holds more than one task split's worth of items).
//
// Sizes. Each task is attempted by every demo run with 3 rollouts (Reagent-C: 3 first attempts + 3 refined retries),
// 24 trajectories per task; Reagent-U also carries GRPO training groups (8 first attempts + their 8 refined retries,
// one pooled group) that take about a fifth of the total. The total is N rounded down to a multiple of 8.
//
// Accuracy. Within each (run, benchmark split) block, exactly round(target × attempts) attempts are correct, where
// target is the paper's number for the matching method; which ones is decided by a latent task ease shared by all
// runs plus per-attempt noise, so easy tasks are solved by most runs and runs differ task by task.
import { rngFor, type Rng } from "@/lib/demo/prng";
import {
  DEMO_AGENT_MODEL, DEMO_GROUP_SIZE, DEMO_METRIC_INTERVAL, DEMO_ROLLOUTS, DEMO_RRM_MODEL, DEMO_RRM_MODEL_EARLY, DEMO_RUNS,
  DEMO_SPLITS, DEMO_TAG, DEMO_TRAINING_STEPS, PAPER_ROWS, PAPER_SOURCE, paperMethodModel, paperMethodVariant, reportedBenchmarkName,
  targetAccuracy, type DemoRunSpec, type SplitSpec,
} from "@/lib/demo/benchmarks";
import { buildJudgment, MALFORMATIONS, type DemoJudgment, type Malformation } from "@/lib/demo/judgments";
import { CRITIQUE_QUALITY_RUBRIC, errorTypeValue, type CritiqueQualityAnswers } from "@/lib/demo/rubric";
import { DEMO_TASK_NOTE, makeTask, type DemoTask } from "@/lib/demo/tasks";
import {
  buildAttempt, CONTEXT_LIMIT, MAX_LLM_CALLS, SYSTEM_PROMPT, type AnswerKind, type AttemptSpec, type BuiltAttempt, type ErrorType,
  type Termination,
} from "@/lib/demo/trajectories";
import { summarizeSteps, type NormalizedTrajectory } from "@/lib/formats/trajectory-schema";
import { renderJob, type TemplateId } from "@/lib/jobs/templates";
import { ruleReward } from "@/lib/reagent/rule-reward";

export const DEFAULT_DEMO_TRAJECTORIES = 2000;
export const DEFAULT_DEMO_SEED = "reagent-demo";
export const MIN_DEMO_TRAJECTORIES = 48;

const TRAINING_SHARE = 0.2;
const EVAL_PER_TASK = DEMO_RUNS.reduce((n, run) => n + DEMO_ROLLOUTS * (run.refine ? 2 : 1), 0); // 24
const GROUP_TRAJECTORIES = 2 * DEMO_GROUP_SIZE; // 16

export type PlannedSplit = SplitSpec & { firstTask: number; taskCount: number };

export type DemoPlan = {
  seed: string;
  requested: number;
  /** Exact number of trajectories the plan yields. */
  trajectories: number;
  taskCount: number;
  splits: PlannedSplit[];
  runs: readonly DemoRunSpec[];
  trainingGroups: number;
  /** Trajectories per run key. */
  perRun: Record<string, number>;
  /** When the demo's story starts (runs, trajectories and judgments are dated from here). */
  epoch: number;
};

export type DemoOptions = { trajectories?: number; seed?: string | number };

/** Largest-remainder allocation of `total` items over `weights`; every weight gets at least one when possible. */
function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const minimum = total >= weights.length ? 1 : 0;
  const rest = total - minimum * weights.length;
  const exact = weights.map((w) => (rest * w) / sum);
  const counts = exact.map((x) => Math.floor(x) + minimum);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k][1]]++;
  return counts;
}

export function planDemo(options: DemoOptions = {}): DemoPlan {
  const requested = Math.floor(options.trajectories ?? DEFAULT_DEMO_TRAJECTORIES);
  if (!Number.isFinite(requested) || requested < MIN_DEMO_TRAJECTORIES) {
    throw new RangeError(`The demo needs at least ${MIN_DEMO_TRAJECTORIES} trajectories (got ${options.trajectories}).`);
  }
  const seed = String(options.seed ?? DEFAULT_DEMO_SEED);
  // 24·T + 16·G = 8·M with M = ⌊N/8⌋: choose G near the training share, then T = (M − 2G)/3 exactly.
  const m = Math.floor(requested / 8);
  let groups = Math.max(1, Math.round((TRAINING_SHARE * requested) / GROUP_TRAJECTORIES));
  while (groups > 0 && (m - 2 * groups) % 3 !== 0) groups--;
  if (groups === 0) groups = (m % 3) === 0 ? 0 : (m % 3) === 2 ? 1 : 2;
  const taskCount = (m - 2 * groups) / 3;
  if (!Number.isInteger(taskCount) || taskCount < 1) throw new RangeError(`Cannot plan ${requested} demo trajectories.`);
  const counts = allocate(taskCount, DEMO_SPLITS.map((s) => s.share));
  let first = 0;
  const splits = DEMO_SPLITS.map((s, i) => {
    const planned = { ...s, firstTask: first, taskCount: counts[i] };
    first += counts[i];
    return planned;
  });
  const perRun: Record<string, number> = {};
  for (const run of DEMO_RUNS) {
    perRun[run.key] = taskCount * DEMO_ROLLOUTS * (run.refine ? 2 : 1) + (run.trainingGroups ? groups * GROUP_TRAJECTORIES : 0);
  }
  const trajectories = taskCount * EVAL_PER_TASK + groups * GROUP_TRAJECTORIES;
  return { seed, requested, trajectories, taskCount, splits, runs: DEMO_RUNS, trainingGroups: groups, perRun, epoch: Date.UTC(2026, 0, 5, 8, 0, 0) };
}

function splitOfTask(plan: DemoPlan, index: number): PlannedSplit {
  for (const s of plan.splits) if (index >= s.firstTask && index < s.firstTask + s.taskCount) return s;
  throw new RangeError(`No task ${index} in this plan`);
}

export function taskAt(plan: DemoPlan, index: number): DemoTask {
  return makeTask(plan.seed, index, splitOfTask(plan, index));
}

// ------------------------------------------------------------------------------------------------ tasks and runs

export type DemoTaskRow = {
  index: number;
  benchmark: string;
  level: string | null;
  externalId: string;
  question: string;
  groundTruth: string;
  metadata: Record<string, unknown>;
};

function taskMetadata(task: DemoTask): Record<string, unknown> {
  const meta: Record<string, unknown> = { demo: true, note: DEMO_TASK_NOTE, template: task.template, family: task.family };
  if (task.attachment) meta.attachment = { name: task.attachment.name, content: task.attachment.content };
  if (task.site) meta.site = task.site;
  if (task.chinese) meta.language = "zh";
  return meta;
}

function taskRow(task: DemoTask): DemoTaskRow {
  return {
    index: task.index, benchmark: task.benchmark, level: task.level, externalId: task.externalId, question: task.question,
    groundTruth: task.groundTruth, metadata: taskMetadata(task),
  };
}

export function* demoTasks(plan: DemoPlan): Generator<DemoTaskRow> {
  for (let i = 0; i < plan.taskCount; i++) yield taskRow(taskAt(plan, i));
}

export type DemoRunRow = {
  key: string;
  name: string;
  description: string;
  variant: DemoRunSpec["variant"];
  agentModel: string;
  rrmModel: string;
  lambda: number | null;
  trainingStep: number | null;
  tags: string[];
  config: Record<string, unknown>;
  source: "demo";
  createdAt: string;
};

export function demoRuns(plan: DemoPlan): DemoRunRow[] {
  return plan.runs.map((run, i) => ({
    key: run.key,
    name: run.name,
    description: run.description,
    variant: run.variant,
    agentModel: DEMO_AGENT_MODEL,
    rrmModel: DEMO_RRM_MODEL,
    lambda: run.lambda,
    trainingStep: run.trained ? DEMO_TRAINING_STEPS : null,
    tags: [DEMO_TAG, run.variant.replace("_", "-")],
    config: {
      demo: true,
      seed: plan.seed,
      generator: "lib/demo (npm run seed)",
      paperMethod: run.paperMethod,
      rollouts: DEMO_ROLLOUTS,
      evaluation: run.refine
        ? "pass@1 over 3 rollouts of the refined (second) attempts"
        : "pass@1 over 3 rollouts; training rollouts (trainingStep set) excluded",
      ...(run.trainingGroups ? { grpo: { groupSize: DEMO_GROUP_SIZE, pooled: true, lambda: run.lambda } } : {}),
      ...(run.trained ? { trainingSteps: DEMO_TRAINING_STEPS } : {}),
      maxLlmCalls: MAX_LLM_CALLS,
      contextLimit: CONTEXT_LIMIT,
    },
    source: "demo",
    createdAt: new Date(plan.epoch + i * 86_400_000).toISOString(),
  }));
}

// ------------------------------------------------------------------------------------------------ trajectories

export type DemoAnnotation = {
  annotatorId: string;
  /** Index into the trajectory's judgments of the judgment annotated. */
  judgmentIndex: number;
  answers: CritiqueQualityAnswers;
  errorTags: string[];
  note: string | null;
  createdAt: string;
};

export type DemoTrajectory = {
  /** Position in the stream, 0-based; parents always come before their refinements. */
  ordinal: number;
  runKey: string;
  taskIndex: number;
  parentOrdinal: number | null;
  record: NormalizedTrajectory & { judgments: DemoJudgment[] };
  sourceFormat: string;
  rawSource: string;
  createdAt: string;
  summary: {
    benchmark: string;
    level: string | null;
    stepCount: number;
    toolCallCount: number;
    toolsUsed: string[];
    tokenCount: number;
    /** Score of the most recent judgment, null without judgments. */
    rrmScore: number | null;
    judgmentCount: number;
    annotated: boolean;
  };
  annotations: DemoAnnotation[];
};

const TERMINATION_WEIGHTS: Record<DemoTask["family"], [Termination[], number[]]> = {
  web: [["answer", "no_tool_call", "exceed_llm_calls", "token_limit_reached", "error"], [0.72, 0.07, 0.07, 0.05, 0.09]],
  multihop: [["answer", "no_tool_call", "exceed_llm_calls", "token_limit_reached", "error"], [0.84, 0.06, 0.03, 0.02, 0.05]],
  math: [["answer", "no_tool_call", "exceed_llm_calls", "token_limit_reached", "error"], [0.85, 0.04, 0.01, 0.06, 0.04]],
};

const FLAW_WEIGHTS: Record<"qa" | "math", [ErrorType[], number[]]> = {
  qa: [
    ["uncritical trust in tool output", "premature answer", "faulty logic", "hallucinated tool result or file", "unverified guess", "wrong tool arguments", "unnecessary or repeated tool call", "missing tool call", "answer format", "other"],
    [0.2, 0.14, 0.12, 0.1, 0.1, 0.08, 0.08, 0.06, 0.07, 0.05],
  ],
  math: [
    ["faulty logic", "missing tool call", "uncritical trust in tool output", "wrong tool arguments", "answer format", "unnecessary or repeated tool call", "other"],
    [0.45, 0.15, 0.1, 0.1, 0.08, 0.07, 0.05],
  ],
};

function decideSpec(rng: Rng, task: DemoTask, correct: boolean): Omit<AttemptSpec, "hostileHtml" | "ansi" | "feedback"> {
  if (correct) {
    const r = rng.next();
    const flaw: ErrorType | null = r < 0.18 ? "unnecessary or repeated tool call" : r < 0.23 ? "missing tool call" : null;
    return { task, correct, termination: "answer", flaw, answer: "truth" };
  }
  const [terms, tw] = TERMINATION_WEIGHTS[task.family];
  const termination = rng.weighted(terms, tw);
  if (termination !== "answer") {
    const flaw: ErrorType | null = termination === "error" ? null : termination === "no_tool_call" ? "other" : "unnecessary or repeated tool call";
    return { task, correct, termination, flaw, answer: termination === "error" ? "failed" : "none" };
  }
  const [flaws, fw] = FLAW_WEIGHTS[task.family === "math" ? "math" : "qa"];
  let flaw = rng.weighted(flaws, fw);
  if (flaw === "hallucinated tool result or file" && !task.hops.length && !task.attachment) flaw = "faulty logic";
  const answer: AnswerKind = flaw === "answer format" ? (task.partial ? "partial" : "format") : "distractor";
  return { task, correct, termination, flaw, answer };
}

function sigmoid(x: number) {
  return 1 / (1 + Math.exp(-x));
}
function logit(p: number) {
  const q = Math.min(0.999, Math.max(0.001, p));
  return Math.log(q / (1 - q));
}

function taskEase(plan: DemoPlan, taskIndex: number): number {
  return rngFor(plan.seed, "ease", taskIndex).normal();
}

/** Marks the k largest values. */
function topK(values: Float64Array, k: number): Uint8Array {
  const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a] || a - b);
  const marks = new Uint8Array(values.length);
  for (let i = 0; i < k && i < order.length; i++) marks[order[i]] = 1;
  return marks;
}

/** Accuracy of a trained run's training curve at a step. */
export function curveAccuracy(run: DemoRunSpec, step: number): number {
  const c = run.curve ?? { start: 0.3, end: 0.45 };
  return c.start + (c.end - c.start) * (1 - Math.exp(-step / 70));
}

const ANNOTATED_RUNS = new Set(["base", "grpo", "c", "r03", "u"]);
const ANNOTATIONS_PER_RUN = 4;

export const DEMO_ANNOTATORS = [
  { id: "demo-annotator-ada", name: "Ada Demo", email: "ada.demo@example.invalid" },
  { id: "demo-annotator-grace", name: "Grace Demo", email: "grace.demo@example.invalid" },
  { id: "demo-annotator-alan", name: "Alan Demo", email: "alan.demo@example.invalid" },
] as const;

const ANNOTATION_NOTES = [
  "Critique names the right step but does not say what the agent should have searched for.",
  "The RRM missed that the snippet was about a different year.",
  "Good catch on the repeated call; the real problem is the unsupported final hop.",
  "Score seems high given that the answer is not supported anywhere.",
  "I would also tag this as a premature answer.",
  "Critique is generic; could apply to almost any failed trajectory.",
  "Agree with the critique. The browse result contradicts the final answer.",
];

function makeAnnotations(rng: Rng, spec: AttemptSpec, judgment: DemoJudgment, judgmentIndex: number, fooled: boolean, at: number, count: number): DemoAnnotation[] {
  const annotators = rng.sample(DEMO_ANNOTATORS, count);
  return annotators.map((annotator, k) => {
    const r = rngFor(`${rng.nextU32()}`, annotator.id);
    const critiqueCorrect: CritiqueQualityAnswers["critique_correct"] = fooled
      ? r.weighted(["no", "partly"] as const, [0.8, 0.2])
      : r.weighted(["yes", "partly", "no"] as const, [0.68, 0.26, 0.06]);
    const score = judgment.score;
    const calibration: CritiqueQualityAnswers["score_calibration"] = fooled || (score != null && score > 0.6)
      ? r.weighted(["too_high", "about_right"] as const, [0.85, 0.15])
      : r.weighted(["about_right", "too_high", "too_low"] as const, [0.65, 0.2, 0.15]);
    const types = new Set<string>();
    if (spec.flaw && r.chance(0.88)) types.add(errorTypeValue(spec.flaw));
    if (r.chance(0.25)) types.add(errorTypeValue(r.pick(["premature answer", "unverified guess", "uncritical trust in tool output", "faulty logic"] as const)));
    if (!types.size) types.add(errorTypeValue("other"));
    const note = r.chance(0.4) ? r.pick(ANNOTATION_NOTES) : null;
    const answers: CritiqueQualityAnswers = {
      critique_correct: critiqueCorrect,
      specific: fooled ? r.int(2, 3) : r.int(3, 5),
      actionable: r.int(fooled ? 1 : 2, fooled ? 3 : 5),
      score_calibration: calibration,
      error_types: [...types],
      ...(note ? { note } : {}),
    };
    return {
      annotatorId: annotator.id,
      judgmentIndex,
      answers,
      errorTags: answers.error_types,
      note,
      createdAt: new Date(at + (k + 1) * 3_600_000 * (1 + r.int(0, 30))).toISOString(),
    };
  });
}

type Ctx = {
  plan: DemoPlan;
  ordinal: number;
  annotatedPerRun: Map<string, number>;
  blockCounter: number;
};

type AttemptInput = {
  run: DemoRunSpec;
  runIndex: number;
  task: DemoTask;
  correct: boolean;
  rolloutIndex: number;
  stage: "initial" | "refined";
  parent: DemoTrajectory | null;
  parentSpec: AttemptSpec | null;
  groupKey: string | null;
  trainingStep: number | null;
  externalId: string;
  forceHostile: boolean;
  forceAnsi: boolean;
  forceMalformed: Malformation | null;
  training: boolean;
};

function runEpoch(plan: DemoPlan, runIndex: number) {
  return plan.epoch + runIndex * 86_400_000;
}

function makeTrajectory(ctx: Ctx, input: AttemptInput): { trajectory: DemoTrajectory; spec: AttemptSpec } {
  const { plan } = ctx;
  const { run, task } = input;
  const rng = rngFor(plan.seed, "attempt", input.externalId);
  const base = decideSpec(rng, task, input.correct);
  const browsing = task.family !== "math";
  const spec: AttemptSpec = {
    ...base,
    hostileHtml: browsing && (input.forceHostile || rng.chance(0.015)),
    ansi: input.forceAnsi || rng.chance(0.15),
    feedback: input.parent
      ? { critique: input.parent.record.judgments.at(-1)?.critique ?? "The previous attempt was not supported by its tool results.", previousAnswer: input.parent.record.finalAnswer ?? null }
      : null,
  };
  const built: BuiltAttempt = buildAttempt(rng, spec);

  const ordinal = ctx.ordinal++;
  const at = runEpoch(plan, input.runIndex) + ordinal * 1_000 + (input.training ? 0 : 43_200_000);
  const createdAt = new Date(at).toISOString();

  // Judgments: the current RRM on (almost) everything, an earlier checkpoint on part of the base run.
  const judgments: DemoJudgment[] = [];
  let fooled = false;
  const unjudged = !run.refine && !run.trainingGroups && (run.key === "base" || run.key === "grpo") && !input.forceMalformed && rng.chance(0.03);
  if (run.key === "base" && rng.chance(0.2)) {
    judgments.push(buildJudgment(rng, spec, built, { rrmModel: DEMO_RRM_MODEL_EARLY, createdAt: new Date(at + 600_000).toISOString(), malformed: rng.chance(0.03) ? rng.pick(MALFORMATIONS) : null, fooled: false, noisy: true }));
  }
  if (!unjudged) {
    fooled = !spec.correct && spec.termination === "answer" && rng.chance(0.07);
    const malformed = input.forceMalformed ?? (rng.chance(0.015) ? rng.pick(MALFORMATIONS) : null);
    judgments.push(buildJudgment(rng, spec, built, { rrmModel: DEMO_RRM_MODEL, createdAt: new Date(at + 3_600_000 + rng.int(0, 7_200_000)).toISOString(), malformed, fooled }));
  }

  // Annotations: a few failed GAIA evaluation attempts per run, by two or three of the demo annotators.
  let annotations: DemoAnnotation[] = [];
  const primary = judgments.length ? judgments[judgments.length - 1] : null;
  if (
    primary && !input.training && task.benchmark === "GAIA" && !spec.correct && spec.termination !== "error" && ANNOTATED_RUNS.has(run.key) &&
    (input.stage === "refined" || !run.refine) && (ctx.annotatedPerRun.get(run.key) ?? 0) < ANNOTATIONS_PER_RUN
  ) {
    const n = ctx.annotatedPerRun.get(run.key) ?? 0;
    ctx.annotatedPerRun.set(run.key, n + 1);
    annotations = makeAnnotations(rng, spec, primary, judgments.length - 1, fooled, at + 86_400_000 * 3, n === 0 ? 3 : rng.int(2, 3));
  }

  const partialCredit = task.family !== "math";
  const reward = spec.correct ? 1 : built.finalAnswer && built.finalAnswer !== "[Failed]" ? ruleReward(built.finalAnswer, task.groundTruth, { partialCredit }) : 0;
  const metadata: Record<string, unknown> = { demo: true };
  if (spec.flaw !== null) metadata.flaw = spec.flaw;
  metadata.generator = "reagent-workbench lib/demo";
  if (input.parent) metadata.refinedFrom = input.parent.record.externalId;
  metadata.seed = plan.seed;
  metadata.startedAt = createdAt;
  const steps = built.steps;
  const stepSummary = summarizeSteps(steps);
  let completionTokens = 0;
  for (const step of steps) if (step.role === "assistant") completionTokens += step.tokens ?? 0;
  // Keys in sorted order and no null members: JSON.stringify of the record is its canonical JSON (demoCanonicalText).
  const taskRef = { benchmark: task.benchmark, externalId: task.externalId, groundTruth: task.groundTruth } as DemoTrajectory["record"]["task"];
  if (task.level !== null) taskRef.level = task.level;
  taskRef.question = task.question;
  const record = { completionTokens, correct: spec.correct, durationMs: built.durationMs } as DemoTrajectory["record"];
  if (built.error !== null) record.error = built.error;
  record.externalId = input.externalId;
  if (built.finalAnswer !== null) record.finalAnswer = built.finalAnswer;
  if (input.groupKey !== null) record.groupKey = input.groupKey;
  record.judgments = judgments;
  record.metadata = metadata;
  if (input.parent) record.parentExternalId = input.parent.record.externalId;
  record.promptTokens = built.tokenCount - completionTokens;
  record.rolloutIndex = input.rolloutIndex;
  record.ruleReward = Math.round(reward * 1e4) / 1e4;
  record.stage = input.stage;
  record.steps = steps;
  record.task = taskRef;
  record.termination = spec.termination;
  record.tokenCount = built.tokenCount;
  if (input.trainingStep !== null) record.trainingStep = input.trainingStep;
  const raw: Record<string, unknown> = {
    question: task.question,
    answer: task.groundTruth,
    messages: built.messages,
    prediction: built.finalAnswer ?? "",
    termination: spec.termination,
    auto_judge: {
      score: spec.correct ? 1 : 0,
      extracted_answer: built.finalAnswer ?? "",
      judge_response: spec.correct ? "Correct" : "Incorrect",
      ground_truth: task.groundTruth,
      question: task.question,
    },
  };
  if (built.error) raw.error = built.error;
  if (input.trainingStep !== null) {
    raw.step = input.trainingStep;
    raw.group = input.groupKey;
    raw.stage = input.stage;
  }
  const trajectory: DemoTrajectory = {
    ordinal,
    runKey: run.key,
    taskIndex: task.index,
    parentOrdinal: input.parent?.ordinal ?? null,
    record,
    sourceFormat: "reagent-eval",
    rawSource: JSON.stringify(raw),
    createdAt,
    summary: {
      benchmark: task.benchmark,
      level: task.level,
      stepCount: stepSummary.stepCount,
      toolCallCount: stepSummary.toolCallCount,
      toolsUsed: stepSummary.toolsUsed,
      tokenCount: built.tokenCount,
      rrmScore: primary ? (primary.score ?? null) : null,
      judgmentCount: judgments.length,
      annotated: annotations.length > 0,
    },
    annotations,
  };
  return { trajectory, spec };
}

function* evalBlock(ctx: Ctx, run: DemoRunSpec, runIndex: number, split: PlannedSplit): Generator<DemoTrajectory> {
  const { plan } = ctx;
  const m = split.taskCount;
  if (m === 0) return;
  const n = m * DEMO_ROLLOUTS;
  const blockNo = ctx.blockCounter++;
  const ease = new Float64Array(m);
  for (let t = 0; t < m; t++) ease[t] = taskEase(plan, split.firstTask + t);
  const propensity = new Float64Array(n);
  for (let t = 0; t < m; t++) {
    for (let r = 0; r < DEMO_ROLLOUTS; r++) propensity[t * DEMO_ROLLOUTS + r] = ease[t] + 0.9 * rngFor(plan.seed, "prop", run.key, split.firstTask + t, r).normal();
  }
  const initialCorrect = topK(propensity, Math.round(targetAccuracy(run, split, run.refine) * n));
  let refinedCorrect: Uint8Array | null = null;
  if (run.refine) {
    const refined = new Float64Array(n);
    for (let i = 0; i < n; i++) refined[i] = propensity[i] + 1.4 * initialCorrect[i] + 0.7 * rngFor(plan.seed, "refine", run.key, i, split.firstTask).normal();
    refinedCorrect = topK(refined, Math.round(targetAccuracy(run, split) * n));
  }
  for (let t = 0; t < m; t++) {
    const task = taskAt(plan, split.firstTask + t);
    for (let r = 0; r < DEMO_ROLLOUTS; r++) {
      const i = t * DEMO_ROLLOUTS + r;
      const first = i === 0;
      const externalId = `${run.key}/${task.externalId}/r${r}`;
      const common = {
        run, runIndex, task, rolloutIndex: r, groupKey: null, trainingStep: null, training: false,
        forceHostile: first && split.family !== "math", forceAnsi: first && split.family === "math",
      };
      const initial = makeTrajectory(ctx, {
        ...common, correct: initialCorrect[i] === 1, stage: "initial", parent: null, parentSpec: null, externalId,
        forceMalformed: first && blockNo < 2 * MALFORMATIONS.length ? MALFORMATIONS[blockNo % MALFORMATIONS.length] : null,
      });
      yield initial.trajectory;
      if (refinedCorrect) {
        const refined = makeTrajectory(ctx, {
          ...common, correct: refinedCorrect[i] === 1, stage: "refined", parent: initial.trajectory, parentSpec: initial.spec,
          externalId: `${externalId}/refined`, forceHostile: false, forceAnsi: false, forceMalformed: null,
        });
        yield refined.trajectory;
      }
    }
  }
}

/** A stride coprime with n, near n·0.618, so that g ↦ (offset + g·stride) mod n visits distinct tasks. */
function coprimeStride(n: number): number {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  let s = Math.max(1, Math.round(n * 0.6180339887));
  while (gcd(s, n) !== 1) s++;
  return s;
}

function* trainingGroups(ctx: Ctx, run: DemoRunSpec, runIndex: number): Generator<DemoTrajectory> {
  const { plan } = ctx;
  const G = plan.trainingGroups;
  const steps = DEMO_TRAINING_STEPS / DEMO_METRIC_INTERVAL;
  const stride = coprimeStride(plan.taskCount);
  for (let g = 0; g < G; g++) {
    const step = DEMO_METRIC_INTERVAL * (1 + Math.floor((g * steps) / G));
    const task = taskAt(plan, (g * stride) % plan.taskCount);
    const groupKey = `step-${step}/task-${task.externalId}`;
    const rng = rngFor(plan.seed, "group", g);
    const p = sigmoid(logit(curveAccuracy(run, step)) + 1.2 * taskEase(plan, task.index));
    const initials: Array<{ trajectory: DemoTrajectory; spec: AttemptSpec }> = [];
    for (let i = 0; i < DEMO_GROUP_SIZE; i++) {
      initials.push(makeTrajectory(ctx, {
        run, runIndex, task, correct: rng.chance(p), rolloutIndex: i, stage: "initial", parent: null, parentSpec: null, groupKey,
        trainingStep: step, externalId: `${run.key}/step-${step}/${task.externalId}/r${i}`, forceHostile: false, forceAnsi: false,
        forceMalformed: null, training: true,
      }));
      yield initials[i].trajectory;
    }
    const fix = 0.3 + 0.15 * (step / DEMO_TRAINING_STEPS);
    for (let i = 0; i < DEMO_GROUP_SIZE; i++) {
      const parent = initials[i];
      const correct = parent.spec.correct ? rng.chance(0.93) : rng.chance(fix);
      yield makeTrajectory(ctx, {
        run, runIndex, task, correct, rolloutIndex: i, stage: "refined", parent: parent.trajectory, parentSpec: parent.spec, groupKey,
        trainingStep: step, externalId: `${run.key}/step-${step}/${task.externalId}/r${i}/refined`, forceHostile: false, forceAnsi: false,
        forceMalformed: null, training: true,
      }).trajectory;
    }
  }
}

/** Every demo trajectory, run by run, in a fixed order. */
export function* demoTrajectories(plan: DemoPlan): Generator<DemoTrajectory> {
  const ctx: Ctx = { plan, ordinal: 0, annotatedPerRun: new Map(), blockCounter: 0 };
  for (let runIndex = 0; runIndex < plan.runs.length; runIndex++) {
    const run = plan.runs[runIndex];
    for (const split of plan.splits) yield* evalBlock(ctx, run, runIndex, split);
    if (run.trainingGroups) yield* trainingGroups(ctx, run, runIndex);
  }
}

/**
 * canonicalTrajectoryText(record) of a demo record, fast: demo records are built with sorted keys and without null
 * members, so their canonical JSON is plain JSON.stringify without the judgments; `stepsJson` (JSON.stringify of the
 * steps, which the caller needs anyway for the body) is spliced in instead of being serialized twice.
 */
export function demoCanonicalText(record: DemoTrajectory["record"], stepsJson: string): string {
  const top = JSON.stringify({ ...record, judgments: undefined, steps: STEPS_MARK });
  const at = top.indexOf(STEPS_MARK_JSON);
  return top.slice(0, at) + stepsJson + top.slice(at + STEPS_MARK_JSON.length);
}
const STEPS_MARK = "\u0000steps\u0000";
const STEPS_MARK_JSON = JSON.stringify(STEPS_MARK);

// ------------------------------------------------------------------------------------------------ metrics

export type DemoMetric = { runKey: string; name: string; step: number; value: number };

/** Training curves of the trained runs: reward, accuracy, response_length (+ rrm_score, refined_accuracy). */
export function* demoMetrics(plan: DemoPlan): Generator<DemoMetric> {
  for (const run of plan.runs) {
    if (!run.trained) continue;
    const rrmLogged = run.curve?.rrm ?? false;
    for (let step = DEMO_METRIC_INTERVAL; step <= DEMO_TRAINING_STEPS; step += DEMO_METRIC_INTERVAL) {
      const rng = rngFor(plan.seed, "metric", run.key, step);
      const acc = Math.min(1, Math.max(0, curveAccuracy(run, step) + rng.normal(0, 0.018)));
      const rrm = Math.min(1, Math.max(0, 0.41 + 0.2 * (1 - Math.exp(-step / 90)) + rng.normal(0, 0.015)));
      const partial = 0.035 + rng.normal(0, 0.006);
      const reward = acc + partial + (rrmLogged && run.lambda ? run.lambda * rrm : 0);
      const length = 2150 + 850 * (1 - Math.exp(-step / 110)) + rng.normal(0, 70) - (run.lambda ?? 0) * 300;
      yield { runKey: run.key, name: "accuracy", step, value: round(acc, 4) };
      yield { runKey: run.key, name: "reward", step, value: round(reward, 4) };
      yield { runKey: run.key, name: "response_length", step, value: round(length, 1) };
      if (rrmLogged) yield { runKey: run.key, name: "rrm_score", step, value: round(rrm, 4) };
      if (run.trainingGroups) yield { runKey: run.key, name: "refined_accuracy", step, value: round(Math.min(1, acc + 0.06 + rng.normal(0, 0.012)), 4) };
    }
  }
}

function round(x: number, digits: number) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// ------------------------------------------------------------------------------------------------ the rest

export type DemoReportedRun = {
  name: string;
  method: string;
  description: string;
  variant: ReturnType<typeof paperMethodVariant>["variant"];
  lambda: number | null;
  agentModel: string;
  tags: string[];
  config: Record<string, unknown>;
  source: "reported";
  results: Array<{ benchmark: string; accuracyPct: number; sourceTable: string }>;
};

/** One run of source "reported" per method of the paper's result tables, with its numbers. */
export function demoReportedRuns(): DemoReportedRun[] {
  const methods = [...new Set(PAPER_ROWS.map((row) => row.method))];
  return methods.map((method) => {
    const { variant, lambda } = paperMethodVariant(method);
    const rows = PAPER_ROWS.filter((row) => row.method === method);
    const tables = [...new Set(rows.map((row) => row.table))];
    return {
      name: `Paper: ${method}`,
      method,
      description: `Numbers reported in the Reagent paper (arXiv 2601.22154), ${tables.join(" and ")}: pass@1 accuracy in percent. ${PAPER_SOURCE}`,
      variant,
      lambda,
      agentModel: paperMethodModel(method),
      tags: ["paper"],
      config: { reported: true, method, tables, source: "arXiv 2601.22154" },
      source: "reported",
      results: rows.map((row) => ({ benchmark: row.benchmark, accuracyPct: row.accuracy_pct, sourceTable: row.table })),
    };
  });
}

export const DEMO_RUBRIC = CRITIQUE_QUALITY_RUBRIC;

export type DemoJob = {
  idempotencyKey: string;
  name: string;
  backend: "local";
  kind: "eval" | "train";
  variant: DemoRunSpec["variant"];
  state: "completed" | "failed" | "cancelled";
  stateReason: string | null;
  exitCode: number | null;
  progress: number;
  progressNote: string;
  parameters: Record<string, unknown>;
  script: string;
  schedulerJobId: string;
  createdAt: string;
  startedAt: string;
  finishedAt: string;
  /** Demo runs this job produced. */
  runKeys: string[];
};

/** A handful of finished local jobs: completed ones linked to the runs they produced, one failed, one cancelled. */
export function demoJobs(plan: DemoPlan): DemoJob[] {
  const day = 86_400_000;
  const rrm = { rrmEndpoint: "http://rrm.demo.invalid:8000/v1", rrmModel: "Agent-RRM-8B" };
  const dataset = "data/reagent/train.parquet";
  type Spec = Omit<DemoJob, "idempotencyKey" | "backend" | "createdAt" | "startedAt" | "finishedAt" | "schedulerJobId" | "script" | "kind" | "parameters"> & {
    template: TemplateId;
    params: Record<string, unknown>;
    hours: number;
  };
  // The scripts are the built-in templates rendered with the jobs' parameters, as a launch would render them.
  const mk = (i: number, { template, params, hours, ...rest }: Spec): DemoJob => {
    const created = plan.epoch - day + i * day;
    const rendered = renderJob(template, { timeLimitMinutes: Math.ceil(hours * 60) + 60, ...params });
    if (!rendered.ok) throw new Error(`demo job ${i}: ${JSON.stringify(rendered)}`);
    return {
      ...rest,
      kind: rendered.kind === "judge" ? "eval" : rendered.kind,
      parameters: rendered.params,
      idempotencyKey: `demo-job-${i}`,
      backend: "local",
      schedulerJobId: String(41000 + i * 17),
      script: rendered.script,
      createdAt: new Date(created).toISOString(),
      startedAt: new Date(created + 120_000).toISOString(),
      finishedAt: new Date(created + 120_000 + hours * 3_600_000).toISOString(),
    };
  };
  const done = { state: "completed" as const, stateReason: null, exitCode: 0, progress: 1, progressNote: "demo job (no log file)" };
  return [
    mk(0, { ...done, name: "eval Qwen3-8B base (demo)", template: "eval", variant: "base", params: { name: "eval Qwen3-8B base", model: "Qwen/Qwen3-8B", benchmarks: ["gaia_text", "hle", "gsm8k"], rollouts: 3 }, runKeys: ["base"], hours: 5 }),
    mk(1, { ...done, name: "train Reagent w/o Agent-RRM (demo)", template: "train_grpo", variant: "grpo", params: { dataset, rolloutsPerPrompt: DEMO_GROUP_SIZE }, runKeys: ["grpo"], hours: 30 }),
    mk(2, { name: "train Reagent-R λ=0.5 (demo, attempt 1)", template: "train_reagent_r", variant: "reagent_r", state: "failed", stateReason: "NonZeroExitCode: CUDA out of memory in rollout worker", exitCode: 137, progress: 0.34, progressNote: "demo job: failed at step 85", params: { dataset, ...rrm, lambda: 0.5 }, runKeys: [], hours: 9 }),
    mk(3, { ...done, name: "train Reagent-R λ=0.3 (demo)", template: "train_reagent_r", variant: "reagent_r", params: { dataset, ...rrm, lambda: 0.3 }, runKeys: ["r03"], hours: 34 }),
    mk(4, { name: "eval Reagent-C smoke test (demo)", template: "eval", variant: "reagent_c", state: "cancelled", stateReason: "cancelled by user", exitCode: null, progress: 0.12, progressNote: "demo job: cancelled", params: { model: "Qwen/Qwen3-8B", benchmarks: ["gaia_text"], rollouts: 1, critique: true, ...rrm, agentEndpoint: "http://agent.demo.invalid:8000/v1" }, runKeys: [], hours: 1 }),
    mk(5, { ...done, name: "train Reagent-U (demo)", template: "train_reagent_u", variant: "reagent_u", params: { dataset, ...rrm, lambda: 0.3, rolloutsPerPrompt: DEMO_GROUP_SIZE }, runKeys: ["u"], hours: 41 }),
  ];
}

export { SYSTEM_PROMPT };
