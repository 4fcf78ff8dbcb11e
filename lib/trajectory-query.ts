// The state of the trajectory list: filters, search and sort. One zod schema shared by the page (URL search params),
// the API (`GET /api/v1/trajectories`) and saved views, so the three always mean the same thing. Pure: no I/O, safe
// in client components.
//
// In a URL, list filters repeat their key (`run=1&run=2`); a comma also separates values (`benchmark=GAIA,HLE`), so
// values themselves cannot contain commas. Defaults are left out, so the URL of an unfiltered list is bare.
//
// zod/mini (the same zod, tree-shakable API): this module runs in the list page's browser bundle, which must stay
// within the first-load JS budget; mini schemas nest in classic ones (saved views, API shapes) like any other.
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

z.config(en()); // readable messages ("Too big: expected number to be <=1"), as classic zod sets them

export const RUN_VARIANTS = ["base", "reagent_c", "reagent_r", "reagent_u", "grpo", "custom"] as const;
export const SORT_KEYS = ["time", "score", "steps", "tokens"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const SORT_LABELS: Record<SortKey, string> = { time: "Time", score: "RRM score", steps: "Steps", tokens: "Tokens" };

const text = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
const list = <T extends z.ZodMiniType>(item: T, max = 50) => z._default(z.array(item).check(z.maxLength(max)), []);
const count = z.int().check(z.gte(0), z.lte(2_000_000_000));
const score = z.number().check(z.gte(0), z.lte(1));
const yesNo = z.enum(["yes", "no"]);

export const trajectoryQuerySchema = z
  .object({
    /** Run ids. */
    run: list(z.int().check(z.positive()), 100),
    variant: list(z.enum(RUN_VARIANTS)),
    benchmark: list(text),
    level: list(text),
    /** Graded correctness; "unknown" = ungraded. */
    correct: z.optional(z.enum(["true", "false", "unknown"])),
    termination: list(text),
    /** First attempts or critique-refined retries. */
    stage: z.optional(z.enum(["initial", "refined"])),
    /** RRM score range: of the latest judgment, or of `rrmModel`'s judgment when that is set. */
    minScore: z.optional(score),
    maxScore: z.optional(score),
    /** Judged by this RRM model. */
    rrmModel: z.optional(text),
    judged: z.optional(yesNo),
    annotated: z.optional(yesNo),
    /** Has an annotation with any of these error tags. */
    errorTag: list(text),
    /** Called every one of these tools. */
    tool: list(text),
    minSteps: z.optional(count),
    maxSteps: z.optional(count),
    minTokens: z.optional(count),
    maxTokens: z.optional(count),
    /** Full-text search (words, "phrases", or, -not) plus substring search of questions and answers. */
    q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
    sort: z._default(z.enum(SORT_KEYS), "time"),
    order: z._default(z.enum(["asc", "desc"]), "desc"),
  })
  .check(
    z.refine((q) => q.minScore === undefined || q.maxScore === undefined || q.minScore <= q.maxScore, {
      message: "minScore must not be above maxScore",
      path: ["minScore"],
    }),
    z.refine((q) => q.minSteps === undefined || q.maxSteps === undefined || q.minSteps <= q.maxSteps, {
      message: "minSteps must not be above maxSteps",
      path: ["minSteps"],
    }),
    z.refine((q) => q.minTokens === undefined || q.maxTokens === undefined || q.minTokens <= q.maxTokens, {
      message: "minTokens must not be above maxTokens",
      path: ["minTokens"],
    }),
  );

export type TrajectoryQuery = z.output<typeof trajectoryQuerySchema>;
export type TrajectoryQueryInput = z.input<typeof trajectoryQuerySchema>;

type Field = keyof TrajectoryQuery;
type Kind = "list" | "intList" | "number" | "int" | "string";

/** How each field is written in a URL, in the order URLs list them. */
const FIELDS: ReadonlyArray<readonly [Field, Kind]> = [
  ["q", "string"],
  ["run", "intList"],
  ["variant", "list"],
  ["benchmark", "list"],
  ["level", "list"],
  ["correct", "string"],
  ["termination", "list"],
  ["stage", "string"],
  ["minScore", "number"],
  ["maxScore", "number"],
  ["rrmModel", "string"],
  ["judged", "string"],
  ["annotated", "string"],
  ["errorTag", "list"],
  ["tool", "list"],
  ["minSteps", "int"],
  ["maxSteps", "int"],
  ["minTokens", "int"],
  ["maxTokens", "int"],
  ["sort", "string"],
  ["order", "string"],
];

export const QUERY_PARAM_NAMES: readonly string[] = FIELDS.map(([name]) => name);

export type ParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function getAll(params: ParamsLike, key: string): string[] {
  if (params instanceof URLSearchParams) return params.getAll(key);
  const value = params[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

const numberOrRaw = (raw: string): number | string => {
  const n = Number(raw);
  return raw.trim() !== "" && Number.isFinite(n) ? n : raw; // the schema rejects what is not a number
};

/** The raw (unvalidated) object a URL describes; feed it to `trajectoryQuerySchema`. Unknown keys are ignored. */
export function rawTrajectoryQuery(params: ParamsLike): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [field, kind] of FIELDS) {
    const values = getAll(params, field);
    if (kind === "list" || kind === "intList") {
      const items = values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
      if (items.length) raw[field] = kind === "intList" ? items.map(numberOrRaw) : items;
      continue;
    }
    const value = values.find((v) => v.trim() !== "");
    if (value === undefined) continue;
    raw[field] = kind === "number" || kind === "int" ? numberOrRaw(value) : value;
  }
  return raw;
}

export function parseTrajectoryQuery(params: ParamsLike): TrajectoryQuery {
  return trajectoryQuerySchema.parse(rawTrajectoryQuery(params));
}

export function safeParseTrajectoryQuery(params: ParamsLike) {
  return trajectoryQuerySchema.safeParse(rawTrajectoryQuery(params));
}

export const DEFAULT_TRAJECTORY_QUERY: TrajectoryQuery = trajectoryQuerySchema.parse({});

/** The URL search params of a query: defaults left out, lists as repeated keys, a stable key order. */
export function serializeTrajectoryQuery(query: TrajectoryQueryInput): URLSearchParams {
  const q = trajectoryQuerySchema.parse(query);
  const params = new URLSearchParams();
  for (const [field, kind] of FIELDS) {
    const value = q[field];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) params.append(field, String(item));
      continue;
    }
    if (value === DEFAULT_TRAJECTORY_QUERY[field]) continue;
    params.set(field, kind === "number" ? String(Number(value)) : String(value));
  }
  return params;
}

