// The 12 benchmarks of the Reagent paper as the demo uses them, the demo runs, and the accuracy each demo run aims
// for on each benchmark (the paper's Table 1/2 number of the matching method). Pure data: no I/O.
//
// Naming: a trajectory's `benchmark` is the benchmark ("GAIA", "WebWalkerQA", "HLE" …) and its `level` the
// sub-split ("L1".."L3" for GAIA, "Easy"/"Medium"/"Hard" for WebWalkerQA, null elsewhere), chosen so that
// `reportedBenchmarkName(benchmark, level)` is exactly the name the paper's tables (ReportedResult.benchmark) use.
import paperResults from "@/lib/demo/reagent-paper-results.json";

export type BenchmarkFamily = "web" | "multihop" | "math";

export type SplitSpec = {
  benchmark: string;
  level: string | null;
  /** Share of the demo's tasks in this split. */
  share: number;
  family: BenchmarkFamily;
};

const GAIA_LEVELS = { L1: 39, L2: 52, L3: 12 }; // the paper's GAIA text subset: 103 questions
const WEBWALKER_LEVELS = { Easy: 0.3, Medium: 0.35, Hard: 0.35 };

function levels(benchmark: string, share: number, family: BenchmarkFamily, weights: Record<string, number>): SplitSpec[] {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  return Object.entries(weights).map(([level, w]) => ({ benchmark, level, share: (share * w) / total, family }));
}

export const DEMO_SPLITS: readonly SplitSpec[] = [
  ...levels("GAIA", 0.16, "web", GAIA_LEVELS),
  ...levels("WebWalkerQA", 0.18, "web", WEBWALKER_LEVELS),
  { benchmark: "HLE", level: null, share: 0.08, family: "web" },
  { benchmark: "xbench-DeepSearch", level: null, share: 0.07, family: "web" },
  { benchmark: "HotpotQA", level: null, share: 0.08, family: "multihop" },
  { benchmark: "2WikiMultihopQA", level: null, share: 0.08, family: "multihop" },
  { benchmark: "Bamboogle", level: null, share: 0.06, family: "multihop" },
  { benchmark: "MuSiQue", level: null, share: 0.08, family: "multihop" },
  { benchmark: "AIME24", level: null, share: 0.04, family: "math" },
  { benchmark: "AIME25", level: null, share: 0.04, family: "math" },
  { benchmark: "MATH500", level: null, share: 0.06, family: "math" },
  { benchmark: "GSM8K", level: null, share: 0.07, family: "math" },
];

export const DEMO_BENCHMARKS = [...new Set(DEMO_SPLITS.map((s) => s.benchmark))];

/** The name of a benchmark split in the paper's result tables ("GAIA-L1", "WebWalkerQA-Easy", "HLE"). */
export function reportedBenchmarkName(benchmark: string, level: string | null | undefined): string {
  return level ? `${benchmark}-${level}` : benchmark;
}

export type PaperRow = { table: string; method: string; benchmark: string; accuracy_pct: number };
export const PAPER_SOURCE: string = paperResults.source;
export const PAPER_ROWS: readonly PaperRow[] = paperResults.results;

/** The paper's accuracy (percent) of a method on a benchmark split; undefined when not reported. */
export function paperAccuracy(method: string, benchmark: string): number | undefined {
  return PAPER_ROWS.find((row) => row.method === method && row.benchmark === benchmark)?.accuracy_pct;
}

export type DemoRunVariant = "base" | "grpo" | "reagent_c" | "reagent_r" | "reagent_u";

export type DemoRunSpec = {
  /** Stable short key, used in external ids and PRNG stream names. */
  key: string;
  name: string;
  variant: DemoRunVariant;
  lambda: number | null;
  /** The paper's method whose numbers this run reproduces. */
  paperMethod: string;
  /** Points below the paper's number: [absolute cap, share of the number] (the λ = 0.1 / 0.5 ablations). */
  below?: [number, number];
  /** Evaluation attempts are refined once with the RRM's critique (Reagent-C); the retry is what is scored. */
  refine: boolean;
  /** Method whose numbers the first attempts of a refining run follow. */
  initialMethod?: string;
  /** Trained with GRPO: has a training curve and a checkpoint step. */
  trained: boolean;
  /** Carries GRPO training groups of initial attempts and their critique-refined retries (Reagent-U). */
  trainingGroups: boolean;
  /** Training curve: where accuracy starts and ends, and whether an RRM score is logged. */
  curve?: { start: number; end: number; rrm: boolean };
  description: string;
};

const DEMO_NOTE = "Generated demo data (npm run seed): invented questions and trajectories, not real results.";

