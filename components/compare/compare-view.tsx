"use client";
// The Compare page's charts and tables. Everything it shows comes from getComparison (the same numbers as
// GET /api/v1/compare); the URL holds the whole state, so controls only rewrite the query string. Each chart card
// carries its own legend and notes (components/compare/chart-card), so that what a chart cannot show is said beside
// it and an exported image is readable on its own.
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useTransition } from "react";
import {
  Bar, BarChart, CartesianGrid, ErrorBar, LabelList, Line, LineChart, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart,
  Tooltip, XAxis, YAxis, ZAxis,
} from "recharts";
import {
  CORRECT_COLOR, ChartCard, INCORRECT_COLOR, PAPER_COLOR, PICKED_REPORTED_COLORS, PICKED_REPORTED_SHAPES, seriesColor, swatchPath,
  type LegendEntry, type SwatchShape,
} from "@/components/compare/chart-card";
import { inputClass, secondaryButtonClass } from "@/components/settings/styles";
import { formatPercent, formatScore, formatStatedPercent } from "@/components/ui/format";
import { ALL_SPLIT } from "@/lib/compare/splits";
import { variantLabel } from "@/lib/variant-label";
import { Table, Td, Th } from "@/components/ui/table";
import { MAX_TASK_LIMIT } from "@/lib/compare/query";
import type { AccuracyCell, Comparison, RrmAnalysis } from "@/lib/server/get-comparison";
import type { CompareRunOption, ReportedOption } from "@/lib/server/list-compare-runs";
import { ema } from "@/lib/stats/smoothing";

type Props = {
  data: Comparison;
  options: { runs: CompareRunOption[]; tags: string[]; reported: ReportedOption[] };
  picked: boolean;
  metric: string | null;
  smooth: number;
};

const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
const r3 = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(3));
const INTERVAL_COLOR = "#444444";
const REFERENCE_COLOR = "#999999";

function useUrlState() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [pending, start] = useTransition();
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    start(() => router.push(`${pathname}?${next.toString()}`, { scroll: false }));
  };
  return { set, pending, search };
}

function Select({ label, value, onChange, children }: { label: string; value: string; onChange: (v: string) => void; children: React.ReactNode }) {
  return (
    <label className="flex flex-col gap-0.5 text-xs text-zinc-600 dark:text-zinc-400">
      {label}
      <select aria-label={label} className={inputClass} value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </label>
  );
}

