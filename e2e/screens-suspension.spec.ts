// Staff screens that must not reassure falsely (suspensions): one suspension state, shown once; a reopen time that
// has passed today is asked about with the period spelled out, never silently moved to tomorrow; a start in the
// past is refused. The test clock is Tue 12 Jan 2027, 09:30 London (GMT), moving on in real time.
import { expect, test, type Page } from "./fixtures";
import { signIn } from "./helpers";

const ED = "Emergency Department, Wessex Vale General Hospital";

async function openED(page: Page) {
  await page.goto("/capacity");
  await page.getByLabel("Service", { exact: true }).selectOption({ label: ED });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.getByText("Emergency Department", { exact: true }).first()).toBeVisible();
}

async function suspend(page: Page, button: string, reason: string, reopenTime?: string) {
  await page.getByRole("button", { name: button }).click();
  await page.getByLabel("Reason for suspending bookings", { exact: true }).fill(reason);
  if (reopenTime !== undefined) await page.getByLabel("Reopen at a different time (optional)").fill(reopenTime);
  await page.getByRole("button", { name: "Suspend bookings", exact: true }).click();
}

const suspendedItems = (page: Page) => page.getByRole("listitem").filter({ hasText: /^(Suspended now|Planned):/ });
const openLine = (page: Page) => page.getByText("Bookings are open: there is no suspension now or planned.");

test.beforeEach(async ({ page }) => {
  await signIn(page, "clerk");
  await expect(page).toHaveURL(/\/capacity$/);
  await openED(page);
  await expect(openLine(page)).toBeVisible();
});

test("a second suspension over a suspended time is refused, and reopening is said once and truthfully", async ({ page }) => {
  await suspend(page, "Suspend next 2 hours", "Department at full capacity (test)");
  await expect(page.getByRole("status").filter({ hasText: "Bookings are suspended from" })).toBeVisible();
  // The panel now holds the confirmation only: it cannot be pressed again.
  await expect(page.getByRole("button", { name: "Suspend bookings", exact: true })).toHaveCount(0);
  await expect(suspendedItems(page)).toHaveCount(1);

  await suspend(page, "Suspend rest of today", "Still full (test)");
  const refusal = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(refusal).toContainText(/Bookings are already suspended until .*\(Department at full capacity \(test\)\)\. Nothing was changed\./);
  await expect(suspendedItems(page)).toHaveCount(1);

  await page.getByRole("button", { name: /^Reopen now/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Bookings are open again" })).toBeVisible();
  await expect(openLine(page)).toBeVisible();
  await expect(suspendedItems(page)).toHaveCount(0);

  // A new suspension: the earlier green "open again" is not left above it.
  await suspend(page, "Suspend next 2 hours", "Full again (test)");
  await expect(page.getByRole("status").filter({ hasText: "Bookings are suspended from" })).toBeVisible();
  await expect(page.getByText("Bookings are open again")).toHaveCount(0);
  await expect(suspendedItems(page)).toHaveCount(1);
  await page.getByRole("button", { name: /^Reopen now/ }).click();
  await expect(openLine(page)).toBeVisible();
});

test("a reopen time that has passed today is asked about with the period spelled out, and only a confirmed one runs to tomorrow", async ({ page }) => {
  await suspend(page, "Suspend next 2 hours", "Surge (test)", "08:00");
  const question = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(question).toContainText(/08:00 has already passed today\. Bookings would stay suspended until Wed, 13 Jan 2027, 08:00 \(22 h \d+ min from now\)/);
  // Nothing was suspended, and what was typed is kept.
  await expect(openLine(page)).toBeVisible();
  await expect(page.getByLabel("Reopen at a different time (optional)")).toHaveValue("08:00");
  await expect(page.getByLabel("Reason for suspending bookings", { exact: true })).toHaveValue("Surge (test)");

  await page.getByLabel("Yes, keep bookings suspended until then").check();
  await page.getByRole("button", { name: "Suspend bookings", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "until Wed, 13 Jan 2027, 08:00" })).toBeVisible();
  await expect(suspendedItems(page)).toHaveCount(1);
  await expect(suspendedItems(page)).toContainText("until Wed, 13 Jan 2027, 08:00");
  await page.getByRole("button", { name: /^Reopen now/ }).click();
  await expect(openLine(page)).toBeVisible();
});

test("a suspension starting in the past is refused next to the start time, and nothing is suspended", async ({ page }) => {
  await page.getByRole("button", { name: "Suspend for another time" }).click();
  await page.getByLabel("Reason for suspending bookings", { exact: true }).fill("Planned works (test)");
  await page.getByRole("group", { name: "Start date" }).getByLabel("Day").fill("11");
  await page.getByLabel("Start time").fill("10:00");
  await page.getByRole("button", { name: "Suspend bookings", exact: true }).click();
  await expect(page.locator("#suspend-startTime-error")).toHaveText(/Start time has already passed: enter the time now or a later time/);
  await expect(openLine(page)).toBeVisible();
});
