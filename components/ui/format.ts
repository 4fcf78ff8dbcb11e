// Display formatting shared by tables and charts. Pure.

export function formatPercent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? "—" : `${(value * 100).toFixed(digits)}%`;
}

export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : value.toFixed(2);
}

export function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}

/**
 * The one sequential scale for RRM scores, used everywhere a score is coloured: light to dark blue as the score
 * rises. Returns Tailwind classes with enough contrast for the text on top.
 */
export function scoreScaleClass(score: number | null | undefined): string {
  if (score === null || score === undefined) return "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400";
  if (score < 0.2) return "bg-sky-50 text-sky-900 dark:bg-sky-950 dark:text-sky-100";
  if (score < 0.4) return "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-50";
  if (score < 0.6) return "bg-sky-200 text-sky-950 dark:bg-sky-800 dark:text-white";
  if (score < 0.8) return "bg-sky-300 text-sky-950 dark:bg-sky-700 dark:text-white";
  return "bg-sky-700 text-white dark:bg-sky-500 dark:text-sky-950";
}

/**
 * A percentage that a table states (the paper's 28.2), as written there: at most two decimals, no float noise
 * (28.199999999999996 → "28.2%").
 */
export function formatStatedPercent(pct: number | null | undefined): string {
  return pct === null || pct === undefined ? "—" : `${Number(pct.toFixed(2))}%`;
}
