// The Compare page: against the e2e server's fixed 300-trajectory demo (seed "reagent-demo") the charts render, the
// numbers on the page are the API's numbers, the paper's markers are drawn and a chart's CSV downloads; against a
// small hand-made dataset imported through the API, the page shows exactly the numbers worked out by hand.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { fixedRunBody } from "../tests/fixtures/compare-fixed-dataset";
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
  await expect(page.getByRole("list", { name: "Series colours" })).toContainText("Reagent-R");
  await expect(page.getByRole("list", { name: "Series colours" })).toContainText("(3 runs)");

  // Unchecking a run that the variant brought in removes it: the pick becomes the runs shown, less that one.
  await page.getByText(/^Runs \(3\)$/).click();
  const picker = page.getByRole("group", { name: "Runs to compare" });
  await expect(picker.getByRole("checkbox", { name: "Reagent-R λ=0.5", exact: true })).toBeChecked();
  await picker.getByRole("checkbox", { name: "Reagent-R λ=0.5", exact: true }).click(); // controlled: it changes once the URL does
  await expect(page.getByText(/^Runs \(2\)$/)).toBeVisible();
  await expect(page).not.toHaveURL(/variant=/);
  await expect(picker.getByRole("checkbox", { name: "Reagent-R λ=0.5", exact: true })).not.toBeChecked();
  await page.getByRole("heading", { level: 1, name: "Compare" }).click(); // a click elsewhere closes the dropdown
  await expect(picker).toBeHidden();
  await expect(page.getByRole("list", { name: "Series colours" })).toContainText("(2 runs)");

  const res = await page.request.get("/api/v1/compare?runs=999999");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.runs).toEqual([]);
  expect(body.notes[0]).toMatch(/No runs picked/);
  expect((await page.request.get("/api/v1/compare?runs=abc")).status()).toBe(400);
});

