"use client";

import { SlidersHorizontal, X } from "lucide-react";
import { Popover } from "radix-ui";
import { useEffect, useId, useRef, useState } from "react";
import { inputClass, secondaryButtonClass } from "@/components/settings/styles";
import { variantLabel } from "@/lib/variant-label";
import { MultiSelect } from "@/components/ui/multi-select";
import { RUN_VARIANTS, SORT_KEYS, SORT_LABELS, type TrajectoryQuery } from "@/lib/trajectory-query";
import type { TrajectoryFacets } from "@/lib/trajectory-schemas";

type Update = (patch: Partial<TrajectoryQuery>, options?: { replace?: boolean }) => void;

const CORRECT_LABELS = { true: "correct", false: "incorrect", unknown: "ungraded" } as const;

function NumberField({
  label,
  value,
  onCommit,
  step,
  min,
  max,
  width = "w-20",
}: {
  label: string;
  value: number | undefined;
  onCommit: (value: number | undefined) => void;
  step: number;
  min: number;
  max?: number;
  width?: string;
}) {
  const id = useId();
  const [text, setText] = useState(value === undefined ? "" : String(value));
  useEffect(() => setText(value === undefined ? "" : String(value)), [value]);
  const commit = () => {
    const trimmed = text.trim();
    if (trimmed === "") return onCommit(undefined);
    const n = Number(trimmed);
    if (Number.isFinite(n) && n >= min && (max === undefined || n <= max)) onCommit(n);
    else setText(value === undefined ? "" : String(value));
  };
  return (
    <span className="inline-flex items-center gap-1">
      <label htmlFor={id} className="text-xs text-zinc-600 dark:text-zinc-400">
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        step={step}
        min={min}
        max={max}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
        className={`${inputClass} ${width}`}
      />
    </span>
  );
}

function Choice<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T | undefined;
  options: { value: T; label: string }[];
  onChange: (value: T | undefined) => void;
}) {
  const id = useId();
  return (
    <span className="inline-flex items-center gap-1">
      <label htmlFor={id} className="text-sm text-zinc-600 dark:text-zinc-400">
        {label}
      </label>
      <select id={id} value={value ?? ""} onChange={(e) => onChange((e.target.value || undefined) as T | undefined)} className={inputClass}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </span>
  );
}

/** The search box: applies as you type (debounced), at once on Enter. `/` focuses it. */
export function SearchBox({ value, onChange }: { value: string | undefined; onChange: (q: string | undefined, immediate: boolean) => void }) {
  const [text, setText] = useState(value ?? "");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => setText(value ?? ""), [value]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const push = (next: string, immediate: boolean) => {
    if (timer.current) clearTimeout(timer.current);
    const apply = () => onChange(next.trim() ? next.trim() : undefined, immediate);
    if (immediate) apply();
    else timer.current = setTimeout(apply, 350);
  };
  return (
    <div className="relative min-w-[16rem] flex-1">
      <label htmlFor="trajectory-search" className="sr-only">
        Search questions, steps, answers and critiques
      </label>
      <input
        id="trajectory-search"
        type="search"
        value={text}
        maxLength={500}
        onChange={(e) => {
          setText(e.target.value);
          push(e.target.value, false);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") push(text, true);
          if (e.key === "Escape") (e.target as HTMLInputElement).blur();
        }}
        placeholder='Search questions, steps, answers, critiques — words, "a phrase", or, -not'
        className={`${inputClass} w-full`}
      />
    </div>
  );
}

