// Trajectories are hostile input. Imports, through the public API, trajectories whose question, steps, answers,
// critiques and raw RRM output carry <script>, <img onerror>, javascript: links, SVG with script and a 10 MB line;
// opens them in the list and the reader; proves that nothing ran (no dialog, no injected global, no live element)
// and that the page stays usable.
import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "./users";

const PAYLOAD = [
  `<script>window.__pwned = "script"; alert("script")</script>`,
  `<img src=x onerror="window.__pwned='img'; alert('img')">`,
  `[click me](javascript:window.__pwned='md-link';alert('md-link'))`,
  `<a href="javascript:window.__pwned='a';alert('a')">html link</a>`,
  `<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned='svg';alert('svg')"><script>window.__pwned='svg-script';alert('svg-script')</script></svg>`,
  `![tracker](javascript:alert('img-md'))`,
  `<iframe src="javascript:alert('iframe')"></iframe>`,
  `<style>body{display:none}</style>`,
  `<div id="step-3" onclick="alert('clobber')">id clobbering</div>`,
  "\x1b[31mansi red\x1b[0m",
].join("\n\n");
const HUGE_LINE_LENGTH = 10 * 1024 * 1024;

function hostile(externalId: string, extra: Record<string, unknown> = {}) {
  return {
    externalId,
    task: { benchmark: "GAIA", level: "1", externalId: "hostile-task", question: `Hostile question ${PAYLOAD}`, groundTruth: "<b>42</b>" },
    steps: [
      { index: 0, kind: "message", role: "user", text: PAYLOAD },
      { index: 1, kind: "reasoning", text: `pwned-reasoning ${PAYLOAD}` },
      { index: 2, kind: "tool_call", tool: { name: "browse", arguments: { url: "javascript:alert('args')", html: PAYLOAD } } },
      { index: 3, kind: "tool_result", text: PAYLOAD, result: { name: "browse" } },
      { index: 4, kind: "tool_result", text: `${"A".repeat(HUGE_LINE_LENGTH)} tail-marker`, result: { name: "python" } },
      { index: 5, kind: "final_answer", text: `The answer: ${PAYLOAD}`, answer: "<img src=x onerror=alert('answer')>" },
    ],
    finalAnswer: `<script>alert('final')</script>${externalId}`,
    correct: false,
    judgments: [
      { rrmModel: "rrm-hostile", reasoning: PAYLOAD, critique: `In step 3 "${"<script>window.__pwned"}" … ${PAYLOAD}`, score: 0.5 },
      { rrmModel: "rrm-broken", rawOutput: `<think>${PAYLOAD}</think> no score`, parseStatus: "failed", parseNotes: ["no <score> block"] },
    ],
    ...extra,
  };
}