export function trajectoryQueryString(query: TrajectoryQueryInput): string {
  const s = serializeTrajectoryQuery(query).toString();
  return s ? `?${s}` : "";
}

/** How many filters narrow the list (search and sort aside). */
export function activeFilterCount(query: TrajectoryQuery): number {
  let n = 0;
  for (const [field] of FIELDS) {
    if (field === "q" || field === "sort" || field === "order") continue;
    const value = query[field];
    if (Array.isArray(value) ? value.length : value !== undefined) n++;
  }
  return n;
}

/** One-click views. */
export const PRESET_VIEWS: ReadonlyArray<{ id: string; label: string; description: string; query: TrajectoryQueryInput }> = [
  {
    id: "failed-gaia",
    label: "Failed GAIA",
    description: "GAIA trajectories graded incorrect, highest RRM score first (where the reward model was fooled)",
    query: { benchmark: ["GAIA"], correct: "false", sort: "score", order: "desc" },
  },
];

// ------------------------------------------------------------------------------------------------------------------
// Keyset cursors: where a page ended, as an opaque string. The sort and order are inside, so a cursor cannot be
// replayed against another ordering. `segment` 0 holds rows whose sort value is set, 1 those where it is null (nulls
// come last in both directions).

export const cursorSchema = z.object({
  sort: z.enum(SORT_KEYS),
  order: z.enum(["asc", "desc"]),
  segment: z.union([z.literal(0), z.literal(1)]),
  /** The last row's sort value (number, or the time as ISO text); null in segment 1. */
  key: z.union([z.number(), z.string(), z.null()]),
  id: z.int().check(z.positive()),
});
export type Cursor = z.infer<typeof cursorSchema>;

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(encoded: string): string {
  const base64 = encoded.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (encoded.length % 4)) % 4);
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

export function encodeCursor(cursor: Cursor): string {
  const c = cursorSchema.parse(cursor);
  return toBase64Url(JSON.stringify([1, c.sort, c.order, c.segment, c.key, c.id]));
}

/** The cursor an opaque string holds, or null when it is not one of ours. */
export function decodeCursor(encoded: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(encoded)) return null;
  try {
    const value: unknown = JSON.parse(fromBase64Url(encoded));
    if (!Array.isArray(value) || value.length !== 6 || value[0] !== 1) return null;
    const [, sort, order, segment, key, id] = value;
    const parsed = cursorSchema.safeParse({ sort, order, segment, key, id });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------------------------------------------------------
// Paging parameters of the API (not part of a view).

const positiveInt = z.coerce.number().check(z.int(), z.positive());
export const trajectoryPageSchema = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(400))),
  /** Rows after (or `before`: before, nearest first) this trajectory in the list's order: next/previous navigation. */
  after: z.optional(positiveInt),
  before: z.optional(positiveInt),
});
export type TrajectoryPageParams = z.output<typeof trajectoryPageSchema>;

export function parseTrajectoryPage(params: ParamsLike): TrajectoryPageParams {
  const get = (key: string) => getAll(params, key).find((v) => v !== "");
  return trajectoryPageSchema
    .check(
      z.refine((p) => [p.cursor, p.after, p.before].filter((v) => v !== undefined).length <= 1, {
        message: "Give at most one of cursor, after and before",
      }),
    )
    .parse({ limit: get("limit"), cursor: get("cursor"), after: get("after"), before: get("before") });
}
