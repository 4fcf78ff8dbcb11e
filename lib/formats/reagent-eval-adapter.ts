// Reagent's evaluation output (Evaluation/unified_eval/run.py): one file per rollout, `iter{k}.jsonl` (or
// `iter{k}_split{w}of{t}.jsonl`) under `{model}_unified/{dataset}/`, one line per question:
//   {question, answer, messages: [{role, content}], prediction, termination,
//    auto_judge: {score: 0|1, extracted_answer, judge_response, ground_truth, question}}
// Failed attempts carry `error`, `prediction: "[Failed]"`, empty messages and `rollout_idx`.
// Mapping: rolloutIndex = k of iter{k} (else `rollout_idx`, else 0); correct = auto_judge.score (absent → null);
// groundTruth = answer (alias lists kept); messages through the ChatML converter (system/user are message steps,
// <think> reasoning, <tool_call> calls, <tool_response> results, the last <answer>/\boxed the final answer); a failed
// attempt (error) gets termination "error"; it has no auto_judge, so correct stays null (run.py retries such
// attempts: they are not graded answers).
// The auto judge (an LLM judging against the ground truth) is kept in metadata; it is not an Agent-RRM judgment.
// Pure.
import type { FormatAdapter } from "@/lib/formats/format-adapter";
import {
  asObject,
  fail,
  folderNames,
  fileBaseName,
  groundTruthText,
  judgmentsFromRecord,
  pickBenchmark,
  readAndMapRecords,
  type MapContext,
  recordQuestion,
  type MapOutcome,
  taskFromRecord,
} from "@/lib/formats/adapter-helpers";
import { convertChatMessages } from "@/lib/formats/chat-messages";
import { describeValue, extractFinalAnswer, isRecord } from "@/lib/formats/chatml";
import { baseName, keysOf, sniff } from "@/lib/formats/sniff";
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";

const ITER_FILE = /(?:^|[\\/])iter(\d+)(?:_split\d+of\d+)?\.jsonl?$/i;

function rolloutFromName(name: string): number | null {
  const match = ITER_FILE.exec(name);
  return match ? Number(match[1]) : null;
}