async function signIn(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Fails the test on any dialog and exposes what the page tried. */
function watch(page: Page) {
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return { dialogs, errors };
}

async function expectNothingRan(page: Page, seen: { dialogs: string[] }) {
  expect(seen.dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  const main = page.locator("main");
  await expect(main.locator("script")).toHaveCount(0);
  await expect(main.locator("img")).toHaveCount(0);
  await expect(main.locator("iframe")).toHaveCount(0);
  await expect(main.locator("svg[onload], [onerror], [onclick], [onload]")).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
  await expect(page.locator("body")).toBeVisible(); // the <style> did not apply
}

test.describe.configure({ mode: "serial" });

let ids: number[] = [];

test("import hostile trajectories through the API", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signIn(page);
  const headers = { origin: new URL(baseURL!).origin }; // a cookie-authenticated POST must say where it comes from
  const run = await page.request.post("/api/v1/runs", { headers, data: { name: `hostile-${Date.now()}` } });
  expect(run.status()).toBe(201);
  const { id: runId } = await run.json();
  const body = [hostile("h1"), hostile("h2", { stage: "refined", parentExternalId: "h1", finalAnswer: "<svg onload=alert(1)>h2" })]
    .map((record) => JSON.stringify(record))
    .join("\n");
  const imported = await page.request.post(`/api/v1/runs/${runId}/trajectories`, {
    headers: { ...headers, "content-type": "application/x-ndjson" },
    data: body,
    timeout: 90_000,
  });
  expect(imported.status(), await imported.text()).toBe(200);
  const report = await imported.json();
  expect(report, JSON.stringify(report).slice(0, 2000)).toMatchObject({ imported: 2, rejected: 0 });
  const list = await (await page.request.get(`/api/v1/trajectories?run=${runId}&sort=time&order=asc`)).json();
  ids = list.items.map((item: { id: number }) => item.id);
  expect(ids).toHaveLength(2);
});

test("the list shows hostile text as text", async ({ page }) => {
  const seen = watch(page);
  await signIn(page);
  await page.goto("/trajectories?q=Hostile%20question");
  const table = page.getByRole("table", { name: "Trajectories" });
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await expect(table.getByText(/Hostile question <script>window.__pwned/).first()).toBeVisible();
  await expectNothingRan(page, seen);
});

test("the reader renders every part as text and stays usable with a 10 MB line", async ({ page }) => {
  test.setTimeout(120_000);
  const seen = watch(page);
  await signIn(page);
  await page.goto(`/trajectories/${ids[1]}`);
  const steps = page.getByRole("region", { name: "Steps" });
  await expect(steps.getByRole("article").first()).toBeVisible();
  await expect(steps.getByText("<script>window.__pwned", { exact: false }).first()).toBeVisible();
  // The markdown link is not a link; the raw HTML shows as text.
  await expect(steps.getByText("click me").first()).toBeVisible();
  await expect(steps.getByRole("link", { name: "click me" })).toHaveCount(0);

  await page.getByRole("button", { name: "Expand all" }).click();
  await expectNothingRan(page, seen);

  // The judgment panel: critique, reasoning, and the raw output of the judgment that did not parse.
  const judgment = page.getByRole("region", { name: "RRM judgment" });
  await judgment.getByLabel("RRM model").selectOption("rrm-hostile");
  const critique = judgment.locator("p", { hasText: "In step 3" }).first();
  await expect(critique).toBeVisible();
  await expect(critique).toContainText(`<img src=x onerror="window.__pwned='img'; alert('img')">`);
  await judgment.getByText("RRM reasoning").click();
  await judgment.getByLabel("RRM model").selectOption("rrm-broken");
  await judgment.getByText(/^Raw output/).click();
  await expect(judgment.getByText("<think><script>", { exact: false })).toBeVisible();
  await expectNothingRan(page, seen);

  // Attempts: the two hostile answers diffed, as text.
  await page.getByRole("tab", { name: /Attempts/ }).click();
  const diff = page.getByLabel("Answer diff");
  await expect(diff).toContainText("<script>"); // the first answer's markup, removed, as text
  await expect(diff).toContainText("svg onload=alert("); // the retry's markup, added, as text
  await expect(diff.getByLabel(/^added: /).first()).toBeVisible();
  await expectNothingRan(page, seen);

  // The in-page search finds the end of the 10 MB line, which the page only has on demand.
  await page.getByLabel("Find in steps").fill("tail-marker");
  await expect(page.getByRole("status").filter({ hasText: /1 step, 1 hit/ })).toBeVisible({ timeout: 20_000 });
  await page.getByLabel("Find in steps").press("Enter");
  await expect(page).toHaveURL(/#step-4$/);
  const huge = steps.getByRole("article", { name: /^Step 4:/ });
  await huge.getByRole("button", { name: /Load the full text \(10,485,7\d\d characters\)/ }).click();
  await expect(huge.getByRole("button", { name: /Show the next 100,000 characters/ })).toBeVisible({ timeout: 30_000 });

  // Still usable: keys and controls answer at once.
  const started = Date.now();
  await page.getByLabel("Find in steps").fill("pwned-reasoning");
  await expect(page.getByRole("status").filter({ hasText: /1 step/ })).toBeVisible({ timeout: 10_000 });
  await page.getByLabel("Find in steps").press("Enter");
  await expect(page).toHaveURL(/#step-1$/);
  expect(Date.now() - started).toBeLessThan(10_000);
  await expectNothingRan(page, seen);
  expect(seen.dialogs).toEqual([]);
});

test("the raw download is an inert attachment", async ({ page }) => {
  await signIn(page);
  const response = await page.request.get(`/api/v1/trajectories/${ids[0]}/raw`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-disposition"]).toMatch(/^attachment;/);
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["content-type"]).not.toContain("html");
});
