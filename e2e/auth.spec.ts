// Signing in and out in a real browser, against the built app and the seeded demo (playwright.config.ts).
import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "./users";

test("signed out: pages send you to sign-in and the API answers 401 with JSON", async ({ page, request }) => {
  await page.goto("/runs");
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await expect(page.getByLabel("Email")).toBeVisible();

  const response = await request.get("/api/v1/runs");
  expect(response.status()).toBe(401);
  expect(response.headers()["content-type"]).toMatch(/^application\/json/);
  const body = await response.json();
  expect(body).toHaveProperty("error");
});

test("sign in, see the runs, open one, sign out", async ({ page }) => {
  await page.goto("/runs");
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);

  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
  const runs = page.getByRole("table", { name: "Runs" });
  await expect(runs).toBeVisible();
  const reagentU = runs.getByRole("link", { name: "Reagent-U", exact: true });
  await expect(reagentU).toBeVisible();

  await reagentU.click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Reagent-U" })).toBeVisible();
  const byBenchmark = page.getByRole("table", { name: "Results by benchmark" });
  await expect(byBenchmark).toBeVisible();
  await expect(byBenchmark.getByRole("columnheader", { name: "Benchmark" })).toBeVisible();
  expect(await byBenchmark.locator("tbody tr").count()).toBeGreaterThan(1);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();

  // The session is gone, not just the page: the app sends us back again.
  await page.goto("/runs");
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
});
