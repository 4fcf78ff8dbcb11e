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
  await expect(preview).toContainText("--roll_out_count 2");
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

test("on the real Slurm from the browser: a failing job ends failed with its exit code, a running one is cancelled (when SLURM_REST_URL is set)", async ({ page }) => {
  test.skip(!process.env.SLURM_REST_URL, "Slurm is not configured: source /tmp/slurm-dev/slurm.env after ../shared/cluster/start-slurm.sh");
  test.setTimeout(120_000);
  await signIn(page, "/jobs/new");
  const launch = async (command: string) => {
    await page.goto("/jobs/new");
    await page.getByLabel("Backend").selectOption("slurm");
    await fillEval(page, command);
    await page.getByLabel("GPUs per node").fill("0");
    await page.getByLabel("Time limit (minutes)").fill("5");
    await page.getByRole("button", { name: "Submit job" }).click();
    await expect(page).toHaveURL(/\/jobs\/\d+$/);
  };
  await launch("false");
  await expect(page.getByTestId("job-state")).toHaveText("failed", { timeout: 60_000 });
  await expect(page.getByTestId("job-exit-code")).toHaveText("1");
  await launch("bash -c 'sleep 120' job"); // the template appends --model … to the command: bash -c ignores them
  await expect(page.getByTestId("job-state")).toHaveText("running", { timeout: 60_000 });
  await page.getByRole("button", { name: "Cancel job" }).click();
  await expect(page.getByTestId("job-state")).toHaveText("cancelled", { timeout: 30_000 });
  await expect(page.getByRole("region", { name: "History" })).toContainText("Cancelled by admin@e2e.test");
});

test("a Slurm configured in Settings that cannot be reached: the job is 'submit failed', nothing runs; fixed, Retry submit runs it (when SLURM_REST_URL is set)", async ({ page }) => {
  test.skip(!process.env.SLURM_REST_URL, "Slurm is not configured: source /tmp/slurm-dev/slurm.env after ../shared/cluster/start-slurm.sh");
  test.setTimeout(120_000);
  await signIn(page, "/settings");
  const cluster = page.getByRole("region", { name: "Cluster" });
  await expect(cluster.getByTestId("slurm-source")).toHaveText("the environment");
  await cluster.getByLabel("slurmrestd URL").fill("http://127.0.0.1:9");
  // Another server than SLURM_REST_URL: the environment's token is not sent there, so without one typed there is none.
  await cluster.getByRole("button", { name: "Test connection" }).click();
  await expect(cluster.getByRole("status").filter({ hasText: /^Failed: No Slurm token/ })).toBeVisible({ timeout: 30_000 });
  await cluster.getByLabel("Token (JWT)").fill("a-token-for-the-dead-server");
  await cluster.getByRole("button", { name: "Test connection" }).click();
  await expect(cluster.getByRole("status").filter({ hasText: /^Failed: .*unreachable/ })).toBeVisible({ timeout: 30_000 });
  await cluster.getByRole("button", { name: "Save" }).click();
  await expect(cluster.getByTestId("slurm-source")).toHaveText("these settings");

  await page.goto("/jobs/new");
  await page.getByLabel("Backend").selectOption("slurm");
  await fillEval(page, "echo retried");
  await page.getByLabel("GPUs per node").fill("0");
  await page.getByLabel("Time limit (minutes)").fill("5");
  await page.getByRole("button", { name: "Submit job" }).click();
  await expect(page).toHaveURL(/\/jobs\/\d+$/);
  const jobUrl = page.url();
  await expect(page.getByTestId("job-state")).toHaveText("submit failed");
  await expect(page.getByRole("status").filter({ hasText: /Submit failed: .*Nothing was started on the scheduler/ })).toBeVisible();

  await page.goto("/settings");
  await cluster.getByRole("button", { name: "Use the environment instead" }).click();
  await expect(cluster.getByTestId("slurm-source")).toHaveText("the environment");
  await page.goto(jobUrl);
  await page.getByRole("button", { name: "Retry submit" }).click();
  await expect(page.getByTestId("job-state")).toHaveText("completed", { timeout: 60_000 });
  await expect(page.getByRole("region", { name: "History" })).toContainText("Submit retried by admin@e2e.test");
});

test("edit the evaluation template: a bad placeholder is caught as it is typed; saved, new jobs run the new version", async ({ page }) => {
  await signIn(page, "/jobs/templates");
  await page.getByRole("link", { name: /^Evaluate/ }).click();
  const body = page.getByLabel("Template body");
  const original = await body.inputValue();
  await body.fill(original.replace("set -euo pipefail\n", "set -euo pipefail\necho {{modle}}\n"));
  await expect(page.getByRole("status").filter({ hasText: "Template error" })).toContainText("unknown placeholder {{modle}}");
  await expect(page.getByRole("button", { name: /^Save as version/ })).toBeDisabled();
  await body.fill(original.replace("set -euo pipefail\n", 'set -euo pipefail\necho "edited template for" {{model}}\n'));
  await expect(page.getByRole("status").filter({ hasText: "The template checks out" })).toBeVisible();
  await page.getByLabel("Note (why this version)").fill("e2e: announce the model");
  await page.getByRole("button", { name: "Save as version 2" }).click();
  await expect(page.getByRole("region", { name: "Versions" })).toContainText("v2 (current) · admin@e2e.test");

  await page.goto("/jobs/new");
  await fillEval(page, `node ${FAKE_EVAL}`);
  await expect(page.getByRole("heading", { name: /Script preview \(template eval v2\)/ })).toBeVisible();
  await expect(page.getByTestId("script-preview")).toContainText("echo \"edited template for\" Qwen/Qwen3-8B");
  await page.getByRole("button", { name: "Submit job" }).click();
  await expect(page).toHaveURL(/\/jobs\/\d+$/);
  await expect(page.getByTestId("job-state")).toHaveText("completed", { timeout: 45_000 });
  await expect(page.getByTestId("job-log")).toContainText("edited template for Qwen/Qwen3-8B");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("eval v2").first()).toBeVisible();
});
