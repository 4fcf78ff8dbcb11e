"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { claimResponseSchema, submitResponseSchema, type QueueItemViewData } from "@/components/annotate/api-schemas";
import { pickChoice, RubricFields } from "@/components/annotate/rubric-fields";
import { buttonClass, secondaryButtonClass } from "@/components/settings/styles";
import { Correctness } from "@/components/trajectory/correctness";
import { getJson } from "@/components/trajectory/get-json";
import { LinkedCritique } from "@/components/trajectory/judgment-panel";
import { StepTimeline, type StepTimelineHandle } from "@/components/trajectory/step-timeline";
import { KeyboardHelp, type KeyHelp } from "@/components/ui/keyboard-help";
import { ScoreBadge } from "@/components/ui/score-badge";
import { useHotkeys } from "@/components/ui/use-hotkeys";
import { fetchJson } from "@/lib/http/fetch-json";
import type { Answers, FieldError, Rubric } from "@/lib/rubric";
import { validateAnswers } from "@/lib/rubric";
import type { TrajectoryDetail } from "@/lib/trajectory-schemas";

const KEYS: KeyHelp[] = [
  { keys: ["1", "…", "9"], description: "Pick an answer of the highlighted question (toggle for multi-select)" },
  { keys: ["↓", "↑"], description: "Next / previous question" },
  { keys: ["Enter"], description: "Submit and go to the next item" },
  { keys: ["→", "←"], description: "Next / previous item" },
  { keys: ["s"], description: "Skip this item" },
  { keys: ["Esc"], description: "Leave a text field (keys work again)" },
  { keys: ["?"], description: "This help" },
];

/**
 * An annotator's work view of a queue: the trajectory's steps on the left, the RRM judgment and the rubric on the
 * right. Keyboard-first; nothing fires while typing in a field.
 */