export function TrajectoryFilters({ query, facets, update }: { query: TrajectoryQuery; facets: TrajectoryFacets; update: Update }) {
  const levels = [
    ...new Set(
      facets.benchmarks.filter((b) => !query.benchmark.length || query.benchmark.includes(b.benchmark)).flatMap((b) => b.levels),
    ),
  ];
  const moreCount =
    [query.variant, query.termination, query.errorTag, query.tool].filter((list) => list.length > 0).length +
    [query.stage, query.rrmModel, query.judged, query.annotated, query.minSteps, query.maxSteps, query.minTokens, query.maxTokens].filter(
      (v) => v !== undefined,
    ).length;

  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Filters">
      <MultiSelect
        label="Run"
        options={facets.runs.map((r) => ({ value: String(r.id), label: r.name, hint: variantLabel(r.variant) }))}
        value={query.run.map(String)}
        onChange={(v) => update({ run: v.map(Number).filter((n) => Number.isInteger(n) && n > 0) })}
      />
      <MultiSelect
        label="Benchmark"
        options={facets.benchmarks.map((b) => ({ value: b.benchmark }))}
        value={query.benchmark}
        onChange={(benchmark) => update({ benchmark })}
        allowCustom
      />
      {levels.length || query.level.length ? (
        <MultiSelect label="Level" options={levels.map((l) => ({ value: l }))} value={query.level} onChange={(level) => update({ level })} allowCustom />
      ) : null}
      <Choice
        label="Outcome"
        value={query.correct}
        options={(["true", "false", "unknown"] as const).map((v) => ({ value: v, label: CORRECT_LABELS[v] }))}
        onChange={(correct) => update({ correct })}
      />
      <span className="inline-flex items-center gap-1.5" role="group" aria-label="RRM score range">
        <NumberField label="Score ≥" value={query.minScore} step={0.05} min={0} max={1} onCommit={(minScore) => update({ minScore })} width="w-16" />
        <NumberField label="≤" value={query.maxScore} step={0.05} min={0} max={1} onCommit={(maxScore) => update({ maxScore })} width="w-16" />
      </span>

      <Popover.Root>
        <Popover.Trigger className={`${secondaryButtonClass} ${moreCount ? "border-sky-600 dark:border-sky-500" : ""}`}>
          <SlidersHorizontal aria-hidden className="size-3.5" />
          More filters{moreCount ? ` (${moreCount})` : ""}
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content
            align="start"
            sideOffset={4}
            aria-label="More filters"
            className="z-40 w-[min(36rem,94vw)] rounded-md border border-zinc-200 bg-white p-3 shadow-lg dark:border-zinc-800 dark:bg-zinc-950"
          >
            <div className="flex flex-wrap gap-2">
              <MultiSelect
                label="Variant"
                options={RUN_VARIANTS.map((v) => ({ value: v, label: variantLabel(v) }))}
                value={query.variant}
                onChange={(v) => update({ variant: v as TrajectoryQuery["variant"] })}
              />
              <MultiSelect
                label="Termination"
                options={facets.terminations.map((t) => ({ value: t }))}
                value={query.termination}
                onChange={(termination) => update({ termination })}
                allowCustom
              />
              <MultiSelect label="Tools (all of)" options={facets.tools.map((t) => ({ value: t }))} value={query.tool} onChange={(tool) => update({ tool })} allowCustom />
              <MultiSelect
                label="Error tags"
                options={facets.errorTags.map((t) => ({ value: t }))}
                value={query.errorTag}
                onChange={(errorTag) => update({ errorTag })}
                allowCustom
              />
              <Choice
                label="Attempt"
                value={query.stage}
                options={[
                  { value: "initial", label: "first attempts" },
                  { value: "refined", label: "refined retries" },
                ]}
                onChange={(stage) => update({ stage })}
              />
              <Choice
                label="RRM model"
                value={query.rrmModel}
                options={facets.rrmModels.map((m) => ({ value: m, label: m }))}
                onChange={(rrmModel) => update({ rrmModel })}
              />
              <Choice
                label="Judged"
                value={query.judged}
                options={[
                  { value: "yes", label: "yes" },
                  { value: "no", label: "no" },
                ]}
                onChange={(judged) => update({ judged })}
              />
              <Choice
                label="Annotated"
                value={query.annotated}
                options={[
                  { value: "yes", label: "yes" },
                  { value: "no", label: "no" },
                ]}
                onChange={(annotated) => update({ annotated })}
              />
              <span className="inline-flex items-center gap-1.5" role="group" aria-label="Step count range">
                <NumberField label="Steps ≥" value={query.minSteps} step={1} min={0} onCommit={(minSteps) => update({ minSteps })} />
                <NumberField label="≤" value={query.maxSteps} step={1} min={0} onCommit={(maxSteps) => update({ maxSteps })} />
              </span>
              <span className="inline-flex items-center gap-1.5" role="group" aria-label="Token count range">
                <NumberField label="Tokens ≥" value={query.minTokens} step={100} min={0} onCommit={(minTokens) => update({ minTokens })} width="w-24" />
                <NumberField label="≤" value={query.maxTokens} step={100} min={0} onCommit={(maxTokens) => update({ maxTokens })} width="w-24" />
              </span>
            </div>
            {query.rrmModel && (query.minScore !== undefined || query.maxScore !== undefined) ? (
              <p className="mt-2 text-xs text-zinc-500">The score range applies to {query.rrmModel}’s judgment.</p>
            ) : null}
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>

      <span className="inline-flex items-center gap-1">
        <label htmlFor="trajectory-sort" className="text-sm text-zinc-600 dark:text-zinc-400">
          Sort
        </label>
        <select
          id="trajectory-sort"
          value={query.sort}
          onChange={(e) => update({ sort: e.target.value as TrajectoryQuery["sort"] })}
          className={inputClass}
        >
          {SORT_KEYS.map((k) => (
            <option key={k} value={k}>
              {SORT_LABELS[k]}
            </option>
          ))}
        </select>
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => update({ order: query.order === "desc" ? "asc" : "desc" })}
          aria-label={`Order: ${query.order === "desc" ? "descending" : "ascending"} (click to flip)`}
        >
          {query.order === "desc" ? "↓ high first" : "↑ low first"}
        </button>
      </span>
    </div>
  );
}

