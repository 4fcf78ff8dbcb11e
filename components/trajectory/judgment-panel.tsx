"use client";

import { AlertTriangle } from "lucide-react";
import { lazy, Suspense, useId } from "react";
import { formatScore } from "@/components/ui/format";
import { ScoreBadge } from "@/components/ui/score-badge";
import { combinedReward } from "@/lib/reagent/grpo";
import type { JudgmentView } from "@/lib/trajectory-schemas";
import { linkCritique, stripAnsi, type StepView } from "@/lib/trajectory-text";

// The annotator's rubric form (components/annotate), loaded on first use so the reader's first load stays small.
const RubricForm = lazy(() => import("@/components/annotate/rubric-form"));

/** The rule reward a trajectory was (or would be) trained with: stored, else 1/0 from its correctness. */
export function effectiveRuleReward(ruleReward: number | null, correct: boolean | null): number | null {
  if (ruleReward !== null) return ruleReward;
  return correct === null ? null : correct ? 1 : 0;
}

/** The critique as text with links to the steps it names, quotes or whose tools it mentions. */
export function LinkedCritique({ critique, steps, onStep }: { critique: string; steps: StepView[]; onStep: (index: number) => void }) {
  return (
    <p className="text-sm leading-relaxed whitespace-pre-wrap break-words">
      {linkCritique(stripAnsi(critique), steps).map((segment, i) =>
        segment.step === undefined ? (
          <span key={i}>{segment.text}</span>
        ) : (
          <button
            key={i}
            type="button"
            onClick={() => onStep(segment.step!)}
            className="rounded-sm text-left text-sky-800 underline decoration-sky-800/40 underline-offset-2 hover:bg-sky-50 dark:text-sky-300 dark:hover:bg-sky-950"
            title={`Go to step ${segment.step}${segment.kind === "quote" ? " (quoted there)" : segment.kind === "tool" ? " (first call of this tool)" : ""}`}
          >
            {segment.text}
          </button>
        ),
      )}
    </p>
  );
}

function Stat({ label, children, hint }: { label: string; children: React.ReactNode; hint?: string }) {
  return (
    <div title={hint} className="min-w-[6.5rem]">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="text-sm font-medium tabular-nums">{children}</dd>
    </div>
  );
}

export function JudgmentPanel({
  judgments,
  selected,
  onSelect,
  ruleReward,
  correct,
  lambda,
  steps,
  onStep,
  trajectoryId,
}: {
  judgments: JudgmentView[];
  selected: string | null;
  onSelect: (rrmModel: string) => void;
  ruleReward: number | null;
  correct: boolean | null;
  lambda: number;
  steps: StepView[];
  onStep: (index: number) => void;
  /** Shows the caller's rubric form for the selected judgment. */
  trajectoryId?: number;
}) {
  const id = useId();
  if (!judgments.length) {
    return (
      <div className="p-4 text-sm text-zinc-600 dark:text-zinc-400">
        <p className="font-medium text-zinc-900 dark:text-zinc-100">No RRM judgment yet.</p>
        <p className="mt-1">Import judgments for this run (POST /api/v1/judgments) or judge it with an RRM endpoint; the reasoning, critique and score appear here.</p>
      </div>
    );
  }
  const judgment = judgments.find((j) => j.rrmModel === selected) ?? judgments[0];
  const rule = effectiveRuleReward(ruleReward, correct);
  const combined = rule === null ? null : combinedReward(rule, judgment.score, lambda);

  return (
    <div className="flex flex-col gap-4 p-4">
      {judgments.length > 1 ? (
        <div className="flex items-center gap-2">
          <label htmlFor={`${id}-model`} className="text-sm text-zinc-600 dark:text-zinc-400">
            RRM model
          </label>
          <select
            id={`${id}-model`}
            value={judgment.rrmModel}
            onChange={(e) => onSelect(e.target.value)}
            className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          >
            {judgments.map((j) => (
              <option key={j.id} value={j.rrmModel}>
                {j.rrmModel} — {formatScore(j.score)}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p className="text-xs text-zinc-500">
          Judged by <span className="font-mono">{judgment.rrmModel}</span> · {judgment.createdAt.slice(0, 10)}
        </p>
      )}

      <dl className="flex flex-wrap gap-x-6 gap-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <Stat label="RRM score">
          <ScoreBadge score={judgment.score} />
        </Stat>
        <Stat label="Rule reward" hint={ruleReward === null && rule !== null ? "Not stored: taken from the correctness" : undefined}>
          {rule === null ? "—" : rule.toFixed(2)}
          {ruleReward === null && rule !== null ? <span className="text-xs font-normal text-zinc-500"> (from outcome)</span> : null}
        </Stat>
        <Stat label={`Reward at λ = ${lambda.toFixed(2)}`} hint="Reagent-R: r = r_rule + λ · s">
          {combined === null ? "—" : combined.toFixed(3)}
        </Stat>
      </dl>

      {judgment.parseStatus !== "ok" ? (
        <div role="note" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
          <p className="flex items-center gap-1.5 font-medium">
            <AlertTriangle aria-hidden className="size-4" />
            {judgment.parseStatus === "failed" ? "The RRM output could not be parsed" : "The RRM output was parsed only in part"}
          </p>
          {judgment.parseNotes.length ? (
            <ul className="mt-1 list-disc pl-5 text-xs">
              {judgment.parseNotes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          ) : null}
          {judgment.rawOutput ? (
            <details className="mt-2">
              <summary className="cursor-pointer text-xs">Raw output ({judgment.rawOutput.length.toLocaleString("en-US")} characters)</summary>
              <pre className="mt-1 max-h-80 overflow-auto rounded bg-white p-2 font-mono text-xs whitespace-pre-wrap break-words dark:bg-zinc-950">
                {stripAnsi(judgment.rawOutput)}
              </pre>
            </details>
          ) : null}
        </div>
      ) : null}

      <section aria-labelledby={`${id}-critique`}>
        <h3 id={`${id}-critique`} className="mb-1 text-sm font-semibold">
          Critique
        </h3>
        {judgment.critique ? <LinkedCritique critique={judgment.critique} steps={steps} onStep={onStep} /> : <p className="text-sm text-zinc-500">No critique.</p>}
      </section>

      <section aria-labelledby={`${id}-reasoning`}>
        <details>
          <summary id={`${id}-reasoning`} className="cursor-pointer text-sm font-semibold">
            RRM reasoning {judgment.reasoning ? <span className="font-normal text-zinc-500">({judgment.reasoning.length.toLocaleString("en-US")} characters)</span> : null}
          </summary>
          {judgment.reasoning ? (
            <p className="mt-1 text-sm leading-relaxed whitespace-pre-wrap break-words text-zinc-700 dark:text-zinc-300">{stripAnsi(judgment.reasoning)}</p>
          ) : (
            <p className="mt-1 text-sm text-zinc-500">No reasoning.</p>
          )}
        </details>
      </section>

      {trajectoryId !== undefined ? (
        <section className="border-t border-zinc-200 pt-3 dark:border-zinc-800">
          <Suspense fallback={<p className="text-sm text-zinc-500">Loading the rubric…</p>}>
            <RubricForm key={judgment.id} trajectoryId={trajectoryId} judgmentId={judgment.id} />
          </Suspense>
        </section>
      ) : null}
    </div>
  );
}