// The hand-made dataset of tests/fixtures/compare-fixed-dataset.ts (its table of rollouts and scores is the reference
// for every number below), imported through the API as native JSONL. By hand:
//   pass@1   base: GAIA-L1 3/4 = 75.0%, GAIA-L2 0/2 = 0.0%, GAIA (both levels) 3/6 = 50.0%, HLE 1/2 = 50.0%,
//            MATH500 none, All 4/8 = 50.0%
//            tuned: GAIA-L1 2/4 = 50.0%, GAIA-L2 1/2 = 50.0%, GAIA 3/6 = 50.0%, HLE 2/2 = 100.0%, MATH500 1/1 = 100.0%,
//            All 6/9 = 66.7% (training rollouts left out)
//   95% CI   two tasks of 2 rollouts with proportions p and q resample to p (¼), (p+q)/2 (½) or q (¼): the interval
//            is [p, q] whatever the seed: base GAIA-L1 (½, 1) → [50.0%, 100.0%], tuned GAIA-L1 (1, 0) → [0.0%, 100.0%].
//            (Other cells' intervals depend on the run ids in their seed; the API test checks them.)
//   pass@2   1 for a task with one right rollout in two: base T1..T4 1,1,0,1 → GAIA 2/3 = 66.7%, All 3/4 = 75.0%;
//            tuned T1..T4 1,0,1,1 → All 75.0% over 4 of 5 tasks (T5 has one rollout); pass@3: no task has 3.
//   delta    solved when > ½ right: T1 fixed, T2 broken, T3 both failed, T4 fixed → 2 fixed, 1 broken of 4 shared.
//   AUROC    base 22.5/24 = 0.9375 → 0.938; tuned 30/35 = 0.857.
//   ECE      base 2.25/10 = 0.225; tuned 2.5/12 = 0.208.
//   ranking  tuned's group: right .8 .4 vs wrong .5 .2 → 3 of 4 pairs = 75.0%; base's one group is all correct.
test("a small hand-made dataset: the charts and tables show the numbers worked out by hand", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await signIn(page, "/compare");
  const headers = { origin: new URL(baseURL!).origin };
  const tag = Date.now().toString(36);
  const names = { base: `Fixed base ${tag}`, tuned: `Fixed tuned ${tag}` };
  const ids = { base: 0, tuned: 0 };
  for (const side of ["base", "tuned"] as const) {
    const run = await page.request.post("/api/v1/runs", {
      headers,
      data: side === "base" ? { name: names.base, variant: "base", agentModel: "Qwen3-8B" } : { name: names.tuned, variant: "reagent_r", lambda: 0.3, agentModel: "Qwen3-8B" },
    });
    expect(run.status(), await run.text()).toBe(201);
    ids[side] = (await run.json()).id;
    const imported = await page.request.post(`/api/v1/runs/${ids[side]}/trajectories`, { headers: { ...headers, "content-type": "application/x-ndjson" }, data: fixedRunBody(side) });
    expect(imported.status(), await imported.text()).toBe(200);
    expect(await imported.json()).toMatchObject({ imported: side === "base" ? 10 : 13, rejected: 0 });
  }

  await page.goto(`/compare?runs=${ids.base},${ids.tuned}`);
  const accuracy = page.getByRole("region", { name: "Accuracy by benchmark" });
  await expect(accuracy.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Notes on the comparison" })).toContainText(`${names.base} has no trajectories on MATH500, which other picked runs have.`);
  await expect(accuracy.getByRole("list", { name: "Notes on Accuracy by benchmark" })).toContainText(`${names.tuned} · MATH500: one graded rollout only: no interval`);

  // The paper's headline GAIA number (all levels) is drawn on the whole-benchmark bar of the matching method.
  const api = await (await page.request.get(`/api/v1/compare?runs=${ids.base},${ids.tuned}`)).json();
  const paperGaia = api.reported.find((m: { benchmark: string; series: string[] }) => m.benchmark === "GAIA" && m.series.includes(`run:${ids.base}`));
  await expect(accuracy.locator(`[aria-label="Paper, ${names.base}, GAIA: ${Number(paperGaia.accuracyPct.toFixed(2))}%"]`)).toBeAttached();

  const table = accuracy.getByRole("table", { name: "Accuracy by benchmark" });
  // The numbers sit in a <details>: open it unless it already is (it stays open across URL changes).
  const openNumbers = async () => {
    await expect(accuracy.getByText("Numbers", { exact: true })).toBeVisible();
    if (!(await table.isVisible())) await accuracy.getByText("Numbers", { exact: true }).click();
    await expect(table).toBeVisible();
  };
  await openNumbers();
  const cells = (benchmark: string) => table.getByRole("row").filter({ has: page.getByRole("cell", { name: benchmark, exact: true }) }).getByRole("cell");
  await expect(cells("GAIA").nth(1)).toContainText("50.0%");
  await expect(cells("GAIA").nth(2)).toContainText("50.0%");
  await expect(cells("GAIA-L1").nth(1)).toContainText("75.0% [50.0%, 100.0%] n=2");
  await expect(cells("GAIA-L1").nth(2)).toContainText("50.0% [0.0%, 100.0%] n=2");
  await expect(cells("GAIA-L2").nth(1)).toContainText("0.0% n=1");
  await expect(cells("GAIA-L2").nth(1)).toContainText("one task only: no interval");
  await expect(cells("HLE").nth(2)).toContainText("100.0% n=1");
  await expect(cells("MATH500").nth(1)).toContainText("no trajectories");
  await expect(cells("MATH500").nth(2)).toContainText("100.0% n=1");
  await expect(cells("All").nth(1)).toContainText("50.0%");
  await expect(cells("All").nth(1)).toContainText("leaves out MATH500");
  await expect(cells("All").nth(2)).toContainText("66.7%");
  await expect(cells("All").nth(2)).toContainText("n=5");
  // Stated percentages as stated: no float noise.
  await expect(cells("GAIA-L1").nth(1)).toContainText(/paper \d+(\.\d{1,2})?%/);

  // pass@k: k = 3 exceeds every task's rollouts; k = 2 by hand.
  await accuracy.getByLabel("Accuracy metric").selectOption("passk");
  await expect(page).toHaveURL(/accuracy=passk/);
  await expect(accuracy.getByText("No task has 3 graded rollouts: pass@3 cannot be estimated. Lower k or show pass@1.")).toBeVisible();
  await page.getByLabel("k of pass@k").fill("2");
  await page.getByLabel("k of pass@k").press("Enter");
  await expect(page).toHaveURL(/k=2/);
  await expect(accuracy.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(accuracy.getByRole("list", { name: "Notes on Accuracy by benchmark" })).toContainText("pass@2 over the 4 of 5 tasks with at least 2 graded rollouts");
  await openNumbers();
  await expect(cells("GAIA").nth(1)).toContainText("pass@2 66.7%");
  await expect(cells("All").nth(1)).toContainText("pass@2 75.0%");
  await expect(cells("All").nth(2)).toContainText("pass@2 75.0%");
  await expect(cells("MATH500").nth(2)).toContainText("pass@2 needs 2 graded rollouts of a task; every task here has one");

  // A reported table of a custom method, picked by hand, is drawn across the benchmark's bars.
  await page.getByText(/^Reported \(0\)$/).click();
  await page.getByRole("group", { name: "Reported tables to show as markers" }).getByRole("checkbox", { name: /^Paper: WebThinker \(Qwen3-8B\)/ }).click();
  await expect(page).toHaveURL(/reported=\d+/);
  await page.keyboard.press("Escape"); // the dropdown closes like a menu
  await expect(page.getByRole("group", { name: "Reported tables to show as markers" })).toBeHidden();
  await accuracy.getByLabel("Accuracy metric").selectOption("pass1");
  await expect(accuracy.getByRole("list", { name: "Legend of Accuracy by benchmark" })).toContainText("Paper: WebThinker (Qwen3-8B) (reported)");
  await expect(accuracy.locator('[aria-label^="Paper: WebThinker (Qwen3-8B), GAIA: "]')).toBeAttached();

  // Task delta: counts, the flips filter, a pair that shows the flip.
  const delta = page.getByRole("region", { name: "Tasks fixed and broken" });
  const count = delta.getByTestId("delta-count");
  await expect(count).toContainText(`${names.tuned}: 2 fixed, 1 broken`);
  await expect(count).toContainText("of 4 shared tasks");
  const rows = delta.getByRole("table", { name: "Task delta" }).locator("tbody tr");
  await expect(rows).toHaveCount(4);
  await delta.getByLabel("Only tasks that flipped").click();
  await expect(page).toHaveURL(/flipsOnly=1/);
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: "Fixed T3" })).toHaveCount(0);
  await expect(delta.getByRole("button", { name: /as (PNG|SVG)$/ })).toHaveCount(0); // a table: CSV only

  // RRM: AUROC and ECE in the legends, ranking in the table.
  const roc = page.getByRole("region", { name: "ROC of the RRM score" });
  await expect(roc.getByRole("list", { name: "Legend of ROC of the RRM score" })).toContainText(`${names.base} (AUROC 0.938)`);
  await expect(roc.getByRole("list", { name: "Legend of ROC of the RRM score" })).toContainText(`${names.tuned} (AUROC 0.857)`);
  const reliability = page.getByRole("region", { name: "Reliability diagram" });
  await expect(reliability.getByRole("list", { name: "Legend of Reliability diagram" })).toContainText(`${names.base} (ECE 0.225)`);
  await expect(reliability.getByRole("list", { name: "Legend of Reliability diagram" })).toContainText(`${names.tuned} (ECE 0.208)`);
  const agreement = page.getByRole("table", { name: "RRM agreement" });
  await expect(agreement.getByRole("row").filter({ hasText: names.tuned })).toContainText("75.0% of 4 pairs in 1/1 groups");
  await expect(agreement.getByRole("row").filter({ hasText: names.base })).toContainText("the one GRPO group is all correct");
  const histogram = page.getByRole("region", { name: "RRM score by correctness" });
  await expect(histogram.getByRole("list", { name: "Notes on RRM score by correctness" })).toContainText(`${names.tuned}: 1 graded trajectory without a score left out`);

  // Exports: a PNG, an SVG that carries its legend (series names and AUROC), small multiples all in one, a CSV.
  const save = async (button: string) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
    return { name: download.suggestedFilename(), body: await readFile((await download.path())!) };
  };
  const png = await save("Export ROC of the RRM score as PNG");
  expect(png.name).toBe("roc-of-the-rrm-score.png");
  expect(png.body.subarray(1, 4).toString()).toBe("PNG");
  expect(png.body.length).toBeGreaterThan(5_000);
  const svg = await save("Export ROC of the RRM score as SVG");
  const svgText = svg.body.toString("utf8");
  expect(svgText.startsWith("<svg")).toBe(true);
  expect(svgText).toContain(`${names.base} (AUROC 0.938)`);
  expect(svgText).toContain(`${names.tuned} (AUROC 0.857)`);
  expect(svgText).toContain("chance (AUROC 0.5)");
  const multiples = (await save("Export RRM score by correctness as SVG")).body.toString("utf8");
  expect(multiples).toContain(`${names.base} · n=10`);
  expect(multiples).toContain(`${names.tuned} · n=12, 1 unscored`);
  expect(multiples.match(/<svg/g)!.length).toBeGreaterThanOrEqual(3); // the image and both small charts
  const csv = (await save("Export Accuracy by benchmark data as CSV")).body.toString("utf8");
  expect(csv.split("\n")[0]).toContain("series,benchmark,pass1,ci_low,ci_high");
  expect(csv).toContain(`${names.tuned},GAIA-L1,0.5,0,1,multinomial,2,4,2`);
  expect(csv).not.toMatch(/\d\.\d*9999999/);

  // The fixed task T1 opens the baseline's wrong attempt (not its lowest-id right one) beside one of the right ones.
  await rows.filter({ hasText: "Fixed T1" }).getByRole("link", { name: new RegExp(`baseline and ${names.tuned} side by side`) }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Two trajectories side by side" })).toBeVisible();
  const pair = new URL(page.url()).searchParams;
  const shown = await Promise.all(["a", "b"].map(async (side) => (await page.request.get(`/api/v1/trajectories/${pair.get(side)}`)).json()));
  expect(shown.map((t) => [t.externalId, t.correct])).toEqual([["base-T1-r1", false], ["tuned-T1-r0", true]]);
  await expect(page.locator("iframe")).toHaveCount(2);
  await expect(page.frameLocator("iframe").first().getByText(/Loire/).first()).toBeVisible();
  await expect(page.frameLocator("iframe").last().getByText(/Seine/).first()).toBeVisible();
});
