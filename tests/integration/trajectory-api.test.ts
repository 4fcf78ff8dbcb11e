// The trajectory API route handlers (list, detail, one step, in-page search, group, raw download, saved views) on a
// fresh database, called the way Next calls them, with API tokens.
import { beforeAll, describe, expect, it } from "vitest";
import type { AdapterEntry } from "@/lib/formats/format-adapter";
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";
import { scoreRollouts } from "@/lib/reagent/grpo";
import { STEP_PREVIEW_CHARS } from "@/lib/trajectory-text";
import { trajectoryDetailSchema, trajectoryGroupSchema, trajectoryListSchema } from "@/lib/trajectory-schemas";
import { useTestDatabase } from "../helpers/database";

process.env.BETTER_AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";

useTestDatabase();

const ORIGIN = "http://localhost:3000";

const load = async () => ({
  ...(await import("@/lib/server/create-user")),
  ...(await import("@/lib/server/create-api-token")),
  ...(await import("@/lib/server/create-run")),
  ...(await import("@/lib/server/ingest-trajectories")),
  ...(await import("@/lib/db/prisma")),
  list: await import("@/app/api/v1/trajectories/route"),
  detail: await import("@/app/api/v1/trajectories/[id]/route"),
  step: await import("@/app/api/v1/trajectories/[id]/steps/[index]/route"),
  stepSearch: await import("@/app/api/v1/trajectories/[id]/steps/route"),
  group: await import("@/app/api/v1/trajectories/[id]/group/route"),
  raw: await import("@/app/api/v1/trajectories/[id]/raw/route"),
  views: await import("@/app/api/v1/saved-views/route"),
  view: await import("@/app/api/v1/saved-views/[id]/route"),
});
let m: Awaited<ReturnType<typeof load>>;

const HUGE = "The page starts here. " + "lorem ipsum ".repeat(300_000) + "and the needle is at the very end.";

function attempt(n: number, extra: Partial<NormalizedTrajectoryInput> = {}): NormalizedTrajectoryInput {
  return {
    externalId: `a${n}`,
    task: { benchmark: "GAIA", level: "2", externalId: "task-1", question: "How many pipe-organ stops?", groundTruth: "4677" },
    steps: [
      { index: 0, kind: "message", role: "user", text: "How many pipe-organ stops?" },
      { index: 1, kind: "tool_call", tool: { name: "browse", arguments: { url: "https://example.org/report" } } },
      { index: 2, kind: "tool_result", text: HUGE, result: { name: "browse" } },
      { index: 3, kind: "final_answer", text: `\\boxed{${4670 + n}}`, answer: String(4670 + n) },
    ],
    finalAnswer: String(4670 + n),
    correct: n === 7,
    ruleReward: n === 7 ? 1 : 0,
    termination: "answer",
    rolloutIndex: n % 4,
    groupKey: "step-5/task-1",
    stage: n >= 4 ? "refined" : "initial",
    parentExternalId: n >= 4 ? `a${n - 4}` : null,
    judgments: [
      { rrmModel: "rrm-a", reasoning: "thinking", critique: `Step 2 is a raw page; "The page starts here." (attempt ${n})`, score: n / 10, createdAt: "2026-01-02T00:00:00Z" },
      ...(n === 0 ? [{ rrmModel: "rrm-b", rawOutput: "<think>hm</think> no score here", parseStatus: "failed" as const, parseNotes: ["no <score> block"], createdAt: "2026-01-01T00:00:00Z" }] : []),
    ],
    ...extra,
  };
}

async function* entries(list: NormalizedTrajectoryInput[]): AsyncGenerator<AdapterEntry> {
  let line = 0;
  for (const trajectory of list) yield { ok: true, line: ++line, location: null, trajectory, raw: JSON.stringify(trajectory), warnings: [] };
}

let token: string;
let otherToken: string;
let adminToken: string;
let ids: Map<string, number>;
let otherRunTrajectory: number;

