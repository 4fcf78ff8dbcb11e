import { beforeAll, describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { getPrisma } from "@/lib/db/prisma";
import type { AdapterEntry } from "@/lib/formats/format-adapter";
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";
import { createRun } from "@/lib/server/create-run";
import { indexSearchBacklog, searchBacklogSize } from "@/lib/server/index-search";
import { ingestJudgments } from "@/lib/server/ingest-judgments";
import { ingestTrajectories } from "@/lib/server/ingest-trajectories";
import { listTrajectories, type TrajectoryRow } from "@/lib/server/list-trajectories";
import { parseTrajectoryQuery, SORT_KEYS, type TrajectoryQuery, type TrajectoryQueryInput } from "@/lib/trajectory-query";
import { useTestDatabase } from "../helpers/database";

useTestDatabase();

const N = 48;
const TOOLS = [["search"], ["search", "browse"], ["python"], [], ["browse"], ["search", "python"]];
const BENCHMARKS = [
  { benchmark: "GAIA", level: "1" },
  { benchmark: "GAIA", level: "2" },
  { benchmark: "GAIA", level: "3" },
  { benchmark: "HLE", level: null },
  { benchmark: "xbench-DeepSearch", level: null },
];
const TERMINATIONS = ["answer", "answer", "exceed_llm_calls", "error"];

function fixture(n: number): NormalizedTrajectoryInput {
  const b = BENCHMARKS[n % BENCHMARKS.length];
  const tools = TOOLS[n % TOOLS.length];
  const steps: NormalizedTrajectoryInput["steps"] = [{ index: 0, kind: "reasoning", text: `Thinking about task ${n % 7}.` }];
  for (const tool of tools) {
    steps.push({ index: steps.length, kind: "tool_call", tool: { name: tool, arguments: { query: `lookup ${n}` } } });
    steps.push({ index: steps.length, kind: "tool_result", text: n === 5 ? "A wild quokka appears in the output" : `result for ${n}` });
  }
  for (let i = 0; i < n % 3; i++) steps.push({ index: steps.length, kind: "reasoning", text: "Let me check again." });
  steps.push({ index: steps.length, kind: "final_answer", text: `\\boxed{ans-${n}}`, answer: `ans-${n}` });
  // Scores: none for every 6th, ties in threes (0.0, 0.0, 0.0, 0.1, 0.1, 0.1 …) otherwise.
  const judged = n % 6 !== 0;
  const score = Math.floor(n / 3) % 10 / 10;
  return {
    externalId: `t${n}`,
    task: {
      benchmark: b.benchmark,
      level: b.level,
      externalId: `task-${n % 7}-${b.benchmark}`,
      question: b.benchmark === "xbench-DeepSearch" ? `康拉德·索恩伯里的出生地是哪里？(${n % 7})` : `What is the answer to task ${n % 7}?`,
    },
    steps,
    finalAnswer: n === 9 ? "ABC-1234-XYZ" : `ans-${n}`,
    correct: n % 4 === 0 ? null : n % 4 === 1,
    ruleReward: n % 4 === 1 ? 1 : 0,
    termination: TERMINATIONS[n % TERMINATIONS.length],
    // Token counts: unknown for every 5th, ties in pairs otherwise.
    tokenCount: n % 5 === 0 ? null : 100 + Math.floor(n / 2) * 10,
    stage: n % 8 === 7 ? "refined" : "initial",
    parentExternalId: n % 8 === 7 ? `t${n - 1}` : null,
    groupKey: `g${Math.floor(n / 8)}`,
    judgments: judged
      ? [
          {
            rrmModel: "rrm-a",
            reasoning: "r",
            critique: n === 7 ? "The platypus argument in step 2 is wrong." : `Critique of ${n}.`,
            score,
            createdAt: "2026-01-01T00:00:00Z",
          },
          ...(n % 5 === 1 ? [{ rrmModel: "rrm-b", critique: "second opinion", score: 1 - score, createdAt: "2025-12-01T00:00:00Z" }] : []),
        ]
      : [],
  };
}

async function* entries(list: NormalizedTrajectoryInput[]): AsyncGenerator<AdapterEntry> {
  let line = 0;
  for (const trajectory of list) yield { ok: true, line: ++line, location: null, trajectory, raw: JSON.stringify(trajectory), warnings: [] };
}

type Truth = TrajectoryRow & {
  variantName: string;
  judgments: { rrmModel: string; score: number | null }[];
  errorTags: string[];
  createdAtMs: number;
};

let runA: number;
let runB: number;
let truth: Truth[];

async function listAll(input: TrajectoryQueryInput, limit: number): Promise<TrajectoryRow[]> {
  const query = parseTrajectoryQuery(new URLSearchParams()) as TrajectoryQuery;
  Object.assign(query, parseTrajectoryQuery({}), input);
  const all: TrajectoryRow[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listTrajectories(query, { limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    all.push(...page.items);
    if (!page.nextCursor) break;
    expect(page.items.length).toBe(limit);
    cursor = page.nextCursor;
  }
  return all;
}

function sortValue(row: Truth, sort: TrajectoryQuery["sort"]): number | null {
  switch (sort) {
    case "time":
      return row.createdAtMs;
    case "score":
      return row.rrmScore;
    case "steps":
      return row.stepCount;
    case "tokens":
      return row.tokenCount;
  }
}

function expectedOrder(rows: Truth[], sort: TrajectoryQuery["sort"], order: "asc" | "desc"): number[] {
  const sign = order === "asc" ? 1 : -1;
  return [...rows]
    .sort((a, b) => {
      const va = sortValue(a, sort);
      const vb = sortValue(b, sort);
      if ((va === null) !== (vb === null)) return va === null ? 1 : -1; // nulls last either way
      if (va !== null && vb !== null && va !== vb) return sign * (va - vb);
      return sign * (a.id - b.id);
    })
    .map((r) => r.id);
}

beforeAll(async () => {
  runA = (await createRun({ name: "list-a", variant: "reagent_r", lambda: 0.3 })).id;
  runB = (await createRun({ name: "list-b", variant: "base" })).id;
  const all = Array.from({ length: N }, (_, n) => fixture(n));
  // Several batches, a few milliseconds apart: createdAt ties inside a batch, differs between them.
  const a = all.filter((_, n) => n % 3 !== 2);
  const b = all.filter((_, n) => n % 3 === 2);
  await ingestTrajectories(entries(a), { runId: runA, fileName: null, sourceFormat: "native", batchSize: 11 });
  await ingestTrajectories(entries(b), { runId: runB, fileName: null, sourceFormat: "native", batchSize: 7 });

  // Annotations with error tags on a few trajectories (as the annotation writer will do).
  const prisma = getPrisma();
  await prisma.user.create({ data: { id: "annotator-1", name: "A", email: "a@example.org" } });
  const rubric = await prisma.rubric.create({ data: { name: "r", version: 1, questions: [] } });
  const stored = await prisma.trajectory.findMany({ orderBy: { id: "asc" } });
  const byExternal = new Map(stored.map((t) => [t.externalId, t]));
  const tags: Record<string, string[]> = { t3: ["premature answer"], t10: ["faulty logic", "premature answer"], t11: ["answer format"] };
  for (const [ext, errorTags] of Object.entries(tags)) {
    const t = byExternal.get(ext)!;
    await prisma.annotation.create({ data: { trajectoryId: t.id, annotatorId: "annotator-1", rubricId: rubric.id, answers: {}, errorTags } });
    await prisma.trajectory.update({ where: { id: t.id }, data: { annotated: true } });
  }

  const rows = await prisma.trajectory.findMany({
    include: { run: true, judgments: true, annotations: true },
    orderBy: { id: "asc" },
  });
  truth = rows.map((t) => ({
    id: t.id,
    runId: t.runId,
    runName: t.run.name,
    variant: t.run.variant,
    variantName: t.run.variant,
    benchmark: t.benchmark,
    level: t.level,
    question: "",
    finalAnswer: t.finalAnswer,
    correct: t.correct,
    ruleReward: t.ruleReward,
    rrmScore: t.rrmScore,
    judgmentCount: t.judgmentCount,
    annotated: t.annotated,
    termination: t.termination,
    stepCount: t.stepCount,
    toolCallCount: t.toolCallCount,
    tokenCount: t.tokenCount,
    durationMs: t.durationMs,
    toolsUsed: t.toolsUsed,
    stage: t.stage,
    groupKey: t.groupKey,
    parentId: t.parentId,
    rolloutIndex: t.rolloutIndex,
    trainingStep: t.trainingStep,
    createdAt: t.createdAt.toISOString(),
    createdAtMs: t.createdAt.getTime(),
    judgments: t.judgments.map((j) => ({ rrmModel: j.rrmModel, score: j.score })),
    errorTags: t.annotations.flatMap((a) => a.errorTags),
  }));
  expect(truth).toHaveLength(N);
  // The fixture really has the ties and nulls the paging tests are about.
  expect(new Set(truth.map((t) => t.createdAtMs)).size).toBeGreaterThan(3);
  expect(new Set(truth.map((t) => t.createdAtMs)).size).toBeLessThan(N);
  expect(truth.some((t) => t.rrmScore === null) && truth.some((t) => t.tokenCount === null)).toBe(true);
});

describe("listTrajectories: sort and keyset pagination", () => {
  for (const sort of SORT_KEYS) {
    for (const order of ["desc", "asc"] as const) {
      it(`${sort} ${order}: pages of 7 cover every row once, in order, nulls last`, async () => {
        const rows = await listAll({ sort, order }, 7);
        expect(rows.map((r) => r.id)).toEqual(expectedOrder(truth, sort, order));
      });
    }
  }

  it("a page of 1 and a page bigger than the list agree", async () => {
    const one = await listAll({ sort: "score", order: "desc" }, 1);
    const big = await listAll({ sort: "score", order: "desc" }, 200);
    expect(one.map((r) => r.id)).toEqual(big.map((r) => r.id));
    expect(big).toHaveLength(N);
  });

  it("after / before step through the list's order (j/k navigation)", async () => {
    const query = parseTrajectoryQuery({ sort: "tokens", order: "desc", benchmark: "GAIA" });
    const order = expectedOrder(truth.filter((t) => t.benchmark === "GAIA"), "tokens", "desc");
    for (let i = 0; i < order.length; i++) {
      const next = await listTrajectories(query, { limit: 1, after: order[i] });
      expect(next.items.map((r) => r.id)).toEqual(i + 1 < order.length ? [order[i + 1]] : []);
      const previous = await listTrajectories(query, { limit: 2, before: order[i] });
      expect(previous.items.map((r) => r.id)).toEqual(order.slice(Math.max(0, i - 2), i).reverse());
    }
  });

  it("rejects a forged cursor and a cursor of another sort", async () => {
    const first = await listTrajectories(parseTrajectoryQuery({ sort: "steps" }), { limit: 5 });
    await expect(listTrajectories(parseTrajectoryQuery({ sort: "score" }), { limit: 5, cursor: first.nextCursor! })).rejects.toMatchObject({ status: 400, code: "cursor_mismatch" });
    await expect(listTrajectories(parseTrajectoryQuery({}), { cursor: "bm90LWEtY3Vyc29y" })).rejects.toMatchObject({ status: 400, code: "invalid_cursor" });
    await expect(listTrajectories(parseTrajectoryQuery({}), { after: 999999 })).rejects.toMatchObject({ status: 404 });
  });

  it("list rows carry summary columns, the run and a cut of the question", async () => {
    const [row] = (await listTrajectories(parseTrajectoryQuery({ benchmark: "xbench-DeepSearch" }), { limit: 1 })).items;
    expect(row).toMatchObject({ benchmark: "xbench-DeepSearch", runName: expect.stringMatching(/^list-/), question: expect.stringContaining("出生地") });
    expect(Object.keys(row)).not.toContain("steps");
  });
});

describe("listTrajectories: every filter", () => {
  const cases: [string, TrajectoryQueryInput, (t: Truth) => boolean][] = [
    ["run", { run: [0] }, () => true], // replaced below with the real id
    ["variant", { variant: ["base"] }, (t) => t.variantName === "base"],
    ["benchmark", { benchmark: ["GAIA", "HLE"] }, (t) => t.benchmark === "GAIA" || t.benchmark === "HLE"],
    ["level", { benchmark: ["GAIA"], level: ["2", "3"] }, (t) => t.benchmark === "GAIA" && (t.level === "2" || t.level === "3")],
    ["correct=true", { correct: "true" }, (t) => t.correct === true],
    ["correct=false", { correct: "false" }, (t) => t.correct === false],
    ["correct=unknown", { correct: "unknown" }, (t) => t.correct === null],
    ["termination", { termination: ["error", "exceed_llm_calls"] }, (t) => t.termination === "error" || t.termination === "exceed_llm_calls"],
    ["stage", { stage: "refined" }, (t) => t.stage === "refined"],
    ["score range", { minScore: 0.3, maxScore: 0.6 }, (t) => t.rrmScore !== null && t.rrmScore >= 0.3 && t.rrmScore <= 0.6],
    ["min score only", { minScore: 0.7 }, (t) => t.rrmScore !== null && t.rrmScore >= 0.7],
    ["rrm model", { rrmModel: "rrm-b" }, (t) => t.judgments.some((j) => j.rrmModel === "rrm-b")],
    [
      "rrm model with score range (that model's score)",
      { rrmModel: "rrm-b", minScore: 0.5 },
      (t) => t.judgments.some((j) => j.rrmModel === "rrm-b" && j.score !== null && j.score >= 0.5),
    ],
    ["judged", { judged: "yes" }, (t) => t.judgmentCount > 0],
    ["not judged", { judged: "no" }, (t) => t.judgmentCount === 0],
    ["annotated", { annotated: "yes" }, (t) => t.annotated],
    ["not annotated", { annotated: "no" }, (t) => !t.annotated],
    ["error tags (any of)", { errorTag: ["premature answer", "answer format"] }, (t) => t.errorTags.some((g) => g === "premature answer" || g === "answer format")],
    ["tools (all of)", { tool: ["search", "python"] }, (t) => t.toolsUsed.includes("search") && t.toolsUsed.includes("python")],
    ["step range", { minSteps: 4, maxSteps: 6 }, (t) => t.stepCount >= 4 && t.stepCount <= 6],
    ["token range", { minTokens: 150, maxTokens: 250 }, (t) => t.tokenCount !== null && t.tokenCount >= 150 && t.tokenCount <= 250],
    [
      "combined: failed GAIA above 0.3",
      { benchmark: ["GAIA"], correct: "false", minScore: 0.3 },
      (t) => t.benchmark === "GAIA" && t.correct === false && t.rrmScore !== null && t.rrmScore >= 0.3,
    ],
  ];

  for (const [name, input, predicate] of cases) {
    it(name, async () => {
      const realInput = name === "run" ? { run: [runB] } : input;
      const realPredicate = name === "run" ? (t: Truth) => t.runId === runB : predicate;
      const expected = expectedOrder(truth.filter(realPredicate), "time", "desc");
      expect(expected.length, "the fixture must exercise this filter").toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(N);
      const rows = await listAll(realInput, 5);
      expect(rows.map((r) => r.id)).toEqual(expected);
    });
  }

  it("runs: several at once", async () => {
    expect((await listAll({ run: [runA, runB] }, 50)).length).toBe(N);
  });
});

describe("listTrajectories: search", () => {
  const ids = (rows: TrajectoryRow[]) => rows.map((r) => r.id).sort((a, b) => a - b);
  const idOf = (ext: string) => getPrisma().trajectory.findFirstOrThrow({ where: { externalId: ext } }).then((t) => t.id);

  it("before the documents are built, substring matches still work and the answer says how many wait", async () => {
    expect(await searchBacklogSize()).toBe(N);
    const page = await listTrajectories(parseTrajectoryQuery({ q: "1234-X" }), { limit: 50 }, { catchUpSearch: false });
    expect(page.searchPending).toBe(N);
    expect(ids(page.items)).toEqual([await idOf("t9")]);
    const fullText = await listTrajectories(parseTrajectoryQuery({ q: "quokka" }), { limit: 50 }, { catchUpSearch: false });
    expect(fullText.items).toEqual([]);
  });

  it("a search with a small backlog builds the documents first", async () => {
    const page = await listTrajectories(parseTrajectoryQuery({ q: "quokka" }), { limit: 50 });
    expect(page.searchPending).toBe(0);
    expect(ids(page.items)).toEqual([await idOf("t5")]);
    expect(await searchBacklogSize()).toBe(0);
  });

  it("finds words in steps, critiques, questions and answers, with stemming", async () => {
    expect(ids((await listTrajectories(parseTrajectoryQuery({ q: "platypus" }), { limit: 50 })).items)).toEqual([await idOf("t7")]);
    // "quokkas" stems to "quokka"
    expect(ids((await listTrajectories(parseTrajectoryQuery({ q: "quokkas" }), { limit: 50 })).items)).toEqual([await idOf("t5")]);
    const answer = await listTrajectories(parseTrajectoryQuery({ q: "ans-13" }), { limit: 50 });
    expect(answer.items.map((r) => r.finalAnswer)).toContain("ans-13");
    // The question, by a substring in Chinese (the english parser cannot split it into words)
    const chinese = await listAll({ q: "出生地" }, 4);
    expect(ids(chinese)).toEqual(truth.filter((t) => t.benchmark === "xbench-DeepSearch").map((t) => t.id).sort((a, b) => a - b));
  });

  it("combines search with filters, sort and paging; phrases, or and -not", async () => {
    const all = await listAll({ q: "task", sort: "score", order: "desc" }, 4);
    const expected = expectedOrder(truth, "score", "desc"); // every trajectory reasons "about task N"
    expect(all.map((r) => r.id)).toEqual(expected);
    const filtered = await listAll({ q: "task", benchmark: ["HLE"], correct: "false" }, 3);
    expect(ids(filtered)).toEqual(truth.filter((t) => t.benchmark === "HLE" && t.correct === false).map((t) => t.id).sort((a, b) => a - b));
    expect(ids(await listAll({ q: '"wild quokka"' }, 10))).toEqual([await idOf("t5")]);
    expect(ids(await listAll({ q: '"quokka wild"' }, 10))).toEqual([]);
    expect(ids(await listAll({ q: "quokka or platypus" }, 10))).toEqual([await idOf("t5"), await idOf("t7")].sort((a, b) => a - b));
    expect(ids(await listAll({ q: "platypus -argument" }, 10))).toEqual([]);
  });

  it("a critique written later becomes searchable", async () => {
    const run = await getPrisma().run.findUniqueOrThrow({ where: { name: "list-a" } });
    const bytes = (async function* () {
      yield new TextEncoder().encode(JSON.stringify({ trajectoryExternalId: "t0", rrmModel: "rrm-c", critique: "An axolotl would have done better.", score: 0.4 }));
    })();
    await ingestJudgments(run.id, bytes);
    expect(await searchBacklogSize()).toBe(1);
    expect(ids((await listTrajectories(parseTrajectoryQuery({ q: "axolotl" }), { limit: 5 })).items)).toEqual([await idOf("t0")]);
  });

  it("nothing to search for gives nothing, not everything", async () => {
    const page = await listTrajectories(parseTrajectoryQuery({ q: "of" }), { limit: 5 });
    expect(page.items).toEqual([]);
  });

  it("the indexer copes with huge and odd bodies", async () => {
    const run = await createRun({ name: "list-huge" });
    const huge = "x".repeat(3_000_000) + " needle-in-the-end";
    const uniqueWords = Array.from({ length: 60_000 }, (_, i) => `w${i.toString(36)}q`).join(" ");
    await ingestTrajectories(
      entries([
        { ...fixture(100), externalId: "huge", steps: [{ index: 0, kind: "tool_result", text: huge }, { index: 1, kind: "tool_result", text: "narwhal" }] },
        { ...fixture(101), externalId: "words", steps: Array.from({ length: 40 }, (_, index) => ({ index, kind: "tool_result" as const, text: uniqueWords })) },
      ]),
      { runId: run.id, fileName: null, sourceFormat: "native" },
    );
    const result = await indexSearchBacklog();
    expect(result).toEqual({ indexed: 2, remaining: 0 });
    // The second step is still in the document although the first is 3 MB.
    expect((await listTrajectories(parseTrajectoryQuery({ q: "narwhal" }), { limit: 5 })).items).toHaveLength(1);
    const { rows } = await getPool().query(`SELECT count(*)::int AS n FROM "TrajectorySearch"`);
    expect(rows[0].n).toBe(N + 2);
  });
});
