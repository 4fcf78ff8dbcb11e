"use client";
// A titled chart with its legend, its notes and its exports. The legend is ours, not Recharts': Recharts 3 draws its
// <Legend> as HTML outside the <svg>, so an export of the svg alone lost the series names and the numbers put in
// them (AUROC, ECE). Here one list of entries is both the legend on the page and the legend drawn into the exported
// SVG/PNG, together with the title, every chart of the card (small multiples included, where they sit on the page),
// the captions marked `data-export-text`, and the notes. Cards that are tables export CSV only.
import Papa from "papaparse";
import { useRef, type ReactNode } from "react";
import { secondaryButtonClass } from "@/components/settings/styles";

/** How a legend entry's swatch is drawn: a filled square, a line (dashed for references), a marker or an error bar. */
export type SwatchShape = "square" | "line" | "dashed" | "diamond" | "triangle" | "box" | "circle" | "cross" | "errorbar";
export type LegendEntry = { label: string; color: string; shape?: SwatchShape };

const SVG_NS = "http://www.w3.org/2000/svg";
const FONT = "Helvetica, Arial, sans-serif";

function download(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text; // text, never markup: run names are user input
  return node;
}

/** A swatch of `shape` in a 12 × 12 box at (x, y) (top left), as SVG; the page legend draws the same in HTML. */
export function swatchPath(shape: SwatchShape): { d: string; fill: boolean; dash?: string } {
  switch (shape) {
    case "line": return { d: "M0 6 H12", fill: false };
    case "dashed": return { d: "M0 6 H12", fill: false, dash: "3 2" };
    case "diamond": return { d: "M6 1 L11 6 L6 11 L1 6 Z", fill: true };
    case "triangle": return { d: "M6 1 L11 11 L1 11 Z", fill: true };
    case "box": return { d: "M2 2 H10 V10 H2 Z", fill: true };
    case "circle": return { d: "M6 1 A5 5 0 1 1 5.99 1 Z", fill: true };
    case "cross": return { d: "M1 1 L11 11 M11 1 L1 11", fill: false };
    case "errorbar": return { d: "M6 0 V12 M3 0 H9 M3 12 H9", fill: false };
    default: return { d: "M0 0 H12 V12 H0 Z", fill: true };
  }
}

function Swatch({ entry }: { entry: LegendEntry }) {
  const { d, fill, dash } = swatchPath(entry.shape ?? "square");
  return (
    <svg aria-hidden width={12} height={12} viewBox="0 0 12 12" className="shrink-0">
      <path d={d} fill={fill ? entry.color : "none"} stroke={entry.color} strokeWidth={fill ? 0.5 : 2} strokeDasharray={dash} />
    </svg>
  );
}

let measureContext: CanvasRenderingContext2D | null = null;
function textWidth(text: string, size: number, bold = false): number {
  measureContext ??= document.createElement("canvas").getContext("2d");
  if (!measureContext) return text.length * size * 0.6;
  measureContext.font = `${bold ? "bold " : ""}${size}px ${FONT}`;
  return measureContext.measureText(text).width;
}

/** Lines of at most `width` pixels at `size` px. */
function wrap(text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The card's charts as one standalone SVG: title, legend, every Recharts surface and `data-export-text` caption in
 * the place it has on the page, then the notes. Null when there is no chart to export.
 */
export function composeExportSvg(root: HTMLElement, title: string, legend: readonly LegendEntry[], notes: readonly string[]): { text: string; width: number; height: number } | null {
  const surfaces = [...root.querySelectorAll<SVGSVGElement>("svg.recharts-surface")];
  if (!surfaces.length) return null;
  const box = root.getBoundingClientRect();
  const placed = [
    ...surfaces.map((svg) => ({ kind: "svg" as const, node: svg, rect: svg.getBoundingClientRect() })),
    ...[...root.querySelectorAll<HTMLElement>("[data-export-text]")].map((node) => ({ kind: "text" as const, node, rect: node.getBoundingClientRect() })),
  ];
  // Charts scrolled sideways (the accuracy chart's wide plot) are exported whole, from their left edge.
  const left = Math.min(box.left, ...placed.map((p) => p.rect.left));
  const top = Math.min(...placed.map((p) => p.rect.top));
  const width = Math.ceil(Math.max(box.right, ...placed.map((p) => p.rect.right)) - left) + 16;
  const out = el("svg", { xmlns: SVG_NS, "font-family": FONT, "font-size": 12 });
  out.appendChild(el("rect", { x: 0, y: 0, width: "100%", height: "100%", fill: "#ffffff" }));
  let y = 8;
  for (const line of wrap(title, width - 16, 14)) {
    y += 16;
    out.appendChild(el("text", { x: 8, y, "font-size": 14, "font-weight": "bold", fill: "#111111" }, line));
  }
  // Legend entries flow left to right and wrap.
  let x = 8;
  y += 8;
  if (legend.length) y += 12;
  for (const entry of legend) {
    const w = 16 + textWidth(entry.label, 12) + 14;
    if (x > 8 && x + w > width - 8) {
      x = 8;
      y += 18;
    }
    const { d, fill, dash } = swatchPath(entry.shape ?? "square");
    const swatch = el("path", { d, fill: fill ? entry.color : "none", stroke: entry.color, "stroke-width": fill ? 0.5 : 2, transform: `translate(${x} ${y - 10})` });
    if (dash) swatch.setAttribute("stroke-dasharray", dash);
    out.appendChild(swatch);
    out.appendChild(el("text", { x: x + 16, y, fill: "#111111" }, entry.label));
    x += w;
  }
  const chartTop = y + 10;
  let bottom = chartTop;
  for (const p of placed) {
    const px = p.rect.left - left + 8;
    const py = p.rect.top - top + chartTop;
    if (p.kind === "svg") {
      const clone = p.node.cloneNode(true) as SVGSVGElement;
      clone.setAttribute("x", String(px));
      clone.setAttribute("y", String(py));
      clone.setAttribute("width", String(p.rect.width));
      clone.setAttribute("height", String(p.rect.height));
      clone.removeAttribute("style");
      clone.removeAttribute("class");
      out.appendChild(clone);
    } else {
      const size = Number(p.node.dataset.exportSize ?? 11);
      out.appendChild(el("text", { x: px, y: py + size, "font-size": size, fill: p.node.dataset.exportColor ?? "#333333" }, p.node.dataset.exportText || p.node.textContent || ""));
    }
    bottom = Math.max(bottom, py + p.rect.height);
  }
  y = bottom + 6;
  for (const note of notes) {
    for (const line of wrap(note, width - 24, 11)) {
      y += 14;
      out.appendChild(el("text", { x: 8, y, "font-size": 11, fill: "#92400e" }, line));
    }
  }
  const height = Math.ceil(y + 10);
  out.setAttribute("width", String(width));
  out.setAttribute("height", String(height));
  out.setAttribute("viewBox", `0 0 ${width} ${height}`);
  return { text: new XMLSerializer().serializeToString(out), width, height };
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/λ/g, "lambda").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "chart";
}

