// Annotating: save-annotation (versions, revisions, validation, conflicts), rubric versions, queues (assignment,
// locks that expire, skip, submit and next, blind mode, progress, concurrency) and their route handlers.
import { beforeAll, describe, expect, it } from "vitest";
import { CRITIQUE_QUALITY_RUBRIC } from "@/lib/demo/rubric";
import type { AdapterEntry } from "@/lib/formats/format-adapter";
import type { NormalizedTrajectoryInput } from "@/lib/formats/trajectory-schema";
import { useTestDatabase } from "../helpers/database";

process.env.BETTER_AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";

useTestDatabase();

const ORIGIN = "http://localhost:3000";

const load = async () => ({
  ...(await import("@/lib/server/create-user")),
  ...(await import("@/lib/server/create-api-token")),
  ...(await import("@/lib/server/create-run")),
  ...(await import("@/lib/server/ingest-trajectories")),
  ...(await import("@/lib/server/save-annotation")),
  ...(await import("@/lib/server/create-rubric-version")),
  ...(await import("@/lib/server/create-queue")),
  ...(await import("@/lib/server/claim-queue-item")),
  ...(await import("@/lib/server/skip-queue-item")),
  ...(await import("@/lib/server/submit-queue-item")),
  ...(await import("@/lib/server/get-queue")),
  ...(await import("@/lib/server/list-annotations")),
  ...(await import("@/lib/db/prisma")),
  annotations: await import("@/app/api/v1/annotations/route"),
  rubrics: await import("@/app/api/v1/rubrics/route"),
  queues: await import("@/app/api/v1/queues/route"),
  next: await import("@/app/api/v1/queues/[id]/next/route"),
  submit: await import("@/app/api/v1/queues/[id]/items/[itemId]/submit/route"),
  claim: await import("@/app/api/v1/queues/[id]/items/[itemId]/claim/route"),
});
let m: Awaited<ReturnType<typeof load>>;

function attempt(n: number): NormalizedTrajectoryInput {
  return {
    externalId: `t${n}`,
    task: { benchmark: "GAIA", level: "2", externalId: `task-${n}`, question: `Question ${n}?`, groundTruth: "42" },
    steps: [
      { index: 0, kind: "message", role: "user", text: `Question ${n}?` },
      { index: 1, kind: "tool_call", tool: { name: "search", arguments: { q: "x" } } },
      { index: 2, kind: "final_answer", text: `\\boxed{${n}}`, answer: String(n) },
    ],
    finalAnswer: String(n),
    correct: n % 2 === 0,
    ruleReward: n % 2 === 0 ? 1 : 0,
    termination: "answer",
    rolloutIndex: 0,
    judgments: [{ rrmModel: "rrm-a", reasoning: "thinking", critique: `Step 1 is vague (${n})`, score: n / 10, createdAt: "2026-01-02T00:00:00Z" }],
  };
}

async function* entries(list: NormalizedTrajectoryInput[]): AsyncGenerator<AdapterEntry> {
  let line = 0;
  for (const trajectory of list) yield { ok: true, line: ++line, location: null, trajectory, raw: JSON.stringify(trajectory), warnings: [] };
}

type U = { id: string; token: string };
let admin: U, ann1: U, ann2: U, ann3: U, viewer: U;
let rubricId: number;
let trajectories: Array<{ id: number; judgmentId: number }>;

