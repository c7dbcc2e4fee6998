import { expect, test } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";
import { BREAK_GLASS_REASON, DEMO_PASSWORD, signIn, signOut } from "./helpers";

test("the sign-in page has no serious accessibility problems", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await signIn(page, "clinician", "not-the-password");
  await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("Enter a correct user name and password");
  await expect(page).toHaveURL(/\/login/);
});

for (const [username, heading, path] of [
  ["clerk", "Capacity", "/capacity"],
  ["clinician", "Expected arrivals", "/arrivals"],
  ["manager", "Reports", "/reports"],
  ["admin", "Staff accounts", "/admin"],
] as const) {
  test(`${username} lands on their own page`, async ({ page }) => {
    await signIn(page, username);
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await signOut(page);
  });
}

test("a page needs a session: signed-out visitors go to sign-in and come back after", async ({ page }) => {
  await page.goto("/arrivals");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Farrivals/);
  await page.getByLabel("User name").fill("clinician");
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByLabel("Why are you not using NHS Care Identity?").fill(BREAK_GLASS_REASON);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/arrivals$/);
});
