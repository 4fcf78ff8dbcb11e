"use client";
// A titled chart with its exports: the drawn SVG as SVG or PNG, and the numbers behind it as CSV (papaparse).
import Papa from "papaparse";
import { useRef, type ReactNode } from "react";
import { secondaryButtonClass } from "@/components/settings/styles";

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

function svgText(root: HTMLElement | null): { text: string; width: number; height: number } | null {
  const svg = root?.querySelector<SVGSVGElement>("svg.recharts-surface");
  if (!svg) return null;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const { width, height } = svg.getBoundingClientRect();
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  clone.setAttribute("style", "background:#fff;font-family:sans-serif;font-size:12px");
  return { text: new XMLSerializer().serializeToString(clone), width, height };
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "chart";
}

export function ChartCard({ title, description, csv, children, empty }: {
  title: string;
  description?: ReactNode;
  /** Rows of the numbers the chart draws (one object per row). */
  csv: () => Record<string, unknown>[];
  children: ReactNode;
  /** When set, the chart is replaced by this sentence (nothing to draw). */
  empty?: string | null;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const name = slug(title);
  const exportSvg = () => {
    const svg = svgText(ref.current);
    if (svg) download(`${name}.svg`, new Blob([svg.text], { type: "image/svg+xml" }));
  };
  const exportPng = () => {
    const svg = svgText(ref.current);
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
    <section aria-label={title} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="mb-2 flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 className="text-sm font-semibold">{title}</h2>
          {description ? <p className="text-xs text-zinc-600 dark:text-zinc-400">{description}</p> : null}
        </div>
        <div className="flex gap-1">
          <button type="button" className={secondaryButtonClass} onClick={exportPng} disabled={!!empty} aria-label={`Export ${title} as PNG`}>PNG</button>
          <button type="button" className={secondaryButtonClass} onClick={exportSvg} disabled={!!empty} aria-label={`Export ${title} as SVG`}>SVG</button>
          <button type="button" className={secondaryButtonClass} onClick={exportCsv} aria-label={`Export ${title} data as CSV`}>CSV</button>
        </div>
      </div>
      <div ref={ref}>{empty ? <p className="py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">{empty}</p> : children}</div>
    </section>
  );
}

/** One colour per series, the same in every chart and table of the page (Tableau 10, readable on light and dark). */
export const SERIES_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
export const seriesColor = (index: number) => SERIES_COLORS[index % SERIES_COLORS.length];
export const CORRECT_COLOR = "#16a34a";
export const INCORRECT_COLOR = "#dc2626";
