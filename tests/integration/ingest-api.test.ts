// The ingest API end to end below HTTP: the route handlers with a Bearer token, on a fresh database.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/database";

process.env.BETTER_AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
useTestDatabase();

const ORIGIN = "http://localhost:3000";
const REAL = path.resolve(process.cwd(), "../shared/data/real");

const load = async () => ({
  ...(await import("@/lib/server/create-user")),
  ...(await import("@/lib/server/create-api-token")),
  ...(await import("@/lib/db/prisma")),
  runs: await import("@/app/api/v1/runs/route"),
  run: await import("@/app/api/v1/runs/[id]/route"),
  trajectories: await import("@/app/api/v1/runs/[id]/trajectories/route"),
  exportRoute: await import("@/app/api/v1/runs/[id]/export/route"),
  judgments: await import("@/app/api/v1/judgments/route"),
  formats: await import("@/app/api/v1/formats/route"),
  schema: await import("@/app/api/v1/schema/trajectory/route"),
});
let m: Awaited<ReturnType<typeof load>>;
let ingestToken: string;
let readToken: string;

beforeAll(async () => {
  m = await load();
  await m.createUser({ email: "lead@lab.test", name: "Lead", password: "long enough password", role: "admin" });
  ingestToken = (await m.createApiToken({ email: "lead@lab.test" }, { name: "ingest", scopes: ["read", "ingest"], expiresInDays: 1 })).secret;
  readToken = (await m.createApiToken({ email: "lead@lab.test" }, { name: "read", scopes: ["read"], expiresInDays: 1 })).secret;
});

const params = <P>(value: P) => ({ params: Promise.resolve(value) });
const noParams = params({} as Record<string, never>);

function request(url: string, { token = ingestToken, method = "GET", body, headers = {} }: { token?: string | null; method?: string; body?: BodyInit; headers?: Record<string, string> } = {}) {
  return new Request(`${ORIGIN}${url}`, {
    method,
    body,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    ...(body ? { duplex: "half" } : {}),
  } as RequestInit);
}

async function createRun(name: string) {
  const response = await m.runs.POST(request("/api/v1/runs", { method: "POST", body: JSON.stringify({ name, variant: "reagent_r", lambda: 0.3 }), headers: { "content-type": "application/json" } }), noParams);
  expect(response.status).toBe(201);
  return (await response.json()) as { id: number; name: string };
}

function line(n: number, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    externalId: `t${n}`,
    task: { benchmark: "GAIA", level: "L2", externalId: `task${n}`, question: `What is ${n}?`, groundTruth: String(n) },
    steps: [{ index: 0, kind: "final_answer", text: `\\boxed{${n}}`, answer: String(n) }],
    finalAnswer: String(n),
    correct: n % 2 === 0,
    ...extra,
  });
}

