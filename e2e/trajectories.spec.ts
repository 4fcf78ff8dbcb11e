// Browsing and reading trajectories in a real browser, against the built app and the seeded 300-trajectory demo
// (playwright.config.ts): filter the list, open a trajectory, read its judgment, walk the list and the steps with
// the keyboard, open its GRPO group and move the λ slider.
import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "./users";

async function signIn(page: Page, next = "/trajectories") {
  await page.goto(next);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

test("browse the demo: filter, search, sort, keep the state in the URL", async ({ page }) => {
  await signIn(page);
  await page.goto("/trajectories");
  await expect(page.getByRole("heading", { level: 1, name: "Trajectories" })).toBeVisible();
  const table = page.getByRole("table", { name: "Trajectories" });
  await expect(table.locator("tbody tr").first()).toBeVisible();
  expect(await table.locator("tbody tr").count()).toBe(50);

  // One click: failed GAIA runs, highest RRM score first.
  await page.getByRole("button", { name: "Failed GAIA" }).click();
  await expect(page).toHaveURL(/benchmark=GAIA/);
  await expect(page).toHaveURL(/correct=false/);
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText("benchmark: GAIA");
  const rows = table.locator("tbody tr");
  await expect(rows.first()).toContainText("GAIA");
  await expect(rows.first()).toContainText("incorrect");
  for (const text of await rows.allInnerTexts()) {
    expect(text).toContain("GAIA");
    expect(text).toContain("incorrect");
  }
  const scores = (await table.getByLabel(/^RRM score/).allInnerTexts()).map(Number).filter((n) => !Number.isNaN(n));
  expect(scores.length).toBeGreaterThan(0);
  expect([...scores].sort((a, b) => b - a)).toEqual(scores);

  // A score floor narrows it further; the URL says so, and a reload renders the same list on the server.
  await page.getByLabel("Score ≥").fill("0.5");
  await page.getByLabel("Score ≥").press("Enter");
  await expect(page).toHaveURL(/minScore=0\.5/);
  await expect(page.getByRole("button", { name: "Remove filter score ≥ 0.5" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: "Remove filter score ≥ 0.5" })).toBeVisible();
  for (const score of (await table.getByLabel(/^RRM score/).allInnerTexts()).map(Number)) expect(score).toBeGreaterThanOrEqual(0.5);

  // Full-text search over steps and critiques.
  await page.getByRole("button", { name: "Clear all" }).click();
  await expect(page).toHaveURL(/\/trajectories$/);
  await page.getByLabel("Search questions, steps, answers and critiques").fill("pipe-organ stops");
  await page.getByLabel("Search questions, steps, answers and critiques").press("Enter");
  await expect(page).toHaveURL(/q=pipe-organ/);
  await expect(rows.first()).toContainText(/pipe-organ/i);

  // Keyboard: j selects, Enter opens, with the list's state carried along.
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("j");
  await expect(rows.first()).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/trajectories\/\d+\?list=q%3Dpipe-organ/);
});

test("open a trajectory: steps, judgment, deep link, keys", async ({ page }) => {
  await signIn(page);
  await page.goto("/trajectories?benchmark=GAIA&judged=yes");
  await page.getByRole("table", { name: "Trajectories" }).locator("tbody tr").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/trajectories\/(\d+)\?list=/);
  const firstId = Number(/\/trajectories\/(\d+)/.exec(page.url())![1]);

  const steps = page.getByRole("region", { name: "Steps" });
  await expect(steps.getByRole("article").first()).toBeVisible();
  const judgment = page.getByRole("region", { name: "RRM judgment" });
  await expect(judgment.getByRole("heading", { name: "Critique", exact: true }).first()).toBeVisible();
  await expect(judgment.getByText("RRM score", { exact: true }).first()).toBeVisible();
  await expect(judgment.getByText(/Reward at λ = 0\.\d\d/)).toBeVisible();

  // A critique link scrolls to the step it names and puts it in the URL.
  const link = judgment.getByRole("button", { name: /step \d+/i }).first();
  if (await link.count()) {
    const target = Number(/(\d+)/.exec((await link.innerText()) ?? "")![1]);
    await link.click();
    await expect(page).toHaveURL(new RegExp(`#step-${target}$`));
    await expect(steps.getByRole("article", { name: new RegExp(`^Step ${target}:`) })).toBeVisible();
  }

  // n/p walk the steps; the deep link survives a reload.
  await page.locator("h1").first().click({ force: true }).catch(() => {});
  await page.keyboard.press("n");
  await page.keyboard.press("n");
  await expect(page).toHaveURL(/#step-\d+$/);
  const hash = new URL(page.url()).hash;
  await page.reload();
  await expect(steps.getByRole("article", { name: new RegExp(`^Step ${hash.slice(6)}:`) })).toBeVisible();

  // ? lists the keys; nothing fires while typing in the step search.
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Trajectory keys" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByLabel("Find in steps").fill("jjj");
  await expect(page).toHaveURL(new RegExp(`/trajectories/${firstId}\\b`));

  // j moves to the next trajectory of the list it came from.
  await page.getByLabel("Find in steps").blur();
  await page.keyboard.press("j");
  await expect(page).not.toHaveURL(new RegExp(`/trajectories/${firstId}\\?`));
  await expect(page).toHaveURL(/\/trajectories\/\d+\?list=benchmark%3DGAIA%26judged%3Dyes/);
  // The next trajectory's page must have loaded (its key handler attached) before a key can act on it.
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("article").first()).toBeVisible();
  await page.keyboard.press("k");
  await expect(page).toHaveURL(new RegExp(`/trajectories/${firstId}\\?`));
});

test("GRPO group: rewards and advantages follow the λ slider and the Reagent-U toggle", async ({ page }) => {
  await signIn(page);
  const list = await (await page.request.get("/api/v1/trajectories?variant=reagent_u&stage=refined&limit=1")).json();
  const id = list.items[0].id as number;
  await page.goto(`/trajectories/${id}?panel=group`);
  const pooled = page.getByRole("table", { name: "GRPO group (pooled)" });
  await expect(pooled).toBeVisible();
  const rows = pooled.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(2);
  const row = pooled.locator("tr[aria-current=true]");
  await expect(row).toContainText("(this)");
  const before = await row.locator("td").nth(4).innerText();

  const slider = page.getByLabel("λ (RRM weight)");
  await slider.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowRight");
  await expect(page.locator("output")).toHaveText(/0\.[5-9]\d|1\.00/);
  await expect(row.locator("td").nth(4)).not.toHaveText(before);
  await expect(page).toHaveURL(/lambda=0\.\d+/);

  // Advantages of the pooled group sum to zero.
  const advantages = (await pooled.locator("[data-testid^=advantage-]").allInnerTexts()).map(Number);
  expect(Math.abs(advantages.reduce((a, b) => a + b, 0))).toBeLessThan(0.01 * advantages.length);

  // Without pooling, first attempts and refined retries are separate groups.
  await page.getByLabel("Pool retries (Reagent-U)").uncheck();
  await expect(page.getByRole("table", { name: "GRPO group (first attempts)" })).toBeVisible();
  await expect(page.getByRole("table", { name: "GRPO group (refined retries)" })).toBeVisible();
  await expect(page).toHaveURL(/pool=0/);

  // The attempts panel puts the retry beside its first attempt with the critique between.
  await page.getByRole("tab", { name: /Attempts/ }).click();
  await expect(page.getByText("Critique fed back")).toBeVisible();
  await expect(page.getByLabel("Answer diff")).toBeVisible();
});