export function QueueWork({ queueId, rubric }: { queueId: number; rubric: Rubric }) {
  const [item, setItem] = useState<QueueItemViewData | null | undefined>(undefined);
  const [detail, setDetail] = useState<TrajectoryDetail | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [active, setActive] = useState(0);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const timeline = useRef<StepTimelineHandle>(null);

  const show = useCallback((next: QueueItemViewData | null) => {
    setItem(next);
    setAnswers((next?.mine?.answers as Answers) ?? {});
    setActive(0);
    setErrors([]);
  }, []);

  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
    } catch (error) {
      setMessage({ error: true, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  }, []);

  const claimNext = useCallback(() => run(async () => show((await fetchJson(`/api/v1/queues/${queueId}/next`, claimResponseSchema, { method: "POST" })).item)), [queueId, run, show]);
  useEffect(() => {
    void claimNext();
  }, [claimNext]);

  useEffect(() => {
    if (!item) return;
    let cancelled = false;
    setDetail(null);
    getJson<TrajectoryDetail>(`/api/v1/trajectories/${item.trajectoryId}`)
      .then((d) => !cancelled && setDetail(d))
      .catch((error: Error) => !cancelled && setMessage({ error: true, text: error.message }));
    return () => {
      cancelled = true;
    };
  }, [item?.trajectoryId, item]);

  const goTo = (itemId: number | null) => {
    if (itemId === null || busy) return;
    void run(async () => show((await fetchJson(`/api/v1/queues/${queueId}/items/${itemId}/claim`, claimResponseSchema, { method: "POST" })).item));
  };
  const submit = () => {
    if (!item || busy) return;
    const checked = validateAnswers(rubric.questions, answers);
    if (!checked.ok) {
      setErrors(checked.errors);
      setActive(Math.max(0, rubric.questions.findIndex((q) => checked.errors.some((e) => e.path === `answers.${q.id}`))));
      setMessage({ error: true, text: "Answer the highlighted questions first" });
      return;
    }
    void run(async () => {
      const result = await fetchJson(`/api/v1/queues/${queueId}/items/${item.itemId}/submit?next=1`, submitResponseSchema, {
        method: "POST",
        body: { answers: checked.answers, baseUpdatedAt: item.mine?.updatedAt ?? null },
      });
      show(result.next ?? null);
      setMessage({ error: false, text: `Item ${item.position} saved` });
    });
  };
  const skip = () => {
    if (!item || busy) return;
    void run(async () => {
      await fetchJson(`/api/v1/queues/${queueId}/items/${item.itemId}/skip`, null, { method: "POST" });
      show((await fetchJson(`/api/v1/queues/${queueId}/next`, claimResponseSchema, { method: "POST" })).item);
      setMessage({ error: false, text: `Item ${item.position} skipped` });
    });
  };

  const digits = Object.fromEntries(
    Array.from({ length: 9 }, (_, i) => [String(i + 1), () => rubric.questions[active] && setAnswers((a) => pickChoice(rubric.questions[active], a, i + 1))]),
  );
  useHotkeys({
    ...digits,
    ArrowDown: () => setActive((i) => Math.min(rubric.questions.length - 1, i + 1)),
    ArrowUp: () => setActive((i) => Math.max(0, i - 1)),
    ArrowRight: () => goTo(item?.nextItemId ?? null),
    ArrowLeft: () => goTo(item?.previousItemId ?? null),
    Enter: submit,
    s: skip,
  });

  if (item === undefined) return <p className="p-4 text-sm text-zinc-500">Finding your next item…</p>;
  if (item === null) {
    return (
      <div className="p-4 text-sm" role="status">
        <p className="font-medium">Nothing left for you in this queue.</p>
        {message ? <p className={message.error ? "text-red-700 dark:text-red-400" : "text-zinc-600"}>{message.text}</p> : null}
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">
          Every item is done, skipped by you, or taken by other annotators. <Link className="underline" href={`/annotate/queues/${queueId}`}>See the queue&apos;s progress</Link>.
        </p>
      </div>
    );
  }
  const judgment = detail?.judgments.find((j) => j.id === item.judgmentId) ?? null;
  const activeQuestion = rubric.questions[active];

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-1.5 text-sm dark:border-zinc-800">
        <span aria-label="Position">
          Item <strong>{item.position}</strong> of {item.total}
        </span>
        <span className="text-zinc-500">
          {item.claim?.state === "done" ? "you annotated this (editing)" : item.claim?.expiresAt ? `locked for you until ${new Date(item.claim.expiresAt).toLocaleTimeString()}` : ""}
        </span>
        <Link className="text-sky-700 underline dark:text-sky-400" href={`/trajectories/${item.trajectoryId}`}>
          Trajectory {item.trajectoryId}
        </Link>
        <span className="ml-auto flex items-center gap-2">
          <button type="button" className={secondaryButtonClass} onClick={() => goTo(item.previousItemId)} disabled={busy || item.previousItemId === null}>
            ← Previous
          </button>
          <button type="button" className={secondaryButtonClass} onClick={() => goTo(item.nextItemId)} disabled={busy || item.nextItemId === null}>
            Next →
          </button>
          <KeyboardHelp keys={KEYS} title="Annotation keys" />
        </span>
      </div>
      {message ? (
        <p role={message.error ? "alert" : "status"} className={`px-3 py-1 text-sm ${message.error ? "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200" : "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"}`}>
          {message.text}
        </p>
      ) : null}
      <div className="grid min-h-0 flex-1 grid-cols-1 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <section aria-label="Trajectory" className="min-h-0 overflow-auto border-r border-zinc-200 dark:border-zinc-800">
          {detail ? (
            <>
              <div className="border-b border-zinc-200 p-3 text-sm dark:border-zinc-800">
                <p className="text-xs text-zinc-500">
                  {detail.run.name} · {detail.task.benchmark}
                  {detail.task.level ? ` L${detail.task.level}` : ""}
                </p>
                <p className="mt-1 whitespace-pre-wrap break-words font-medium">{detail.task.question}</p>
                <p className="mt-1 flex flex-wrap items-center gap-2">
                  <span>Answer: <span className="font-mono">{detail.finalAnswer ?? "—"}</span></span>
                  <Correctness correct={detail.correct} />
                </p>
              </div>
              <StepTimeline ref={timeline} trajectoryId={detail.id} steps={detail.steps} />
            </>
          ) : (
            <p className="p-4 text-sm text-zinc-500">Loading the trajectory…</p>
          )}
        </section>
        <section aria-label="Judgment and rubric" className="min-h-0 space-y-3 overflow-auto p-3">
          {judgment ? (
            <div className="space-y-2 rounded border border-zinc-200 p-2 dark:border-zinc-800">
              <p className="flex items-center gap-2 text-sm">
                <span className="font-semibold">RRM judgment</span>
                <span className="text-xs text-zinc-500">{judgment.rrmModel}</span>
                <ScoreBadge score={judgment.score} />
              </p>
              {judgment.critique && detail ? (
                <LinkedCritique critique={judgment.critique} steps={detail.steps} onStep={(i) => timeline.current?.goTo(i)} />
              ) : (
                <p className="text-sm text-zinc-500">No critique.</p>
              )}
              {judgment.reasoning ? (
                <details className="text-sm">
                  <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">RRM reasoning</summary>
                  <p className="mt-1 whitespace-pre-wrap break-words">{judgment.reasoning}</p>
                </details>
              ) : null}
            </div>
          ) : detail ? (
            <p className="text-sm text-zinc-500">This item has no RRM judgment: rate the trajectory.</p>
          ) : null}
          <form
            aria-label="Rubric"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <p className="mb-2 text-xs text-zinc-500">
              {rubric.name} v{rubric.version} · keys answer <strong>{activeQuestion?.label}</strong>
            </p>
            <RubricFields questions={rubric.questions} answers={answers} onChange={setAnswers} active={active} onActive={setActive} errors={errors} disabled={busy} />
            <div className="mt-3 flex items-center gap-2">
              <button type="submit" className={buttonClass} disabled={busy}>
                Submit and next
              </button>
              <button type="button" className={secondaryButtonClass} onClick={skip} disabled={busy || item.claim?.state === "done"}>
                Skip
              </button>
            </div>
          </form>
          {item.others ? (
            <div className="text-sm">
              <h3 className="font-semibold">Other annotators</h3>
              {item.others.length ? (
                <ul className="mt-1 space-y-1">
                  {item.others.map((o, i) => (
                    <li key={i} className="text-xs">
                      <span className="font-medium">{o.annotatorName}:</span>{" "}
                      {rubric.questions
                        .filter((q) => o.answers[q.id] !== undefined)
                        .map((q) => `${q.id}=${Array.isArray(o.answers[q.id]) ? (o.answers[q.id] as string[]).join("+") : String(o.answers[q.id])}`)
                        .join(", ")}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-xs text-zinc-500">None yet.</p>
              )}
            </div>
          ) : (
            <p className="text-xs text-zinc-500">Blind queue: other annotators&apos; answers show once you have submitted yours.</p>
          )}
        </section>
      </div>
    </div>
  );
}
