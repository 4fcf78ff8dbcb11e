"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, Brain, ChevronDown, ChevronRight, Flag, Link2, MessageSquare, Terminal, Wrench } from "lucide-react";
import { lazy, memo, Suspense, useState, type ReactNode } from "react";
import { formatCount } from "@/components/ui/format";
import { getJson } from "@/components/trajectory/get-json";
import type { Step } from "@/lib/formats/trajectory-schema";
import { formatJson, splitMatches, stripAnsi, type StepView } from "@/lib/trajectory-text";

const SafeMarkdown = lazy(() => import("@/components/trajectory/safe-markdown").then((m) => ({ default: m.SafeMarkdown })));

/** Text longer than this is rendered in chunks of this size (a 10 MB line must not freeze the page). */
const CHUNK_CHARS = 100_000;
/** Markdown is rendered up to this size; longer texts are shown as plain text. */
const MARKDOWN_MAX_CHARS = 20_000;
/** A collapsed tool result shows this many lines / characters. */
const COLLAPSED_LINES = 8;
const COLLAPSED_CHARS = 600;
/** Up to this size a step's full text is fetched by itself when a search hit lies beyond its preview. */
const AUTO_LOAD_MAX_CHARS = 2_000_000;

const KIND_LABELS: Record<StepView["kind"], string> = {
  reasoning: "Reasoning",
  tool_call: "Tool call",
  tool_result: "Tool result",
  message: "Message",
  final_answer: "Final answer",
};

function KindIcon({ kind }: { kind: StepView["kind"] }) {
  const className = "size-3.5 shrink-0";
  switch (kind) {
    case "reasoning":
      return <Brain aria-hidden className={className} />;
    case "tool_call":
      return <Wrench aria-hidden className={className} />;
    case "tool_result":
      return <Terminal aria-hidden className={className} />;
    case "final_answer":
      return <Flag aria-hidden className={className} />;
    default:
      return <MessageSquare aria-hidden className={className} />;
  }
}

