"use client";

import { useEffect, useRef } from "react";

/** True when a key press belongs to what the user is typing (a field, an editable element, an open menu). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (target as HTMLInputElement).type;
    return !["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"].includes(type);
  }
  return target.closest("[role=menu],[role=listbox],[role=combobox]") !== null;
}

/**
 * Single-key shortcuts (`j`, `k`, `?`, `/` …) for a page. Keys never fire while the user types in a field, with a
 * modifier held (browser and OS shortcuts stay theirs), or while a dialog is open (unless `inDialogs`).
 */
export function useHotkeys(bindings: Record<string, (event: KeyboardEvent) => void>, { enabled = true, inDialogs = false } = {}) {
  const ref = useRef(bindings);
  useEffect(() => {
    ref.current = bindings;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      if (!inDialogs && document.querySelector("[role=dialog][data-state=open],[role=alertdialog][data-state=open]")) return;
      const handler = ref.current[event.key];
      if (!handler) return;
      event.preventDefault();
      handler(event);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled, inDialogs]);
}
