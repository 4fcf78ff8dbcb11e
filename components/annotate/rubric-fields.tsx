"use client";

import type { AnswerValue, Answers, FieldError, RubricQuestion } from "@/lib/rubric";
import { questionChoices } from "@/lib/rubric";
import { inputClass } from "@/components/settings/styles";

/** Applies the n-th choice (1-based, the 1–9 keys) of `q` to `answers`: picks it, or toggles it for multi-selects. */
export function pickChoice(q: RubricQuestion, answers: Answers, n: number): Answers {
  const choice = questionChoices(q)[n - 1];
  if (!choice) return answers;
  if (q.type === "multi") {
    const current = Array.isArray(answers[q.id]) ? (answers[q.id] as string[]) : [];
    const value = String(choice.value);
    return { ...answers, [q.id]: current.includes(value) ? current.filter((v) => v !== value) : [...current, value] };
  }
  return { ...answers, [q.id]: choice.value as AnswerValue };
}

/**
 * A rubric's questions as a form, controlled. The active question (highlighted) is the one the 1–9 keys answer;
 * the parent owns the keys (see annotate views). Every control has a label; text fields stop the keys while typing.
 */
export function RubricFields({
  questions,
  answers,
  onChange,
  active,
  onActive,
  errors = [],
  disabled = false,
}: {
  questions: ReadonlyArray<RubricQuestion>;
  answers: Answers;
  onChange: (answers: Answers) => void;
  active?: number;
  onActive?: (index: number) => void;
  errors?: FieldError[];
  disabled?: boolean;
}) {
  const errorOf = (id: string) => errors.find((e) => e.path === `answers.${id}`)?.message;
  return (
    <div className="space-y-3">
      {questions.map((q, i) => {
        const error = errorOf(q.id);
        const isActive = active === i;
        const choices = questionChoices(q);
        return (
          <fieldset
            key={q.id}
            data-question={q.id}
            aria-current={isActive ? "step" : undefined}
            onFocusCapture={() => onActive?.(i)}
            className={`rounded border p-2 ${isActive ? "border-sky-500 ring-1 ring-sky-500" : "border-zinc-200 dark:border-zinc-800"}`}
            disabled={disabled}
          >
            <legend className="px-1 text-sm font-medium">
              {q.label}
              {q.required ? <span className="ml-1 text-red-700 dark:text-red-400" aria-hidden>*</span> : null}
            </legend>
            {q.help ? <p className="mb-1 text-xs text-zinc-600 dark:text-zinc-400">{q.help}</p> : null}
            {choices.length ? (
              <div className="flex flex-wrap gap-1.5" role={q.type === "multi" ? "group" : "radiogroup"} aria-label={q.label}>
                {choices.map((c, n) => {
                  const value = answers[q.id];
                  const checked = q.type === "multi" ? Array.isArray(value) && value.includes(String(c.value)) : value === c.value;
                  return (
                    <label
                      key={String(c.value)}
                      className={`inline-flex cursor-pointer items-center gap-1 rounded border px-2 py-0.5 text-sm ${
                        checked ? "border-sky-600 bg-sky-50 text-sky-900 dark:bg-sky-950 dark:text-sky-100" : "border-zinc-300 dark:border-zinc-700"
                      }`}
                    >
                      <input
                        type={q.type === "multi" ? "checkbox" : "radio"}
                        name={q.id}
                        className="sr-only"
                        checked={checked}
                        onChange={() => onChange(pickChoice(q, answers, n + 1))}
                      />
                      {n < 9 && isActive ? <span className="font-mono text-xs text-zinc-500">{n + 1}</span> : null}
                      {c.label}
                    </label>
                  );
                })}
              </div>
            ) : q.type === "numeric" ? (
              <input
                type="number"
                aria-label={q.label}
                className={inputClass}
                min={q.min}
                max={q.max}
                step={q.step ?? "any"}
                value={typeof answers[q.id] === "number" ? String(answers[q.id]) : ""}
                onChange={(e) => onChange({ ...answers, [q.id]: e.target.value === "" ? null : Number(e.target.value) })}
              />
            ) : (
              <textarea
                aria-label={q.label}
                className={`${inputClass} w-full`}
                rows={2}
                maxLength={q.type === "text" ? q.maxLength : undefined}
                value={typeof answers[q.id] === "string" ? (answers[q.id] as string) : ""}
                onChange={(e) => onChange({ ...answers, [q.id]: e.target.value })}
                onKeyDown={(e) => {
                  if (e.key === "Escape") (e.target as HTMLElement).blur();
                }}
              />
            )}
            {q.type === "scale" && (q.minLabel || q.maxLabel) ? (
              <p className="mt-1 flex justify-between text-xs text-zinc-500">
                <span>{q.min}: {q.minLabel}</span>
                <span>{q.max}: {q.maxLabel}</span>
              </p>
            ) : null}
            {error ? (
              <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
                {error}
              </p>
            ) : null}
          </fieldset>
        );
      })}
    </div>
  );
}
