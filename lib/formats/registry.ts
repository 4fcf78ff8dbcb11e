// Every importer the workbench has, and format detection: each adapter scores a file's name and head, the best score
// above 0.5 wins; a file none of them reads gets an error that says so and lists the supported formats. Pure.
import type { FormatAdapter, FormatSample } from "@/lib/formats/format-adapter";
import { chatmlAdapter } from "@/lib/formats/chatml-adapter";
import { inspectAdapter } from "@/lib/formats/inspect-adapter";
import { nativeAdapter } from "@/lib/formats/native-adapter";
import { openAiMessagesAdapter } from "@/lib/formats/openai-messages-adapter";
import { qwenMathEvalAdapter } from "@/lib/formats/qwen-math-eval-adapter";
import { reagentEvalAdapter } from "@/lib/formats/reagent-eval-adapter";
import { shareGptAdapter } from "@/lib/formats/sharegpt-adapter";
import { smolagentsAdapter } from "@/lib/formats/smolagents-adapter";
import { isRecord } from "@/lib/formats/chatml";
import { keysOf, sniff } from "@/lib/formats/sniff";
import { verlAdapter } from "@/lib/formats/verl-adapter";

/** In order of preference when two adapters score the same. */
export const FORMAT_ADAPTERS: readonly FormatAdapter[] = [
  nativeAdapter,
  reagentEvalAdapter,
  verlAdapter,
  inspectAdapter,
  smolagentsAdapter,
  chatmlAdapter,
  shareGptAdapter,
  qwenMathEvalAdapter,
  openAiMessagesAdapter,
];

export const FORMAT_IDS = FORMAT_ADAPTERS.map((adapter) => adapter.id);

export function getAdapter(id: string): FormatAdapter | undefined {
  return FORMAT_ADAPTERS.find((adapter) => adapter.id === id);
}

/** The head size detection looks at. */
export const SAMPLE_BYTES = 256 * 1024;

/** A detection sample from the first bytes of a file; `complete` says whether they are the whole file. */
export function sampleFromBytes(name: string, bytes: Uint8Array, complete: boolean): FormatSample {
  const headBytes = bytes.length > SAMPLE_BYTES ? bytes.subarray(0, SAMPLE_BYTES) : bytes;
  const head = new TextDecoder("utf-8", { fatal: false }).decode(headBytes);
  return { name, head, headBytes, complete: complete && bytes.length <= SAMPLE_BYTES };
}

/** The formats list as one line each: "id (label): what writes it". */
export function supportedFormatsText(): string {
  return FORMAT_ADAPTERS.map((adapter) => `${adapter.id} (${adapter.label}: ${adapter.description})`).join("; ");
}

export type Detection = { adapter: FormatAdapter; confidence: number } | { error: string };

export function detectFormat(sample: FormatSample): Detection {
  const sniffed = sniff(sample);
  if (sniffed.container === "empty") return { error: `${sample.name || "the file"} is empty. ${supportedList()}` };
  let best: { adapter: FormatAdapter; confidence: number } | null = null;
  for (const adapter of FORMAT_ADAPTERS) {
    let confidence = 0;
    try {
      confidence = adapter.detect(sample);
    } catch {
      confidence = 0;
    }
    if (confidence > 0.5 && (!best || confidence > best.confidence)) best = { adapter, confidence };
  }
  if (best) return best;
  const known = recognizeUnsupported(sample);
  const what = known ? `it looks like ${known}, which the workbench does not import` : "no importer recognises it";
  return { error: `Format not supported: ${sample.name || "the file"} — ${what}. ${supportedList()}` };
}

function supportedList(): string {
  return `Supported formats: ${supportedFormatsText()}`;
}

/** Names the framework of a file no adapter reads, when it is one we know of, so the error can say what it is. */
export function recognizeUnsupported(sample: FormatSample): string | null {
  const sniffed = sniff(sample);
  const first = sniffed.first;
  const keys = keysOf(first);
  if (sniffed.container === "zip") return "a zip archive that is not an Inspect .eval log";
  if (keys.has("instance_id") && (keys.has("history") || keys.has("test_result") || keys.has("traceback"))) return "an OpenHands evaluation output";
  if (isRecord(first) && typeof first.kind === "string" && "source" in first && ("action" in first || "observation" in first)) return "an OpenHands event list";
  if (keys.has("checkpoints") && keys.has("final_score")) return "an OpenHands/OpenAgentSafety evaluator result";
  if (keys.has("trajectory") && keys.has("history") && keys.has("info")) return "a SWE-agent .traj trajectory";
  if (keys.has("simulations") && keys.has("tasks")) return "τ²-bench results";
  if (keys.has("answer_generation") || (keys.has("tree") && keys.has("win"))) return "a ToolBench DFSDT answer file";
  if (keys.has("benchmarks") && keys.has("overall")) return "a smolagents benchmark score file (aggregates, no trajectories)";
  if (keys.has("acc") && keys.has("num_samples")) return "a math_eval metrics file (aggregates, no trajectories)";
  if (keys.has("env_id") && keys.has("avg_reward")) return "verifiers run metadata (aggregates, no trajectories)";
  if (keys.has("model_name") && keys.has("results") && keys.has("methodology")) return "a leaderboard submission (aggregates, no trajectories)";
  return null;
}
