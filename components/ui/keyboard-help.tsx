"use client";

import { Keyboard } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { useHotkeys } from "@/components/ui/use-hotkeys";

export type KeyHelp = { keys: string[]; description: string };

const KeyboardHelpDialog = lazy(() => import("@/components/ui/keyboard-help-dialog"));

export function Kbd({ children }: { children: string }) {
  return (
    <kbd className="inline-block min-w-[1.5rem] rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 text-center font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900">
      {children}
    </kbd>
  );
}

/** The `?` dialog listing a page's keys, and a small button that opens it. The dialog loads when first opened. */
export function KeyboardHelp({ keys, title = "Keyboard shortcuts" }: { keys: KeyHelp[]; title?: string }) {
  const [open, setOpen] = useState(false);
  const [used, setUsed] = useState(false);
  const show = () => {
    setUsed(true);
    setOpen(true);
  };
  useHotkeys({ "?": show });
  return (
    <>
      <button
        type="button"
        onClick={show}
        className="inline-flex items-center gap-1 rounded px-1.5 py-1 text-xs text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
        aria-label="Keyboard shortcuts"
        aria-haspopup="dialog"
        title="Keyboard shortcuts (?)"
      >
        <Keyboard aria-hidden className="size-4" />
        <Kbd>?</Kbd>
      </button>
      {used ? (
        <Suspense fallback={null}>
          <KeyboardHelpDialog keys={keys} title={title} open={open} onOpenChange={setOpen} />
        </Suspense>
      ) : null}
    </>
  );
}
