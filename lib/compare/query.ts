// The Compare page's state as it lives in the URL (and in GET /api/v1/compare's query string). Pure.
import { z } from "zod";

export const GROUP_BY = ["run", "variant", "lambda", "model", "rrmModel", "step", "tag"] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** The most task rows one answer holds (taskLimit); the rest are paged through with a higher limit or a filter. */
export const MAX_TASK_LIMIT = 1000;

/** The most runs one comparison holds (and one `runs=` or `reported=` list names). */
export const MAX_COMPARE_RUNS = 50;

const idList = z
  .string()
  .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean).map(Number))
  .pipe(z.array(z.number().int().positive()).max(MAX_COMPARE_RUNS));

export const compareQuerySchema = z.object({
  /** Run ids, comma-separated. With tag or variant, runs carrying the tag / of the variant are added. */
  runs: idList.optional(),
  tag: z.string().min(1).max(200).optional(),
  variant: z.enum(["base", "reagent_c", "reagent_r", "reagent_u", "grpo", "custom"]).optional(),
  /** Restricts the task table and the RRM analysis to one benchmark (accuracy always shows every benchmark). */
  benchmark: z.string().min(1).max(200).optional(),
  /** Run the task delta table compares against (default: the first run picked). */
  baseline: z.coerce.number().int().positive().optional(),
  /** Judgments of this RRM model; default: each trajectory's most recent judgment. */
  rrmModel: z.string().min(1).max(200).optional(),
  groupBy: z.enum(GROUP_BY).default("run"),
  /** k of pass@k (besides pass@1). */
  k: z.coerce.number().int().min(1).max(64).default(3),
  flipsOnly: z.enum(["0", "1"]).default("0").transform((v) => v === "1"),
  /** Extra reported runs (source "reported") to draw as markers, besides those matching the picked runs. */
  reported: idList.optional(),
  taskLimit: z.coerce.number().int().min(1).max(MAX_TASK_LIMIT).default(100),
});
export type CompareQuery = z.output<typeof compareQuerySchema>;

/** Parses URLSearchParams (or a Next searchParams record) into a query; throws ZodError on bad input. */
export function parseCompareQuery(params: URLSearchParams | Record<string, string | string[] | undefined>): CompareQuery {
  const record: Record<string, string> = {};
  if (params instanceof URLSearchParams) params.forEach((v, k) => (record[k] = v));
  else for (const [k, v] of Object.entries(params)) if (v !== undefined) record[k] = Array.isArray(v) ? v[0] : v;
  return compareQuerySchema.parse(record);
}

/** Like parseCompareQuery but falls back to defaults for fields that do not parse (pages must not 500 on a bad URL). */
export function parseCompareQueryLenient(params: Record<string, string | string[] | undefined>): CompareQuery {
  const result = compareQuerySchema.safeParse(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  if (result.success) return result.data;
  const bad = new Set(result.error.issues.map((i) => String(i.path[0])));
  const kept = Object.fromEntries(Object.entries(params).filter(([k]) => !bad.has(k)).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return compareQuerySchema.parse(kept);
}
