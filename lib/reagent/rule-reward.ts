// The rule reward of the Reagent paper: 1 for a correct answer; for QA a token-level F1 against the ground truth is
// kept as partial credit when it reaches 0.3, else 0. Pure: no I/O.

const ARTICLES = new Set(["a", "an", "the"]);

/** SQuAD-style normalisation: lower case, no punctuation, no articles, single spaces. */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, " ")
    .split(/\s+/)
    .filter((token) => token && !ARTICLES.has(token))
    .join(" ");
}

export function exactMatch(prediction: string, truth: string): boolean {
  return normalizeAnswer(prediction) === normalizeAnswer(truth);
}

/** Token F1 between a prediction and one ground truth, after normalisation. */
export function tokenF1(prediction: string, truth: string): number {
  const predicted = normalizeAnswer(prediction).split(" ").filter(Boolean);
  const expected = normalizeAnswer(truth).split(" ").filter(Boolean);
  if (!predicted.length || !expected.length) return predicted.length === expected.length ? 1 : 0;
  const remaining = new Map<string, number>();
  for (const token of expected) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let overlap = 0;
  for (const token of predicted) {
    const left = remaining.get(token) ?? 0;
    if (left > 0) {
      overlap++;
      remaining.set(token, left - 1);
    }
  }
  if (overlap === 0) return 0;
  const precision = overlap / predicted.length;
  const recall = overlap / expected.length;
  return (2 * precision * recall) / (precision + recall);
}

export const F1_CREDIT_THRESHOLD = 0.3;

/**
 * Rule reward in [0, 1] for an answer against one or more accepted ground truths (aliases): 1 on an exact match,
 * else the best token F1 when `partialCredit` (QA) and it reaches 0.3, else 0. A missing prediction earns 0.
 */
export function ruleReward(prediction: string | null | undefined, truths: string | string[], { partialCredit = true } = {}): number {
  if (prediction === null || prediction === undefined || !prediction.trim()) return 0;
  const accepted = (Array.isArray(truths) ? truths : [truths]).filter((t) => t.trim());
  if (!accepted.length) return 0;
  if (accepted.some((truth) => exactMatch(prediction, truth))) return 1;
  if (!partialCredit) return 0;
  const best = Math.max(...accepted.map((truth) => tokenF1(prediction, truth)));
  return best >= F1_CREDIT_THRESHOLD ? best : 0;
}

/** The paper's math benchmarks: answers are exact or wrong, no partial credit. */
const MATH_BENCHMARKS = new Set(["AIME24", "AIME25", "MATH500", "GSM8K"]);

/**
 * Grades an answer against a task's ground truth (and its aliases): correct on an exact match after normalisation,
 * rule reward with token-F1 partial credit for QA benchmarks. Both null when the task has no ground truth.
 */
export function gradeAnswer(prediction: string | null | undefined, task: { benchmark: string; groundTruth: string | null; aliases?: readonly string[] }): { correct: boolean | null; ruleReward: number | null } {
  const truths = [...new Set([...(task.groundTruth !== null ? [task.groundTruth] : []), ...(task.aliases ?? [])])];
  if (!truths.some((t) => t.trim())) return { correct: null, ruleReward: null };
  const correct = !!prediction?.trim() && truths.some((truth) => truth.trim() && exactMatch(prediction, truth));
  return { correct, ruleReward: ruleReward(prediction, truths, { partialCredit: !MATH_BENCHMARKS.has(task.benchmark) }) };
}
