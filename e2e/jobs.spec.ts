// Jobs from the browser on the `local` backend: launch an evaluation whose command is a test double (a real Node
// script writing Reagent evaluation output and posting it back), follow it to completed with its run imported;
// field-level errors; cancel a long one.
import { chmodSync, copyFileSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";
import { E2E_VIEWER } from "./users";

const FAKE_EVAL = path.resolve("tests/fixtures/jobs/fake-reagent-eval.mjs");

async function fillEval(page: import("@playwright/test").Page, command: string) {
  await page.getByLabel("Kind").selectOption("eval");
  await page.getByLabel("Model path or endpoint").fill("Qwen/Qwen3-8B");
  await page.getByLabel("Benchmarks").fill("GSM8K");
  await page.getByLabel("Rollouts").fill("2");
  await page.getByLabel("Command").fill(command);
}

test("launch an evaluation on local, follow it to completed, see its run, metrics and log", async ({ page }) => {
  await signIn(page, "/jobs/new");
  await expect(page.getByRole("heading", { level: 1, name: "New job" })).toBeVisible();
  // field-level error before anything is submitted
  await page.getByLabel("Rollouts").fill("0");
  await expect(page.getByRole("alert").filter({ hasText: /greater than or equal to 1|too small/i })).toBeVisible();
  await fillEval(page, `node ${FAKE_EVAL}`);
  const preview = page.getByTestId("script-preview");
  await expect(preview).toContainText(`node ${FAKE_EVAL}`);
  await expect(preview).toContainText("--rollouts 2");
  await page.getByRole("button", { name: "Submit job" }).click();
  await expect(page).toHaveURL(/\/jobs\/\d+$/);
  await expect(page.getByTestId("job-state")).toHaveText("completed", { timeout: 45_000 });
  await expect(page.getByTestId("job-exit-code")).toHaveText("0");
  await expect(page.getByTestId("run-trajectories")).toHaveText("4", { timeout: 10_000 });
  await expect(page.getByTestId("job-log")).toContainText("fake-reagent-eval: model=Qwen/Qwen3-8B");
  await expect(page.getByRole("img", { name: /Metrics: accuracy/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "History" })).toContainText("Launched by admin@e2e.test");
  await page.goto("/jobs");
  await expect(page.getByRole("table", { name: "Jobs" })).toContainText("completed");
});

test("cancel a running job from its page", async ({ page }) => {
  await signIn(page, "/jobs/new");
  await fillEval(page, `node ${FAKE_EVAL} --sleep 120`);
  await page.getByRole("button", { name: "Submit job" }).click();
  await expect(page).toHaveURL(/\/jobs\/\d+$/);
  await expect(page.getByTestId("job-state")).toHaveText("running", { timeout: 20_000 });
  await page.getByRole("button", { name: "Cancel job" }).click();
  await expect(page.getByTestId("job-state")).toHaveText("cancelled", { timeout: 20_000 });
  await expect(page.getByRole("region", { name: "History" })).toContainText("Cancelled by admin@e2e.test");
});

test("viewers cannot open Jobs → New", async ({ page }) => {
  await signIn(page, "/jobs", E2E_VIEWER);
  await expect(page.getByRole("link", { name: "New job" })).toHaveCount(0);
  await page.goto("/jobs/new");
  await expect(page).toHaveURL(/\/sign-in.*denied=admin/);
});

test("launch on the real Slurm from the browser and follow it to completed (when SLURM_REST_URL is set)", async ({ page }) => {
  test.skip(!process.env.SLURM_REST_URL, "Slurm is not configured: source /tmp/slurm-dev/slurm.env after ../shared/cluster/start-slurm.sh");
  await signIn(page, "/jobs/new");
  // Slurm jobs run as the token's user, who may not be able to read this checkout: a copy in the shared job dir.
  const dir = mkdtempSync(path.join(process.env.SLURM_JOB_DIR || "/tmp/slurm-dev/jobs", "e2e-fixture-"));
  chmodSync(dir, 0o755);
  copyFileSync(FAKE_EVAL, path.join(dir, "fake-reagent-eval.mjs"));
  await page.getByLabel("Backend").selectOption("slurm");
  await fillEval(page, `node ${path.join(dir, "fake-reagent-eval.mjs")}`);
  await page.getByLabel("GPUs per node").fill("0");
  await page.getByLabel("Time limit (minutes)").fill("5");
  await page.getByRole("button", { name: "Submit job" }).click();
  await expect(page).toHaveURL(/\/jobs\/\d+$/);
  await expect(page.getByTestId("job-state")).toHaveText("completed", { timeout: 60_000 });
  await expect(page.getByTestId("run-trajectories")).toHaveText("4", { timeout: 10_000 });
  await expect(page.getByTestId("job-log")).toContainText("fake-reagent-eval");
  await expect(page.getByRole("region", { name: "Log" })).toContainText("/output.log");
});
