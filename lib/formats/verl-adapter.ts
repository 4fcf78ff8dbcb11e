// verl rollout dumps (`trainer.rollout_data_dir` / `validation_data_dir`): one `{step}.jsonl` per training step,
//   {input, output, gts, score, step, …one column per extra reward key}
// `input` is the decoded prompt (ChatML; verl decodes with special tokens skipped, so turns are marked by bare
// "system"/"user"/"assistant" lines, or by <|im_start|> markers when they were kept), `output` the decoded response:
// for multi-turn agent rollouts it interleaves the assistant's tagged text with <tool_response> blocks.
//
// GRPO groups: all rollouts of one prompt in one step share `input`, so
//   groupKey     = "step-{step}/" + shortHash(input)   (14 hex digits)
//   rolloutIndex = position of the record within its group, in file order
//   externalId   = "{groupKey}/{rolloutIndex}";  trainingStep = step
// Correctness and reward (the rule, since dumps carry only the final reward):
//   correct    = `acc` when the reward function reported it (boolean, or number ≥ 0.5); else score ≥ 1. A correct
//                answer earns r_rule = 1, so even with Reagent-R's r = r_rule + λ·s_rrm a score ≥ 1 means correct
//                and anything below does not; with 0/1 scores this is simply score > 0.
//   ruleReward = `rule_reward` when present, else score clamped to [0, 1] (for Reagent-R dumps this is r_rule plus
//                the clamped RRM share: use `rule_reward` columns when the reward function logs them).
// Raw Agent-RRM output in an extra column (`rrm_output` …) becomes a judgment. Pure.
import type { FormatAdapter } from "@/lib/formats/format-adapter";
import {
  asObject,
  clamp01,
  fail,
  fileBaseName,
  groundTruthText,
  judgmentsFromRecord,
  pickBenchmark,
  readAndMapRecords,
  RRM_RAW_KEYS,
  scalarFields,
  shortHash,
  type MapContext,
  type MapOutcome,
} from "@/lib/formats/adapter-helpers";
import { turnsToSteps, type ChatTurn } from "@/lib/formats/chat-messages";
import { cleanSpecialTokens, describeValue, isRecord, splitChatmlTranscript } from "@/lib/formats/chatml";
import { keysOf, sniff } from "@/lib/formats/sniff";
import type { NormalizedTrajectoryInput, StepRole } from "@/lib/formats/trajectory-schema";

const MAPPED = new Set(["input", "output", "gts", "score", "step", "acc", "rule_reward", "data_source", "benchmark", "rrm_model", ...RRM_RAW_KEYS]);
const ROLES: Record<string, StepRole> = { system: "system", user: "user", assistant: "assistant", tool: "tool" };

function textTurn(role: StepRole, text: string): ChatTurn {
  return { role, sourceRole: role, parts: text ? [{ kind: "text", text }] : [] };
}

/** The prompt's turns; the trailing empty assistant turn (the generation prompt) is dropped. */
export function promptTurns(input: string): ChatTurn[] {
  const messages = splitChatmlTranscript(input);
  if (!messages) return [textTurn("user", input.trim())];
  const turns = messages.map((message) => textTurn(ROLES[message.role] ?? "user", message.content));
  while (turns.length && turns[turns.length - 1].role === "assistant") {
    const last = turns[turns.length - 1].parts.map((p) => (p.kind === "text" ? p.text : "")).join("");
    if (last.replace(/<\/?think>/g, "").trim()) break;
    turns.pop();
  }
  return turns;
}

const ROLE_LINE = /^\s*(?:system|user|assistant|tool)\s*$/;

function stripBoundaryRoleLines(text: string): string {
  const lines = text.split("\n");
  while (lines.length && (ROLE_LINE.test(lines[0]) || !lines[0].trim())) lines.shift();
  while (lines.length && (ROLE_LINE.test(lines[lines.length - 1]) || !lines[lines.length - 1].trim())) lines.pop();
  return lines.join("\n");
}

/** The response's turns: assistant text between the tool responses, one tool turn per <tool_response> block. */
export function responseTurns(output: string): ChatTurn[] {
  const text = cleanSpecialTokens(output);
  const turns: ChatTurn[] = [];
  const pattern = /<tool_response>([\s\S]*?)(?:<\/tool_response>|$)/g;
  let pos = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0].length === 0) break;
    const before = stripBoundaryRoleLines(text.slice(pos, match.index));
    if (before.trim()) turns.push(textTurn("assistant", before));
    turns.push(textTurn("tool", match[1].replace(/^\s*\n/, "").replace(/\n\s*$/, "")));
    pos = match.index + match[0].length;
  }
  const rest = stripBoundaryRoleLines(text.slice(pos));
  if (rest.trim()) turns.push(textTurn("assistant", rest));
  return turns;
}

