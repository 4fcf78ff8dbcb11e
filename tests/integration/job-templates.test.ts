// Job templates through their API: the built-in body is version 1, an edit with an unknown placeholder is refused
// with its line and saves nothing, a good one becomes the next version (who and why kept), an unchanged one saves
// nothing, and launches render from the newest version and link to it while earlier jobs keep their script.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/database";

process.env.BETTER_AUTH_SECRET ??= "integration-test-secret-0123456789abcdef";
const dir = mkdtempSync(path.join(os.tmpdir(), "rw-template-jobs-"));
process.env.LOCAL_JOBS_DIR = dir;
useTestDatabase();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const params = <P>(value: P) => ({ params: Promise.resolve(value) });
let m: Awaited<ReturnType<typeof load>>;
let admin: string;
let launcher: string;
const load = async () => ({
  ...(await import("@/lib/server/create-user")),
  ...(await import("@/lib/server/create-api-token")),
  ...(await import("@/lib/server/get-job")),
  ...(await import("@/lib/server/reconcile-jobs")),
  list: await import("@/app/api/v1/job-templates/route"),
  one: await import("@/app/api/v1/job-templates/[id]/route"),
  versions: await import("@/app/api/v1/job-templates/[id]/versions/route"),
  jobs: await import("@/app/api/v1/jobs/route"),
});
const req = (url: string, method = "GET", body?: unknown) =>
  new Request(`http://localhost:3000${url}`, { method, headers: { authorization: `Bearer ${admin}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });

beforeAll(async () => {
  m = await load();
  await m.createUser({ email: "lead@templates.test", name: "Lead", password: "long enough password", role: "admin" });
  admin = (await m.createApiToken({ email: "lead@templates.test" }, { name: "t", scopes: ["read", "launch", "admin"], expiresInDays: 1 })).secret;
  launcher = (await m.createApiToken({ email: "lead@templates.test" }, { name: "l", scopes: ["read", "launch"], expiresInDays: 1 })).secret;
});

async function launch(model: string) {
  const res = await m.jobs.POST(req("/api/v1/jobs", "POST", { backend: "local", kind: "eval", params: { model, command: "true", gpusPerNode: 0, timeLimitMinutes: 5 } }), params({}));
  expect(res.status).toBe(201);
  return (await m.getJob((await res.json()).id))!;
}

describe("job templates", () => {
  it("stores each built-in version once, however many pages ask for it at the same time", async () => {
    const { getCurrentJobTemplate } = await import("@/lib/server/get-current-job-template");
    const { getPrisma } = await import("@/lib/db/prisma");
    const all = await Promise.all(Array.from({ length: 8 }, () => getCurrentJobTemplate("train_grpo")));
    expect(new Set(all.map((t) => t.rowId)).size).toBe(1);
    expect(await getPrisma().jobTemplate.count({ where: { name: "train_grpo" } })).toBe(1);
  });

  it("lists every kind at the built-in version 1", async () => {
    const { templates } = await (await m.list.GET(req("/api/v1/job-templates"), params({}))).json();
    expect(templates.map((t: { id: string; current: { version: number; createdBy: string | null } }) => [t.id, t.current.version, t.current.createdBy])).toEqual([
      ["eval", 1, null], ["train_reagent_r", 1, null], ["train_reagent_u", 1, null], ["train_grpo", 1, null], ["judge", 1, null],
    ]);
  });

  it("refuses an unknown placeholder with its line; saves a good edit as version 2; launches use it; earlier jobs keep theirs", async () => {
    const before = await launch("before-edit");
    expect(before.template).toBe("eval v1");
    const { current } = await (await m.one.GET(req("/api/v1/job-templates/eval"), params({ id: "eval" }))).json();
    const bad = await m.versions.POST(req("/api/v1/job-templates/eval/versions", "POST", { body: current.body.replace("set -euo pipefail", "set -euo pipefail\necho {{lamda}}") }), params({ id: "eval" }));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error).toMatchObject({ code: "template_error", message: expect.stringMatching(/^Line 4: unknown placeholder \{\{lamda\}\}/) });

    const edited = current.body.replace("set -euo pipefail", "set -euo pipefail\necho \"model {{model}} on template v{{version}}\"");
    const saved = await m.versions.POST(req("/api/v1/job-templates/eval/versions", "POST", { body: edited, note: "say which model" }), params({ id: "eval" }));
    expect(saved.status).toBe(201);
    expect(await saved.json()).toEqual({ version: 2, created: true });
    const same = await m.versions.POST(req("/api/v1/job-templates/eval/versions", "POST", { body: edited }), params({ id: "eval" }));
    expect(same.status).toBe(200);
    expect(await same.json()).toEqual({ version: 2, created: false });

    const view = await (await m.one.GET(req("/api/v1/job-templates/eval"), params({ id: "eval" }))).json();
    expect(view.versions.map((v: { version: number; note: string | null; createdBy: string | null }) => [v.version, v.note, v.createdBy])).toEqual([
      [2, "say which model", "lead@templates.test"],
      [1, "built in", null],
    ]);
    expect(view.parameters).toEqual(expect.arrayContaining(["model", "critique", "rrmEndpoint"]));

    const after = await launch("after-edit");
    expect(after.template).toBe("eval v2");
    expect(after.script).toContain('echo "model after-edit on template v2"');
    expect((await m.getJob(before.id))!.script).not.toContain("on template v");

    // A form that previewed version 1 does not launch version 2 unseen.
    const { getPrisma } = await import("@/lib/db/prisma");
    const jobs = await getPrisma().job.count();
    const stale = await m.jobs.POST(req("/api/v1/jobs", "POST", { backend: "local", kind: "eval", templateVersion: 1, params: { model: "m", command: "true", gpusPerNode: 0, timeLimitMinutes: 5 } }), params({}));
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: "template_changed", message: expect.stringMatching(/now version 2, not the version 1 you previewed/) });
    expect(await getPrisma().job.count()).toBe(jobs);
  });

  it("only the admin scope saves templates: a launch token may launch, not change what every later job runs", async () => {
    const res = await m.versions.POST(
      new Request("http://localhost:3000/api/v1/job-templates/judge/versions", { method: "POST", headers: { authorization: `Bearer ${launcher}`, "content-type": "application/json" }, body: JSON.stringify({ body: "#!/bin/bash\necho hi\n" }) }),
      params({ id: "judge" }),
    );
    expect(res.status).toBe(403);
    const view = await (await m.one.GET(req("/api/v1/job-templates/judge"), params({ id: "judge" }))).json();
    expect(view.current.version).toBe(1);
  });

  it("an unknown kind is a 400", async () => {
    const res = await m.one.GET(req("/api/v1/job-templates/nope"), params({ id: "nope" }));
    expect(res.status).toBe(400);
  });
});
