// The board a busy shift reads: the demo's story is on it (111 summaries, a child's safeguarding concern, one still
// awaiting its summary, tomorrow's patients under their own date), and a surge suspension is said on the board
// itself, so a short list is never read as a quiet department. Test clock: Tue 12 Jan 2027, 09:30 London.
import { expect, test, type Page } from "./fixtures";
import AxeBuilder from "@axe-core/playwright";
import { signIn } from "./helpers";

async function seriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }));
}

const ED = "Emergency Department, Wessex Vale General Hospital";
const banner = (page: Page) => page.getByRole("region", { name: "111 cannot book arrival times now" });
const row = (page: Page, name: string) => page.locator("tbody tr[data-booking-id]").filter({ hasText: name });

test("the demo's board shows 111 summaries, a child's safeguarding concern, a did-not-attend and tomorrow's patients with their date", async ({ page }) => {
  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  await expect(row(page, "Jacob PENROSE")).toContainText("Possible safeguarding concern: read the summary");
  await expect(row(page, "Priya RAMAN")).toContainText("Allergies recorded by 111");
  await expect(row(page, "Tomasz NOWICKI")).toContainText("No known allergies (recorded by 111)");
  await expect(row(page, "Daniel ASHCOMBE")).toContainText("Allergies not recorded by 111: ask the patient");
  await expect(row(page, "Leon FARRANT")).toContainText(/Did not attend/);
  // Olivia Hartwell's summary is still awaited in the demo (lib/seed/demo-story.int.test.ts); earlier specs in this
  // run attach one to her, so it is not asserted here.

  // Tomorrow's patients, shown with their date.
  await page.goto("/arrivals?date=2027-01-13");
  await expect(row(page, "Harriet LOWTHER")).toContainText(/Wed,? 13 Jan 2027/);
  // The booking page shows the child's summary with the concern in 111's words.
  await page.goto("/arrivals");
  await row(page, "Jacob PENROSE").getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 2, name: "111 clinical summary" })).toBeVisible();
  await expect(page.getByText(/child protection plan in place/)).toBeVisible();
});

test("while 111 bookings are suspended the board says so, with the reason and the end, and stops saying so once reopened", async ({ page }) => {
  await signIn(page, "clerk");
  await expect(page).toHaveURL(/\/capacity$/);
  await page.getByLabel("Service", { exact: true }).selectOption({ label: ED });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await page.getByRole("button", { name: "Suspend next 2 hours" }).click();
  await page.getByLabel("Reason for suspending bookings", { exact: true }).fill("Department at full capacity (board test)");
  await page.getByRole("button", { name: "Suspend bookings", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Bookings are suspended from" })).toBeVisible();

  await page.goto("/arrivals");
  await expect(banner(page)).toBeVisible();
  await expect(banner(page)).toContainText("Emergency Department: bookings suspended until Tue, 12 Jan 2027, 11:");
  await expect(banner(page)).toContainText("Reason: Department at full capacity (board test)");
  await expect(banner(page).getByRole("link", { name: "Reopen bookings on the capacity page" })).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);

  await page.goto("/capacity");
  await page.getByLabel("Service", { exact: true }).selectOption({ label: ED });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await page.getByRole("button", { name: /^Reopen now/ }).click();
  await expect(page.getByText("Bookings are open: there is no suspension now or planned.")).toBeVisible();

  await page.goto("/arrivals");
  await expect(page.getByRole("heading", { level: 1, name: "Expected arrivals" })).toBeVisible();
  await expect(banner(page)).toHaveCount(0);
});
