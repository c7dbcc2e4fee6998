import { expect, test } from "@playwright/test";
import { signIn, signOut } from "./helpers";

test("an admin creates a clerk account in the browser and that clerk can sign in", async ({ page }) => {
  const username = `clerk.${Date.now().toString(36)}`;
  await signIn(page, "admin");
  await expect(page.getByRole("heading", { name: "Staff accounts" })).toBeVisible();
  await page.getByLabel("Full name", { exact: true }).fill("Robin New-Clerk");
  await page.getByLabel("User name", { exact: true }).fill(username);
  await page.getByLabel("Role", { exact: true }).selectOption("clerk");
  await page.getByLabel("Temporary password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("12 characters or more");

  await page.getByLabel("Temporary password", { exact: true }).fill("Temporary-Pass-2026");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toContainText("Account created for Robin New-Clerk");
  await expect(page.getByRole("rowheader", { name: "Robin New-Clerk" })).toBeVisible();
  await signOut(page);

  await signIn(page, username, "Temporary-Pass-2026");
  await expect(page).toHaveURL(/\/account\/password$/);
  await page.getByLabel("Current password").fill("Temporary-Pass-2026");
  await page.getByLabel("New password", { exact: true }).fill("Robin-Own-Password-1");
  await page.getByLabel("Type the new password again").fill("Robin-Own-Password-1");
  await page.getByRole("button", { name: "Save password" }).click();
  await expect(page).toHaveURL(/\/capacity/);
  await expect(page.getByRole("heading", { level: 1, name: "Capacity" })).toBeVisible();
});