export function mapReagentEvalRecord(value: unknown, context: MapContext): MapOutcome {
  const object = asObject(value);
  if (!object.ok) return fail(object.error);
  const record = object.record;
  const warnings: string[] = [];

  if (record.messages !== undefined && record.messages !== null && !Array.isArray(record.messages)) {
    return fail(`\`messages\` is ${describeValue(record.messages)}, expected a list of {role, content} messages`);
  }
  const messages = Array.isArray(record.messages) ? record.messages : [];
  const conversion = convertChatMessages(messages, "messages", { tagged: true });
  if (!conversion.ok) return fail(conversion.error);
  warnings.push(...conversion.warnings);

  const asked = recordQuestion(record, conversion.question);
  if (!asked.ok) return fail(asked.error);
  const { question } = asked;

  const judge = record.auto_judge;
  if (judge !== undefined && judge !== null && !isRecord(judge)) return fail(`\`auto_judge\` is ${describeValue(judge)}, expected an object`);
  let correct: boolean | null = null;
  if (isRecord(judge) && judge.score !== undefined && judge.score !== null) {
    const score = judge.score;
    if (typeof score === "boolean") correct = score;
    else if (typeof score === "number" && Number.isFinite(score)) {
      if (score !== 0 && score !== 1) warnings.push(`auto_judge.score is ${score}, expected 0 or 1: read as ${score >= 0.5 ? "correct" : "incorrect"}`);
      correct = score >= 0.5;
    } else return fail(`\`auto_judge.score\` is ${describeValue(score)}, expected 0 or 1`);
    if (typeof judge.error === "string") warnings.push(`auto_judge failed (${judge.error}); its score ${String(score)} is kept`);
  }

  const error = typeof record.error === "string" && record.error ? record.error : record.error ? JSON.stringify(record.error) : null;

  const prediction = typeof record.prediction === "string" ? record.prediction : null;
  const failed = prediction === "[Failed]";
  const extractedByJudge = isRecord(judge) && typeof judge.extracted_answer === "string" && judge.extracted_answer.trim() ? judge.extracted_answer.trim() : null;
  const finalAnswer = failed ? null : ((prediction ? extractFinalAnswer(prediction) : null) ?? conversion.finalAnswer ?? extractedByJudge);

  const truth = groundTruthText(record.answer ?? (isRecord(judge) ? judge.ground_truth : undefined));
  const folders = folderNames(context.fileName);
  const modelFolder = folders.find((folder) => folder.endsWith("_unified"));
  const benchmark = pickBenchmark(
    [record.benchmark, record.dataset, record.data_source],
    context.fileName,
    warnings,
    "Reagent writes iter{k}.jsonl under a folder named after the dataset",
  );

  const steps = conversion.steps;
  if (steps.length === 0) steps.push({ index: 0, kind: "message", role: "user", turn: 0, text: question });

  let termination = typeof record.termination === "string" && record.termination ? record.termination : null;
  if (error !== null || failed) termination = "error";

  const rolloutIndex = rolloutFromName(context.fileName) ?? (typeof record.rollout_idx === "number" && record.rollout_idx >= 0 ? Math.floor(record.rollout_idx) : 0);
  const metadata: Record<string, unknown> = {};
  if (modelFolder) metadata.model = modelFolder.replace(/_unified$/, "");
  if (prediction !== null && prediction !== finalAnswer) metadata.prediction = prediction.length > 2000 ? `${prediction.slice(0, 2000)}…` : prediction;
  if (isRecord(judge)) {
    const { question: _q, ground_truth: _g, ...rest } = judge;
    metadata.autoJudge = rest;
  }
  if (isRecord(record.metadata)) metadata.source = record.metadata;

  const trajectory: NormalizedTrajectoryInput = {
    externalId: typeof record.id === "string" || typeof record.id === "number" ? `${record.id}:iter${rolloutIndex}` : null,
    task: taskFromRecord({
      benchmark,
      level: record.level ?? record.Level,
      externalId: typeof record.task_id === "string" ? record.task_id : typeof record.id === "string" || typeof record.id === "number" ? String(record.id) : null,
      question,
      truth,
    }),
    steps,
    finalAnswer,
    correct,
    ruleReward: correct === null ? null : correct ? 1 : 0,
    termination,
    error: error ?? (failed ? "prediction is [Failed]" : null),
    rolloutIndex,
    stage: record.stage === "refined" ? "refined" : "initial",
    parentExternalId: typeof record.parent_id === "string" ? record.parent_id : null,
    metadata: Object.keys(metadata).length ? metadata : null,
    judgments: judgmentsFromRecord(record, warnings),
  };
  return { ok: true, trajectory, warnings };
}

export const reagentEvalAdapter: FormatAdapter = {
  id: "reagent-eval",
  label: "Reagent evaluation output",
  description: "iter{k}.jsonl files written by Reagent's unified evaluation (run.py): messages, prediction, termination and auto_judge per question.",
  extensions: [".jsonl"],
  detect(sample) {
    const sniffed = sniff(sample);
    if (sniffed.container !== "jsonl" && sniffed.container !== "object" && sniffed.container !== "array") return 0;
    const keys = keysOf(sniffed.first);
    if (!keys.has("question") || !keys.has("messages")) return 0;
    if (keys.has("intermediate_steps") || keys.has("conversations")) return 0;
    const record = sniffed.first as Record<string, unknown>;
    const reagentKeys = ["prediction", "termination", "auto_judge"].filter((key) => keys.has(key)).length;
    const named = ITER_FILE.test(baseName(sample.name)) || /^iter\d+/.test(fileBaseName(sample.name));
    if (reagentKeys >= 2) return 0.95;
    if (reagentKeys === 1) return named ? 0.9 : 0.8;
    if (keys.has("error") && record.prediction === "[Failed]") return 0.9;
    return named ? 0.6 : 0;
  },
  read(source, options) {
    return readAndMapRecords(source, options, mapReagentEvalRecord);
  },
};
