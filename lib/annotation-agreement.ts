// Agreement of a set of annotated items, per rubric question, and humans against the RRM. Pure: no I/O.
import { cohenKappa, confusionMatrix, fleissKappa, krippendorffAlpha, percentAgreement, type ConfusionMatrix, type Rating } from "@/lib/stats/agreement";
import { measurementLevel, type RubricQuestion } from "@/lib/rubric";

export type AgreementUnit = {
  trajectoryId: number;
  judgmentId: number | null;
  correct: boolean | null;
  rrmScore: number | null;
  /** Answers by annotator id. */
  answers: Record<string, Record<string, unknown>>;
};

export type QuestionAgreement = {
  questionId: string;
  label: string;
  level: "nominal" | "ordinal" | "interval";
  /** Items with at least two answers to this question. */
  items: number;
  annotators: number;
  percentAgreement: number | null;
  /** Cohen's κ when exactly two annotators answered (weighted linearly for ordinal questions). */
  cohenKappa: number | null;
  /** Fleiss' κ when three or more annotators answered (nominal: ignores the order). */
  fleissKappa: number | null;
  krippendorffAlpha: number | null;
  /** Two annotators: their confusion matrix. */
  confusion: (ConfusionMatrix & { annotators: [string, string] }) | null;
};

export type HumanVsRrm = {
  /** Humans' "RRM score is …" answers against the RRM's score (mean score per answer, counts). */
  scoreCalibration: Array<{ answer: string; count: number; meanRrmScore: number | null }> | null;
  /** Humans' "critique correct" answers against the trajectory's correctness (rows: answer, columns: correct). */
  critiqueVsCorrectness: { answers: string[]; columns: ["correct", "incorrect", "ungraded"]; counts: number[][] } | null;
  /** The RRM's verdict (score ≥ 0.5) against correctness, over graded, judged items. */
  rrmVsCorrectness: { items: number; agree: number; rate: number | null };
};

export type AgreementReport = { units: number; annotations: number; questions: QuestionAgreement[]; humanVsRrm: HumanVsRrm };

/** What GET /api/v1/queues/{id}/agreement and /runs/{id}/agreement answer. */
export type AgreementResult = AgreementReport & { rubric: { id: number; name: string; version: number }; annotators: Array<{ id: string; name: string }> };

const value = (v: unknown): Rating => (typeof v === "string" || typeof v === "number" ? v : typeof v === "boolean" ? String(v) : null);

export function computeAgreement(questions: ReadonlyArray<RubricQuestion>, units: ReadonlyArray<AgreementUnit>): AgreementReport {
  const results: QuestionAgreement[] = [];
  for (const q of questions) {
    const level = measurementLevel(q);
    if (!level) continue;
    const raters = [...new Set(units.flatMap((u) => Object.keys(u.answers).filter((a) => value(u.answers[a][q.id]) !== null)))].sort();
    const matrix: Rating[][] = units.map((u) => raters.map((r) => value(u.answers[r]?.[q.id])));
    const order = q.type === "single" ? q.options.map((o) => o.value) : q.type === "scale" ? Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min + i) : q.type === "boolean" ? ["true", "false"] : undefined;
    const paired = matrix.filter((row) => row.filter((v) => v !== null).length >= 2);
    let cohen: number | null = null;
    let confusion: QuestionAgreement["confusion"] = null;
    if (raters.length === 2 && level !== "interval") {
      const a = matrix.map((row) => row[0]);
      const b = matrix.map((row) => row[1]);
      cohen = cohenKappa(a, b, { categories: order, weights: level === "ordinal" ? "linear" : "none" });
      confusion = { ...confusionMatrix(a, b, order), annotators: [raters[0], raters[1]] };
    }
    results.push({
      questionId: q.id,
      label: q.label,
      level,
      items: paired.length,
      annotators: raters.length,
      percentAgreement: percentAgreement(matrix),
      cohenKappa: cohen,
      fleissKappa: raters.length >= 3 && level !== "interval" ? fleissKappa(matrix, order) : null,
      krippendorffAlpha: krippendorffAlpha(matrix, { level, order: level === "interval" ? undefined : order }),
      confusion,
    });
  }
  return { units: units.length, annotations: units.reduce((s, u) => s + Object.keys(u.answers).length, 0), questions: results, humanVsRrm: humanVsRrm(questions, units) };
}

function humanVsRrm(questions: ReadonlyArray<RubricQuestion>, units: ReadonlyArray<AgreementUnit>): HumanVsRrm {
  const calibration = questions.find((q) => q.id === "score_calibration" && q.type === "single");
  const critique = questions.find((q) => q.id === "critique_correct" && q.type === "single");
  let scoreCalibration: HumanVsRrm["scoreCalibration"] = null;
  if (calibration && calibration.type === "single") {
    scoreCalibration = calibration.options.map((o) => {
      const scores: number[] = [];
      let count = 0;
      for (const u of units) {
        for (const answers of Object.values(u.answers)) {
          if (answers[calibration.id] !== o.value) continue;
          count++;
          if (u.rrmScore !== null) scores.push(u.rrmScore);
        }
      }
      return { answer: o.value, count, meanRrmScore: scores.length ? scores.reduce((s, x) => s + x, 0) / scores.length : null };
    });
  }
  let critiqueVsCorrectness: HumanVsRrm["critiqueVsCorrectness"] = null;
  if (critique && critique.type === "single") {
    const answers = critique.options.map((o) => o.value);
    const counts = answers.map(() => [0, 0, 0]);
    for (const u of units) {
      const col = u.correct === true ? 0 : u.correct === false ? 1 : 2;
      for (const a of Object.values(u.answers)) {
        const i = answers.indexOf(a[critique.id] as string);
        if (i >= 0) counts[i][col]++;
      }
    }
    critiqueVsCorrectness = { answers, columns: ["correct", "incorrect", "ungraded"], counts };
  }
  const graded = units.filter((u) => u.correct !== null && u.rrmScore !== null);
  const agree = graded.filter((u) => (u.rrmScore! >= 0.5) === u.correct).length;
  return { scoreCalibration, critiqueVsCorrectness, rrmVsCorrectness: { items: graded.length, agree, rate: graded.length ? agree / graded.length : null } };
}
