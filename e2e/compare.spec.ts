// The Compare page against the e2e server's fixed 300-trajectory demo (seed "reagent-demo"): the charts render, the
// numbers on the page are the API's numbers, the paper's markers are drawn, and a chart's CSV downloads.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "./users";

async function signIn(page: Page, to: string) {
  await page.goto(to);
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/compare/);
}

const pctText = (v: number) => `${(v * 100).toFixed(1)}%`;

test("compare the demo runs: charts, paper markers, API numbers, CSV export", async ({ page }) => {
  await signIn(page, "/compare?tag=demo");
  await expect(page.getByRole("heading", { level: 1, name: "Compare" })).toBeVisible();

  const api = await page.request.get("/api/v1/compare?tag=demo");
  expect(api.status()).toBe(200);
  const data = await api.json();
  expect(data.runs.length).toBe(7);

  // Accuracy: bars, error bars and the paper's markers.
  const accuracy = page.getByRole("region", { name: "Accuracy by benchmark" });
  await expect(accuracy.locator(".recharts-bar-rectangle").first()).toBeVisible();
  expect(await accuracy.locator(".recharts-errorBar").count()).toBeGreaterThan(0);
  const markers = accuracy.getByTestId("paper-marker");
  await expect(markers.first()).toBeAttached();
  expect(await markers.count()).toBeGreaterThan(10);
  const base = data.runs.find((r: { name: string }) => r.name === "Qwen3-8B (base)");
  const paperGaia = data.reported.find((m: { runName: string; benchmark: string }) => m.runName === "Paper: Qwen3-8B" && m.benchmark === "GAIA-L1");
  await expect(accuracy.locator(`[aria-label="Paper, Qwen3-8B (base), GAIA-L1: ${Math.round(paperGaia.accuracy * 1000) / 10}%"]`)).toBeAttached();

  // The numbers table says what the API says.
  await accuracy.getByText("Numbers").click();
  const table = accuracy.getByRole("table", { name: "Accuracy by benchmark" });
  const all = data.accuracy.find((a: { series: string; benchmark: string }) => a.series === `run:${base.id}` && a.benchmark === "All");
  const allRow = table.getByRole("row").filter({ has: page.getByRole("cell", { name: "All", exact: true }) });
  await expect(allRow.getByRole("cell").nth(1)).toContainText(pctText(all.pass1));
  await expect(allRow.getByRole("cell").nth(1)).toContainText(`[${pctText(all.ci.low)}, ${pctText(all.ci.high)}]`);

  // Task delta: counts per run against the baseline (the first run).
  const delta = page.getByRole("region", { name: "Tasks fixed and broken" });
  const firstCount = data.delta.counts[0];
  await expect(delta.getByTestId("delta-count").first()).toContainText(`${firstCount.fixed} fixed`);
  await expect(delta.getByRole("table", { name: "Task delta" })).toBeVisible();

  // RRM analysis: ROC with AUROC in its legend, reliability diagram, agreement table.
  const roc = page.getByRole("region", { name: "ROC of the RRM score" });
  const rrmBase = data.rrm.find((r: { series: string }) => r.series === `run:${base.id}`);
  await expect(roc.getByText(`Qwen3-8B (base) (AUROC ${rrmBase.auroc.toFixed(3)})`)).toBeVisible();
  expect(await roc.locator(".recharts-line").count()).toBeGreaterThan(0);
  await expect(page.getByRole("region", { name: "Reliability diagram" }).locator(".recharts-scatter").first()).toBeAttached();
  await expect(page.getByRole("table", { name: "RRM agreement" })).toContainText(rrmBase.ece.toFixed(3));

  // λ and training curves.
  await expect(page.getByRole("region", { name: "Accuracy against λ" }).locator(".recharts-line").first()).toBeAttached();
  await expect(page.getByRole("region", { name: "Training curves" }).locator(".recharts-line").first()).toBeAttached();

  // CSV export of the accuracy chart.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export Accuracy by benchmark data as CSV" }).click()]);
  expect(download.suggestedFilename()).toBe("accuracy-by-benchmark.csv");
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\n")[0]).toContain("series,benchmark,pass1,ci_low,ci_high");
  expect(csv).toContain("Qwen3-8B (base),All,");
});

test("grouping and bad input: the URL holds the state and empty picks say so", async ({ page }) => {
  await signIn(page, "/compare?variant=reagent_r&groupBy=variant");
  await expect(page.getByLabel("Group by")).toHaveValue("variant");
  await expect(page.getByRole("list", { name: "Series colours" })).toContainText("reagent_r");
  await expect(page.getByRole("list", { name: "Series colours" })).toContainText("(3 runs)");

  const res = await page.request.get("/api/v1/compare?runs=999999");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.runs).toEqual([]);
  expect(body.notes[0]).toMatch(/No runs picked/);
  expect((await page.request.get("/api/v1/compare?runs=abc")).status()).toBe(400);
});
