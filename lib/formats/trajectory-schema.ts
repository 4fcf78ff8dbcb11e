// The normalized trajectory: what every importer produces, what the demo generator produces, what export writes.
// One schema, types inferred from it. Pure: no I/O, safe to import from client components.
//
// A trajectory is a task plus an ordered list of steps. Steps are deliberately few kinds:
//   message      a turn that is neither reasoning nor a tool call: the user's question, a system prompt, the critique
//                fed back before a refined retry, an assistant turn without a tool call (role says whose)
//   reasoning    the agent's thinking (the <think> block of a Qwen3/Reagent assistant turn)
//   tool_call    one call: tool.name and tool.arguments (always an object; JSON-string arguments are parsed by the
//                importer, unparsable ones kept under arguments._raw), tool.callId when the source has one
//   tool_result  what came back: text, plus result.callId / result.name pairing it with its call when known
//   final_answer the answer the agent committed to (text = the answer turn; answer = the extracted answer)
// One assistant turn usually yields several steps (reasoning, then tool_call); `turn` groups them.
import { z } from "zod";

export const stepKindSchema = z.enum(["reasoning", "tool_call", "tool_result", "message", "final_answer"]);
export type StepKind = z.infer<typeof stepKindSchema>;

export const stepRoleSchema = z.enum(["system", "user", "assistant", "tool"]);
export type StepRole = z.infer<typeof stepRoleSchema>;