/** Plain text with the search hits marked. React escapes everything: agent output is never HTML here. */
export function Highlighted({ text, highlight }: { text: string; highlight?: string }) {
  if (!highlight) return <>{text}</>;
  return (
    <>
      {splitMatches(text, highlight).map((part, i) =>
        part.match ? (
          <mark key={i} className="rounded-sm bg-amber-200 text-zinc-950 dark:bg-amber-400">
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </>
  );
}

/** Long text in chunks: the first CHUNK_CHARS, then more on request. */
function ChunkedText({ text, highlight, mono }: { text: string; highlight?: string; mono: boolean }) {
  const [chunks, setChunks] = useState(1);
  const shown = text.length > chunks * CHUNK_CHARS ? text.slice(0, chunks * CHUNK_CHARS) : text;
  const Tag = mono ? "pre" : "div";
  return (
    <>
      <Tag className={`${mono ? "font-mono text-xs leading-relaxed" : "text-sm leading-relaxed"} whitespace-pre-wrap break-words [overflow-wrap:anywhere]`}>
        <Highlighted text={shown} highlight={highlight} />
      </Tag>
      {shown.length < text.length ? (
        <button type="button" className="mt-1 text-xs text-sky-800 underline dark:text-sky-300" onClick={() => setChunks((n) => n + 1)}>
          Show the next {formatCount(Math.min(CHUNK_CHARS, text.length - shown.length))} characters ({formatCount(text.length - shown.length)} left)
        </button>
      ) : null}
    </>
  );
}

function collapse(text: string): { text: string; cut: boolean } {
  const lines = text.split("\n");
  let short = lines.length > COLLAPSED_LINES ? lines.slice(0, COLLAPSED_LINES).join("\n") : text;
  if (short.length > COLLAPSED_CHARS) short = short.slice(0, COLLAPSED_CHARS);
  return { text: short, cut: short.length < text.length };
}

type StepCardProps = {
  trajectoryId: number;
  step: StepView;
  expanded: boolean;
  onToggle: (index: number) => void;
  highlight?: string;
  current: boolean;
  onLink: (index: number) => void;
};

/** One step of the timeline. Agent text is rendered as React text, or as sanitized markdown for messages. */
export const StepCard = memo(function StepCard({ trajectoryId, step, expanded, onToggle, highlight, current, onLink }: StepCardProps) {
  const [wantFull, setWantFull] = useState(false);
  // A search hit beyond the preview: fetch the full text (up to a few MB) so the hit can be shown and marked.
  const hitBeyondPreview =
    Boolean(highlight) &&
    expanded &&
    step.textLength !== undefined &&
    step.textLength <= AUTO_LOAD_MAX_CHARS &&
    !(step.text ?? "").toLowerCase().includes(highlight!.toLowerCase());
  const full = useQuery({
    queryKey: ["trajectory-step", trajectoryId, step.index],
    queryFn: () => getJson<Step>(`/api/v1/trajectories/${trajectoryId}/steps/${step.index}`),
    enabled: wantFull || hitBeyondPreview,
    staleTime: Infinity,
  });
  const fullStep = wantFull || hitBeyondPreview ? full.data : undefined;
  const rawText = fullStep?.text ?? step.text ?? "";
  const text = stripAnsi(rawText);
  const hasMore = step.textLength !== undefined && !fullStep;
  const argsText = fullStep?.tool ? formatJson(fullStep.tool.arguments) : (step.argumentsPreview ?? (step.tool ? formatJson(step.tool.arguments) : ""));
  const argsCut = step.argumentsLength !== undefined && !fullStep;

  const collapsible = step.kind === "reasoning" || step.kind === "tool_result" || (step.kind === "message" && text.length > COLLAPSED_CHARS);
  const isOpen = !collapsible || expanded;
  const isError = step.kind === "tool_result" && step.result?.isError;

  let body: ReactNode;
  if (step.kind === "tool_call") {
    body = (
      <div>
        <div className="mb-1 font-mono text-sm font-semibold">{step.tool?.name ?? "(unnamed tool)"}</div>
        {step.text ? <div className="mb-1 text-sm whitespace-pre-wrap break-words"><Highlighted text={text} highlight={highlight} /></div> : null}
        <pre aria-label="Arguments" className="rounded bg-zinc-50 p-2 font-mono text-xs whitespace-pre-wrap break-words [overflow-wrap:anywhere] dark:bg-zinc-900">
          <Highlighted text={argsText} highlight={highlight} />
        </pre>
        {argsCut ? <LoadMore length={step.argumentsLength!} loading={full.isFetching} error={full.error} onLoad={() => setWantFull(true)} what="arguments" /> : null}
      </div>
    );
  } else if (!isOpen) {
    const short = collapse(text);
    body = (
      <button type="button" onClick={() => onToggle(step.index)} className="block w-full text-left" aria-expanded={false} aria-label={`Expand step ${step.index}`}>
        <pre className={`${step.kind === "tool_result" ? "font-mono text-xs" : "font-sans text-sm italic text-zinc-600 dark:text-zinc-400"} line-clamp-[8] whitespace-pre-wrap break-words [overflow-wrap:anywhere]`}>
          <Highlighted text={short.text} highlight={highlight} />
          {short.cut || hasMore ? "…" : ""}
        </pre>
        {short.cut || hasMore ? (
          <span className="mt-1 inline-block text-xs text-sky-800 dark:text-sky-300">Show all ({formatCount(step.textLength ?? text.length)} characters)</span>
        ) : null}
      </button>
    );
  } else {
    const markdown = (step.kind === "message" || step.kind === "final_answer") && !highlight && text.length <= MARKDOWN_MAX_CHARS;
    body = (
      <div>
        {markdown ? (
          <div className="text-sm leading-relaxed">
            {/* Loaded on first use (keeps the page's first JS small); the same text shows as plain text meanwhile. */}
            <Suspense fallback={<div className="whitespace-pre-wrap break-words">{text}</div>}>
              <SafeMarkdown text={text} />
            </Suspense>
          </div>
        ) : (
          <ChunkedText text={text} highlight={highlight} mono={step.kind === "tool_result"} />
        )}
        {hasMore ? <LoadMore length={step.textLength!} loading={full.isFetching} error={full.error} onLoad={() => setWantFull(true)} what="text" /> : null}
        {step.kind === "final_answer" && step.answer ? (
          <p className="mt-1 text-sm">
            Extracted answer: <span className="font-mono font-semibold"><Highlighted text={step.answer} highlight={highlight} /></span>
          </p>
        ) : null}
      </div>
    );
  }

  return (
    <article
      id={`step-${step.index}`}
      aria-label={`Step ${step.index}: ${KIND_LABELS[step.kind]}${step.tool ? ` ${step.tool.name}` : ""}`}
      className={`rounded-md border px-3 py-2 ${current ? "border-sky-600 ring-1 ring-sky-600 dark:border-sky-500" : "border-zinc-200 dark:border-zinc-800"} ${
        step.kind === "final_answer" ? "bg-zinc-50 dark:bg-zinc-900/60" : ""
      }`}
    >
      <header className="mb-1 flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        {collapsible ? (
          <button
            type="button"
            onClick={() => onToggle(step.index)}
            aria-expanded={isOpen}
            aria-label={`${isOpen ? "Collapse" : "Expand"} step ${step.index}`}
            className="rounded p-0.5 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            {isOpen ? <ChevronDown aria-hidden className="size-3.5" /> : <ChevronRight aria-hidden className="size-3.5" />}
          </button>
        ) : null}
        <span className="font-mono text-zinc-500">#{step.index}</span>
        <span className="inline-flex items-center gap-1 font-medium text-zinc-800 dark:text-zinc-200">
          <KindIcon kind={step.kind} />
          {KIND_LABELS[step.kind]}
          {step.kind === "tool_result" && step.result?.name ? <span className="font-mono font-normal">· {step.result.name}</span> : null}
        </span>
        {step.role && step.kind === "message" ? <span>{step.role}</span> : null}
        {isError ? (
          <span className="inline-flex items-center gap-0.5 font-medium text-incorrect">
            <AlertTriangle aria-hidden className="size-3" /> tool error
          </span>
        ) : null}
        {step.result?.truncated ? <span title="The agent framework cut this output before the model saw it">cut by the agent framework</span> : null}
        <span className="ml-auto flex items-center gap-2 tabular-nums">
          {step.tokens !== undefined ? <span>{formatCount(step.tokens)} tok</span> : null}
          {step.durationMs !== undefined ? <span>{(step.durationMs / 1000).toFixed(1)} s</span> : null}
          <button type="button" onClick={() => onLink(step.index)} className="rounded p-0.5 hover:bg-zinc-100 dark:hover:bg-zinc-800" aria-label={`Link to step ${step.index}`} title="Link to this step">
            <Link2 aria-hidden className="size-3.5" />
          </button>
        </span>
      </header>
      {body}
    </article>
  );
});

function LoadMore({ length, loading, error, onLoad, what }: { length: number; loading: boolean; error: Error | null; onLoad: () => void; what: string }) {
  return (
    <div className="mt-1 text-xs">
      <button type="button" onClick={onLoad} disabled={loading} className="text-sky-800 underline disabled:opacity-60 dark:text-sky-300">
        {loading ? "Loading…" : `Load the full ${what} (${formatCount(length)} characters)`}
      </button>
      {error ? <span role="alert" className="ml-2 text-incorrect">Could not load it: {error.message}</span> : null}
    </div>
  );
}
