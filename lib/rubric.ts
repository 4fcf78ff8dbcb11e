// Rubrics (score configs): the zod schema of their questions and the validation of answers against one rubric
// version. Pure: no I/O, safe in client components. The default rubric is lib/demo/rubric.ts (what the seed writes).
//
// Question kinds as stored: `single` (categorical; `ordered: true` makes it ordinal), `scale` (ordinal integers
// min..max), `numeric`, `boolean`, `multi` (multi-select), `text`.
import * as z from "zod";

const idSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, "Use a snake_case id (lowercase letters, digits, underscores; a letter first)");
const optionSchema = z.object({ value: idSchema, label: z.string().trim().min(1).max(200) });
const common = {
  id: idSchema,
  label: z.string().trim().min(1, "Every question needs a label").max(300),
  help: z.string().max(1000).optional(),
  required: z.boolean().default(false),
};

function uniqueOptions(options: Array<{ value: string }>, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  options.forEach((option, i) => {
    if (seen.has(option.value)) ctx.addIssue({ code: "custom", path: ["options", i, "value"], message: `Option "${option.value}" appears twice` });
    seen.add(option.value);
  });
}

export const singleQuestionSchema = z
  .object({ ...common, type: z.literal("single"), options: z.array(optionSchema).min(2, "Give at least two options").max(20), ordered: z.boolean().optional() })
  .superRefine((q, ctx) => uniqueOptions(q.options, ctx));
export const multiQuestionSchema = z
  .object({ ...common, type: z.literal("multi"), options: z.array(optionSchema).min(1, "Give at least one option").max(50) })
  .superRefine((q, ctx) => uniqueOptions(q.options, ctx));
export const scaleQuestionSchema = z
  .object({
    ...common,
    type: z.literal("scale"),
    min: z.number().int(),
    max: z.number().int(),
    minLabel: z.string().max(200).optional(),
    maxLabel: z.string().max(200).optional(),
  })
  .refine((q) => q.max > q.min && q.max - q.min <= 20, { message: "A scale runs from min to max, at most 21 steps", path: ["max"] });
export const numericQuestionSchema = z
  .object({ ...common, type: z.literal("numeric"), min: z.number().optional(), max: z.number().optional(), step: z.number().positive().optional() })
  .refine((q) => q.min === undefined || q.max === undefined || q.max >= q.min, { message: "max is below min", path: ["max"] });
export const booleanQuestionSchema = z.object({ ...common, type: z.literal("boolean") });
export const textQuestionSchema = z.object({ ...common, type: z.literal("text"), maxLength: z.number().int().positive().max(20_000).optional() });

export const rubricQuestionSchema = z.discriminatedUnion("type", [
  singleQuestionSchema,
  multiQuestionSchema,
  scaleQuestionSchema,
  numericQuestionSchema,
  booleanQuestionSchema,
  textQuestionSchema,
]);
export type RubricQuestion = z.infer<typeof rubricQuestionSchema>;
export type RubricQuestionType = RubricQuestion["type"];

export const QUESTION_KIND_LABELS: Record<RubricQuestionType, string> = {
  single: "Categorical",
  scale: "Ordinal scale",
  numeric: "Numeric",
  boolean: "Yes / no",
  multi: "Multi-select",
  text: "Text",
};

export const rubricQuestionsSchema = z
  .array(rubricQuestionSchema)
  .min(1, "A rubric needs at least one question")
  .max(50)
  .superRefine((questions, ctx) => {
    const seen = new Set<string>();
    questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `Question id "${q.id}" appears twice` });
      seen.add(q.id);
    });
  });

export const rubricSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  version: z.number().int(),
  questions: rubricQuestionsSchema,
  createdAt: z.string().optional(),
  /** The newest version of this rubric's name. */
  latest: z.boolean().optional(),
});
export type Rubric = z.infer<typeof rubricSchema>;

export type AnswerValue = string | number | boolean | string[] | null;
export type Answers = Record<string, AnswerValue>;
export type FieldError = { path: string; message: string };

const MAX_TEXT = 20_000;

