// Response shapes of the trajectory API (list, saved views, facets, detail, group). Pure: zod only, so browser code
// validates what it receives with the same schemas the server answers with.
import { z } from "zod";
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

