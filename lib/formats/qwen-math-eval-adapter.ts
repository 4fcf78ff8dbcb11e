// Qwen2.5-Math evaluation outputs (evaluation/math_eval.py; also SkyThought's copy): one JSONL line per problem,
//   {idx, question, gt_cot, gt, level?, solution, answer, code: [generations], pred: [extracted answers],
//    report: [...], score: [bools]}   — the lists are parallel, one entry per sampled generation.
// One trajectory per generation: the question as a user message, the generation as one assistant turn (its <think>
// block as reasoning when it has one; the rest is the final answer step), answer = pred[i] (empty when extraction
// failed: then the last \boxed{…}, else none), correct = score[i], ruleReward = 1/0. Benchmark from the file name
// ("…/aime24/test_….jsonl", "Model.math500.test_….jsonl"), level from `level`; externalId "<benchmark>:<idx>" plus
// ":<i>" when a problem has several generations (rolloutIndex = i). Pure.
import type { FormatAdapter } from "@/lib/formats/format-adapter";
import {
  asObject,
  benchmarkInPath,
  canonicalBenchmark,
  canonicalLevel,
  fail,
  groundTruthText,
  readAndMapRecords,
  type MapContext,
  type MapOutcome,
} from "@/lib/formats/adapter-helpers";
import { describeValue, lastBoxed, segmentChatml } from "@/lib/formats/chatml";
import { keysOf, sniff } from "@/lib/formats/sniff";
import { StepBuilder } from "@/lib/formats/step-builder";
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";

/** The data name in a math_eval output path: the folder before test_*.jsonl, or a known benchmark in the name. */
function benchmarkOf(record: Record<string, unknown>, fileName: string, warnings: string[]): string {
  for (const key of ["benchmark", "data_name", "dataset"]) {
    const value = record[key];
    if (typeof value === "string" && value.trim()) return canonicalBenchmark(value);
  }
  const known = benchmarkInPath(fileName);
  if (known) return known;
  const parts = fileName.split(/[\\/]/).filter(Boolean);
  const file = parts[parts.length - 1] ?? "";
  const folder = parts[parts.length - 2];
  if (/^test_/.test(file) && folder) return canonicalBenchmark(folder);
  const dotted = /\.([A-Za-z0-9_-]+)\.test_/.exec(file);
  if (dotted) return canonicalBenchmark(dotted[1]);
  warnings.push('no benchmark in the record or the file name (math_eval writes <data_name>/test_….jsonl): stored as "unknown"');
  return "unknown";
}

export function mapQwenMathRecord(value: unknown, context: MapContext): MapOutcome[] {
  const object = asObject(value);
  if (!object.ok) return [fail(object.error)];
  const record = object.record;
  const warnings: string[] = [];
  const question = typeof record.question === "string" && record.question.trim() ? record.question : typeof record.problem === "string" && record.problem.trim() ? record.problem : null;
  if (!question) return [fail("record has no question (expected `question` or `problem`)")];
  if (!Array.isArray(record.code)) return [fail(`\`code\` is ${describeValue(record.code)}, expected the list of generations`)];
  const preds = Array.isArray(record.pred) ? record.pred : [];
  const scores = record.score;
  if (scores !== undefined && scores !== null && !Array.isArray(scores)) return [fail(`\`score\` is ${describeValue(scores)}, expected a list of booleans parallel to \`code\``)];
  if (Array.isArray(scores) && scores.length !== record.code.length) warnings.push(`\`score\` has ${scores.length} entries for ${record.code.length} generations`);

  const benchmark = benchmarkOf(record, context.fileName, warnings);
  const truth = groundTruthText(record.gt ?? record.answer);
  const idx = typeof record.idx === "number" || typeof record.idx === "string" ? String(record.idx) : null;
  const many = record.code.length > 1;

  if (record.code.length === 0) return [fail("`code` is empty: the problem has no generation")];
  return record.code.map((generation, i): MapOutcome => {
    const location = `code[${i}]`;
    if (typeof generation !== "string") return fail(`\`code[${i}]\` is ${describeValue(generation)}, expected the generated text`, location);
    const builder = new StepBuilder();
    builder.startTurn("user");
    builder.message("user", question);
    builder.startTurn("assistant");
    const segments = segmentChatml(generation);
    const reasoning = segments.filter((s) => s.kind === "reasoning").map((s) => s.text);
    const visible = segments.filter((s) => s.kind !== "reasoning").map((s) => (s.kind === "tool_call" ? s.raw : s.text)).join("\n\n");
    for (const text of reasoning) builder.reasoning(text);
    const pred = typeof preds[i] === "string" ? (preds[i] as string) : preds[i] !== undefined && preds[i] !== null ? String(preds[i]) : "";
    const answer = pred.trim() ? pred.trim() : lastBoxed(visible);
    const body = visible.trim() ? visible : reasoning.length ? "" : generation;
    if (body.trim() || answer !== null) builder.finalAnswer(body, answer);

    const score = Array.isArray(scores) ? scores[i] : undefined;
    const correct = typeof score === "boolean" ? score : typeof score === "number" ? score >= 0.5 : null;
    const outcomeWarnings = [...warnings];
    if (!pred.trim()) outcomeWarnings.push(`pred[${i}] is empty (answer extraction failed)${answer ? `: used the last \\boxed{…}` : ""}`);

    const trajectory: NormalizedTrajectoryInput = {
      externalId: idx !== null ? `${benchmark}:${idx}${many ? `:${i}` : ""}` : null,
      task: {
        benchmark,
        level: canonicalLevel(benchmark, record.level),
        externalId: idx,
        question,
        groundTruth: truth.text,
      },
      steps: builder.steps,
      finalAnswer: answer,
      correct,
      ruleReward: correct === null ? null : correct ? 1 : 0,
      rolloutIndex: i,
      metadata: Array.isArray(record.report) && record.report[i] !== null && record.report[i] !== undefined ? { report: record.report[i] } : null,
    };
    return { ok: true, trajectory, location, warnings: outcomeWarnings };
  });
}

export const qwenMathEvalAdapter: FormatAdapter = {
  id: "qwen-math-eval",
  label: "Qwen2.5-Math evaluation output",
  description: "test_*.jsonl written by Qwen2.5-Math's math_eval.py (and SkyThought's copy): code/pred/score lists per problem.",
  extensions: [".jsonl"],
  detect(sample) {
    const sniffed = sniff(sample);
    if (sniffed.container !== "jsonl") return 0;
    const keys = keysOf(sniffed.first);
    if (!keys.has("code") || !keys.has("question")) return 0;
    const record = sniffed.first as Record<string, unknown>;
    if (!Array.isArray(record.code)) return 0;
    if (keys.has("pred") && keys.has("score") && keys.has("idx")) return 0.9;
    return keys.has("pred") || keys.has("score") ? 0.7 : 0;
  },
  read(source, options) {
    return readAndMapRecords(source, options, mapQwenMathRecord);
  },
};
