// The splits the Compare page reports accuracy on, from the (benchmark, level) pairs the runs hold. Pure.
//
// A benchmark with levels (GAIA L1–L3, WebWalkerQA Easy/Medium/Hard) gets one split per level and one for the whole
// benchmark (all its levels together), because the paper reports both: "GAIA-L1" … and "GAIA". Benchmarks without
// levels are one split each. "All" (every split) comes last.
import { reportedBenchmarkName } from "@/lib/demo/benchmarks";

export type SplitKind = "benchmark" | "level" | "all";

export type Split = {
  /** As the paper's tables write it: "GAIA", "GAIA-L1", "HLE", or "All". */
  name: string;
  kind: SplitKind;
  /** The benchmark it belongs to; null for "All". */
  benchmark: string | null;
  /** The level for kind "level" ('' for the tasks of a levelled benchmark that have none); null otherwise. */
  level: string | null;
  /** kind "benchmark": the level splits it is made of (empty for a benchmark without levels). */
  levels: string[];
};

export const ALL_SPLIT = "All";

/** Where a level sorts: difficulty words in their order of difficulty, else numbers in numeric order, else by name. */
const DIFFICULTY = ["easy", "medium", "hard"];
function compareLevels(a: string, b: string): number {
  const da = DIFFICULTY.indexOf(a.toLowerCase());
  const db = DIFFICULTY.indexOf(b.toLowerCase());
  if (da >= 0 && db >= 0) return da - db;
  if (da >= 0 !== db >= 0) return da >= 0 ? -1 : 1;
  return a.localeCompare(b, "en", { numeric: true });
}

/** The name of the tasks of a levelled benchmark that carry no level (they count in the whole benchmark too). */
export function unlevelledName(benchmark: string): string {
  return `${benchmark} (no level)`;
}

/**
 * Splits for the (benchmark, level) pairs present (level null or '' for none), in display order: benchmarks by name,
 * a levelled benchmark's whole split before its levels (easy → hard, L1 → L3), then "All".
 */
export function splitsOf(pairs: readonly { benchmark: string; level: string | null }[]): Split[] {
  const levels = new Map<string, Set<string>>();
  for (const { benchmark, level } of pairs) {
    const set = levels.get(benchmark) ?? new Set<string>();
    set.add(level ?? "");
    levels.set(benchmark, set);
  }
  const out: Split[] = [];
  for (const benchmark of [...levels.keys()].sort()) {
    const named = [...levels.get(benchmark)!].filter((l) => l !== "").sort(compareLevels);
    if (named.length === 0) {
      out.push({ name: benchmark, kind: "benchmark", benchmark, level: null, levels: [] });
      continue;
    }
    const parts = [...named.map((l) => reportedBenchmarkName(benchmark, l)), ...(levels.get(benchmark)!.has("") ? [unlevelledName(benchmark)] : [])];
    out.push({ name: benchmark, kind: "benchmark", benchmark, level: null, levels: parts });
    for (const level of named) out.push({ name: reportedBenchmarkName(benchmark, level), kind: "level", benchmark, level, levels: [] });
    if (levels.get(benchmark)!.has("")) out.push({ name: unlevelledName(benchmark), kind: "level", benchmark, level: "", levels: [] });
  }
  out.push({ name: ALL_SPLIT, kind: "all", benchmark: null, level: null, levels: [] });
  return out;
}

/** Whether a row of (benchmark, level) counts in a split. */
export function inSplit(split: Split, row: { benchmark: string; level: string | null }): boolean {
  if (split.kind === "all") return true;
  if (row.benchmark !== split.benchmark) return false;
  return split.kind === "benchmark" || (row.level ?? "") === split.level;
}

/**
 * The finest splits a row of (benchmark, level) is reported in: its level split, or the benchmark for one without
 * levels. These are what "a run has this benchmark or not" is judged on.
 */
export function leafSplitName(splits: readonly Split[], row: { benchmark: string; level: string | null }): string {
  const leaf = splits.find((s) => s.kind === "level" && inSplit(s, row));
  return leaf ? leaf.name : row.benchmark;
}
