"use client";

import { useEffect, useState } from "react";
import { annotationListSchema, annotationViewSchema, rubricListSchema } from "@/components/annotate/api-schemas";
import { RubricFields } from "@/components/annotate/rubric-fields";
import { buttonClass } from "@/components/settings/styles";
import { ApiRequestError, fetchJson } from "@/lib/http/fetch-json";
import type { Answers, FieldError, Rubric } from "@/lib/rubric";
import { validateAnswers } from "@/lib/rubric";

export const DEFAULT_RUBRIC_NAME = "Critique quality";

/**
 * The caller's annotation of one judgment against the newest version of the default rubric, self-contained: loads
 * the rubric and the caller's own answers, saves with POST /api/v1/annotations (edits keep a revision; a save made
 * elsewhere meanwhile is reported, not overwritten). Viewers see a note instead of a form.
 */
export function RubricForm({ trajectoryId, judgmentId, rubricName = DEFAULT_RUBRIC_NAME }: { trajectoryId: number; judgmentId: number | null; rubricName?: string }) {
  const [rubric, setRubric] = useState<Rubric | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [base, setBase] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState<{ kind: "idle" | "saving" | "saved" | "error"; message?: string }>({ kind: "idle" });
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const { rubrics } = await fetchJson("/api/v1/rubrics?latest=1", rubricListSchema);
        const chosen = rubrics.find((r) => r.name === rubricName) ?? rubrics[0] ?? null;
        if (cancelled) return;
        setRubric(chosen);
        if (!chosen) return;
        const qs = new URLSearchParams({ trajectoryId: String(trajectoryId), rubricId: String(chosen.id), mine: "1" });
        if (judgmentId !== null) qs.set("judgmentId", String(judgmentId));
        const { annotations } = await fetchJson(`/api/v1/annotations?${qs}`, annotationListSchema);
        const mine = annotations.find((a) => a.rubricId === chosen.id);
        if (cancelled) return;
        setAnswers((mine?.answers as Answers) ?? {});
        setBase(mine?.updatedAt ?? null);
      } catch (error) {
        if (!cancelled) setLoadError((error as Error).message);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [trajectoryId, judgmentId, rubricName]);

  if (loadError) return <p className="text-sm text-red-700 dark:text-red-400">Could not load the rubric: {loadError}</p>;
  if (!rubric) return <p className="text-sm text-zinc-500">Loading the rubric…</p>;

  const save = async () => {
    const checked = validateAnswers(rubric.questions, answers);
    if (!checked.ok) {
      setErrors(checked.errors);
      setStatus({ kind: "error", message: "Some answers are missing or do not fit" });
      return;
    }
    setErrors([]);
    setStatus({ kind: "saving" });
    try {
      const saved = await fetchJson("/api/v1/annotations", annotationViewSchema, {
        method: "POST",
        body: { trajectoryId, judgmentId, rubricId: rubric.id, answers: checked.answers, baseUpdatedAt: base },
      });
      setBase(saved.updatedAt);
      setStatus({ kind: "saved", message: saved.revisions ? `Saved (edit ${saved.revisions})` : "Saved" });
    } catch (error) {
      const message = error instanceof ApiRequestError && error.status === 403 ? "Only annotators can annotate: ask an admin for the annotator role" : (error as Error).message;
      setStatus({ kind: "error", message });
    }
  };

  return (
    <form
      aria-label={`${rubric.name} annotation`}
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 className="text-sm font-semibold">
        Your annotation <span className="font-normal text-zinc-500">({rubric.name} v{rubric.version})</span>
      </h3>
      <RubricFields questions={rubric.questions} answers={answers} onChange={setAnswers} errors={errors} disabled={status.kind === "saving"} />
      <div className="flex items-center gap-2">
        <button type="submit" className={buttonClass} disabled={status.kind === "saving"}>
          {base ? "Save changes" : "Save annotation"}
        </button>
        <span role="status" className={`text-xs ${status.kind === "error" ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}>
          {status.message ?? ""}
        </span>
      </div>
    </form>
  );
}
export default RubricForm;
