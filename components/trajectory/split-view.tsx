"use client";

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";

const STORAGE_KEY = "rw.trajectory.split";
const MIN = 25;
const MAX = 80;

/**
 * Two panes side by side that scroll on their own, with a divider to drag (or focus and move with the arrow keys;
 * Home/End for the extremes). The left pane's share is remembered in localStorage.
 */
export function SplitView({ left, right, leftLabel, rightLabel }: { left: ReactNode; right: ReactNode; leftLabel: string; rightLabel: string }) {
  const [share, setShare] = useState(58);
  const container = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  useEffect(() => {
    const saved = Number(localStorage.getItem(STORAGE_KEY));
    if (saved >= MIN && saved <= MAX) setShare(saved);
  }, []);
  const set = useCallback((value: number) => {
    const clamped = Math.max(MIN, Math.min(MAX, Math.round(value)));
    setShare(clamped);
    try {
      localStorage.setItem(STORAGE_KEY, String(clamped));
    } catch {
      // ignore (private mode)
    }
  }, []);

  useEffect(() => {
    const move = (event: PointerEvent) => {
      if (!dragging.current || !container.current) return;
      const box = container.current.getBoundingClientRect();
      set(((event.clientX - box.left) / box.width) * 100);
    };
    const up = () => {
      dragging.current = false;
      document.body.style.userSelect = "";
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    return () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
  }, [set]);

  return (
    <div ref={container} className="flex min-h-0 flex-1 overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-800">
      <section aria-label={leftLabel} className="min-h-0 min-w-0 overflow-hidden" style={{ width: `${share}%` }}>
        {left}
      </section>
      <div
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize the panes"
        aria-valuemin={MIN}
        aria-valuemax={MAX}
        aria-valuenow={share}
        tabIndex={0}
        onPointerDown={(event) => {
          dragging.current = true;
          document.body.style.userSelect = "none";
          event.preventDefault();
        }}
        onKeyDown={(event) => {
          if (event.key === "ArrowLeft") set(share - 5);
          else if (event.key === "ArrowRight") set(share + 5);
          else if (event.key === "Home") set(MIN);
          else if (event.key === "End") set(MAX);
          else return;
          event.preventDefault();
        }}
        className="w-1.5 shrink-0 cursor-col-resize bg-zinc-200 hover:bg-sky-400 focus-visible:bg-sky-500 dark:bg-zinc-800"
      />
      <section aria-label={rightLabel} className="min-h-0 min-w-0 flex-1 overflow-hidden">
        {right}
      </section>
    </div>
  );
}
