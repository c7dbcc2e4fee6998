import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";
import { bookingBody, bookThroughFhir, freeEdSlot, sendReportOverItk } from "./arrivals-fhir";
import { nowMs } from "../lib/time/clock";
import { addDays, londonToday, startOfLondonDay } from "../lib/time/london";

/**
 * HAZ-060: late in the evening "Next 24 hours" holds today's and tomorrow's patients, and the same clock hour twice.
 * A clinician must tell them apart at a glance: every hour heading carries its day, each day opens with a banner,
 * and a time that is not today carries its date. Run it at 23:30 London as the done-when check asks:
 *   ED_TEST_CLOCK=2027-01-12T23:30:00Z E2E_PORT=3610 npx playwright test e2e/safety-board-dates.spec.ts
 * (it passes on the default morning clock too). The screenshot is kept with the test's output.
 */
test("the board's 'Next 24 hours' tells today's patients from tomorrow's at a glance, on screen and on paper", async ({ page, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const today = londonToday(new Date(nowMs()));
  const tomorrowStart = startOfLondonDay(addDays(today, 1));
  const family = `Morrow${randomUUID().slice(0, 4).replace(/\d/g, "q")}`;
  const documentId = randomUUID();
  // Tomorrow, in the small hours: inside "Next 24 hours" whatever time of day this runs.
  const slot = await freeEdSlot(page.request, baseURL!, { from: tomorrowStart, to: new Date(Math.min(tomorrowStart.getTime() + 12 * 3600_000, nowMs() + 23 * 3600_000)) });
  const booked = await bookThroughFhir(page.request, baseURL!, bookingBody(slot, { given: "Tomasz", family, birthDate: "2019-05-04", nhsNumber: "9990013799" }, documentId));
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  const report = await sendReportOverItk(page.request, baseURL!, { documentId: documentId.toUpperCase(), given: "Tomasz", family, birthDate: "2019-05-04", nhsNumber: "9990013799", callDetails: true });
  expect(report.status, report.text).toBe(200);

  // And one for later today when the day still has a free place (at 23:30 the last of them), so both days are on screen.
  const todaySlot = await freeEdSlot(page.request, baseURL!, { from: new Date(nowMs() + 20 * 60_000), to: new Date(tomorrowStart.getTime() - 60_000) }).catch(() => null);
  const todayBooking = todaySlot ? await bookThroughFhir(page.request, baseURL!, bookingBody(todaySlot, { given: "Ivy", family, birthDate: "1961-02-03", nhsNumber: "9990013802" }, randomUUID())) : null;
  if (todayBooking) expect(todayBooking.status, JSON.stringify(todayBooking.body)).toBe(201);

  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  await page.goto("/arrivals?hours=24");
  const row = page.locator(`tr[data-booking-id="${String(booked.body.id)}"]`);
  await expect(row).toBeVisible();
  // The row's own time says which day it is, and its hour group sits under tomorrow's banner.
  await expect(row.locator("td").first()).toContainText(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun),? \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d/);
  const group = page.locator("tbody", { has: row });
  await expect(group).not.toHaveAttribute("data-day", "today");
  await expect(group.locator("th[scope=rowgroup]")).toContainText(/^Tomorrow \(/);
  await expect(page.locator("[data-day-banner]").filter({ hasText: /^Tomorrow \(/ })).toHaveCount(1);
  // Today always has its banner, even when nothing is left of it ("No bookings for the rest of today").
  await expect(page.locator("[data-day-banner]").filter({ hasText: /^Today \(/ })).toHaveCount(1);
  if (todayBooking) {
    const todayRow = page.locator(`tr[data-booking-id="${String(todayBooking.body.id)}"]`);
    await expect(todayRow.locator("td").first()).toContainText(/^\d\d:\d\d/);
    await expect(page.locator("tbody", { has: todayRow })).toHaveAttribute("data-day", "today");
  }
  // A child's age is shown against the service.
  await expect(row).toContainText("Child, 7 years old");
  // No two hour headings read the same.
  const headings = await page.locator("th[scope=rowgroup]").allTextContents();
  expect(new Set(headings.map((h) => h.replace(/\s*\(\d+\)$/, ""))).size).toBe(headings.length);
  // Anything today is labelled as today.
  for (const h of headings) expect(h).toMatch(/^(Today|Tomorrow|Yesterday) \(/);
  await page.screenshot({ path: testInfo.outputPath("board-next-24-hours.png"), fullPage: true });
  await testInfo.attach("board-next-24-hours", { path: testInfo.outputPath("board-next-24-hours.png"), contentType: "image/png" });

  // The booking page: 111's call details, and 111's arrival time beside the booked one.
  await row.getByRole("link", { name: `Tomasz ${family.toUpperCase()}` }).click();
  await expect(page.getByRole("heading", { name: "The 111 call" })).toBeVisible();
  await expect(page.getByText("111 call-back number")).toBeVisible();
  await expect(page.getByText("01632960999 (Northshire 111 Clinical Hub, Clinical Supervisor)")).toBeVisible();
  await expect(page.getByText("Marta Quell (Mother)")).toBeVisible();
  await expect(page.getByText("Booked arrival time", { exact: true })).toBeVisible();

  // On paper: each day has its own heading (and page), and every arrival time its date.
  await page.goto("/arrivals/print?hours=24");
  await expect(page.getByRole("heading", { level: 2, name: /^Tomorrow \(/ })).toBeVisible();
  const printed = page.locator("tr", { hasText: family.toUpperCase() });
  await expect(printed.locator("td").first()).toContainText(/\d{4}, \d\d:\d\d/);
  await page.emulateMedia({ media: "print" });
  const breaks = await page.locator(".print-day").evaluateAll((els) => els.map((e) => getComputedStyle(e).breakBefore));
  expect(breaks.slice(1).every((b) => b === "page")).toBe(true);
});