const request = (path: string, init: { method?: string; body?: unknown; secret?: string | null } = {}) =>
  new Request(`${ORIGIN}${path}`, {
    method: init.method ?? "GET",
    headers: {
      host: "localhost:3000",
      ...(init.secret ? { authorization: `Bearer ${init.secret}` } : {}),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const params = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });

const GOOD = { critique_correct: "yes", specific: 4, actionable: 3, score_calibration: "about_right", error_types: ["faulty_logic"], note: "fine" };

beforeAll(async () => {
  m = await load();
  const user = async (email: string, role: "viewer" | "annotator" | "admin"): Promise<U> => {
    const u = await m.createUser({ email, password: "correct horse battery", role });
    const scopes = role === "admin" ? (["read", "annotate", "admin"] as const) : role === "annotator" ? (["read", "annotate"] as const) : (["read"] as const);
    return { id: u.id, token: (await m.createApiToken({ id: u.id }, { name: "t", scopes: [...scopes] })).secret };
  };
  admin = await user("lead@lab.org", "admin");
  ann1 = await user("ann1@lab.org", "annotator");
  ann2 = await user("ann2@lab.org", "annotator");
  ann3 = await user("ann3@lab.org", "annotator");
  viewer = await user("viewer@lab.org", "viewer");
  const run = await m.createRun({ name: "reagent-r", variant: "reagent_r", lambda: 0.3 });
  await m.ingestTrajectories(entries(Array.from({ length: 6 }, (_, n) => attempt(n))), { runId: run.id, fileName: null, sourceFormat: "native" });
  const rubric = await m.createRubricVersion({ name: CRITIQUE_QUALITY_RUBRIC.name, questions: structuredClone(CRITIQUE_QUALITY_RUBRIC.questions) as never, baseVersion: null });
  rubricId = rubric.id;
  const rows = await m.getPrisma().trajectory.findMany({ orderBy: { externalId: "asc" }, select: { id: true, judgments: { select: { id: true } } } });
  trajectories = rows.map((r) => ({ id: r.id, judgmentId: r.judgments[0].id }));
});

describe("saveAnnotation", () => {
  it("creates one annotation per (judgment, annotator, rubric version), edits it with a revision, and sets Trajectory.annotated", async () => {
    const t = trajectories[0];
    const created = await m.saveAnnotation(ann1.id, { trajectoryId: t.id, judgmentId: t.judgmentId, rubricId, answers: GOOD, baseUpdatedAt: null });
    expect(created).toMatchObject({ errorTags: ["faulty_logic"], note: "fine", revisions: 0 });
    expect((await m.getPrisma().trajectory.findUniqueOrThrow({ where: { id: t.id } })).annotated).toBe(true);

    const edited = await m.saveAnnotation(ann1.id, { trajectoryId: t.id, judgmentId: t.judgmentId, rubricId, answers: { ...GOOD, specific: 2 }, baseUpdatedAt: created.updatedAt });
    expect(edited.id).toBe(created.id);
    expect(edited.answers.specific).toBe(2);
    expect(edited.revisions).toBe(1);
    const revisions = await m.getPrisma().annotationRevision.findMany({ where: { annotationId: created.id } });
    expect(revisions.map((r) => (r.answers as { specific: number }).specific)).toEqual([4]);
    expect(await m.getPrisma().annotation.count({ where: { judgmentId: t.judgmentId } })).toBe(1);
  });

  it("refuses answers outside the rubric with one issue per field (400) and writes nothing", async () => {
    const t = trajectories[1];
    const error = await m
      .saveAnnotation(ann1.id, { trajectoryId: t.id, judgmentId: t.judgmentId, rubricId, answers: { critique_correct: "maybe", specific: 9, actionable: 3, score_calibration: "about_right", error_types: ["nope"], extra: 1 } })
      .catch((e) => e);
    expect(error).toMatchObject({ status: 400, code: "invalid_answers" });
    expect(error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["answers.critique_correct", "answers.error_types", "answers.extra", "answers.specific"]);
    expect(await m.getPrisma().annotation.count({ where: { judgmentId: t.judgmentId } })).toBe(0);
  });

  it("refuses a stale base (someone saved meanwhile) with 409 and keeps their answers", async () => {
    const t = trajectories[2];
    const first = await m.saveAnnotation(ann2.id, { trajectoryId: t.id, judgmentId: t.judgmentId, rubricId, answers: GOOD, baseUpdatedAt: null });
    await expect(m.saveAnnotation(ann2.id, { trajectoryId: t.id, judgmentId: t.judgmentId, rubricId, answers: { ...GOOD, specific: 1 }, baseUpdatedAt: null })).rejects.toMatchObject({ status: 409, code: "annotation_conflict" });
    const stored = await m.getPrisma().annotation.findUniqueOrThrow({ where: { id: first.id } });
    expect((stored.answers as { specific: number }).specific).toBe(4);
  });

  it("lets exactly one of two concurrent first saves win; the other gets 409, nothing is lost", async () => {
    const t = trajectories[3];
    const results = await Promise.allSettled([
      m.saveAnnotation(ann3.id, { trajectoryId: t.id, judgmentId: t.judgmentId, rubricId, answers: { ...GOOD, specific: 1 }, baseUpdatedAt: null }),
      m.saveAnnotation(ann3.id, { trajectoryId: t.id, judgmentId: t.judgmentId, rubricId, answers: { ...GOOD, specific: 5 }, baseUpdatedAt: null }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ status: 409, code: "annotation_conflict" });
    expect(await m.getPrisma().annotation.count({ where: { judgmentId: t.judgmentId, annotatorId: ann3.id } })).toBe(1);
  });

  it("answers 404/400 for a judgment that does not exist or belongs to another trajectory", async () => {
    await expect(m.saveAnnotation(ann1.id, { trajectoryId: trajectories[0].id, judgmentId: 999999, rubricId, answers: GOOD })).rejects.toMatchObject({ status: 404 });
    await expect(m.saveAnnotation(ann1.id, { trajectoryId: trajectories[0].id, judgmentId: trajectories[1].judgmentId, rubricId, answers: GOOD })).rejects.toMatchObject({ status: 400, code: "judgment_mismatch" });
  });
});

describe("rubric versions", () => {
  it("are immutable: an edit writes version N+1, a stale base or a stale version is refused with 409", async () => {
    const q = structuredClone(CRITIQUE_QUALITY_RUBRIC.questions) as never;
    await m.createRubricVersion({ name: "Scratch", questions: q, baseVersion: null });
    const v2 = await m.createRubricVersion({ name: "Scratch", questions: q, baseVersion: 1 });
    expect(v2.version).toBe(2);
    await expect(m.createRubricVersion({ name: "Scratch", questions: q, baseVersion: 1 })).rejects.toMatchObject({ status: 409, code: "rubric_version_stale" });
    await expect(m.createRubricVersion({ name: "Scratch", questions: q, baseVersion: null })).rejects.toMatchObject({ status: 409 });
    const v1 = await m.getPrisma().rubric.findFirstOrThrow({ where: { name: "Scratch", version: 1 } });
    const t = trajectories[4];
    await expect(m.saveAnnotation(ann1.id, { trajectoryId: t.id, judgmentId: t.judgmentId, rubricId: v1.id, answers: GOOD })).rejects.toMatchObject({ status: 409, code: "rubric_version_stale" });
  });

  it("POST /api/v1/rubrics is for admins; bad questions get 400", async () => {
    const body = { name: "Tiny", baseVersion: null, questions: [{ id: "ok", type: "boolean", label: "OK?", required: true }] };
    expect((await m.rubrics.POST(request("/api/v1/rubrics", { method: "POST", body, secret: ann1.token }), params({}))).status).toBe(403);
    expect((await m.rubrics.POST(request("/api/v1/rubrics", { method: "POST", body, secret: admin.token }), params({}))).status).toBe(201);
    const bad = { ...body, name: "Bad", questions: [{ id: "x", type: "single", label: "X", options: [{ value: "a", label: "A" }] }] };
    expect((await m.rubrics.POST(request("/api/v1/rubrics", { method: "POST", body: bad, secret: admin.token }), params({}))).status).toBe(400);
  });
});

describe("POST /api/v1/annotations", () => {
  it("saves for annotators (201, then 200), refuses viewers (403) and bad answers (400 with issues)", async () => {
    const t = trajectories[5];
    const body = { trajectoryId: t.id, judgmentId: t.judgmentId, rubricId, answers: GOOD };
    expect((await m.annotations.POST(request("/api/v1/annotations", { method: "POST", body, secret: viewer.token }), params({}))).status).toBe(403);
    expect((await m.annotations.POST(request("/api/v1/annotations", { method: "POST", body, secret: ann1.token }), params({}))).status).toBe(201);
    expect((await m.annotations.POST(request("/api/v1/annotations", { method: "POST", body, secret: ann1.token }), params({}))).status).toBe(200);
    const bad = await m.annotations.POST(request("/api/v1/annotations", { method: "POST", body: { ...body, answers: { ...GOOD, specific: 0 } }, secret: ann1.token }), params({}));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: "invalid_answers", issues: [{ path: "answers.specific" }] });
    const list = await m.annotations.GET(request(`/api/v1/annotations?trajectoryId=${t.id}`, { secret: viewer.token }), params({}));
    expect((await list.json()).annotations).toHaveLength(1);
  });
});

