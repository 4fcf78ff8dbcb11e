// The annotation loop in a real browser: an admin creates annotator accounts and a queue from a Trajectories
// filter; three annotators work through it with the keyboard only; the admin sees progress and agreement and
// downloads valid rrm-sft training records.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "./sign-in";

const ANNOTATORS = [1, 2, 3].map((n) => ({ email: `annotator${n}@e2e.test`, password: `e2e-annotator-password-000${n}`, name: `Annotator ${n}` }));
const ITEMS = 3;

async function ensureAnnotators(page: Page) {
  for (const a of ANNOTATORS) {
    const response = await page.request.post("/api/v1/users", {
      data: { email: a.email, password: a.password, name: a.name, role: "annotator" },
      headers: { Origin: new URL(page.url()).origin },
    });
    expect([201, 409], await response.text()).toContain(response.status());
  }
}

async function annotateWithKeyboard(browser: Browser, queueUrl: string, user: (typeof ANNOTATORS)[number], critique: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, `${queueUrl}/work`, user);
  for (let i = 1; i <= ITEMS; i++) {
    await expect(page.getByLabel("Position")).toContainText(`Item ${i} of ${ITEMS}`);
    await expect(page.getByRole("region", { name: "Judgment and rubric" }).getByText("RRM judgment")).toBeVisible();
    // critique correct, specific, actionable, RRM score, error types: 1–9 pick, ↓ moves to the next question
    for (const key of [critique, "ArrowDown", "4", "ArrowDown", "3", "ArrowDown", "3", "ArrowDown", "1"]) await page.keyboard.press(key);
    await expect(page.getByRole("radiogroup", { name: "Is the critique correct?" }).getByRole("radio", { checked: true })).toHaveCount(1);
    // typing in the note does not fire the keys
    await page.getByLabel("Note").fill("12 s");
    await page.getByLabel("Note").press("Escape");
    await expect(page.getByRole("radiogroup", { name: "How specific is the critique?" }).getByRole("radio", { checked: true })).toHaveAccessibleName(/4/);
    await page.keyboard.press("Enter");
    if (i < ITEMS) await expect(page.getByRole("status").first()).toContainText(`Item ${i} saved`);
  }
  await expect(page.getByText("Nothing left for you in this queue.")).toBeVisible();
  await context.close();
}

test("three annotators work through a queue with the keyboard; the lead sees agreement and exports rrm-sft", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, "/annotate");
  await ensureAnnotators(page);

  await page.reload();
  const form = page.getByRole("form", { name: "New queue" });
  await form.getByLabel("Name").fill("Failed GAIA, RRM above 0.5");
  await form.getByLabel("Filter or ids").fill("correct=false&benchmark=GAIA&minScore=0.5&judged=yes");
  await form.getByLabel("Annotators per item").fill("3");
  await form.getByLabel("Annotators", { exact: true }).fill(ANNOTATORS.map((a) => a.email).join(", "));
  await form.getByLabel("At most (items)").fill(String(ITEMS));
  await form.getByRole("button", { name: "Create queue" }).click();
  await expect(page).toHaveURL(/\/annotate\/queues\/\d+$/);
  const queueUrl = new URL(page.url()).pathname;
  const queueId = queueUrl.split("/").pop();

  // "yes" (1) for two annotators, "partly" (2) for the third
  await annotateWithKeyboard(browser, queueUrl, ANNOTATORS[0], "1");
  await annotateWithKeyboard(browser, queueUrl, ANNOTATORS[1], "1");
  await annotateWithKeyboard(browser, queueUrl, ANNOTATORS[2], "2");

  await page.goto(queueUrl);
  await expect(page.getByLabel("Overall progress")).toHaveAttribute("value", String(ITEMS * 3));
  const progress = page.getByRole("table", { name: "Progress per annotator" });
  for (const a of ANNOTATORS) await expect(progress.getByRole("row", { name: new RegExp(a.name) })).toContainText(String(ITEMS));

  await page.getByRole("link", { name: "Agreement", exact: true }).click();
  const perQuestion = page.getByRole("table", { name: "Agreement per question" });
  await expect(perQuestion.getByRole("row", { name: /How specific is the critique\?/ })).toContainText("100.0%");
  await expect(perQuestion.getByRole("row", { name: /Is the critique correct\?/ })).toContainText("33.3%");

  const download = await page.request.get(`/api/v1/annotations/export?as=rrm-sft&queueId=${queueId}`);
  expect(download.status()).toBe(200);
  const records = (await download.text()).trim().split("\n").map((line) => JSON.parse(line));
  expect(records).toHaveLength(ITEMS);
  for (const r of records) {
    expect(r.messages.map((m: { role: string }) => m.role)).toEqual(["system", "user", "assistant"]);
    expect(r.messages[1].content).toMatch(/^Question: [\s\S]+\n\nAgent Trajectory: /);
    expect(r.messages[2].content).toMatch(/^<think>\n[\s\S]*\n<\/think>\n<critique>\n[\s\S]+\n<\/critique>\n<score>[01](\.\d+)?<\/score>$/);
  }
});

test("the rubric form in the trajectory page's judgment panel saves an annotation and edits it", async ({ page }) => {
  await signIn(page, "/trajectories");
  const list = await page.request.get("/api/v1/trajectories?judged=yes&annotated=no&limit=1");
  const id = (await list.json()).items[0].id as number;
  await page.goto(`/trajectories/${id}`);
  const form = page.getByRole("form", { name: "Critique quality annotation" });
  await expect(form).toBeVisible();
  await form.getByRole("button", { name: "Save annotation" }).click();
  await expect(form.getByRole("status")).toContainText("Some answers are missing");
  await form.getByRole("radiogroup", { name: "Is the critique correct?" }).getByText("Partly", { exact: true }).click();
  await form.getByRole("radiogroup", { name: "How specific is the critique?" }).getByText("2", { exact: true }).click();
  await form.getByRole("radiogroup", { name: "How actionable is the critique?" }).getByText("3", { exact: true }).click();
  await form.getByRole("radiogroup", { name: "The RRM score is …" }).getByText("Too high", { exact: true }).click();
  await form.getByLabel("Note").fill("Misses that step 3 answered another question.");
  await form.getByRole("button", { name: "Save annotation" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved");
  await page.reload();
  await expect(form.getByRole("button", { name: "Save changes" })).toBeVisible();
  await expect(form.getByLabel("Note")).toHaveValue("Misses that step 3 answered another question.");
  await form.getByRole("radiogroup", { name: "How specific is the critique?" }).getByText("3", { exact: true }).click();
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved (edit 1)");
});