export const DEMO_RUNS: readonly DemoRunSpec[] = [
  {
    key: "base", name: "Qwen3-8B (base)", variant: "base", lambda: null, paperMethod: "Qwen3-8B", refine: false,
    trained: false, trainingGroups: false,
    description: `${DEMO_NOTE} The untrained Qwen3-8B agent, 3 rollouts per task; accuracies follow the paper's Qwen3-8B row.`,
  },
  {
    key: "grpo", name: "Reagent w/o Agent-RRM", variant: "grpo", lambda: null, paperMethod: "Reagent w/o Agent-RRM",
    refine: false, trained: true, trainingGroups: false, curve: { start: 0.3, end: 0.45, rrm: false },
    description: `${DEMO_NOTE} GRPO with the rule reward only (no Agent-RRM); follows the paper's "Reagent w/o Agent-RRM" row.`,
  },
  {
    key: "c", name: "Reagent-C", variant: "reagent_c", lambda: null, paperMethod: "Reagent-C", initialMethod: "Qwen3-8B",
    refine: true, trained: false, trainingGroups: false,
    description: `${DEMO_NOTE} Training-free: each first attempt of Qwen3-8B is critiqued by the Agent-RRM and retried; the retry (stage "refined") is what is scored. Follows the paper's Reagent-C row.`,
  },
  {
    key: "r01", name: "Reagent-R λ=0.1", variant: "reagent_r", lambda: 0.1, paperMethod: "Reagent-R", below: [2.5, 0.12],
    refine: false, trained: true, trainingGroups: false, curve: { start: 0.3, end: 0.46, rrm: true },
    description: `${DEMO_NOTE} GRPO with r = r_rule + 0.1 · s_rrm (λ ablation); a little below the paper's Reagent-R (λ = 0.3).`,
  },
  {
    key: "r03", name: "Reagent-R λ=0.3", variant: "reagent_r", lambda: 0.3, paperMethod: "Reagent-R", refine: false,
    trained: true, trainingGroups: false, curve: { start: 0.3, end: 0.48, rrm: true },
    description: `${DEMO_NOTE} GRPO with r = r_rule + 0.3 · s_rrm, the paper's setting; follows the paper's Reagent-R row.`,
  },
  {
    key: "r05", name: "Reagent-R λ=0.5", variant: "reagent_r", lambda: 0.5, paperMethod: "Reagent-R", below: [3.5, 0.15],
    refine: false, trained: true, trainingGroups: false, curve: { start: 0.3, end: 0.45, rrm: true },
    description: `${DEMO_NOTE} GRPO with r = r_rule + 0.5 · s_rrm (λ ablation); a little below the paper's Reagent-R (λ = 0.3).`,
  },
  {
    key: "u", name: "Reagent-U", variant: "reagent_u", lambda: 0.3, paperMethod: "Reagent-U", refine: false, trained: true,
    trainingGroups: true, curve: { start: 0.31, end: 0.52, rrm: true },
    description: `${DEMO_NOTE} GRPO on pooled groups: 8 first attempts and their 8 critique-refined retries share one group (rollouts with trainingStep set); evaluation rollouts follow the paper's Reagent-U row.`,
  },
];

export const DEMO_AGENT_MODEL = "Qwen3-8B";
export const DEMO_RRM_MODEL = "Agent-RRM-8B (demo)";
/** An earlier RRM checkpoint that also judged part of the base run (trajectories with two judgments). */
export const DEMO_RRM_MODEL_EARLY = "Agent-RRM-8B-SFT (demo)";
export const DEMO_TAG = "demo";
export const DEMO_ROLLOUTS = 3;
export const DEMO_GROUP_SIZE = 8;
export const DEMO_TRAINING_STEPS = 250;
export const DEMO_METRIC_INTERVAL = 5;

/** Target accuracy in [0, 1] of a demo run on a split; `initial` asks for the first attempts of a refining run. */
export function targetAccuracy(run: DemoRunSpec, split: Pick<SplitSpec, "benchmark" | "level">, initial = false): number {
  const name = reportedBenchmarkName(split.benchmark, split.level);
  const method = initial && run.initialMethod ? run.initialMethod : run.paperMethod;
  const pct = paperAccuracy(method, name);
  if (pct === undefined) throw new Error(`The paper reports no ${method} number for ${name}`);
  const below = initial ? undefined : run.below;
  const adjusted = below ? Math.max(0, pct - Math.min(below[0], below[1] * pct)) : pct;
  return adjusted / 100;
}

/** Run variant of a method of the paper's tables. */
export function paperMethodVariant(method: string): { variant: DemoRunVariant | "custom"; lambda: number | null } {
  if (method === "Qwen3-8B") return { variant: "base", lambda: null };
  if (method === "Reagent w/o Agent-RRM") return { variant: "grpo", lambda: null };
  if (method === "Reagent-C") return { variant: "reagent_c", lambda: null };
  if (method === "Reagent-R") return { variant: "reagent_r", lambda: 0.3 };
  if (method === "Reagent-U") return { variant: "reagent_u", lambda: 0.3 };
  return { variant: "custom", lambda: null };
}

/** The backbone named in a method label: "ARPO (Qwen3-14B)" → "Qwen3-14B"; Reagent rows use Qwen3-8B. */
export function paperMethodModel(method: string): string {
  const inParens = /\(([^)]+)\)\s*$/.exec(method);
  if (inParens) return inParens[1];
  if (method.startsWith("Reagent") || method === "Qwen3-8B") return "Qwen3-8B";
  return method;
}
