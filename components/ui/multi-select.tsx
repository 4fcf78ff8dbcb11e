"use client";

import { Check, ChevronDown, Plus } from "lucide-react";
import { Popover } from "radix-ui";
import { useId, useMemo, useState } from "react";

export type Option = { value: string; label?: string; hint?: string };

/**
 * A button that opens a checklist: pick any number of options, filter them by typing, and (with `allowCustom`) add
 * a value that is not offered. The trigger's accessible name is `label` plus what is chosen.
 */
export function MultiSelect({
  label,
  options,
  value,
  onChange,
  allowCustom = false,
  placeholder = "Any",
}: {
  label: string;
  options: Option[];
  value: string[];
  onChange: (value: string[]) => void;
  allowCustom?: boolean;
  placeholder?: string;
}) {
  const [filter, setFilter] = useState("");
  const id = useId();
  const labelOf = useMemo(() => new Map(options.map((o) => [o.value, o.label ?? o.value])), [options]);
  const all = useMemo((): Option[] => {
    const known = new Set(options.map((o) => o.value));
    return [...options, ...value.filter((v) => !known.has(v)).map((v) => ({ value: v }))];
  }, [options, value]);
  const needle = filter.trim().toLowerCase();
  const shown = needle ? all.filter((o) => `${o.value} ${o.label ?? ""}`.toLowerCase().includes(needle)) : all;
  const toggle = (v: string) => onChange(value.includes(v) ? value.filter((x) => x !== v) : [...value, v]);
  const summary = value.length === 0 ? placeholder : value.length === 1 ? (labelOf.get(value[0]) ?? value[0]) : `${value.length} selected`;

  return (
    <Popover.Root onOpenChange={(open) => !open && setFilter("")}>
      <Popover.Trigger
        aria-label={`${label}: ${value.length ? value.map((v) => labelOf.get(v) ?? v).join(", ") : placeholder}`}
        className={`inline-flex max-w-[16rem] items-center gap-1 rounded border px-2 py-1 text-sm ${
          value.length ? "border-sky-600 bg-sky-50 dark:border-sky-500 dark:bg-sky-950" : "border-zinc-300 dark:border-zinc-700"
        }`}
      >
        <span className="text-zinc-600 dark:text-zinc-400">{label}:</span>
        <span className="truncate">{summary}</span>
        <ChevronDown aria-hidden className="size-3.5 shrink-0" />
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={4}
          className="z-50 w-72 rounded-md border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-800 dark:bg-zinc-950"
        >
          <label htmlFor={`${id}-filter`} className="sr-only">
            Filter {label}
          </label>
          <input
            id={`${id}-filter`}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && allowCustom && needle && !all.some((o) => o.value.toLowerCase() === needle)) {
                e.preventDefault();
                onChange([...value, filter.trim()]);
                setFilter("");
              }
            }}
            placeholder={allowCustom ? "Filter, or type a value and Enter" : "Filter"}
            className="mb-2 w-full rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
          />
          <ul className="max-h-64 overflow-y-auto" aria-label={label}>
            {shown.map((o) => {
              const checked = value.includes(o.value);
              return (
                <li key={o.value}>
                  <label className="flex cursor-pointer items-start gap-2 rounded px-1.5 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-900">
                    <input type="checkbox" checked={checked} onChange={() => toggle(o.value)} className="mt-0.5" />
                    <span className="min-w-0 flex-1 break-words">
                      {o.label ?? o.value}
                      {o.hint ? <span className="block text-xs text-zinc-500">{o.hint}</span> : null}
                    </span>
                    {checked ? <Check aria-hidden className="size-3.5 text-sky-700" /> : null}
                  </label>
                </li>
              );
            })}
            {!shown.length ? <li className="px-1.5 py-1 text-sm text-zinc-500">Nothing matches.</li> : null}
          </ul>
          {allowCustom && needle && !all.some((o) => o.value.toLowerCase() === needle) ? (
            <button
              type="button"
              onClick={() => {
                onChange([...value, filter.trim()]);
                setFilter("");
              }}
              className="mt-1 inline-flex items-center gap-1 rounded px-1.5 py-1 text-sm text-sky-800 hover:bg-zinc-100 dark:text-sky-300 dark:hover:bg-zinc-900"
            >
              <Plus aria-hidden className="size-3.5" /> Add “{filter.trim()}”
            </button>
          ) : null}
          {value.length ? (
            <button type="button" onClick={() => onChange([])} className="mt-1 block px-1.5 text-xs text-zinc-600 hover:underline dark:text-zinc-400">
              Clear {label.toLowerCase()}
            </button>
          ) : null}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