export function ChartCard({ title, description, csv, children, controls, empty, legend = [], notes = [], image = true, className = "" }: {
  title: string;
  description?: ReactNode;
  /** Rows of the numbers the card shows (one object per row). */
  csv: () => Record<string, unknown>[];
  children: ReactNode;
  /** Controls of the chart (metric, benchmark …): shown even when there is nothing to draw, never exported. */
  controls?: ReactNode;
  /** When set, the chart is replaced by this sentence (nothing to draw). */
  empty?: string | null;
  /** Series and marks of the chart, shown above it and drawn into its exported image. */
  legend?: readonly LegendEntry[];
  /** What the chart cannot show and why (missing data, intervals left out …), below it and in the exported image. */
  notes?: readonly string[];
  /** False for cards that are tables: they export their numbers as CSV only. */
  image?: boolean;
  className?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const name = slug(title);
  const compose = () => (ref.current ? composeExportSvg(ref.current, title, legend, notes) : null);
  const exportSvg = () => {
    const svg = compose();
    if (svg) download(`${name}.svg`, new Blob([svg.text], { type: "image/svg+xml" }));
  };
  const exportPng = () => {
    const svg = compose();
    if (!svg) return;
    const img = new Image();
    const url = URL.createObjectURL(new Blob([svg.text], { type: "image/svg+xml" }));
    img.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = svg.width * 2;
      canvas.height = svg.height * 2;
      const ctx = canvas.getContext("2d")!;
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.scale(2, 2);
      ctx.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      canvas.toBlob((blob) => blob && download(`${name}.png`, blob), "image/png");
    };
    img.src = url;
  };
  const exportCsv = () => download(`${name}.csv`, new Blob([Papa.unparse(csv())], { type: "text/csv" }));
  return (
    <section aria-label={title} className={`rounded-md border border-zinc-200 p-3 dark:border-zinc-800 ${className}`}>
      <div className="mb-2 flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 className="text-sm font-semibold">{title}</h2>
          {description ? <p className="text-xs text-zinc-600 dark:text-zinc-400">{description}</p> : null}
        </div>
        <div className="flex gap-1">
          {image ? (
            <>
              <button type="button" className={secondaryButtonClass} onClick={exportPng} disabled={!!empty} aria-label={`Export ${title} as PNG`}>PNG</button>
              <button type="button" className={secondaryButtonClass} onClick={exportSvg} disabled={!!empty} aria-label={`Export ${title} as SVG`}>SVG</button>
            </>
          ) : null}
          <button type="button" className={secondaryButtonClass} onClick={exportCsv} disabled={!!empty} aria-label={`Export ${title} data as CSV`}>CSV</button>
        </div>
      </div>
      {controls ? <div className="mb-1 flex flex-wrap items-end gap-3">{controls}</div> : null}
      {legend.length && !empty ? (
        <ul aria-label={`Legend of ${title}`} className="mb-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-700 dark:text-zinc-300">
          {legend.map((entry, i) => (
            <li key={`${entry.label}-${i}`} className="flex items-center gap-1.5"><Swatch entry={entry} />{entry.label}</li>
          ))}
        </ul>
      ) : null}
      <div ref={ref}>{empty ? <p className="py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">{empty}</p> : children}</div>
      {notes.length ? (
        <ul aria-label={`Notes on ${title}`} className="mt-1 list-disc pl-5 text-xs text-amber-800 dark:text-amber-400">
          {notes.map((note) => <li key={note}>{note}</li>)}
        </ul>
      ) : null}
    </section>
  );
}

/** One colour per series, the same in every chart and table of the page (Tableau 10, readable on light and dark). */
export const SERIES_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
export const seriesColor = (index: number) => SERIES_COLORS[index % SERIES_COLORS.length];
export const CORRECT_COLOR = "#16a34a";
export const INCORRECT_COLOR = "#dc2626";
/** Marks of reported numbers: the matching method's in near-black, tables picked with reported= in dark tones. */
export const PAPER_COLOR = "#111111";
export const PICKED_REPORTED_COLORS = ["#7c2d12", "#1e3a8a", "#14532d", "#581c87", "#374151"];
export const PICKED_REPORTED_SHAPES: SwatchShape[] = ["triangle", "box", "circle", "cross"];
