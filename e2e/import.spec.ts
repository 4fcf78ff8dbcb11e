// Importing from the browser: drop files on the Import page, create the run, follow the progress, read the rejected
// records with their lines, open the run.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";
import { E2E_VIEWER } from "./users";

const REAL = path.resolve(process.cwd(), "../shared/data/real");
const INSPECT_LOG = "2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval";

function nativeLine(n: number) {
  return JSON.stringify({
    externalId: `e2e-${n}`,
    task: { benchmark: "HotpotQA", externalId: `e2e-task-${n}`, question: `Which bridge opened in ${1900 + n}?`, groundTruth: "Old Bridge" },
    steps: [
      { index: 0, kind: "tool_call", tool: { name: "search", arguments: { query: `bridge ${n}` } } },
      { index: 1, kind: "tool_result", text: "<script>window.__pwned = true</script> Old Bridge opened that year." },
      { index: 2, kind: "final_answer", text: "\\boxed{Old Bridge}", answer: "Old Bridge" },
    ],
    finalAnswer: "Old Bridge",
    correct: n !== 2,
    judgments: [{ rrmModel: "Agent-RRM", rawOutput: `<think>checked</think><critique>Fine.</critique><score>0.${n}</score>` }],
  });
}

test("import a JSONL file and an Inspect log into a new run, with a rejected line reported", async ({ page }) => {
  await signIn(page, "/import");
  await expect(page.getByRole("heading", { level: 1, name: "Import trajectories" })).toBeVisible();

  const jsonl = [nativeLine(1), "{ this line is broken", nativeLine(2), nativeLine(3)].join("\n") + "\n";
  await page.getByLabel("Trajectory files").setInputFiles([
    { name: "hotpot.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(jsonl) },
    { name: INSPECT_LOG, mimeType: "application/zip", buffer: readFileSync(path.join(REAL, "inspect-ai-logs", INSPECT_LOG)) },
  ]);
  await page.getByLabel("Run name").fill("Imported in the browser");
  await page.getByLabel("Variant").selectOption({ label: "Reagent-R" });
  await page.getByLabel("λ (RRM weight)").fill("0.3");
  await page.getByRole("button", { name: "Start import" }).click();

  const jsonlItem = page.getByRole("listitem", { name: "Import of hotpot.jsonl" });
  await expect(jsonlItem).toContainText("done · native");
  await expect(jsonlItem.getByTestId("import-counts")).toHaveText("3 imported · 0 duplicates · 1 rejected");
  await expect(jsonlItem.getByRole("row", { name: /^2 malformed JSON/ })).toBeVisible();
  const evalItem = page.getByRole("listitem", { name: /Import of .*popularity.*\.eval/ });
  await expect(evalItem).toContainText("done · inspect");
  await expect(evalItem.getByTestId("import-counts")).toHaveText("10 imported · 0 duplicates · 0 rejected");
  await expect(page.getByRole("progressbar", { name: "Progress of hotpot.jsonl" })).toHaveAttribute("aria-valuenow", "100");

  // Importing the same file again stores nothing twice.
  await page.getByRole("button", { name: "Clear files" }).click();
  await page.getByLabel("Trajectory files").setInputFiles([{ name: "hotpot.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(jsonl) }]);
  await page.getByLabel("Import into").selectOption({ label: "Imported in the browser" });
  await page.getByRole("button", { name: "Start import" }).click();
  await expect(page.getByRole("listitem", { name: "Import of hotpot.jsonl" }).getByTestId("import-counts")).toHaveText("0 imported · 3 duplicates · 1 rejected");

  await page.getByRole("link", { name: /Open run “Imported in the browser”/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Imported in the browser" })).toBeVisible();
  const byBenchmark = page.getByRole("table", { name: "Results by benchmark" });
  await expect(byBenchmark.getByRole("row", { name: /HotpotQA/ })).toContainText("2 / 3");
  // The tool output's <script> was stored as text, never run.
  expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
});

test("a viewer is told that importing needs the admin role", async ({ page }) => {
  await signIn(page, "/import", E2E_VIEWER);
  await expect(page.getByText("Importing needs the admin role")).toBeVisible();
  await expect(page.getByRole("button", { name: "Start import" })).toHaveCount(0);
});
