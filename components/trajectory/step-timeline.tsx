"use client";

import { useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ChevronDown, ChevronUp, ChevronsDownUp, ChevronsUpDown, Search } from "lucide-react";
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from "react";
import { StepCard } from "@/components/trajectory/step-card";
import { getJson } from "@/components/trajectory/get-json";
import { findInSteps, isCut, type StepMatch, type StepView } from "@/lib/trajectory-text";

export type StepTimelineHandle = {
  /** Scrolls to the step with this index and marks it current. */
  goTo: (stepIndex: number, options?: { expand?: boolean }) => void;
  next: () => void;
  previous: () => void;
  focusSearch: () => void;
};

function estimate(step: StepView): number {
  switch (step.kind) {
    case "tool_call":
      return 130;
    case "tool_result":
      return 170;
    case "reasoning":
      return 90;
    default:
      return 110;
  }
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * The steps, virtualized (only what is on screen is in the DOM, so 1,000 steps scroll as smoothly as 10), with an
 * in-page search that also finds text in collapsed, off-screen and not-yet-loaded steps.
 */
export const StepTimeline = forwardRef<StepTimelineHandle, { trajectoryId: number; steps: StepView[]; onCurrentChange?: (stepIndex: number) => void }>(
  function StepTimeline({ trajectoryId, steps, onCurrentChange }, ref) {
    const scrollRef = useRef<HTMLDivElement>(null);
    const searchRef = useRef<HTMLInputElement>(null);
    const [expanded, setExpanded] = useState<Set<number>>(() => new Set());
    const [current, setCurrent] = useState<number | null>(null);
    const positionOf = useMemo(() => new Map(steps.map((s, i) => [s.index, i])), [steps]);

    const virtualizer = useVirtualizer({
      count: steps.length,
      getScrollElement: () => scrollRef.current,
      estimateSize: (i) => estimate(steps[i]),
      overscan: 6,
      gap: 8,
      getItemKey: (i) => steps[i].index,
    });

    const toggle = useCallback((index: number) => {
      setExpanded((prev) => {
        const next = new Set(prev);
        if (next.has(index)) next.delete(index);
        else next.add(index);
        return next;
      });
    }, []);

    const goTo = useCallback(
      (stepIndex: number, { expand = false }: { expand?: boolean } = {}) => {
        const position = positionOf.get(stepIndex);
        if (position === undefined) return;
        if (expand) setExpanded((prev) => (prev.has(stepIndex) ? prev : new Set(prev).add(stepIndex)));
        setCurrent(stepIndex);
        onCurrentChange?.(stepIndex);
        virtualizer.scrollToIndex(position, { align: "start" });
        // Sizes settle after measuring; align again once rendered.
        requestAnimationFrame(() => virtualizer.scrollToIndex(position, { align: "start" }));
      },
      [positionOf, virtualizer, onCurrentChange],
    );

    // ------------------------------------------------------------------------------------------------ search
    const [needle, setNeedle] = useState("");
    const debounced = useDebounced(needle.trim(), 200);
    const anyCut = useMemo(() => steps.some(isCut), [steps]);
    const local = useMemo(() => (debounced && !anyCut ? findInSteps(steps, debounced) : null), [debounced, anyCut, steps]);
    const remote = useQuery({
      queryKey: ["trajectory-step-search", trajectoryId, debounced],
      queryFn: () => getJson<{ q: string; matches: StepMatch[] }>(`/api/v1/trajectories/${trajectoryId}/steps?q=${encodeURIComponent(debounced)}`),
      enabled: Boolean(debounced) && anyCut,
      staleTime: 60_000,
    });
    const matches: StepMatch[] = local ?? (debounced && anyCut ? (remote.data?.matches ?? []) : []);
    const totalHits = matches.reduce((sum, m) => sum + m.count, 0);
    const [matchPosition, setMatchPosition] = useState(-1);
    useEffect(() => setMatchPosition(-1), [debounced]);
    const highlight = debounced || undefined;
    const matchSet = useMemo(() => new Set(matches.map((m) => m.index)), [matches]);

    // Enter while the search is still settling (typing, or waiting for the server) jumps once the hits are known.
    const settling = needle.trim() !== debounced || (anyCut && Boolean(debounced) && remote.isFetching);
    const [queuedJump, setQueuedJump] = useState<1 | -1 | null>(null);
    const goToMatch = (delta: 1 | -1) => {
      if (settling) {
        setQueuedJump(delta);
        return;
      }
      if (!matches.length) return;
      const next = (matchPosition + delta + matches.length) % matches.length;
      setMatchPosition(next);
      goTo(matches[next].index, { expand: true });
    };

    useEffect(() => {
      if (queuedJump === null || settling) return;
      setQueuedJump(null);
      if (matches.length) {
        const next = queuedJump === 1 ? 0 : matches.length - 1;
        setMatchPosition(next);
        goTo(matches[next].index, { expand: true });
      }
    }, [queuedJump, settling, matches, goTo]);

    const step = (delta: 1 | -1) => {
      if (!steps.length) return;
      const position = current === null ? (delta === 1 ? -1 : steps.length) : (positionOf.get(current) ?? 0);
      const next = Math.max(0, Math.min(steps.length - 1, position + delta));
      goTo(steps[next].index);
    };

    useImperativeHandle(ref, () => ({
      goTo,
      next: () => step(1),
      previous: () => step(-1),
      focusSearch: () => searchRef.current?.focus(),
    }));

    const allExpanded = expanded.size >= steps.length;

    return (
      <div className="flex h-full min-h-0 flex-col">
        <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
          <div className="relative min-w-[12rem] flex-1">
            <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-zinc-500" />
            <label htmlFor="step-search" className="sr-only">
              Find in steps
            </label>
            <input
              id="step-search"
              ref={searchRef}
              type="search"
              value={needle}
              onChange={(e) => setNeedle(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  goToMatch(e.shiftKey ? -1 : 1);
                }
                if (e.key === "Escape") {
                  setNeedle("");
                  (e.target as HTMLInputElement).blur();
                }
              }}
              placeholder="Find in steps (also collapsed and off-screen ones)"
              className="w-full rounded border border-zinc-300 bg-transparent py-1 pr-2 pl-7 text-sm dark:border-zinc-700"
            />
          </div>
          {debounced || needle.trim() ? (
            <span role="status" className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
              {settling
                ? "Searching…"
                : matches.length
                  ? `${matchPosition >= 0 ? `${matchPosition + 1} of ` : ""}${matches.length} step${matches.length === 1 ? "" : "s"}, ${totalHits} hit${totalHits === 1 ? "" : "s"}`
                  : "No match"}
            </span>
          ) : null}
          <button type="button" onClick={() => goToMatch(-1)} disabled={!matches.length} className="rounded p-1 hover:bg-zinc-100 disabled:opacity-40 dark:hover:bg-zinc-800" aria-label="Previous match">
            <ChevronUp aria-hidden className="size-4" />
          </button>
          <button type="button" onClick={() => goToMatch(1)} disabled={!matches.length} className="rounded p-1 hover:bg-zinc-100 disabled:opacity-40 dark:hover:bg-zinc-800" aria-label="Next match">
            <ChevronDown aria-hidden className="size-4" />
          </button>
          <button
            type="button"
            onClick={() => setExpanded(allExpanded ? new Set() : new Set(steps.map((s) => s.index)))}
            className="inline-flex items-center gap-1 rounded px-1.5 py-1 text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            {allExpanded ? <ChevronsDownUp aria-hidden className="size-3.5" /> : <ChevronsUpDown aria-hidden className="size-3.5" />}
            {allExpanded ? "Collapse all" : "Expand all"}
          </button>
        </div>
        <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto px-3 py-3" tabIndex={-1} aria-label="Steps" role="region">
          {steps.length ? (
            <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
              {virtualizer.getVirtualItems().map((item) => {
                const s = steps[item.index];
                return (
                  <div
                    key={item.key}
                    data-index={item.index}
                    ref={virtualizer.measureElement}
                    style={{ position: "absolute", top: 0, left: 0, width: "100%", transform: `translateY(${item.start}px)` }}
                  >
                    <StepCard
                      trajectoryId={trajectoryId}
                      step={s}
                      expanded={expanded.has(s.index)}
                      onToggle={toggle}
                      highlight={highlight && matchSet.has(s.index) ? highlight : undefined}
                      current={current === s.index}
                      onLink={(index) => goTo(index)}
                    />
                  </div>
                );
              })}
            </div>
          ) : (
            <p className="text-sm text-zinc-500">This trajectory has no steps.</p>
          )}
        </div>
      </div>
    );
  },
);
