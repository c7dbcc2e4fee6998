import { expect, test, type Page } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";
import { signIn } from "./helpers";
import { nowMs } from "../lib/time/clock";

const ED = "Emergency Department, Wessex Vale General Hospital";
const SDEC = "Same Day Emergency Care, Wessex Vale General Hospital";

function londonDate(offsetDays = 0): string {
  const d = new Date(nowMs() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

async function openService(page: Page, service: string, path = "/capacity") {
  await page.goto(path);
  await page.getByLabel("Service", { exact: true }).selectOption({ label: service });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  // The service's name is also in the summary table: wait for the page of the chosen service itself.
  await expect(page.getByLabel("Service", { exact: true }).locator("option:checked")).toHaveText(service);
  await expect(page).toHaveURL(/[?&]service=/);
  await expect(page.getByText(service.split(",")[0], { exact: true }).first()).toBeVisible();
}

/** "… can book 123 places in the next 24 hours" → 123 */
async function bookableCount(page: Page): Promise<number> {
  const status = page.getByText(/can book \d+ places? in the next 24 hours/);
  await expect(status).toBeVisible();
  return Number(/can book (\d+)/.exec((await status.textContent()) ?? "")![1]);
}

const withheld = (page: Page) => page.getByRole("table", { name: /Times not offered to/ });
/** The whole "What 111 sees now" section: with nothing withheld, its "Not offered" list is "None." and has no table. */
const preview = (page: Page) => page.getByRole("region", { name: "What 111 sees now" });

test.beforeEach(async ({ page }, info) => {
  if (info.title.startsWith("an administrator")) return;
  await signIn(page, "clerk");
  await expect(page).toHaveURL(/\/capacity$/);
});

test("a clerk publishes capacity from a weekly rule and sees the places in the grid", async ({ page }) => {
  await openService(page, SDEC, "/capacity/rules");
  await page.locator("#rule-new-name").fill("SDEC evenings");
  await page.locator("#rule-new-startTime").fill("18:00");
  await page.locator("#rule-new-endTime").fill("22:00");
  await page.locator("#rule-new-slotMinutes").fill("30");
  await page.locator("#rule-new-perSlot").fill("1");
  await page.getByRole("button", { name: "Add rule" }).click();
  await expect(page.getByRole("status").filter({ hasText: 'Rule "SDEC evenings" added' })).toBeVisible();
  await expect(page.getByRole("heading", { name: "SDEC evenings" })).toBeVisible();

  const grid = await page.getByRole("link", { name: "Back to the capacity grid" }).getAttribute("href");
  await page.goto(`${grid}&date=${londonDate(1)}`);
  await expect(page.getByRole("heading", { name: /^Arrival places on/ })).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "18:00 to 19:00", exact: true }) });
  await expect(row.getByRole("cell").first()).toHaveText("2"); // two free 30-minute places
  await expect(page.getByRole("rowheader", { name: "21:00 to 22:00", exact: true })).toBeVisible();
});

test("a bad rule is refused with the message next to the field, and nothing is added", async ({ page }) => {
  await openService(page, SDEC, "/capacity/rules");
  await page.locator("#rule-new-name").fill("Backwards");
  await page.locator("#rule-new-startTime").fill("14:00");
  await page.locator("#rule-new-endTime").fill("09:00");
  await page.getByRole("button", { name: "Add rule" }).click();
  await expect(page.locator("#rule-new-endTime-error")).toHaveText(/End time must be after the start time/);
  await expect(page.locator("#rule-new-endTime")).toHaveAccessibleDescription(/End time must be after the start time/);
  await expect(page.locator("#rule-new-endTime")).toHaveValue("09:00"); // what was typed is kept
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Backwards" })).toHaveCount(0);
});

test("suspending the next 2 hours hides those times from 111 at once, and reopening brings them back", async ({ page }) => {
  await openService(page, ED);
  const before = await bookableCount(page);
  expect(before).toBeGreaterThan(0);
  await expect(preview(page)).not.toContainText("Bookings are suspended for this time");

  await page.getByRole("button", { name: "Suspend next 2 hours" }).click();
  await page.getByLabel("Reason for suspending bookings", { exact: true }).fill("Department at full capacity (test)");
  await page.getByRole("button", { name: "Suspend bookings", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Bookings are suspended from" })).toBeVisible();
  await expect(withheld(page)).toContainText("Bookings are suspended for this time");
  const during = await bookableCount(page);
  expect(during).toBeLessThan(before);
  await expect(page.getByRole("heading", { name: "Bookings to review" })).toBeVisible();
  await expect(page.getByText("Suspended now", { exact: false }).first()).toBeVisible();

  await page.getByRole("button", { name: /^Reopen now/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Bookings are open again" })).toBeVisible();
  await expect(preview(page)).not.toContainText("Bookings are suspended for this time");
  expect(await bookableCount(page)).toBeGreaterThan(during);
});

test("a limit for one organisation changes what that organisation sees, and only that organisation", async ({ page }) => {
  await openService(page, ED);
  // The demo 111 organisation, NZZ01, which already has bookings today (other senders may be listed before it).
  await page.getByLabel("Organisation", { exact: true }).selectOption("NZZ01");
  await page.getByRole("button", { name: "Show what they see" }).click();
  await expect(page.getByText(/\(NZZ01\) can book \d+ places? in the next 24 hours/)).toBeVisible();
  const before = await bookableCount(page);
  await page.locator("#quota-odsCode").fill("NZZ01");
  await page.locator("#quota-perDay").fill("1");
  await page.getByRole("button", { name: "Save organisation limit" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Limit for NZZ01 saved" })).toBeVisible();
  await expect(withheld(page)).toContainText("This organisation's limit of bookings for this day has been reached");
  const limited = await bookableCount(page);
  expect(limited).toBeLessThan(before);

  await page.getByLabel("Organisation", { exact: true }).selectOption({ label: "Another organisation (type its ODS code)" });
  await page.getByLabel("ODS code", { exact: true }).fill("NZZ02");
  await page.getByRole("button", { name: "Show what they see" }).click();
  await expect(page.getByText(/^NZZ02 can book/)).toBeVisible();
  expect(await bookableCount(page)).toBeGreaterThan(limited);
  await expect(preview(page)).not.toContainText("This organisation's limit");

  await page.getByRole("button", { name: "Remove the limit for NZZ01" }).click();
  await expect(page.getByText("No organisation has a limit of its own.")).toBeVisible();
});

test("the capacity pages have no serious accessibility problems", async ({ page }) => {
  await openService(page, ED);
  await page.getByRole("button", { name: "Suspend next 2 hours" }).click();
  await page.locator("details").filter({ hasText: /^Change/ }).first().locator("summary").click();
  for (const path of [null, "/capacity/rules"]) {
    if (path) await page.goto(path);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  }
});

test("an administrator gives a service a Directory of Services ID, and a non-digit ID is refused next to the field", async ({ page }) => {
  await signIn(page, "admin");
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole("link", { name: "Services", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Services" })).toBeVisible();
  const utc = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Urgent Treatment Centre" }) });
  await utc.getByLabel("Add a Directory of Services ID").fill("20000X");
  await utc.getByRole("button", { name: "Add ID to Urgent Treatment Centre" }).click();
  await expect(utc.getByText("Directory of Services ID must be digits only, like 2000011001").first()).toBeVisible();
  await utc.getByLabel("Add a Directory of Services ID").fill("2000011099");
  await utc.getByRole("button", { name: "Add ID to Urgent Treatment Centre" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Directory of Services ID 2000011099 added" })).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
});