/** Checks one answer; returns the message of what is wrong, or null. `undefined`/null/""/[] count as unanswered. */
export function answerError(q: RubricQuestion, value: unknown): string | null {
  const empty = value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
  if (empty) return q.required ? "This question needs an answer" : null;
  switch (q.type) {
    case "single":
      if (typeof value !== "string" || !q.options.some((o) => o.value === value)) {
        return `Pick one of ${q.options.map((o) => o.value).join(", ")}`;
      }
      return null;
    case "multi": {
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) return "Give a list of options";
      const bad = value.filter((v) => !q.options.some((o) => o.value === v));
      if (bad.length) return `Not an option: ${bad.join(", ")}`;
      if (new Set(value).size !== value.length) return "An option is listed twice";
      return null;
    }
    case "scale":
      if (typeof value !== "number" || !Number.isInteger(value) || value < q.min || value > q.max) return `Pick a whole number from ${q.min} to ${q.max}`;
      return null;
    case "numeric":
      if (typeof value !== "number" || !Number.isFinite(value)) return "Give a number";
      if (q.min !== undefined && value < q.min) return `At least ${q.min}`;
      if (q.max !== undefined && value > q.max) return `At most ${q.max}`;
      return null;
    case "boolean":
      return typeof value === "boolean" ? null : "Answer yes (true) or no (false)";
    case "text":
      if (typeof value !== "string") return "Give text";
      if (value.length > (q.maxLength ?? MAX_TEXT)) return `At most ${q.maxLength ?? MAX_TEXT} characters`;
      return null;
  }
}

/**
 * Validates `answers` against a rubric version: every required question answered, every answer within its
 * question's options or range, no answer to a question the rubric does not have. Returns the cleaned answers
 * (unanswered optional questions dropped, text trimmed) or field errors with paths `answers.<question id>`.
 */
export function validateAnswers(
  questions: ReadonlyArray<RubricQuestion>,
  answers: unknown,
): { ok: true; answers: Answers } | { ok: false; errors: FieldError[] } {
  if (typeof answers !== "object" || answers === null || Array.isArray(answers)) {
    return { ok: false, errors: [{ path: "answers", message: "Send the answers as an object keyed by question id" }] };
  }
  const given = answers as Record<string, unknown>;
  const errors: FieldError[] = [];
  const clean: Answers = {};
  for (const key of Object.keys(given)) {
    if (!questions.some((q) => q.id === key)) errors.push({ path: `answers.${key}`, message: "This rubric version has no such question" });
  }
  for (const q of questions) {
    let value = given[q.id];
    if (q.type === "text" && typeof value === "string") value = value.trim();
    const error = answerError(q, value);
    if (error) errors.push({ path: `answers.${q.id}`, message: error });
    else if (!(value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0))) clean[q.id] = value as AnswerValue;
  }
  return errors.length ? { ok: false, errors } : { ok: true, answers: clean };
}

/** The error tags an annotation carries: the answer to the rubric's `error_types` multi-select question, if any. */
export function errorTagsOf(questions: ReadonlyArray<RubricQuestion>, answers: Answers): string[] {
  const q = questions.find((x) => x.id === "error_types" && x.type === "multi") ?? questions.find((x) => x.type === "multi");
  const value = q ? answers[q.id] : undefined;
  return Array.isArray(value) ? value : [];
}

/** The free note of an annotation: the answer to a text question named `note`, if any. */
export function noteOf(questions: ReadonlyArray<RubricQuestion>, answers: Answers): string | null {
  const q = questions.find((x) => x.id === "note" && x.type === "text");
  const value = q ? answers[q.id] : undefined;
  return typeof value === "string" && value ? value : null;
}

/** The choices a question offers for the 1–9 keys (single, scale, boolean, multi), as [value, label] pairs. */
export function questionChoices(q: RubricQuestion): Array<{ value: string | number | boolean; label: string }> {
  switch (q.type) {
    case "single":
    case "multi":
      return q.options.map((o) => ({ value: o.value, label: o.label }));
    case "scale":
      return Array.from({ length: q.max - q.min + 1 }, (_, i) => ({ value: q.min + i, label: String(q.min + i) }));
    case "boolean":
      return [
        { value: true, label: "Yes" },
        { value: false, label: "No" },
      ];
    default:
      return [];
  }
}

/** The agreement metric a question's answers call for. */
export function measurementLevel(q: RubricQuestion): "nominal" | "ordinal" | "interval" | null {
  switch (q.type) {
    case "single":
      return q.ordered ? "ordinal" : "nominal";
    case "boolean":
      return "nominal";
    case "scale":
      return "ordinal";
    case "numeric":
      return "interval";
    default:
      return null;
  }
}

/** Parses stored questions (Rubric.questions JSON); throws a ZodError when a stored rubric does not fit. */
export function parseRubricQuestions(json: unknown): RubricQuestion[] {
  return rubricQuestionsSchema.parse(json);
}
