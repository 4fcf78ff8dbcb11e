// Response shapes of the trajectory API (list, saved views, facets, detail, group). Pure: zod only, so browser code
// validates what it receives with the same schemas the server answers with.
import { z } from "zod";
import { stepSchema } from "@/lib/formats/trajectory-schema";
import { trajectoryQuerySchema } from "@/lib/trajectory-query";

export const trajectoryRowSchema = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  runName: z.string(),
  variant: z.string(),
  benchmark: z.string(),
  level: z.string().nullable(),
  /** The task's question, cut to 300 characters. */
  question: z.string(),
  /** The final answer, cut to 200 characters. */
  finalAnswer: z.string().nullable(),
  correct: z.boolean().nullable(),
  ruleReward: z.number().nullable(),
  rrmScore: z.number().nullable(),
  judgmentCount: z.number().int(),
  annotated: z.boolean(),
  termination: z.string().nullable(),
  stepCount: z.number().int(),
  toolCallCount: z.number().int(),
  tokenCount: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  toolsUsed: z.array(z.string()),
  stage: z.enum(["initial", "refined"]),
  groupKey: z.string().nullable(),
  parentId: z.number().int().nullable(),
  rolloutIndex: z.number().int(),
  trainingStep: z.number().int().nullable(),
  createdAt: z.string(),
});
export type TrajectoryRow = z.infer<typeof trajectoryRowSchema>;

export const trajectoryListSchema = z.object({
  items: z.array(trajectoryRowSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** With a search: trajectories whose full-text document is not built yet (just imported); they can be missing. */
  searchPending: z.number().int().optional(),
});
export type TrajectoryList = z.infer<typeof trajectoryListSchema>;


export const savedViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  shared: z.boolean(),
  /** The list state, as lib/trajectory-query.ts describes it. */
  query: trajectoryQuerySchema,
  owner: z.object({ id: z.string(), name: z.string() }),
  mine: z.boolean(),
  createdAt: z.string(),
});
export type SavedView = z.infer<typeof savedViewSchema>;


export const trajectoryFacetsSchema = z.object({
  runs: z.array(z.object({ id: z.number().int(), name: z.string(), variant: z.string() })),
  benchmarks: z.array(z.object({ benchmark: z.string(), levels: z.array(z.string()) })),
  terminations: z.array(z.string()),
  rrmModels: z.array(z.string()),
  tools: z.array(z.string()),
  errorTags: z.array(z.string()),
});
export type TrajectoryFacets = z.infer<typeof trajectoryFacetsSchema>;


// ------------------------------------------------------------------------------------------------------------------
// One trajectory (GET /api/v1/trajectories/{id}) and its steps

export const stepViewSchema = stepSchema.extend({
  textLength: z.number().int().optional(),
  argumentsPreview: z.string().optional(),
  argumentsLength: z.number().int().optional(),
  metadataOmitted: z.boolean().optional(),
});

export const judgmentViewSchema = z.object({
  id: z.number().int(),
  rrmModel: z.string(),
  reasoning: z.string().nullable(),
  critique: z.string().nullable(),
  score: z.number().nullable(),
  /** The RRM's raw output; sent only when it could not be parsed cleanly (parseStatus partial or failed). */
  rawOutput: z.string().nullable(),
  parseStatus: z.enum(["ok", "partial", "failed"]),
  parseNotes: z.array(z.string()),
  source: z.string(),
  createdAt: z.string(),
});
export type JudgmentView = z.infer<typeof judgmentViewSchema>;

/** Another attempt at the same task: the one a refined retry refines, or a retry of this one. */
export const attemptSchema = z.object({
  id: z.number().int(),
  stage: z.enum(["initial", "refined"]),
  rolloutIndex: z.number().int(),
  finalAnswer: z.string().nullable(),
  correct: z.boolean().nullable(),
  ruleReward: z.number().nullable(),
  rrmScore: z.number().nullable(),
  stepCount: z.number().int(),
  termination: z.string().nullable(),
  /** The critique of this attempt's latest judgment (what a refined retry was conditioned on). */
  critique: z.string().nullable(),
  critiqueModel: z.string().nullable(),
});
export type Attempt = z.infer<typeof attemptSchema>;

export const trajectoryDetailSchema = z.object({
  id: z.number().int(),
  externalId: z.string().nullable(),
  run: z.object({ id: z.number().int(), name: z.string(), variant: z.string(), lambda: z.number().nullable(), rrmModel: z.string().nullable() }),
  task: z.object({
    id: z.number().int(),
    benchmark: z.string(),
    level: z.string().nullable(),
    externalId: z.string(),
    question: z.string(),
    groundTruth: z.string().nullable(),
  }),
  finalAnswer: z.string().nullable(),
  correct: z.boolean().nullable(),
  ruleReward: z.number().nullable(),
  rrmScore: z.number().nullable(),
  termination: z.string().nullable(),
  error: z.string().nullable(),
  stepCount: z.number().int(),
  toolCallCount: z.number().int(),
  tokenCount: z.number().int().nullable(),
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  rolloutIndex: z.number().int(),
  groupKey: z.string().nullable(),
  stage: z.enum(["initial", "refined"]),
  parentId: z.number().int().nullable(),
  trainingStep: z.number().int().nullable(),
  createdAt: z.string(),
  sourceFormat: z.string().nullable(),
  /** Steps with long texts cut (see textLength); GET …/steps/{index} gives one in full. */
  steps: z.array(stepViewSchema),
  judgments: z.array(judgmentViewSchema),
  parent: attemptSchema.nullable(),
  refinements: z.array(attemptSchema),
  /** Trajectories of the run sharing this one's groupKey (itself included); 0 without a group. */
  groupSize: z.number().int(),
});
export type TrajectoryDetail = z.infer<typeof trajectoryDetailSchema>;

export const fullStepSchema = stepSchema;

export const stepMatchesSchema = z.object({
  q: z.string(),
  matches: z.array(z.object({ index: z.number().int(), count: z.number().int() })),
});

/** A GRPO group: every rollout of the same prompt in the same run (and training step). */
export const trajectoryGroupSchema = z.object({
  groupKey: z.string(),
  run: z.object({ id: z.number().int(), name: z.string(), variant: z.string(), lambda: z.number().nullable() }),
  rollouts: z.array(
    z.object({
      id: z.number().int(),
      stage: z.enum(["initial", "refined"]),
      rolloutIndex: z.number().int(),
      parentId: z.number().int().nullable(),
      ruleReward: z.number().nullable(),
      correct: z.boolean().nullable(),
      rrmScore: z.number().nullable(),
      finalAnswer: z.string().nullable(),
      stepCount: z.number().int(),
      trainingStep: z.number().int().nullable(),
    }),
  ),
});
export type TrajectoryGroup = z.infer<typeof trajectoryGroupSchema>;
