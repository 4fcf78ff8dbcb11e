"use client";

import { diffWordsWithSpace } from "diff";
import { ArrowDown } from "lucide-react";
import Link from "next/link";
import { Correctness } from "@/components/trajectory/correctness";
import { ScoreBadge } from "@/components/ui/score-badge";
import type { Attempt, TrajectoryDetail } from "@/lib/trajectory-schemas";
import { stripAnsi } from "@/lib/trajectory-text";

/** Word diff of two answers: removed words struck through, added ones underlined (no colour: colour means correctness). */
export function AnswerDiff({ before, after }: { before: string; after: string }) {
  const parts = diffWordsWithSpace(stripAnsi(before), stripAnsi(after));
  return (
    <p className="font-mono text-sm break-words whitespace-pre-wrap" aria-label="Answer diff">
      {parts.map((part, i) =>
        part.removed ? (
          <del key={i} className="bg-zinc-200 text-zinc-600 decoration-2 dark:bg-zinc-800 dark:text-zinc-400" aria-label={`removed: ${part.value}`}>
            {part.value}
          </del>
        ) : part.added ? (
          <ins key={i} className="bg-sky-100 font-semibold decoration-2 underline-offset-2 dark:bg-sky-900" aria-label={`added: ${part.value}`}>
            {part.value}
          </ins>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </p>
  );
}

function AttemptCard({ attempt, title, isThis, listParam }: { attempt: Attempt; title: string; isThis: boolean; listParam: string }) {
  return (
    <div className={`rounded-md border p-3 ${isThis ? "border-sky-600 dark:border-sky-500" : "border-zinc-200 dark:border-zinc-800"}`}>
      <div className="mb-1 flex items-center justify-between gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        <span className="font-medium text-zinc-900 dark:text-zinc-100">{title}</span>
        {isThis ? (
          <span>this trajectory</span>
        ) : (
          <Link href={`/trajectories/${attempt.id}${listParam}`} className="text-sky-800 underline dark:text-sky-300">
            Open #{attempt.id}
          </Link>
        )}
      </div>
      <p className="font-mono text-sm break-words">{attempt.finalAnswer ?? <span className="text-zinc-500">no answer</span>}</p>
      <div className="mt-2 flex flex-wrap items-center gap-3 text-xs">
        <Correctness correct={attempt.correct} />
        <span className="inline-flex items-center gap-1">
          RRM <ScoreBadge score={attempt.rrmScore} />
        </span>
        <span>{attempt.stepCount} steps</span>
        {attempt.termination ? <span>{attempt.termination}</span> : null}
      </div>
    </div>
  );
}

function change(before: Attempt, after: Attempt): string {
  const outcome = (c: boolean | null) => (c === null ? "ungraded" : c ? "correct" : "incorrect");
  const parts: string[] = [];
  parts.push(before.correct === after.correct ? `still ${outcome(after.correct)}` : `${outcome(before.correct)} → ${outcome(after.correct)}`);
  if (before.rrmScore !== null && after.rrmScore !== null) {
    const delta = after.rrmScore - before.rrmScore;
    parts.push(`RRM score ${before.rrmScore.toFixed(2)} → ${after.rrmScore.toFixed(2)} (${delta >= 0 ? "+" : ""}${delta.toFixed(2)})`);
  }
  return parts.join(", ");
}

/** A first attempt, the critique it got, and the critique-conditioned retry (Reagent-C/U), with what changed. */
export function AttemptsPanel({ detail, listParam }: { detail: TrajectoryDetail; listParam: string }) {
  const latest = detail.judgments[0] ?? null;
  const self: Attempt = {
    id: detail.id,
    stage: detail.stage,
    rolloutIndex: detail.rolloutIndex,
    finalAnswer: detail.finalAnswer,
    correct: detail.correct,
    ruleReward: detail.ruleReward,
    rrmScore: detail.rrmScore,
    stepCount: detail.stepCount,
    termination: detail.termination,
    critique: latest?.critique ?? null,
    critiqueModel: latest?.rrmModel ?? null,
  };
  const pairs: { first: Attempt; retry: Attempt }[] = detail.parent
    ? [{ first: detail.parent, retry: self }]
    : detail.refinements.map((retry) => ({ first: self, retry }));

  if (!pairs.length) {
    return (
      <div className="p-4 text-sm text-zinc-600 dark:text-zinc-400">
        <p className="font-medium text-zinc-900 dark:text-zinc-100">No other attempt.</p>
        <p className="mt-1">
          {detail.stage === "refined"
            ? "This is a refined retry, but the attempt it refines is not stored in this run."
            : "No critique-refined retry (Reagent-C/U) of this attempt is stored."}
        </p>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-6 p-4">
      {pairs.map(({ first, retry }) => (
        <section key={retry.id} aria-label={`First attempt #${first.id} and refined retry #${retry.id}`} className="flex flex-col gap-2">
          <AttemptCard attempt={first} title="First attempt" isThis={first.id === detail.id} listParam={listParam} />
          <div className="flex flex-col items-center gap-1">
            <ArrowDown aria-hidden className="size-4 text-zinc-400" />
            <div className="w-full rounded-md bg-zinc-50 p-3 text-sm dark:bg-zinc-900">
              <p className="mb-1 text-xs text-zinc-500">Critique fed back{first.critiqueModel ? ` (${first.critiqueModel})` : ""}</p>
              <p className="leading-relaxed whitespace-pre-wrap break-words">{first.critique ? stripAnsi(first.critique) : "No critique stored for the first attempt."}</p>
            </div>
            <ArrowDown aria-hidden className="size-4 text-zinc-400" />
          </div>
          <AttemptCard attempt={retry} title="Refined retry" isThis={retry.id === detail.id} listParam={listParam} />
          <div className="rounded-md border border-dashed border-zinc-300 p-3 dark:border-zinc-700">
            <p className="mb-1 text-xs text-zinc-500">Answers, first → retry</p>
            <AnswerDiff before={first.finalAnswer ?? ""} after={retry.finalAnswer ?? ""} />
            <p className="mt-2 text-sm" role="status">
              {change(first, retry)}
            </p>
          </div>
        </section>
      ))}
    </div>
  );
}