/** The active filters as removable chips. */
export function FilterChips({ query, facets, update, onClear }: { query: TrajectoryQuery; facets: TrajectoryFacets; update: Update; onClear: () => void }) {
  const runName = new Map(facets.runs.map((r) => [r.id, r.name]));
  const chips: { key: string; label: string; remove: () => void }[] = [];
  const listChip = <K extends keyof TrajectoryQuery>(key: K, name: string, show: (v: string) => string = (v) => v) => {
    const values = query[key] as unknown as (string | number)[];
    for (const v of values) {
      chips.push({
        key: `${String(key)}:${v}`,
        label: `${name}: ${show(String(v))}`,
        remove: () => update({ [key]: values.filter((x) => x !== v) } as Partial<TrajectoryQuery>),
      });
    }
  };
  listChip("run", "run", (v) => runName.get(Number(v)) ?? `#${v}`);
  listChip("variant", "variant", variantLabel);
  listChip("benchmark", "benchmark");
  listChip("level", "level");
  if (query.correct) chips.push({ key: "correct", label: `outcome: ${CORRECT_LABELS[query.correct]}`, remove: () => update({ correct: undefined }) });
  listChip("termination", "termination");
  if (query.stage) chips.push({ key: "stage", label: query.stage === "refined" ? "refined retries" : "first attempts", remove: () => update({ stage: undefined }) });
  if (query.minScore !== undefined) chips.push({ key: "minScore", label: `score ≥ ${query.minScore}`, remove: () => update({ minScore: undefined }) });
  if (query.maxScore !== undefined) chips.push({ key: "maxScore", label: `score ≤ ${query.maxScore}`, remove: () => update({ maxScore: undefined }) });
  if (query.rrmModel) chips.push({ key: "rrmModel", label: `judged by ${query.rrmModel}`, remove: () => update({ rrmModel: undefined }) });
  if (query.judged) chips.push({ key: "judged", label: query.judged === "yes" ? "judged" : "not judged", remove: () => update({ judged: undefined }) });
  if (query.annotated) chips.push({ key: "annotated", label: query.annotated === "yes" ? "annotated" : "not annotated", remove: () => update({ annotated: undefined }) });
  listChip("errorTag", "error tag");
  listChip("tool", "tool");
  if (query.minSteps !== undefined) chips.push({ key: "minSteps", label: `steps ≥ ${query.minSteps}`, remove: () => update({ minSteps: undefined }) });
  if (query.maxSteps !== undefined) chips.push({ key: "maxSteps", label: `steps ≤ ${query.maxSteps}`, remove: () => update({ maxSteps: undefined }) });
  if (query.minTokens !== undefined) chips.push({ key: "minTokens", label: `tokens ≥ ${query.minTokens}`, remove: () => update({ minTokens: undefined }) });
  if (query.maxTokens !== undefined) chips.push({ key: "maxTokens", label: `tokens ≤ ${query.maxTokens}`, remove: () => update({ maxTokens: undefined }) });
  if (query.q) chips.push({ key: "q", label: `search: ${query.q}`, remove: () => update({ q: undefined }) });
  if (!chips.length) return null;
  return (
    <ul className="flex flex-wrap items-center gap-1.5" aria-label="Active filters">
      {chips.map((chip) => (
        <li key={chip.key}>
          <button
            type="button"
            onClick={chip.remove}
            className="inline-flex max-w-[24rem] items-center gap-1 rounded-full bg-zinc-100 px-2 py-0.5 text-xs hover:bg-zinc-200 dark:bg-zinc-800 dark:hover:bg-zinc-700"
            aria-label={`Remove filter ${chip.label}`}
          >
            <span className="truncate">{chip.label}</span>
            <X aria-hidden className="size-3 shrink-0" />
          </button>
        </li>
      ))}
      <li>
        <button type="button" onClick={onClear} className="text-xs text-sky-800 hover:underline dark:text-sky-300">
          Clear all
        </button>
      </li>
    </ul>
  );
}