describe("queues", () => {
  it("are created by admins from a filter; annotators work through them with locks, skip, submit and next", async () => {
    const forbidden = await m.queues.POST(request("/api/v1/queues", { method: "POST", secret: ann1.token, body: { name: "x", rubricId, filter: "" } }), params({}));
    expect(forbidden.status).toBe(403);
    const response = await m.queues.POST(
      request("/api/v1/queues", {
        method: "POST",
        secret: admin.token,
        body: { name: "Failed GAIA, RRM above 0.2", rubricId, filter: "benchmark=GAIA&correct=false&minScore=0.2&sort=score&order=asc", annotatorsPerItem: 2, blind: true, annotators: ["ann1@lab.org", "ann2@lab.org"] },
      }),
      params({}),
    );
    expect(response.status).toBe(201);
    const { id: queueId, items } = await response.json();
    expect(items).toBe(2); // t3 (0.3) and t5 (0.5)

    // ann3 is not assigned
    await expect(m.claimNextItem(queueId, ann3.id)).rejects.toMatchObject({ status: 403 });

    const now = new Date();
    const a = await m.claimNextItem(queueId, ann1.id, now);
    expect(a?.position).toBe(1);
    // asking again returns the same live lock
    expect((await m.claimNextItem(queueId, ann1.id, now))?.itemId).toBe(a!.itemId);
    const b = await m.claimNextItem(queueId, ann2.id, now);
    expect(b?.itemId).toBe(a!.itemId); // two annotators per item: both may hold it

    // blind: ann2 does not see ann1's answers until done
    await m.submitQueueItem(queueId, a!.itemId, ann1.id, { answers: GOOD, baseUpdatedAt: null }, now);
    expect((await m.getQueueItem(queueId, a!.itemId, { id: ann2.id, role: "annotator" })).others).toBeNull();
    await m.submitQueueItem(queueId, b!.itemId, ann2.id, { answers: { ...GOOD, critique_correct: "partly" }, baseUpdatedAt: null }, now);
    // (the same judgment was also annotated outside the queue by ann3 above: an annotation is per judgment, not per queue)
    expect((await m.getQueueItem(queueId, a!.itemId, { id: ann2.id, role: "annotator" })).others).toEqual(expect.arrayContaining([{ annotatorName: "ann1", answers: GOOD }]));

    // skip: item 2 for ann1
    const c = await m.claimNextItem(queueId, ann1.id, now);
    expect(c?.position).toBe(2);
    await m.skipQueueItem(queueId, c!.itemId, ann1.id);
    expect(await m.claimNextItem(queueId, ann1.id, now)).toBeNull();

    const detail = await m.getQueue(queueId, ann1.id);
    expect(detail).toMatchObject({ items: 2, completeItems: 1, annotationsDone: 2, annotationsNeeded: 4, mine: { done: 1, skipped: 1, remaining: 0 } });
    expect(detail.annotators.map((p) => [p.email, p.done, p.skipped])).toEqual([
      ["ann1@lab.org", 1, 1],
      ["ann2@lab.org", 1, 0],
    ]);
  });

  it("a lock held by someone else gives 409 until it expires; an expired lock is taken over and its holder's submit is refused", async () => {
    const { id: queueId } = await m.createQueue(admin.id, { name: "single", rubricId, trajectoryIds: [trajectories[0].id, trajectories[1].id], annotatorsPerItem: 1 });
    const t0 = new Date("2030-01-01T00:00:00Z");
    const mine = await m.claimNextItem(queueId, ann1.id, t0);
    await expect(m.claimItem(queueId, mine!.itemId, ann2.id, t0)).rejects.toMatchObject({ status: 409, code: "item_locked" });
    // ann2 gets the other item instead
    expect((await m.claimNextItem(queueId, ann2.id, t0))?.position).toBe(2);

    const later = new Date(t0.getTime() + 16 * 60_000); // past the 15-minute lock
    const taken = await m.claimItem(queueId, mine!.itemId, ann3.id, later);
    expect(taken.state).toBe("locked");
    await expect(m.submitQueueItem(queueId, mine!.itemId, ann1.id, { answers: GOOD }, later)).rejects.toMatchObject({ status: 409, code: "item_locked" });
    await m.submitQueueItem(queueId, mine!.itemId, ann3.id, { answers: GOOD }, later);
  });

  it("concurrent claims of the last free slot: exactly one annotator gets it", async () => {
    const { id: queueId } = await m.createQueue(admin.id, { name: "race", rubricId, trajectoryIds: [trajectories[2].id], annotatorsPerItem: 1 });
    const now = new Date();
    const results = await Promise.all([m.claimNextItem(queueId, ann1.id, now), m.claimNextItem(queueId, ann2.id, now), m.claimNextItem(queueId, ann3.id, now)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("concurrent submissions of one item: the lock holder's lands, the other annotator's and a second tab's get 409, nothing is overwritten", async () => {
    const { id: queueId } = await m.createQueue(admin.id, { name: "submit race", rubricId, trajectoryIds: [trajectories[1].id], annotatorsPerItem: 1 });
    const now = new Date();
    const claim = await m.claimNextItem(queueId, ann2.id, now);
    const results = await Promise.allSettled([
      m.submitQueueItem(queueId, claim!.itemId, ann2.id, { answers: { ...GOOD, specific: 5 }, baseUpdatedAt: null }, now),
      m.submitQueueItem(queueId, claim!.itemId, ann2.id, { answers: { ...GOOD, specific: 1 }, baseUpdatedAt: null }, now),
      m.submitQueueItem(queueId, claim!.itemId, ann3.id, { answers: { ...GOOD, specific: 2 }, baseUpdatedAt: null }, now),
    ]);
    expect(results.map((r) => r.status).filter((s) => s === "fulfilled")).toHaveLength(1);
    const codes = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code: string }).code] : [])).sort();
    expect(codes).toEqual(["annotation_conflict", "item_locked"]);
    const stored = await m.getPrisma().annotation.findMany({ where: { judgmentId: trajectories[1].judgmentId } });
    expect(stored.map((a) => a.annotatorId)).toEqual([ann2.id]);
    const winner = results.find((r) => r.status === "fulfilled");
    expect(winner?.status === "fulfilled" && winner.value.answers.specific).toBe((stored[0].answers as { specific: number }).specific);
  });

  it("submit and next over the API returns the next locked item; a 409 names the conflict", async () => {
    const { id: queueId } = await m.createQueue(admin.id, { name: "api", rubricId, trajectoryIds: [trajectories[4].id, trajectories[5].id], annotatorsPerItem: 1 });
    const first = await (await m.next.POST(request(`/api/v1/queues/${queueId}/next`, { method: "POST", secret: ann2.token }), params({ id: String(queueId) }))).json();
    expect(first.item).toMatchObject({ position: 1, claim: { state: "locked" } });
    const locked = await m.claim.POST(request(`/api/v1/queues/${queueId}/items/${first.item.itemId}/claim`, { method: "POST", secret: ann1.token }), params({ id: String(queueId), itemId: String(first.item.itemId) }));
    expect(locked.status).toBe(409);
    expect((await locked.json()).error.code).toBe("item_locked");
    const submitted = await m.submit.POST(
      request(`/api/v1/queues/${queueId}/items/${first.item.itemId}/submit?next=1`, { method: "POST", secret: ann2.token, body: { answers: GOOD, baseUpdatedAt: null } }),
      params({ id: String(queueId), itemId: String(first.item.itemId) }),
    );
    expect(submitted.status).toBe(200);
    const body = await submitted.json();
    expect(body.annotation.answers).toEqual(GOOD);
    expect(body.next).toMatchObject({ position: 2, claim: { state: "locked" } });
    const invalid = await m.submit.POST(
      request(`/api/v1/queues/${queueId}/items/${body.next.itemId}/submit`, { method: "POST", secret: ann2.token, body: { answers: { critique_correct: "sure" } } }),
      params({ id: String(queueId), itemId: String(body.next.itemId) }),
    );
    expect(invalid.status).toBe(400);
    expect(await m.getPrisma().queueItemClaim.findUnique({ where: { itemId_userId: { itemId: body.next.itemId, userId: ann2.id } } })).toMatchObject({ state: "locked" });
  });
});
