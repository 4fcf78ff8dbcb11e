import { expect, type Page } from "@playwright/test";
import { E2E_ADMIN } from "./users";

/** Opens `next`, which sends a signed-out browser to sign-in, signs in as `user` and waits to be let through. */
export async function signIn(page: Page, next = "/runs", user: { email: string; password: string } = E2E_ADMIN) {
  await page.goto(next);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}