const request = (path: string, init: { method?: string; body?: unknown; secret?: string | null } = {}) =>
  new Request(`${ORIGIN}${path}`, {
    method: init.method ?? "GET",
    headers: {
      host: "localhost:3000",
      ...(init.secret === null ? {} : { authorization: `Bearer ${init.secret ?? token}` }),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const params = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });

beforeAll(async () => {
  m = await load();
  const viewer = await m.createUser({ email: "viewer@lab.org", password: "correct horse battery", role: "viewer" });
  const other = await m.createUser({ email: "other@lab.org", password: "correct horse battery", role: "viewer" });
  const admin = await m.createUser({ email: "admin@lab.org", password: "correct horse battery", role: "admin" });
  token = (await m.createApiToken({ id: viewer.id }, { name: "t", scopes: ["read"] })).secret;
  otherToken = (await m.createApiToken({ id: other.id }, { name: "t", scopes: ["read"] })).secret;
  adminToken = (await m.createApiToken({ id: admin.id }, { name: "t", scopes: ["read"] })).secret;

  const run = await m.createRun({ name: "reagent-u", variant: "reagent_u", lambda: 0.3 });
  await m.ingestTrajectories(entries(Array.from({ length: 8 }, (_, n) => attempt(n))), { runId: run.id, fileName: null, sourceFormat: "native" });
  const otherRun = await m.createRun({ name: "other-format" });
  await m.ingestTrajectories(entries([attempt(0, { externalId: "x", groupKey: "step-5/task-1" })]), { runId: otherRun.id, fileName: "eval.jsonl", sourceFormat: "reagent-eval" });
  const rows = await m.getPrisma().trajectory.findMany({ select: { id: true, externalId: true, runId: true } });
  ids = new Map(rows.filter((r) => r.runId === run.id).map((r) => [r.externalId!, r.id]));
  otherRunTrajectory = rows.find((r) => r.runId === otherRun.id)!.id;
});

describe("GET /api/v1/trajectories", () => {
  it("needs a signed-in user or a token", async () => {
    const response = await m.list.GET(request("/api/v1/trajectories", { secret: null }), params({}));
    expect(response.status).toBe(401);
  });

  it("answers { items, nextCursor } with the issue's parameters", async () => {
    const response = await m.list.GET(request("/api/v1/trajectories?benchmark=GAIA&correct=false&minScore=0.3&maxScore=0.6&limit=2&sort=score"), params({}));
    expect(response.status).toBe(200);
    const body = trajectoryListSchema.parse(await response.json());
    expect(body.items.map((i) => i.rrmScore)).toEqual([0.6, 0.5]);
    expect(body.nextCursor).toEqual(expect.any(String));
    const next = trajectoryListSchema.parse(
      await (await m.list.GET(request(`/api/v1/trajectories?benchmark=GAIA&correct=false&minScore=0.3&maxScore=0.6&limit=2&sort=score&cursor=${body.nextCursor}`), params({}))).json(),
    );
    expect(next.items.map((i) => i.rrmScore)).toEqual([0.4, 0.3]);
    expect(next.nextCursor).toBeNull();
    // list rows never carry step bodies
    expect(JSON.stringify(body)).not.toContain("lorem ipsum");
  });

  it("runs a full-text search and says 400 for bad input", async () => {
    const found = trajectoryListSchema.parse(await (await m.list.GET(request("/api/v1/trajectories?q=needle"), params({}))).json());
    expect(found.items).toHaveLength(0); // the needle is beyond the 16 KB each step contributes to the document
    const critique = trajectoryListSchema.parse(await (await m.list.GET(request("/api/v1/trajectories?q=raw%20page&run=" + (await runId())), params({}))).json());
    expect(critique, JSON.stringify(critique).slice(0, 300)).toMatchObject({ searchPending: 0 });
    expect(critique.items).toHaveLength(8);
    for (const bad of ["minScore=2", "sort=nope", "cursor=zzz", "limit=0", "run=abc"]) {
      const response = await m.list.GET(request(`/api/v1/trajectories?${bad}`), params({}));
      expect(response.status, bad).toBe(400);
      expect((await response.json()).error.code).toMatch(/invalid_request|invalid_cursor/);
    }
  });
});

async function runId() {
  return (await m.getPrisma().run.findUniqueOrThrow({ where: { name: "reagent-u" } })).id;
}

describe("GET /api/v1/trajectories/{id}", () => {
  it("gives the trajectory with steps cut to previews, judgments, attempts and group size", async () => {
    const id = ids.get("a4")!;
    const response = await m.detail.GET(request(`/api/v1/trajectories/${id}`), params({ id: String(id) }));
    expect(response.status).toBe(200);
    const detail = trajectoryDetailSchema.parse(await response.json());
    expect(detail).toMatchObject({
      id,
      stage: "refined",
      task: { benchmark: "GAIA", question: "How many pipe-organ stops?", groundTruth: "4677" },
      run: { name: "reagent-u", variant: "reagent_u", lambda: 0.3 },
      finalAnswer: "4674",
      groupSize: 9 - 1, // the other run's trajectory shares the key but not the run
    });
    expect(detail.steps).toHaveLength(4);
    expect(detail.steps[2].text).toHaveLength(STEP_PREVIEW_CHARS);
    expect(detail.steps[2].textLength).toBe(HUGE.length);
    expect(detail.steps[1].tool).toEqual({ name: "browse", arguments: { url: "https://example.org/report" } });
    expect(detail.parent).toMatchObject({ id: ids.get("a0"), finalAnswer: "4670", critique: expect.stringContaining("attempt 0") });
    expect(detail.refinements).toEqual([]);
    expect(JSON.stringify(detail).length).toBeLessThan(20_000);
  });

  it("sends the raw RRM output only for judgments that did not parse", async () => {
    const id = ids.get("a0")!;
    const detail = trajectoryDetailSchema.parse(await (await m.detail.GET(request(`/api/v1/trajectories/${id}`), params({ id: String(id) }))).json());
    expect(detail.judgments.map((j) => [j.rrmModel, j.parseStatus, j.rawOutput])).toEqual([
      ["rrm-a", "ok", null],
      ["rrm-b", "failed", "<think>hm</think> no score here"],
    ]);
    expect(detail.refinements.map((r) => r.id)).toEqual([ids.get("a4")]);
  });

  it("404 for a missing trajectory, 400 for a malformed id", async () => {
    expect((await m.detail.GET(request("/api/v1/trajectories/999999"), params({ id: "999999" }))).status).toBe(404);
    expect((await m.detail.GET(request("/api/v1/trajectories/abc"), params({ id: "abc" }))).status).toBe(400);
  });
});

describe("steps on demand and in-page search", () => {
  it("GET …/steps/{index} gives one step in full", async () => {
    const id = ids.get("a1")!;
    const response = await m.step.GET(request(`/api/v1/trajectories/${id}/steps/2`), params({ id: String(id), index: "2" }));
    expect(response.status).toBe(200);
    const step = await response.json();
    expect(step.text).toBe(HUGE);
    expect((await m.step.GET(request(`/api/v1/trajectories/${id}/steps/9`), params({ id: String(id), index: "9" }))).status).toBe(404);
    expect((await m.step.GET(request(`/api/v1/trajectories/${id}/steps/-1`), params({ id: String(id), index: "-1" }))).status).toBe(400);
  });

  it("GET …/steps?q= finds text beyond the previews, case-insensitively, with counts", async () => {
    const id = ids.get("a1")!;
    const search = async (q: string) => (await (await m.stepSearch.GET(request(`/api/v1/trajectories/${id}/steps?q=${encodeURIComponent(q)}`), params({ id: String(id) }))).json()).matches;
    expect(await search("NEEDLE")).toEqual([{ index: 2, count: 1 }]);
    expect(await search("pipe-organ")).toEqual([{ index: 0, count: 1 }]);
    expect(await search("browse")).toEqual([{ index: 1, count: 1 }]);
    expect(await search("4671")).toEqual([{ index: 3, count: 2 }]);
    expect(await search("absent")).toEqual([]);
    expect((await m.stepSearch.GET(request(`/api/v1/trajectories/${id}/steps`), params({ id: String(id) }))).status).toBe(400);
  });
});

describe("GET …/group", () => {
  it("lists the rollouts of the run's group, which lib/reagent scores", async () => {
    const id = ids.get("a2")!;
    const group = trajectoryGroupSchema.parse(await (await m.group.GET(request(`/api/v1/trajectories/${id}/group`), params({ id: String(id) }))).json());
    expect(group.groupKey).toBe("step-5/task-1");
    expect(group.rollouts).toHaveLength(8);
    expect(group.rollouts.filter((r) => r.stage === "refined")).toHaveLength(4);
    const rollouts = group.rollouts.map((r) => ({ id: r.id, groupKey: group.groupKey, stage: r.stage, ruleReward: r.ruleReward ?? 0, rrmScore: r.rrmScore }));
    const pooled = scoreRollouts(rollouts, { lambda: 0.3, pool: true });
    expect(pooled.every((r) => r.groupSize === 8)).toBe(true);
    expect(pooled.reduce((sum, r) => sum + r.advantage, 0)).toBeCloseTo(0, 9);
    const split = scoreRollouts(rollouts, { lambda: 0.3, pool: false });
    expect(split.every((r) => r.groupSize === 4)).toBe(true);
  });
});

describe("GET …/raw", () => {
  it("downloads a native trajectory as the rebuilt native record, as an inert attachment", async () => {
    const id = ids.get("a3")!;
    const response = await m.raw.GET(request(`/api/v1/trajectories/${id}/raw`), params({ id: String(id) }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="trajectory-${id}.native.json"`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-type")).not.toContain("html");
    const record = JSON.parse(await response.text());
    expect(record).toMatchObject({ externalId: "a3", task: { externalId: "task-1" }, finalAnswer: "4673" });
    expect(record.steps[2].text).toBe(HUGE);
  });

  it("downloads another format's record verbatim", async () => {
    const response = await m.raw.GET(request(`/api/v1/trajectories/${otherRunTrajectory}/raw`), params({ id: String(otherRunTrajectory) }));
    expect(response.headers.get("content-disposition")).toContain(".reagent-eval.json");
    expect(await response.text()).toBe(JSON.stringify(attempt(0, { externalId: "x", groupKey: "step-5/task-1" })));
  });
});

describe("saved views", () => {
  it("saves, lists (own and shared), replaces by name and deletes with the right permissions", async () => {
    const post = (secret: string, body: unknown) => m.views.POST(request("/api/v1/saved-views", { method: "POST", body, secret }), params({}));
    const created = await post(token, { name: "Failed GAIA", query: { benchmark: ["GAIA"], correct: "false", sort: "score" } });
    expect(created.status).toBe(201);
    const mine = await created.json();
    expect(mine).toMatchObject({ name: "Failed GAIA", shared: false, mine: true, query: { benchmark: ["GAIA"], correct: "false", sort: "score", order: "desc" } });

    const shared = await (await post(otherToken, { name: "Team view", shared: true, query: { q: "pipe organ" } })).json();
    const hidden = await (await post(otherToken, { name: "Private", query: {} })).json();

    const list = async (secret: string) => (await (await m.views.GET(request("/api/v1/saved-views", { secret }), params({}))).json()).items as { id: number; name: string; mine: boolean }[];
    expect((await list(token)).map((v) => [v.name, v.mine])).toEqual([
      ["Failed GAIA", true],
      ["Team view", false],
    ]);

    // the same name replaces
    const again = await (await post(token, { name: "Failed GAIA", shared: true, query: { benchmark: ["GAIA"] } })).json();
    expect(again.id).toBe(mine.id);
    expect((await list(otherToken)).map((v) => v.name)).toEqual(["Private", "Team view", "Failed GAIA"]);

    // an invalid query is refused
    expect((await post(token, { name: "bad", query: { minScore: 3 } })).status).toBe(400);

    const del = (secret: string, id: number) => m.view.DELETE(request(`/api/v1/saved-views/${id}`, { method: "DELETE", secret }), params({ id: String(id) }));
    expect((await del(token, hidden.id)).status).toBe(404); // someone else's private view does not exist for me
    expect((await del(token, shared.id)).status).toBe(403); // shared, but not mine
    expect((await del(adminToken, shared.id)).status).toBe(204); // an admin may
    expect((await del(token, mine.id)).status).toBe(204);
    expect((await list(token)).map((v) => v.name)).toEqual([]);
  });
});
