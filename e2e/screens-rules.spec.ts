// Weekly rules: stopping one is asked first, with what it removes from 111 and which booked patients are in its
// places, says what happened and can be undone (restart); cutting a rule's hours lists the bookings caught, with the
// number to ring. The demo ED has one rule, "ED all day", and bookings through today from 10:00.
import { expect, test, type Page } from "./fixtures";
import { signIn } from "./helpers";

const ED = "Emergency Department, Wessex Vale General Hospital";

async function openRules(page: Page) {
  await page.goto("/capacity/rules");
  await page.getByLabel("Service", { exact: true }).selectOption({ label: ED });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.getByRole("heading", { name: "ED all day" })).toBeVisible();
}

test.beforeEach(async ({ page }) => {
  await signIn(page, "clerk");
  await expect(page).toHaveURL(/\/capacity$/);
  await openRules(page);
});

test("stopping the only rule is confirmed with what 111 loses and who is booked, is said when done, and can be restarted", async ({ page }) => {
  await page.getByRole("button", { name: "Stop rule “ED all day”" }).click();
  const question = page.getByRole("alert").filter({ hasText: "Stop the rule “ED all day”?" });
  await expect(question).toContainText(/Stopping "ED all day" withdraws \d+ free arrival places from 111 now\./);
  await expect(question).toContainText("It is the only rule in use at this service: 111 will be offered no arrival times here");
  await expect(question).toContainText(/\d+ booked patients? ha(s|ve) an arrival time in its places/);
  await expect(question.getByRole("listitem").first()).toContainText(/07700 900\d{3}/);

  // "No" changes nothing.
  await question.getByRole("button", { name: "No, keep it" }).click();
  await expect(question).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "ED all day" })).toBeVisible();

  await page.getByRole("button", { name: "Stop rule “ED all day”" }).click();
  await page.getByRole("button", { name: "Yes, stop “ED all day”" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Rule "ED all day" stopped: \d+ free places? withdrawn from 111\. It is under Stopped rules, where you can restart it\./ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Bookings to review" })).toBeVisible();
  await expect(page.getByText("No weekly rule is in use: this service publishes no arrival times.")).toBeVisible();

  await page.getByRole("button", { name: "Restart the rule “ED all day”" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Rule "ED all day" restarted: \d+ arrival places published to 111\./ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "ED all day" })).toBeVisible();
});

test("cutting a rule's hours lists the booked patients caught in the removed hours, with the number to ring", async ({ page }) => {
  await page.getByText("Change “ED all day”").click();
  await page.locator("[id^=rule-][id$=-endTime]").first().fill("10:00");
  await page.getByRole("button", { name: "Save changes to “ED all day”" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Rule "ED all day" changed/ })).toBeVisible();
  const worklist = page.getByRole("region", { name: "Bookings to review" });
  await expect(worklist).toBeVisible();
  await expect(worklist).toContainText(/Bookings outside the changed rule "ED all day": \d+ bookings?/);
  await expect(worklist.getByRole("row").nth(1)).toContainText(/07700 900\d{3}/);

  // Put the rule back for the other tests.
  await page.locator("[id^=rule-][id$=-endTime]").first().fill("24:00");
  await page.getByRole("button", { name: "Save changes to “ED all day”" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Rule "ED all day" changed: \d+ places? added/ })).toBeVisible();
});