/** A dropdown of checkboxes (runs, reported tables); closes on Escape or a click elsewhere, as a menu does. */
function CheckList({ summary, legend, items, checked, onToggle }: {
  summary: string; legend: string; items: { id: number; name: string; hint?: string }[]; checked: (id: number) => boolean; onToggle: (id: number) => void;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (event: Event) => {
      const details = ref.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !details.contains(event.target as Node)) {
        details.open = false;
        if (event instanceof KeyboardEvent) details.querySelector("summary")?.focus();
      }
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, []);
  return (
    <details ref={ref} className="relative">
      <summary className={`${inputClass} cursor-pointer select-none`}>{summary}</summary>
      <fieldset className="absolute z-20 mt-1 max-h-80 w-80 overflow-auto rounded-md border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
        <legend className="sr-only">{legend}</legend>
        {items.length === 0 ? <p className="text-sm text-zinc-600">None yet.</p> : null}
        {items.map((item) => (
          <label key={item.id} className="flex items-center gap-2 py-0.5 text-sm">
            <input type="checkbox" checked={checked(item.id)} onChange={() => onToggle(item.id)} />
            {item.name}
            {item.hint ? <span className="text-xs text-zinc-500">{item.hint}</span> : null}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

export function CompareView({ data, options, picked, metric, smooth }: Props) {
  const { set, pending, search } = useUrlState();
  const q = data.query;
  const colorOf = useMemo(() => new Map(data.series.map((s, i) => [s.key, seriesColor(i)])), [data.series]);
  // A colour means one thing on the page: a run is drawn in the colour of its series (the first, when tags put it in
  // several), so the per-run task table and curves agree with the grouped charts.
  const runColor = (id: number) => colorOf.get(data.series.find((s) => s.runIds.includes(id))?.key ?? "") ?? seriesColor(0);
  const runName = (id: number) => data.runs.find((r) => r.id === id)?.name ?? `run ${id}`;
  const pickedIds = new Set(data.runs.map((r) => r.id));
  const pickedReported = new Set(q.reported ?? []);

  // The checkboxes show what is compared, whichever way a run came in. Checking one adds it by id; unchecking one
  // that a tag or variant brought in turns the pick into the explicit list of the runs shown, less that one (the
  // tag or variant would bring it back otherwise).
  const toggleRun = (id: number) => {
    const shown = data.runs.map((r) => r.id);
    if (pickedIds.has(id)) {
      const rest = shown.filter((x) => x !== id);
      const byTagOrVariant = !!(q.tag || q.variant) && !(q.runs ?? []).includes(id);
      if (byTagOrVariant || !picked) set({ runs: rest.join(",") || null, tag: null, variant: null, baseline: q.baseline === id ? null : q.baseline ? String(q.baseline) : null });
      else set({ runs: (q.runs ?? []).filter((x) => x !== id).join(",") || null, baseline: q.baseline === id ? null : q.baseline ? String(q.baseline) : null });
    } else {
      set({ runs: [...(picked ? (q.runs ?? []) : shown), id].join(",") });
    }
  };
  const toggleReported = (id: number) => {
    const next = new Set(pickedReported);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    set({ reported: [...next].join(",") || null });
  };
  const splitOptions = data.splits.filter((s) => s.kind !== "all").map((s) => s.name);
  if (q.benchmark && !splitOptions.includes(q.benchmark)) splitOptions.push(q.benchmark);

  return (
    <div className={`space-y-4 ${pending ? "opacity-70" : ""}`} aria-busy={pending}>
      <div className="flex flex-wrap items-end gap-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <CheckList summary={`Runs (${data.runs.length})`} legend="Runs to compare" items={options.runs} checked={(id) => pickedIds.has(id)} onToggle={toggleRun} />
        <CheckList
          summary={`Reported (${pickedReported.size})`}
          legend="Reported tables to show as markers"
          items={options.reported.map((r) => ({ id: r.id, name: r.name, hint: `${r.benchmarks} numbers` }))}
          checked={(id) => pickedReported.has(id)}
          onToggle={toggleReported}
        />
        <Select label="Tag" value={q.tag ?? ""} onChange={(v) => set({ tag: v })}>
          <option value="">—</option>
          {options.tags.map((t) => <option key={t} value={t}>{t}</option>)}
        </Select>
        <Select label="Variant" value={q.variant ?? ""} onChange={(v) => set({ variant: v })}>
          <option value="">—</option>
          {["base", "grpo", "reagent_c", "reagent_r", "reagent_u", "custom"].map((v) => <option key={v} value={v}>{variantLabel(v)}</option>)}
        </Select>
        <Select label="Group by" value={q.groupBy} onChange={(v) => set({ groupBy: v === "run" ? null : v })}>
          {[["run", "Run"], ["variant", "Variant"], ["lambda", "λ"], ["model", "Model"], ["rrmModel", "RRM model"], ["step", "Step"], ["tag", "Tag"]].map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </Select>
        <Select label="Benchmark" value={q.benchmark ?? ""} onChange={(v) => set({ benchmark: v, taskLimit: null })}>
          <option value="">All benchmarks</option>
          {splitOptions.map((b) => <option key={b} value={b}>{b}</option>)}
        </Select>
        <Select label="Baseline" value={String(data.delta.baseline ?? "")} onChange={(v) => set({ baseline: v })}>
          {data.runs.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
        </Select>
        <Select label="RRM model" value={q.rrmModel ?? ""} onChange={(v) => set({ rrmModel: v })}>
          <option value="">Latest judgment</option>
          {data.rrmModels.map((m) => <option key={m} value={m}>{m}</option>)}
        </Select>
        <label className="flex flex-col gap-0.5 text-xs text-zinc-600 dark:text-zinc-400">
          pass@k
          <input
            aria-label="k of pass@k" type="number" min={1} max={64} className={`${inputClass} w-16`} defaultValue={q.k}
            onBlur={(e) => set({ k: e.target.value === "3" ? null : e.target.value })}
            onKeyDown={(e) => e.key === "Enter" && set({ k: e.currentTarget.value === "3" ? null : e.currentTarget.value })}
          />
        </label>
      </div>
      {data.notes.length ? <ul aria-label="Notes on the comparison" className="text-sm text-amber-800 dark:text-amber-400">{data.notes.map((n) => <li key={n}>{n}</li>)}</ul> : null}
      <Legendary data={data} colorOf={colorOf} />
      <AccuracySection data={data} colorOf={colorOf} passK={search.get("accuracy") === "passk"} onMetric={(v) => set({ accuracy: v === "passk" ? v : null })} />
      <DeltaSection data={data} runColor={runColor} runName={runName} flipsOnly={q.flipsOnly} onFlips={(v) => set({ flipsOnly: v ? "1" : null, taskLimit: null })} onMore={(n) => set({ taskLimit: String(n) })} />
      <RrmSection data={data} colorOf={colorOf} />
      <LambdaSection data={data} benchmark={search.get("lambdaBenchmark") ?? "All"} onBenchmark={(v) => set({ lambdaBenchmark: v === "All" ? null : v })} />
      <CurvesSection data={data} runColor={runColor} runName={runName} metric={metric} smooth={Number.isFinite(smooth) ? smooth : 0.6} set={set} />
    </div>
  );
}

function Legendary({ data, colorOf }: { data: Comparison; colorOf: Map<string, string> }) {
  return (
    <ul aria-label="Series colours" className="flex flex-wrap gap-3 text-sm">
      {data.series.map((s) => (
        <li key={s.key} className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm" style={{ background: colorOf.get(s.key) }} />
          {s.label}
          {s.runIds.length > 1 ? <span className="text-xs text-zinc-500">({s.runIds.length} runs)</span> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * Notes of cells, said once per sentence and benchmarks: "Reagent-C · GAIA-L3, HLE: no trajectories", or "every
 * series · …" when all of them share it (a small demo has one task per split: the same note for every series).
 */
function groupedNotes(items: { series: string; benchmark: string; note: string | null }[], series: readonly { key: string; label: string }[]): string[] {
  const perSeries = new Map<string, string[]>();
  for (const it of items) {
    if (!it.note) continue;
    const key = `${it.series}\u0000${it.note}`;
    perSeries.set(key, [...(perSeries.get(key) ?? []), it.benchmark]);
  }
  const bySentence = new Map<string, string[]>();
  for (const [key, benchmarks] of perSeries) {
    const [seriesKey, note] = key.split("\u0000");
    const sentence = `${benchmarks.join(", ")}: ${note}`;
    bySentence.set(sentence, [...(bySentence.get(sentence) ?? []), seriesKey]);
  }
  const label = (key: string) => series.find((s) => s.key === key)?.label ?? key;
  return [...bySentence].map(([sentence, keys]) => `${keys.length === series.length && series.length > 1 ? "every series" : keys.map(label).join(", ")} · ${sentence}`);
}

type PickedTable = { runId: number; name: string; color: string; shape: SwatchShape };

/** A mark of a reported number over a bar: a line across it and, on one bar of the group, its symbol. */
function ReportedMark({ x, width, y, color, shape, dashed, label, symbol }: { x: number; width: number; y: number; color: string; shape: SwatchShape; dashed: boolean; label: string; symbol: boolean }) {
  const { d, fill } = swatchPath(shape);
  return (
    <g data-testid={dashed ? "reported-marker" : "paper-marker"} aria-label={label}>
      <title>{label}</title>
      <line x1={x - 2} x2={x + width + 2} y1={y} y2={y} stroke={color} strokeWidth={2} strokeDasharray={dashed ? "4 2" : undefined} />
      {symbol ? <path d={d} transform={`translate(${x + width / 2 - 5} ${y - 5}) scale(${10 / 12})`} fill={fill ? color : "none"} stroke={color} strokeWidth={fill ? 0.5 : 2} /> : null}
    </g>
  );
}

type BarShapeProps = { x: number; y: number; width: number; height: number; fill?: string; background?: { y: number | null; height: number }; payload?: Record<string, unknown> };

function barWithMarks(index: number, label: string, middle: boolean, picked: PickedTable[]) {
  return function BarShape(props: unknown) {
    const p = props as BarShapeProps;
    const benchmark = String(p.payload?.benchmark);
    const at = (value: number) => (p.background && p.background.y !== null ? p.background.y + p.background.height * (1 - value / 100) : null);
    const paper = p.payload?.[`s${index}_paper`] as number | undefined;
    const paperY = paper !== undefined ? at(paper) : null;
    return (
      <g>
        <rect x={p.x} y={p.y} width={p.width} height={Math.max(0, p.height)} fill={p.fill} />
        {paperY !== null ? (
          <ReportedMark x={p.x} width={p.width} y={paperY} color={PAPER_COLOR} shape="diamond" dashed={false} symbol label={`Paper, ${label}, ${benchmark}: ${formatStatedPercent(paper)}`} />
        ) : null}
        {picked.map((t) => {
          const value = p.payload?.[`p${t.runId}`] as number | undefined;
          const y = value !== undefined ? at(value) : null;
          return y === null ? null : (
            <ReportedMark key={t.runId} x={p.x} width={p.width} y={y} color={t.color} shape={t.shape} dashed symbol={middle} label={middle ? `${t.name}, ${benchmark}: ${formatStatedPercent(value)}` : `${t.name}, ${benchmark}`} />
          );
        })}
      </g>
    );
  };
}

function AccuracySection({ data, colorOf, passK, onMetric }: { data: Comparison; colorOf: Map<string, string>; passK: boolean; onMetric: (v: string) => void }) {
  const k = data.query.k;
  // "All" first: the headline number stays in view when the chart is wider than the page and scrolls.
  const names = [...data.splits.filter((s) => s.name === ALL_SPLIT), ...data.splits.filter((s) => s.name !== ALL_SPLIT)].map((s) => s.name);
  const label = (key: string) => data.series.find((s) => s.key === key)?.label ?? key;
  const cellOf = (series: string, benchmark: string) => data.accuracy.find((a) => a.series === series && a.benchmark === benchmark);
  const value = (cell: AccuracyCell | undefined) => (passK ? cell?.passK.value : cell?.pass1) ?? null;
  const interval = (cell: AccuracyCell | undefined) => (passK ? cell?.passK.ci : cell?.ci) ?? null;
  // The paper's numbers are pass@1: they are drawn against pass@1 only.
  const matched = (series: string, benchmark: string) => (passK ? undefined : data.reported.find((m) => !m.picked && m.benchmark === benchmark && m.series.includes(series)));
  const pickedTables: PickedTable[] = [...new Map(data.reported.filter((m) => m.picked).map((m) => [m.runId, m.runName])).entries()].map(([runId, name], i) => ({
    runId, name, color: PICKED_REPORTED_COLORS[i % PICKED_REPORTED_COLORS.length], shape: PICKED_REPORTED_SHAPES[i % PICKED_REPORTED_SHAPES.length],
  }));
  const pickedValue = (runId: number, benchmark: string) => data.reported.find((m) => m.picked && m.runId === runId && m.benchmark === benchmark)?.accuracyPct;
  const middle = Math.floor((data.series.length - 1) / 2);
  const rows = names.map((b) => {
    const row: Record<string, unknown> = { benchmark: b };
    data.series.forEach((s, i) => {
      const cell = cellOf(s.key, b);
      const v = value(cell);
      const ci = interval(cell);
      row[`s${i}`] = pct(v);
      // No interval, no whisker (an [0, 0] one would draw a cap that reads as a tiny interval).
      row[`s${i}_err`] = ci && v !== null ? [pct(v - ci.low), pct(ci.high - v)] : undefined;
      const marker = matched(s.key, b);
      if (marker) row[`s${i}_paper`] = marker.accuracyPct;
    });
    if (!passK) for (const t of pickedTables) {
      const v = pickedValue(t.runId, b);
      if (v !== undefined) row[`p${t.runId}`] = v;
    }
    return row;
  });
  const anyMatched = !passK && names.some((b) => data.series.some((s) => matched(s.key, b)));
  const legend: LegendEntry[] = [
    ...data.series.map((s) => ({ label: s.label, color: colorOf.get(s.key)!, shape: "square" as const })),
    { label: "95% bootstrap interval over tasks", color: INTERVAL_COLOR, shape: "errorbar" },
    ...(anyMatched ? [{ label: "paper, same method (pass@1)", color: PAPER_COLOR, shape: "diamond" as const }] : []),
    ...(passK ? [] : pickedTables.map((t) => ({ label: `${t.name} (reported)`, color: t.color, shape: t.shape }))),
  ];
  const notes = [
    ...groupedNotes(data.accuracy.map((a) => ({ series: a.series, benchmark: a.benchmark, note: passK && a.pass1 !== null ? a.passK.note : a.note })), data.series),
    ...(passK && data.reported.length ? ["Reported numbers are pass@1: they are drawn with pass@1 only."] : []),
  ];
  const csv = () => [
    ...data.accuracy.map((a) => {
      const marker = data.reported.find((m) => !m.picked && m.benchmark === a.benchmark && m.series.includes(a.series));
      return {
        series: label(a.series), benchmark: a.benchmark, pass1: a.pass1, ci_low: a.ci?.low ?? null, ci_high: a.ci?.high ?? null, ci_method: a.ci?.method ?? null,
        tasks: a.tasks, graded: a.graded, correct: a.correct, k: a.passK.k, passk: a.passK.value, passk_ci_low: a.passK.ci?.low ?? null, passk_ci_high: a.passK.ci?.high ?? null,
        passk_tasks: a.passK.n, passk_note: a.passK.note, paper_pct: marker?.accuracyPct ?? null, paper_run: marker?.runName ?? null, note: a.note,
      };
    }),
    ...data.reported.filter((m) => m.picked && names.includes(m.benchmark)).map((m) => ({
      series: `${m.runName} (reported)`, benchmark: m.benchmark, pass1: null, ci_low: null, ci_high: null, ci_method: null, tasks: null, graded: null, correct: null,
      k: null, passk: null, passk_ci_low: null, passk_ci_high: null, passk_tasks: null, passk_note: null, paper_pct: m.accuracyPct, paper_run: m.runName, note: m.sourceTable,
    })),
  ];
  const empty = data.accuracy.every((a) => value(a) === null)
    ? passK && data.accuracy.some((a) => a.pass1 !== null) ? `No task has ${k} graded rollouts: pass@${k} cannot be estimated. Lower k or show pass@1.` : "No graded evaluation trajectories in the picked runs."
    : null;
  return (
    <ChartCard
      title="Accuracy by benchmark"
      description={<>{passK ? `pass@${k} (unbiased estimator, over tasks with at least ${k} graded rollouts)` : "pass@1 averaged over rollouts (final attempts)"}, with 95% bootstrap intervals over tasks. Whole benchmarks (GAIA, WebWalkerQA) pool their levels.{passK ? "" : " Black marks: the paper's number for the same method; dashed marks: reported tables picked above."}{data.query.benchmark ? ` The Benchmark filter (${data.query.benchmark}) narrows the task table and the RRM analysis; this chart shows every benchmark.` : ""}</>}
      csv={csv}
      empty={empty}
      legend={legend}
      notes={notes}
      controls={
        <Select label="Accuracy metric" value={passK ? "passk" : "pass1"} onChange={onMetric}>
          <option value="pass1">pass@1</option>
          <option value="passk">pass@{k}</option>
        </Select>
      }
    >
      <div className="overflow-x-auto">
        <div style={{ minWidth: Math.max(640, names.length * (data.series.length * 7 + 18)) }}>
          <ResponsiveContainer width="100%" height={300}>
            <BarChart data={rows} margin={{ top: 10, right: 10, bottom: 5, left: 24 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="benchmark" angle={-35} textAnchor="end" interval={0} height={80} tick={{ fontSize: 11 }} />
              <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} label={{ value: passK ? `pass@${k}` : "pass@1", angle: -90, position: "insideLeft", offset: 12, fontSize: 11 }} />
              <Tooltip formatter={(v) => (Array.isArray(v) ? null : `${v}%`)} />
              {data.series.map((s, i) => (
                <Bar key={s.key} dataKey={`s${i}`} name={s.label} fill={colorOf.get(s.key)} isAnimationActive={false} background={{ fill: "transparent" }} shape={barWithMarks(i, s.label, i === middle, pickedTables)}>
                  <ErrorBar dataKey={`s${i}_err`} width={3} stroke={INTERVAL_COLOR} />
                </Bar>
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </div>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer">Numbers</summary>
        <Table aria-label="Accuracy by benchmark">
          <thead>
            <tr>
              <Th>Benchmark</Th>
              {data.series.map((s) => <Th key={s.key} align="right">{s.label}</Th>)}
              {pickedTables.map((t) => <Th key={t.runId} align="right">{t.name} (reported)</Th>)}
            </tr>
          </thead>
          <tbody>
            {names.map((b) => (
              <tr key={b}>
                <Td>{b}</Td>
                {data.series.map((s) => {
                  const cell = cellOf(s.key, b);
                  const marker = data.reported.find((m) => !m.picked && m.benchmark === b && m.series.includes(s.key));
                  return (
                    <Td key={s.key} align="right">
                      {formatPercent(cell?.pass1)}
                      {cell?.ci ? <span className="text-xs text-zinc-500"> [{formatPercent(cell.ci.low)}, {formatPercent(cell.ci.high)}]</span> : null}
                      <span className="text-xs text-zinc-500"> n={cell?.tasks ?? 0}</span>
                      {cell && cell.passK.value !== null && (passK || cell.passK.n === cell.tasks) ? (
                        <span className="block text-xs text-zinc-500">
                          pass@{cell.passK.k} {formatPercent(cell.passK.value)}
                          {cell.passK.ci ? ` [${formatPercent(cell.passK.ci.low)}, ${formatPercent(cell.passK.ci.high)}]` : ""} n={cell.passK.n}
                        </span>
                      ) : null}
                      {passK && cell?.pass1 !== null && cell?.passK.note ? <span className="block text-xs text-amber-800 dark:text-amber-400">{cell.passK.note}</span> : null}
                      {marker ? <span className="block text-xs">paper {formatStatedPercent(marker.accuracyPct)}</span> : null}
                      {cell?.note ? <span className="block text-xs text-amber-800 dark:text-amber-400">{cell.note}</span> : null}
                    </Td>
                  );
                })}
                {pickedTables.map((t) => <Td key={t.runId} align="right">{formatStatedPercent(data.reported.find((m) => m.picked && m.runId === t.runId && m.benchmark === b)?.accuracyPct)}</Td>)}
              </tr>
            ))}
          </tbody>
        </Table>
      </details>
    </ChartCard>
  );
}

/** How many more task rows "Show more" asks for, up to the API's limit. */
const TASK_PAGE = 100;

function DeltaSection({ data, runColor, runName, flipsOnly, onFlips, onMore }: {
  data: Comparison; runColor: (id: number) => string; runName: (id: number) => string; flipsOnly: boolean; onFlips: (v: boolean) => void; onMore: (rows: number) => void;
}) {
  const d = data.delta;
  const others = data.runs.filter((r) => r.id !== d.baseline);
  const csv = () =>
    d.rows.map((row) => {
      const out: Record<string, unknown> = { task_id: row.taskId, benchmark: row.benchmark, flips: row.flips };
      for (const r of data.runs) {
        const c = row.cells[String(r.id)];
        // Two numbers, not "1/3": spreadsheets read that as a date.
        out[`${r.name} correct`] = c ? c.correct : null;
        out[`${r.name} graded`] = c ? c.attempts : null;
        out[`${r.name} solved`] = c ? c.solved : null;
        out[`${r.name} mean_score`] = c?.meanScore ?? null;
        out[`${r.name} trajectory_id`] = c?.trajectoryId ?? null;
      }
      return out;
    });
  return (
    <ChartCard
      title="Tasks fixed and broken"
      description={<>Against baseline <b>{d.baseline ? runName(d.baseline) : "—"}</b>{d.benchmark ? ` on ${d.benchmark}` : ""}; {d.rule}. A pair opens an attempt of each side that shows its outcome (a correct one where the task is solved, an incorrect one where not).</>}
      csv={csv}
      image={false}
    >
      <div className="mb-2 flex flex-wrap items-center gap-4 text-sm">
        {d.counts.map((c) => (
          <span key={c.runId} className="flex items-center gap-1.5" data-testid="delta-count">
            <span aria-hidden className="inline-block h-3 w-3 rounded-sm" style={{ background: runColor(c.runId) }} />
            {runName(c.runId)}: <span className="text-green-700 dark:text-green-400">{c.fixed} fixed</span>, <span className="text-red-700 dark:text-red-400">{c.broken} broken</span>
            <span className="text-xs text-zinc-500">of {c.shared} shared tasks</span>
          </span>
        ))}
        <label className="ml-auto flex items-center gap-1.5">
          <input type="checkbox" checked={flipsOnly} onChange={(e) => onFlips(e.target.checked)} /> Only tasks that flipped
        </label>
      </div>
      {d.note ? <p className="text-sm text-amber-800 dark:text-amber-400">{d.note[0].toUpperCase() + d.note.slice(1)}.</p> : null}
      {d.rows.length ? (
        <div className="max-h-[28rem] overflow-auto">
          <Table aria-label="Task delta">
            <thead>
              <tr>
                <Th>Task</Th>
                {d.baseline ? <Th>{runName(d.baseline)} (baseline)</Th> : null}
                {others.map((r) => <Th key={r.id}>{r.name}</Th>)}
              </tr>
            </thead>
            <tbody>
              {d.rows.map((row) => {
                const base = d.baseline ? row.cells[String(d.baseline)] : undefined;
                return (
                  <tr key={row.taskId}>
                    <Td className="max-w-md"><span className="text-xs text-zinc-500">{row.benchmark}</span> <span className="line-clamp-2">{row.question}</span></Td>
                    {d.baseline ? <Td><Cell cell={base} /></Td> : null}
                    {others.map((r) => {
                      const c = row.cells[String(r.id)];
                      const flip = c && base && c.solved !== null && base.solved !== null && c.solved !== base.solved;
                      return (
                        <Td key={r.id} className={flip ? (c.solved ? "bg-green-50 dark:bg-green-950" : "bg-red-50 dark:bg-red-950") : ""}>
                          <Cell cell={c} />
                          {c && base ? (
                            <Link className="block text-xs underline" href={`/compare/pair?a=${base.trajectoryId}&b=${c.trajectoryId}`} aria-label={`Open task ${row.taskId}: baseline and ${r.name} side by side`}>
                              {flip ? (c.solved ? "fixed" : "broken") : "side by side"}
                            </Link>
                          ) : null}
                        </Td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </div>
      ) : d.note ? null : (
        <p className="py-4 text-center text-sm text-zinc-600">{flipsOnly ? "No task flipped against the baseline." : "No shared tasks."}</p>
      )}
      {d.totalRows > d.rows.length ? (
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-500">
          Showing {d.rows.length} of {d.totalRows} tasks, those with most flips first; the CSV holds the shown rows.
          {d.rows.length < MAX_TASK_LIMIT ? (
            <button type="button" className={secondaryButtonClass} onClick={() => onMore(Math.min(MAX_TASK_LIMIT, d.rows.length + TASK_PAGE))}>
              Show {Math.min(TASK_PAGE, d.totalRows - d.rows.length, MAX_TASK_LIMIT - d.rows.length)} more
            </button>
          ) : <span>(the first {MAX_TASK_LIMIT}: pick a benchmark or only the flips to see others)</span>}
        </p>
      ) : null}
    </ChartCard>
  );
}

function Cell({ cell }: { cell: Comparison["delta"]["rows"][number]["cells"][string] | undefined }) {
  if (!cell) return <span className="text-zinc-400">not run</span>;
  const mark = cell.solved === null ? "?" : cell.solved ? "✓" : "✗";
  return (
    <span className="whitespace-nowrap">
      <Link href={`/trajectories/${cell.trajectoryId}`} className={cell.solved ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}>
        {mark} {cell.correct}/{cell.attempts}
      </Link>{" "}
      <span className="text-xs text-zinc-500">score {formatScore(cell.meanScore)}</span>
    </span>
  );
}

function corr(c: RrmAnalysis["pearson"]) {
  return c.r === null ? <span title={c.note}>— <span className="text-xs">({c.note})</span></span> : <>{r3(c.r)} <span className="text-xs text-zinc-500">[{r3(c.low)}, {r3(c.high)}]</span></>;
}

function RrmSection({ data, colorOf }: { data: Comparison; colorOf: Map<string, string> }) {
  const label = (key: string) => data.series.find((s) => s.key === key)?.label ?? key;
  const withData = data.rrm.filter((r) => r.n > 0);
  const withRoc = withData.filter((r) => r.auroc !== null);
  const noneNote = withData.length === 0 ? (data.rrm[0]?.note ?? "No judged trajectories in the picked runs.") : null;
  const rocNote = noneNote ?? (withRoc.length === 0 ? `No ROC: ${withData[0]?.note ?? "every judged trajectory has the same outcome"}.` : null);
  // Series the charts leave out, and why (no judgments, one outcome only); unscored trajectories of drawn ones.
  const missing = data.rrm.filter((r) => r.n === 0).map((r) => `${label(r.series)}: ${r.note}`);
  const unscored = withData.filter((r) => r.unscored > 0).map((r) => `${label(r.series)}: ${r.unscored} graded ${r.unscored === 1 ? "trajectory" : "trajectories"} without a score left out`);
  const noRoc = withData.filter((r) => r.auroc === null).map((r) => `${label(r.series)}: ${r.note}, so no ROC`);
  const scorer = data.query.rrmModel ?? "latest judgment";
  const on = data.query.benchmark ? ` on ${data.query.benchmark}` : "";
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartCard
        title="RRM agreement with correctness"
        className="lg:col-span-2"
        description="Correlations of score with correctness (95% Fisher-z intervals) and how often a correct rollout outranks an incorrect one in its GRPO group (ties ½)."
        image={false}
        csv={() => data.rrm.map((r) => ({
          series: label(r.series), n: r.n, unscored: r.unscored, auroc: r.auroc, ece: r.ece,
          pearson: r.pearson.r, pearson_low: r.pearson.low, pearson_high: r.pearson.high,
          spearman: r.spearman.r, spearman_low: r.spearman.low, spearman_high: r.spearman.high,
          point_biserial: r.pointBiserial.r, point_biserial_low: r.pointBiserial.low, point_biserial_high: r.pointBiserial.high,
          ranking_accuracy: r.ranking.accuracy, ranking_pairs: r.ranking.pairs, groups: r.ranking.groups, informative_groups: r.ranking.informativeGroups,
          ranking_note: r.ranking.note, note: r.note,
        }))}
      >
        <Table aria-label="RRM agreement">
          <thead>
            <tr><Th>Series</Th><Th align="right">n</Th><Th align="right">AUROC</Th><Th align="right">ECE</Th><Th>Pearson / point-biserial</Th><Th>Spearman</Th><Th>Within-group ranking</Th></tr>
          </thead>
          <tbody>
            {data.rrm.map((r) => (
              <tr key={r.series}>
                <Td><span style={{ color: colorOf.get(r.series) }}>■</span> {label(r.series)}{r.note ? <span className="block text-xs text-amber-800 dark:text-amber-400">{r.note}</span> : null}</Td>
                <Td align="right">{r.n}</Td>
                <Td align="right">{r3(r.auroc)}</Td>
                <Td align="right">{r3(r.ece)}</Td>
                <Td>{corr(r.pointBiserial)}</Td>
                <Td>{corr(r.spearman)}</Td>
                <Td>{r.ranking.accuracy !== null ? <>{formatPercent(r.ranking.accuracy)} <span className="text-xs text-zinc-500">of {r.ranking.pairs} pairs in {r.ranking.informativeGroups}/{r.ranking.groups} groups</span></> : <span className="text-xs">{r.ranking.note}</span>}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </ChartCard>
      <ChartCard
        title="ROC of the RRM score"
        description={`True against false positive rate as the score threshold (${scorer}) falls${on}; AUROC in the legend.`}
        csv={() => data.rrm.flatMap((r) => r.roc.map((p) => ({ series: label(r.series), threshold: p.threshold, fpr: p.fpr, tpr: p.tpr, auroc: r.auroc })))}
        empty={rocNote}
        legend={[
          ...withRoc.map((r) => ({ label: `${label(r.series)} (AUROC ${r3(r.auroc)})`, color: colorOf.get(r.series)!, shape: "line" as const })),
          { label: "chance (AUROC 0.5)", color: REFERENCE_COLOR, shape: "dashed" },
        ]}
        notes={[...missing, ...noRoc]}
      >
        <ResponsiveContainer width="100%" height={300}>
          <LineChart margin={{ top: 5, right: 10, bottom: 20, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" dataKey="fpr" domain={[0, 1]} label={{ value: "false positive rate", position: "insideBottom", offset: -10, fontSize: 11 }} tick={{ fontSize: 11 }} />
            <YAxis type="number" dataKey="tpr" domain={[0, 1]} tick={{ fontSize: 11 }} label={{ value: "true positive rate", angle: -90, position: "insideLeft", offset: 12, fontSize: 11 }} />
            <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 1, y: 1 }]} stroke={REFERENCE_COLOR} strokeDasharray="4 4" />
            <Tooltip />
            {withRoc.map((r) => (
              <Line key={r.series} data={r.roc} dataKey="tpr" name={`${label(r.series)} (AUROC ${r3(r.auroc)})`} stroke={colorOf.get(r.series)} dot={false} isAnimationActive={false} type="linear" />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard
        title="Reliability diagram"
        description={`Accuracy of the trajectories in each score bin against their mean score${on}; the diagonal is perfect calibration. ECE in the legend; dot size is the bin's n.`}
        csv={() => data.rrm.flatMap((r) => r.reliability.map((b) => ({ series: label(r.series), bin_low: b.low, bin_high: b.high, n: b.n, mean_score: b.meanScore, accuracy: b.accuracy, ece: r.ece })))}
        empty={noneNote}
        legend={[
          ...withData.map((r) => ({ label: `${label(r.series)} (ECE ${r3(r.ece)})`, color: colorOf.get(r.series)!, shape: "circle" as const })),
          { label: "perfect calibration", color: REFERENCE_COLOR, shape: "dashed" },
        ]}
        notes={missing}
      >
        <ResponsiveContainer width="100%" height={300}>
          <ScatterChart margin={{ top: 5, right: 10, bottom: 20, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" dataKey="meanScore" name="mean score" domain={[0, 1]} tick={{ fontSize: 11 }} label={{ value: "mean RRM score", position: "insideBottom", offset: -10, fontSize: 11 }} />
            <YAxis type="number" dataKey="accuracy" name="accuracy" domain={[0, 1]} tick={{ fontSize: 11 }} label={{ value: "accuracy", angle: -90, position: "insideLeft", offset: 12, fontSize: 11 }} />
            <ZAxis type="number" dataKey="n" range={[20, 200]} name="n" />
            <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 1, y: 1 }]} stroke={REFERENCE_COLOR} strokeDasharray="4 4" />
            <Tooltip />
            {withData.map((r) => (
              <Scatter key={r.series} name={`${label(r.series)} (ECE ${r3(r.ece)})`} data={r.reliability.filter((b) => b.n > 0)} fill={colorOf.get(r.series)} line isAnimationActive={false} />
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard
        title="RRM score by correctness"
        className="lg:col-span-2"
        description={`Distribution of RRM scores (${scorer}) for correct and incorrect trajectories${on}; one chart per series.`}
        csv={() => data.rrm.flatMap((r) => r.histogram.map((h) => ({ series: label(r.series), bin_low: h.low, bin_high: h.high, correct: h.correct, incorrect: h.incorrect })))}
        empty={noneNote}
        legend={[{ label: "correct (above the axis)", color: CORRECT_COLOR }, { label: "incorrect (below)", color: INCORRECT_COLOR }]}
        notes={[...missing, ...unscored]}
      >
        <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
          {withData.map((r) => {
            // One symmetric scale around the axis, whole counts only: the two sides compare at a glance.
            const most = Math.max(1, ...r.histogram.map((h) => Math.max(h.correct, h.incorrect)));
            return (
            <figure key={r.series}>
              <figcaption className="flex items-center gap-1.5 text-xs" data-export-text={`${label(r.series)} · n=${r.n}${r.unscored ? `, ${r.unscored} unscored` : ""}`}>
                <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: colorOf.get(r.series) }} />
                {label(r.series)} <span className="text-zinc-500">n={r.n}{r.unscored ? `, ${r.unscored} unscored` : ""}</span>
              </figcaption>
              <ResponsiveContainer width="100%" height={120}>
                <BarChart data={r.histogram.map((h) => ({ bin: h.low.toFixed(2), correct: h.correct, incorrect: -h.incorrect }))} stackOffset="sign" margin={{ top: 2, right: 2, bottom: 0, left: -20 }}>
                  <XAxis dataKey="bin" tick={{ fontSize: 9 }} interval={4} />
                  <YAxis tick={{ fontSize: 9 }} domain={[-most, most]} ticks={[-most, 0, most]} allowDecimals={false} tickFormatter={(v: number) => String(Math.abs(v))} />
                  <Tooltip formatter={(v) => Math.abs(Number(v))} />
                  <ReferenceLine y={0} stroke={REFERENCE_COLOR} />
                  <Bar dataKey="correct" stackId="a" fill={CORRECT_COLOR} isAnimationActive={false} />
                  <Bar dataKey="incorrect" stackId="a" fill={INCORRECT_COLOR} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </figure>
            );
          })}
        </div>
      </ChartCard>
    </div>
  );
}

/** λ series colours: dark tones outside the run palette, so that a sweep is not mistaken for one of the runs. */
const SWEEP_COLORS = ["#334155", "#7c3aed", "#0f766e", "#b45309", "#be185d"];
const sweepColor = (i: number) => SWEEP_COLORS[i % SWEEP_COLORS.length];

function LambdaSection({ data, benchmark, onBenchmark }: { data: Comparison; benchmark: string; onBenchmark: (v: string) => void }) {
  const sweeps = data.lambda.filter((l) => l.benchmark === benchmark);
  const benches = [...new Set(data.lambda.map((l) => l.benchmark))];
  const sweepLabel = (l: Comparison["lambda"][number]) => l.label;
  const notes = [...new Set([...sweeps.flatMap((l) => l.notes.map((n) => `${sweepLabel(l)}: ${n}`)), ...data.lambdaNotes])];
  return (
    <ChartCard
      title="Accuracy against λ"
      description="pass@1 of runs that differ only in λ (r = r_rule + λ·s_rrm): same variant, agent model, RRM model and training step; 95% bootstrap intervals."
      csv={() => data.lambda.flatMap((l) => l.points.map((p) => ({ series: sweepLabel(l), benchmark: l.benchmark, lambda: p.lambda, run_id: p.runId, run: p.runName, pass1: p.pass1, ci_low: p.ci?.low ?? null, ci_high: p.ci?.high ?? null, n: p.n, note: p.note })))}
      empty={data.lambda.length ? null : "Pick at least two runs that differ only in λ (the same variant, agent model, RRM model and step; e.g. the variant Reagent-R)."}
      legend={[...sweeps.map((l, i) => ({ label: sweepLabel(l), color: sweepColor(i), shape: "line" as const })), ...(sweeps.length ? [{ label: "95% bootstrap interval", color: INTERVAL_COLOR, shape: "errorbar" as const }] : [])]}
      notes={notes}
      controls={benches.length ? (
        <Select label="λ benchmark" value={benchmark} onChange={onBenchmark}>
          {benches.map((b) => <option key={b} value={b}>{b}</option>)}
        </Select>
      ) : null}
    >
      <ResponsiveContainer width="100%" height={260}>
        <LineChart margin={{ top: 16, right: 24, bottom: 20, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="lambda" domain={["dataMin", "dataMax"]} label={{ value: "λ", position: "insideBottom", offset: -10 }} tick={{ fontSize: 11 }} />
          <YAxis unit="%" domain={[0, 100]} tick={{ fontSize: 11 }} />
          <Tooltip />
          {sweeps.map((l, i) => {
            const shared = new Set(l.points.map((p) => p.lambda).filter((v, j, all) => all.indexOf(v) !== j));
            const points = l.points.map((p) => ({
              lambda: p.lambda, acc: pct(p.pass1), run: shared.has(p.lambda) ? p.runName : "",
              err: p.ci && p.pass1 !== null ? [pct(p.pass1 - p.ci.low), pct(p.ci.high - p.pass1)] : undefined,
            }));
            return (
              <Line key={l.key} name={sweepLabel(l)} data={points} dataKey="acc" stroke={sweepColor(i)} strokeWidth={2} dot={{ r: 4, fill: sweepColor(i) }} isAnimationActive={false}>
                <ErrorBar dataKey="err" width={4} stroke={INTERVAL_COLOR} />
                {shared.size ? <LabelList dataKey="run" position="right" fontSize={10} fill="#333333" /> : null}
              </Line>
            );
          })}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

function CurvesSection({ data, runColor, runName, metric, smooth, set }: {
  data: Comparison; runColor: (id: number) => string; runName: (id: number) => string; metric: string | null; smooth: number; set: (c: Record<string, string | null>) => void;
}) {
  const metrics = data.curves.map((c) => c.metric);
  const chosen = data.curves.find((c) => c.metric === metric) ?? data.curves.find((c) => c.metric === "reward") ?? data.curves[0];
  const smoothed = (chosen?.runs ?? []).map((r) => {
    const values = ema(r.points.map((p) => p.value), smooth);
    return { runId: r.runId, points: r.points.map((p, i) => ({ step: p.step, raw: p.value, value: values[i] })) };
  });
  const withoutCurve = data.runs.filter((r) => !chosen?.runs.some((c) => c.runId === r.id)).map((r) => r.name);
  const notes = [
    ...(chosen?.runs ?? []).filter((r) => r.downsampled).map((r) => `${runName(r.runId)}: ${r.n.toLocaleString("en-US")} logged steps, drawn as ${r.points.length} means of consecutive steps (the last step as logged)`),
    ...(chosen && withoutCurve.length ? [`No ${chosen.metric} logged for ${withoutCurve.join(", ")}`] : []),
  ];
  return (
    <ChartCard
      title="Training curves"
      description="Run metrics over training steps, runs overlaid; smoothing is a debiased exponential moving average (raw values in the CSV)."
      csv={() => smoothed.flatMap((r) => r.points.map((p) => ({ run: runName(r.runId), metric: chosen?.metric, step: p.step, value: p.raw, smoothed: p.value })))}
      empty={chosen ? null : "None of the picked runs has training metrics."}
      legend={smoothed.map((r) => ({ label: `${runName(r.runId)}${chosen ? ` · ${chosen.metric}` : ""}`, color: runColor(r.runId), shape: "line" as const }))}
      notes={notes}
      controls={chosen ? (
        <>
          <Select label="Metric" value={chosen?.metric ?? ""} onChange={(v) => set({ metric: v })}>
            {metrics.map((m) => <option key={m} value={m}>{m}</option>)}
          </Select>
          <label className="flex flex-col gap-0.5 text-xs text-zinc-600 dark:text-zinc-400">
            Smoothing {smooth.toFixed(2)}
            <input aria-label="Smoothing" type="range" min={0} max={0.99} step={0.01} defaultValue={smooth} onMouseUp={(e) => set({ smooth: (e.target as HTMLInputElement).value })} onKeyUp={(e) => set({ smooth: (e.target as HTMLInputElement).value })} />
          </label>
        </>
      ) : null}
    >
      <ResponsiveContainer width="100%" height={280}>
        <LineChart margin={{ top: 5, right: 10, bottom: 20, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="step" domain={["dataMin", "dataMax"]} tick={{ fontSize: 11 }} label={{ value: "step", position: "insideBottom", offset: -10, fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} domain={["auto", "auto"]} label={chosen ? { value: chosen.metric, angle: -90, position: "insideLeft", offset: 12, fontSize: 11 } : undefined} />
          <Tooltip />
          {smoothed.map((r) => (
            <Line key={r.runId} data={r.points} dataKey="value" name={runName(r.runId)} stroke={runColor(r.runId)} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