describe("ingest API", () => {
  it("answers 401 with a JSON error without credentials, 403 for a token without the ingest scope", async () => {
    const anonymous = await m.runs.POST(request("/api/v1/runs", { token: null, method: "POST", body: "{}" }), noParams);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: "unauthenticated" } });
    const readOnly = await m.runs.POST(request("/api/v1/runs", { token: readToken, method: "POST", body: JSON.stringify({ name: "x" }) }), noParams);
    expect(readOnly.status).toBe(403);
  });

  it("creates a run, refuses a second one of the same name with 409", async () => {
    await createRun("api-run");
    const again = await m.runs.POST(request("/api/v1/runs", { method: "POST", body: JSON.stringify({ name: "api-run" }) }), noParams);
    expect(again.status).toBe(409);
  });

  it("streams NDJSON into a run, reporting bad lines by number and counting duplicates on a retry", async () => {
    const run = await createRun("api-ndjson");
    const body = [line(1), "{not json", line(2), JSON.stringify({ task: { benchmark: "GAIA" }, steps: [] }), line(3)].join("\n");
    const url = `/api/v1/runs/${run.id}/trajectories`;
    const first = await m.trajectories.POST(request(url, { method: "POST", body, headers: { "content-type": "application/x-ndjson" } }), params({ id: String(run.id) }));
    expect(first.status).toBe(200);
    const report = await first.json();
    expect(report).toMatchObject({ format: "native", imported: 3, duplicates: 0, rejected: 2 });
    expect(report.errors.map((e: { line: number }) => e.line)).toEqual([2, 4]);
    expect(report.errors[1].message).toContain("task.question");

    const retry = await m.trajectories.POST(request(url, { method: "POST", body, headers: { "content-type": "application/x-ndjson" } }), params({ id: String(run.id) }));
    expect(await retry.json()).toMatchObject({ imported: 0, duplicates: 3, rejected: 2 });

    const detail = await (await m.run.GET(request(`/api/v1/runs/${run.id}`, { token: readToken }), params({ id: String(run.id) }))).json();
    expect(detail).toMatchObject({ trajectoryCount: 3, total: { graded: 3, correct: 1 } });
  });

  it("detects a real Inspect AI .eval log sent as a file", async () => {
    const run = await createRun("api-inspect");
    const file = "2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval";
    const bytes = readFileSync(path.join(REAL, "inspect-ai-logs", file));
    const response = await m.trajectories.POST(
      request(`/api/v1/runs/${run.id}/trajectories?filename=${encodeURIComponent(file)}`, { method: "POST", body: bytes, headers: { "content-type": "application/octet-stream" } }),
      params({ id: String(run.id) }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ format: "inspect", imported: 10, rejected: 0 });
  });

  it("answers 422 naming the supported formats for a file no adapter reads, and for an empty file", async () => {
    const run = await createRun("api-unknown");
    const url = `/api/v1/runs/${run.id}/trajectories?filename=notes.txt`;
    const unknown = await m.trajectories.POST(request(url, { method: "POST", body: "just some notes\n" }), params({ id: String(run.id) }));
    expect(unknown.status).toBe(422);
    const message = (await unknown.json()).error.message as string;
    expect(message).toContain("Format not supported");
    expect(message).toContain("reagent-eval");
    const empty = await m.trajectories.POST(request(`/api/v1/runs/${run.id}/trajectories?filename=empty.jsonl`, { method: "POST", body: new Uint8Array() }), params({ id: String(run.id) }));
    expect(empty.status).toBe(422);
    expect((await empty.json()).error.message).toContain("the file is empty");
  });

  it("answers 413 above the configured upload size", async () => {
    const run = await createRun("api-413");
    process.env.INGEST_MAX_BODY_BYTES = "1000";
    try {
      const body = Array.from({ length: 40 }, (_, i) => line(i)).join("\n");
      const response = await m.trajectories.POST(request(`/api/v1/runs/${run.id}/trajectories`, { method: "POST", body, headers: { "content-type": "application/x-ndjson" } }), params({ id: String(run.id) }));
      expect(response.status).toBe(413);
      expect((await response.json()).error.code).toBe("payload_too_large");
    } finally {
      delete process.env.INGEST_MAX_BODY_BYTES;
    }
  });

  it("answers 429 with Retry-After past the ingest rate limit", async () => {
    const run = await createRun("api-429");
    process.env.INGEST_RATE_LIMIT = "2";
    try {
      const send = () => m.trajectories.POST(request(`/api/v1/runs/${run.id}/trajectories`, { method: "POST", body: line(1), headers: { "content-type": "application/x-ndjson" } }), params({ id: String(run.id) }));
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(200);
      const limited = await send();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      delete process.env.INGEST_RATE_LIMIT;
    }
  });

  it("exports a run as native JSONL that imports back to the same data, and attaches judgments by external id", async () => {
    const run = await createRun("api-export");
    const body = [line(1), line(2, { stage: "refined", parentExternalId: "t1" })].join("\n");
    await m.trajectories.POST(request(`/api/v1/runs/${run.id}/trajectories`, { method: "POST", body, headers: { "content-type": "application/x-ndjson" } }), params({ id: String(run.id) }));
    const judgments = [
      JSON.stringify({ trajectoryExternalId: "t1", rrmModel: "Agent-RRM", rawOutput: "<think>a</think><critique>b</critique><score>0.7.</score>" }),
      JSON.stringify({ trajectoryExternalId: "missing", rrmModel: "Agent-RRM", score: 0.1 }),
    ].join("\n");
    const judged = await m.judgments.POST(request(`/api/v1/judgments?run=${run.id}`, { method: "POST", body: judgments }), noParams);
    expect(await judged.json()).toMatchObject({ imported: 1, rejected: 1, errors: [{ line: 2 }] });

    const exported = await m.exportRoute.GET(request(`/api/v1/runs/${run.id}/export`, { token: readToken }), params({ id: String(run.id) }));
    expect(exported.headers.get("content-type")).toContain("application/x-ndjson");
    const text = await exported.text();
    const records = text.trim().split("\n").map((l) => JSON.parse(l));
    expect(records).toHaveLength(2);
    expect(records[0].judgments[0]).toMatchObject({ rrmModel: "Agent-RRM", score: 0.7, critique: "b" });
    expect(records[1]).toMatchObject({ stage: "refined", parentExternalId: "t1" });

    const copy = await createRun("api-export-copy");
    await m.trajectories.POST(request(`/api/v1/runs/${copy.id}/trajectories`, { method: "POST", body: text, headers: { "content-type": "application/x-ndjson" } }), params({ id: String(copy.id) }));
    const again = await (await m.exportRoute.GET(request(`/api/v1/runs/${copy.id}/export`, { token: readToken }), params({ id: String(copy.id) }))).text();
    expect(again).toBe(text);
  });

  it("lists the formats and publishes the native JSON Schema", async () => {
    const formats = await (await m.formats.GET(request("/api/v1/formats", { token: readToken }), noParams)).json();
    expect(formats.items.map((f: { id: string }) => f.id)).toEqual(expect.arrayContaining(["native", "reagent-eval", "verl", "inspect", "openai-messages", "sharegpt", "smolagents", "chatml"]));
    const schema = await (await m.schema.GET(request("/api/v1/schema/trajectory", { token: readToken }), noParams)).json();
    expect(schema.properties.task.required).toContain("question");
    expect(schema.properties.steps.type).toBe("array");
  });
});