function groundTruthOf(gts: unknown): unknown {
  if (isRecord(gts)) return gts.target ?? gts.ground_truth ?? gts.answer ?? gts;
  return gts;
}

export function mapVerlRecord(value: unknown, context: MapContext): MapOutcome {
  const object = asObject(value);
  if (!object.ok) return fail(object.error);
  const record = object.record;
  const warnings: string[] = [];

  if (typeof record.input !== "string") return fail(`\`input\` is ${describeValue(record.input)}, expected the prompt text`);
  if (typeof record.output !== "string") return fail(`\`output\` is ${describeValue(record.output)}, expected the response text`);
  const score = record.score;
  if (score !== undefined && score !== null && (typeof score !== "number" || !Number.isFinite(score))) {
    return fail(`\`score\` is ${describeValue(score)}, expected a number`);
  }
  let step: number | null = null;
  if (record.step !== undefined && record.step !== null) {
    if (typeof record.step !== "number" || !Number.isInteger(record.step) || record.step < 0) return fail(`\`step\` is ${describeValue(record.step)}${typeof record.step === "number" ? ` (${record.step})` : ""}, expected a non-negative integer`);
    step = record.step;
  } else {
    const fromName = /^(\d+)\.jsonl$/.exec(fileBaseName(context.fileName));
    if (fromName) step = Number(fromName[1]);
  }

  const turns = [...promptTurns(record.input), ...responseTurns(record.output)];
  const conversion = turnsToSteps(turns, { tagged: true });
  warnings.push(...conversion.warnings);
  if (!conversion.question) return fail("record has no question (expected a user turn in `input`)");

  const group = `step-${step ?? "unknown"}/${shortHash(record.input)}`;
  const counters = (context.state.get("groups") as Map<string, number> | undefined) ?? new Map<string, number>();
  context.state.set("groups", counters);
  const rolloutIndex = counters.get(group) ?? 0;
  counters.set(group, rolloutIndex + 1);

  let correct: boolean | null = null;
  if (typeof record.acc === "boolean") correct = record.acc;
  else if (typeof record.acc === "number" && Number.isFinite(record.acc)) correct = record.acc >= 0.5;
  else if (typeof score === "number") correct = score >= 1;
  const ruleReward = typeof record.rule_reward === "number" && Number.isFinite(record.rule_reward) ? clamp01(record.rule_reward) : typeof score === "number" ? clamp01(score) : null;

  const truth = groundTruthText(groundTruthOf(record.gts));
  const benchmark = pickBenchmark([record.benchmark, record.data_source], context.fileName, warnings, "verl dumps name none unless data_source is logged");
  const extra = scalarFields(record, MAPPED);
  const metadata: Record<string, unknown> = {};
  if (typeof score === "number") metadata.score = score;
  if (Object.keys(extra).length) metadata.rewards = extra;

  const trajectory: NormalizedTrajectoryInput = {
    externalId: `${group}/${rolloutIndex}`,
    task: {
      benchmark,
      question: conversion.question,
      groundTruth: truth.text,
      ...(truth.aliases ? { metadata: { groundTruthAliases: truth.aliases } } : {}),
    },
    steps: conversion.steps,
    finalAnswer: conversion.finalAnswer,
    correct,
    ruleReward,
    rolloutIndex,
    groupKey: group,
    trainingStep: step,
    metadata: Object.keys(metadata).length ? metadata : null,
    judgments: judgmentsFromRecord(record, warnings),
  };
  return { ok: true, trajectory, warnings };
}

export const verlAdapter: FormatAdapter = {
  id: "verl",
  label: "verl rollout dump",
  description: "{step}.jsonl rollout/validation dumps written by verl's trainer (input, output, gts, score, step, extra reward columns).",
  extensions: [".jsonl"],
  detect(sample) {
    const sniffed = sniff(sample);
    if (sniffed.container !== "jsonl") return 0;
    const first = sniffed.first;
    if (!isRecord(first)) return 0;
    const keys = keysOf(first);
    if (typeof first.input !== "string" || typeof first.output !== "string") return 0;
    const named = /^\d+\.jsonl$/.test(fileBaseName(sample.name));
    if (keys.has("score") && (keys.has("step") || keys.has("gts"))) return 0.9;
    if (keys.has("score")) return named ? 0.85 : 0.6;
    return named ? 0.55 : 0;
  },
  read(source, options) {
    return readAndMapRecords(source, options, mapVerlRecord);
  },
};