export const toolCallSchema = z.object({
  name: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()),
  callId: z.string().optional(),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

export const toolResultRefSchema = z.object({
  /** The call this result answers, when the source pairs them by id (else results pair with calls by order). */
  callId: z.string().optional(),
  /** The tool that produced it, when known. */
  name: z.string().optional(),
  /** The tool reported an error (exception, timeout, bad arguments). */
  isError: z.boolean().optional(),
  /** The text was cut by the agent framework before the model saw it (original length in `originalLength`). */
  truncated: z.boolean().optional(),
  originalLength: z.number().int().nonnegative().optional(),
});
export type ToolResultRef = z.infer<typeof toolResultRefSchema>;

export const stepSchema = z.object({
  /** Position in the trajectory, 0-based and dense. */
  index: z.number().int().nonnegative(),
  kind: stepKindSchema,
  /** Who produced the step, when the source says so. */
  role: stepRoleSchema.optional(),
  /** The assistant/user turn this step came from (several steps can share one turn). */
  turn: z.number().int().nonnegative().optional(),
  text: z.string().optional(),
  /** tool_call only. */
  tool: toolCallSchema.optional(),
  /** tool_result only. */
  result: toolResultRefSchema.optional(),
  /** final_answer only: the extracted answer (e.g. the content of the last \boxed{…}). */
  answer: z.string().optional(),
  /** Tokens of this step (generated tokens for model steps, prompt-side tokens for tool results), when known. */
  tokens: z.number().int().nonnegative().optional(),
  /** Wall-clock time of this step (generation or tool execution), when known. */
  durationMs: z.number().nonnegative().optional(),
  /** ISO 8601 start time, when known. */
  startedAt: z.string().optional(),
  /** Anything else the source carried for this step (token usage, model id, raw role names …). */
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type Step = z.infer<typeof stepSchema>;

export const stepsSchema = z.array(stepSchema);

/**
 * How an attempt ended. The first five are the Reagent evaluation's own values ("error" comes with prediction
 * "[Failed]"); importers map other frameworks' reasons onto these where they mean the same and keep the rest as is.
 */
export const KNOWN_TERMINATIONS = ["answer", "no_tool_call", "exceed_llm_calls", "token_limit_reached", "error"] as const;
export const terminationSchema = z.string().min(1);

export const taskRefSchema = z.object({
  benchmark: z.string().min(1),
  /** Split or difficulty level within the benchmark (GAIA "1".."3", WebWalkerQA "easy"/"medium"/"hard"). */
  level: z.string().nullish(),
  /** The benchmark's own question id; when absent, tasks are matched on the question text. */
  externalId: z.string().nullish(),
  question: z.string(),
  groundTruth: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
export type TaskRef = z.infer<typeof taskRefSchema>;

export const parseStatusSchema = z.enum(["ok", "partial", "failed"]);

export const judgmentInputSchema = z.object({
  rrmModel: z.string().min(1),
  reasoning: z.string().nullish(),
  critique: z.string().nullish(),
  score: z.number().min(0).max(1).nullish(),
  /** The RRM's output exactly as produced; the other fields are what could be parsed out of it. */
  rawOutput: z.string().nullish(),
  parseStatus: parseStatusSchema.default("ok"),
  parseNotes: z.array(z.string()).default([]),
  /** ISO 8601; the most recent judgment is the one a trajectory's rrmScore shows. */
  createdAt: z.string().optional(),
});
export type JudgmentInput = z.input<typeof judgmentInputSchema>;
export type NormalizedJudgment = z.output<typeof judgmentInputSchema>;

export const attemptStageSchema = z.enum(["initial", "refined"]);

export const normalizedTrajectorySchema = z.object({
  /** Id of this attempt in its source (unique within a run); the importer's idempotency key when present. */
  externalId: z.string().nullish(),
  task: taskRefSchema,
  steps: stepsSchema,
  finalAnswer: z.string().nullish(),
  /** Graded correctness against the ground truth; null when ungraded. */
  correct: z.boolean().nullish(),
  /** Rule reward in [0, 1] (1 if correct; QA falls back to token F1 when F1 >= 0.3). */
  ruleReward: z.number().nullish(),
  termination: terminationSchema.nullish(),
  /** Error message of a failed attempt (Reagent: `error`, with prediction "[Failed]"). */
  error: z.string().nullish(),
  rolloutIndex: z.number().int().nonnegative().default(0),
  /** GRPO group: rollouts of the same prompt in the same training step share it. */
  groupKey: z.string().nullish(),
  stage: attemptStageSchema.default("initial"),
  /** externalId of the attempt this one refines (Reagent-C/U critique-conditioned retry). */
  parentExternalId: z.string().nullish(),
  trainingStep: z.number().int().nonnegative().nullish(),
  /** Total tokens (prompt + completion) when known; otherwise the sum of the steps' tokens. */
  tokenCount: z.number().int().nonnegative().nullish(),
  promptTokens: z.number().int().nonnegative().nullish(),
  completionTokens: z.number().int().nonnegative().nullish(),
  durationMs: z.number().int().nonnegative().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  judgments: z.array(judgmentInputSchema).default([]),
});
export type NormalizedTrajectoryInput = z.input<typeof normalizedTrajectorySchema>;
export type NormalizedTrajectory = z.output<typeof normalizedTrajectorySchema>;

/** The denormalized summary columns of a trajectory that follow from its steps. */
export type StepSummary = {
  stepCount: number;
  toolCallCount: number;
  /** Distinct tool names of the tool calls, sorted. */
  toolsUsed: string[];
  /** Sum of the steps' tokens; null when no step has a token count. */
  stepTokens: number | null;
};

export function summarizeSteps(steps: readonly Step[]): StepSummary {
  let toolCallCount = 0;
  let stepTokens: number | null = null;
  const tools = new Set<string>();
  for (const step of steps) {
    if (step.kind === "tool_call") {
      toolCallCount++;
      if (step.tool) tools.add(step.tool.name);
    }
    if (step.tokens !== undefined) stepTokens = (stepTokens ?? 0) + step.tokens;
  }
  return { stepCount: steps.length, toolCallCount, toolsUsed: [...tools].sort(), stepTokens };
}

/**
 * JSON with object keys sorted at every level and members that are undefined or null dropped (the schema's nullish
 * fields mean the same when absent and when null): the same record always gives the same text, whatever order its
 * keys were built in and whether it went through the zod schema or not. Arrays keep their order and their nulls.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    return value === undefined ? "null" : JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i) out += ",";
      const item = value[i];
      out += item === undefined || typeof item === "function" ? "null" : canonicalJson(item);
    }
    return out + "]";
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return canonicalJson((value as { toJSON(): unknown }).toJSON());
  const keys = Object.keys(value).sort();
  let out = "{";
  let first = true;
  for (const key of keys) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || item === null || typeof item === "function") continue;
    if (!first) out += ",";
    first = false;
    out += JSON.stringify(key) + ":" + canonicalJson(item);
  }
  return out + "}";
}

/**
 * The text a trajectory's contentHash is the SHA-256 of: the canonical JSON of the record without its judgments
 * (judgments are added and replaced over time; they are not the attempt's content).
 */
export function canonicalTrajectoryText(trajectory: NormalizedTrajectory | NormalizedTrajectoryInput): string {
  const { judgments: _judgments, ...content } = trajectory;
  return canonicalJson(content);
}
