// Staff screens that keep what was typed and show where the keyboard is (issue 18, points 5, 6, 7 and 8): a refused
// arrival time is kept and never becomes "arrived now"; an arrival can be undone with a reason; the ED cancel reason
// survives the tick-box error; focus is the NHS yellow on every control, and an error moves focus to one error
// summary; messages name the right field and speak plain English; the admin's role drop-down shows the current role.
// The test clock is Tue 12 Jan 2027, 09:30 London (GMT), moving on in real time.
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "./fixtures";
import { BREAK_GLASS_REASON, DEMO_PASSWORD, signIn } from "./helpers";
import { bookingBody, bookThroughFhir, freeEdSlot, type TestPatient } from "./arrivals-fhir";
import { testNhsNumber } from "../lib/nhs/nhs-number";

const ED = "Emergency Department, Wessex Vale General Hospital";
const FOCUS_YELLOW = "rgb(255, 235, 59)";

async function seriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }));
}

function uniquePatient(): TestPatient {
  const tag = randomUUID().slice(0, 6).replace(/\d/g, "k");
  return { given: "Avery", family: `Brookfield${tag}`, birthDate: "1971-05-09", nhsNumber: testNhsNumber(700_000 + Math.floor(Math.random() * 90_000)) };
}

async function bookOne(page: Page, baseURL: string): Promise<string> {
  const booked = await bookThroughFhir(page.request, baseURL, bookingBody(await freeEdSlot(page.request, baseURL), uniquePatient(), randomUUID()));
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return String(booked.body.id);
}

/** How the focused control looks: the NHS focus style is a yellow background (buttons, links) or a yellow outline (fields). */
async function focusLook(target: Locator) {
  return target.evaluate((el) => {
    const s = getComputedStyle(el);
    return { focused: el === document.activeElement, background: s.backgroundColor, outline: s.outlineStyle === "none" ? "none" : s.outlineColor, outlineWidth: s.outlineWidth, shadow: s.boxShadow };
  });
}

/** The control has the keyboard and shows it in NHS yellow, with a black underline or edge (never colour alone). */
async function expectVisibleFocus(target: Locator) {
  await expect(target).toBeFocused();
  const look = await focusLook(target);
  const yellow = look.background === FOCUS_YELLOW || (look.outline === FOCUS_YELLOW && parseFloat(look.outlineWidth) >= 3);
  expect(yellow, JSON.stringify(look)).toBe(true);
  expect(look.shadow, JSON.stringify(look)).toContain("rgb(33, 43, 50)");
}

/** Presses Tab until `target` has the keyboard (at most `max` presses), as someone without a mouse would. */
async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target}`);
}

const errorSummary = (page: Page) => page.getByRole("alert").filter({ hasText: "There is a problem" });

async function signInAsClerk(page: Page) {
  await signIn(page, "clerk");
  await expect(page).toHaveURL(/\/capacity$/);
}

test("a refused arrival time is kept, focus goes to the error summary, and pressing again never records 'arrived now'", async ({ page, baseURL }) => {
  await signInAsClerk(page);
  const id = await bookOne(page, baseURL!);
  await page.goto(`/arrivals/${id}`);
  const time = page.getByLabel(/^Arrival time today/);
  await time.fill("23:00");
  await page.getByRole("button", { name: "Mark as arrived" }).click();
  await expect(errorSummary(page)).toContainText("The arrival time cannot be in the future");
  await expect(errorSummary(page)).toBeFocused();
  await expect(errorSummary(page).getByRole("link", { name: "The arrival time cannot be in the future" })).toHaveAttribute("href", "#arrivedTime");
  await expect(time).toHaveValue("23:00");
  await expect(time).toHaveAttribute("aria-invalid", "true");
  expect(await seriousAxeViolations(page)).toEqual([]);

  // Pressed again as it stands: the same refusal, never "arrived now" (focus returns to the summary only with a new answer).
  await time.click();
  await page.getByRole("button", { name: "Mark as arrived" }).click();
  await expect(errorSummary(page)).toBeFocused();
  await expect(errorSummary(page)).toContainText("The arrival time cannot be in the future");
  await expect(page.getByText("Marked as arrived.")).toHaveCount(0);
  await expect(time).toHaveValue("23:00");

  // A 24-hour time the app checks itself: a 12-hour "9:15 PM" is refused in words, not by a browser bubble.
  await time.fill("9:15 pm");
  await page.getByRole("button", { name: "Mark as arrived" }).click();
  await expect(errorSummary(page)).toContainText("Enter a time like 14:05");
  await expect(errorSummary(page)).toBeFocused();
  await expect(time).toHaveValue("9:15 pm");

  await time.fill("09:15");
  await page.getByRole("button", { name: "Mark as arrived" }).click();
  await expect(page.getByText("Arrived at 09:15")).toBeVisible();

  // Undo needs a reason, keeps it when refused, and puts the patient back as expected.
  await page.getByText("Undo arrival (marked arrived by mistake)").click();
  const reason = page.getByLabel("Why are you undoing this arrival?");
  await page.getByRole("button", { name: "Undo arrival", exact: true }).click();
  await expect(errorSummary(page)).toContainText("Enter why you are undoing this arrival");
  await expect(errorSummary(page)).toBeFocused();
  await reason.fill("Marked the wrong patient (test)");
  await page.getByRole("button", { name: "Undo arrival", exact: true }).click();
  // Back to expected: the arrival form again, and no "Arrived at".
  await expect(page.getByRole("button", { name: "Mark as arrived" })).toBeVisible();
  await expect(page.getByText("Arrived at 09:15")).toHaveCount(0);
  await expect(page.getByLabel(/^Arrival time today/)).toHaveValue("");
  expect(await seriousAxeViolations(page)).toEqual([]);
});

test("the ED cancel reason survives the tick-box error, and the error summary takes focus", async ({ page, baseURL }) => {
  await signInAsClerk(page);
  const id = await bookOne(page, baseURL!);
  await page.goto(`/arrivals/${id}`);
  await page.getByText("Cancel this booking (not usually the right thing to do)").click();
  const reason = page.getByLabel("Reason for cancelling");
  await reason.fill("Department closed by fire alarm (test)");
  await page.getByRole("button", { name: "Cancel booking" }).click();
  await expect(errorSummary(page)).toBeFocused();
  await expect(errorSummary(page).getByRole("link")).toHaveAttribute("href", "#understood");
  await expect(reason).toHaveValue("Department closed by fire alarm (test)");
  expect(await seriousAxeViolations(page)).toEqual([]);
});

test("messages name the right field and speak plain English: an empty password form, an upload that is not a clinical document", async ({ page }) => {
  await signInAsClerk(page);
  await page.goto("/account/password");
  await page.getByRole("button", { name: "Save password" }).click();
  await expect(errorSummary(page)).toBeFocused();
  await expect(errorSummary(page)).toContainText("Enter your current password");
  await expect(errorSummary(page)).not.toContainText("not right");

  await page.goto("/documents");
  await page.getByLabel("111 report (ClinicalDocument XML file)").setInputFiles({ name: "report.xml", mimeType: "application/xml", buffer: Buffer.from("<ClinicalDocument/>\ntext outside the root") });
  await page.getByRole("button", { name: "Upload report" }).click();
  await expect(errorSummary(page)).toContainText("The file is not a valid clinical document (CDA XML)");
  await expect(errorSummary(page)).not.toContainText(/root|node|\d+:\d+/);
  await expect(errorSummary(page)).toBeFocused();

  // A quick suspension's reopen time is named as such, never "End time".
  await page.goto("/capacity");
  await page.getByLabel("Service", { exact: true }).selectOption({ label: ED });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await page.getByRole("button", { name: "Suspend next 2 hours" }).click();
  await page.getByLabel("Reason for suspending bookings", { exact: true }).fill("Surge (test)");
  await page.getByLabel("Reopen at a different time (optional)").fill("25:61");
  await page.getByRole("button", { name: "Suspend bookings", exact: true }).click();
  await expect(errorSummary(page)).toContainText("Reopen time");
  await expect(errorSummary(page)).not.toContainText("End time");
  await expect(errorSummary(page)).toBeFocused();
});

test("every control shows NHS yellow focus: sign-in, capacity, the booking page", async ({ page, baseURL }) => {
  await page.goto("/login");
  await tabTo(page, page.getByLabel("User name"));
  await expectVisibleFocus(page.getByLabel("User name"));
  await tabTo(page, page.getByRole("button", { name: "Sign in", exact: true }));
  await expectVisibleFocus(page.getByRole("button", { name: "Sign in", exact: true }));

  await signInAsClerk(page);
  await page.getByLabel("Service", { exact: true }).selectOption({ label: ED });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  for (const name of ["Suspend next 2 hours", "Save limits"]) {
    const button = page.getByRole("button", { name }).first();
    await button.focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    await expectVisibleFocus(button);
  }
  const id = await bookOne(page, baseURL!);
  await page.goto(`/arrivals/${id}`);
  for (const name of ["Mark as arrived", "Add note"]) {
    const button = page.getByRole("button", { name });
    await tabTo(page, button);
    await expectVisibleFocus(button);
  }
});

test("keyboard only: suspend for a surge, mark an arrival, cancel a booking from the ED, with visible focus at every step", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await page.goto("/login");
  const type = async (target: Locator, text: string) => {
    await tabTo(page, target);
    await expectVisibleFocus(target);
    await page.keyboard.type(text);
  };
  const press = async (target: Locator, key = "Enter") => {
    await tabTo(page, target);
    await expectVisibleFocus(target);
    await page.keyboard.press(key);
  };
  await type(page.getByLabel("User name"), "clerk");
  await type(page.getByLabel("Password", { exact: true }), DEMO_PASSWORD);
  const breakGlass = page.getByLabel("Why are you not using NHS Care Identity?");
  if ((await breakGlass.count()) > 0) await type(breakGlass, BREAK_GLASS_REASON);
  await press(page.getByRole("button", { name: "Sign in", exact: true }));
  await expect(page).toHaveURL(/\/capacity$/);

  // The surge: choose the ED, suspend for 2 hours with a reason, then reopen.
  const service = page.getByLabel("Service", { exact: true });
  await tabTo(page, service);
  await expectVisibleFocus(service);
  await service.selectOption({ label: ED }); // a select's own list, opened from the keyboard, is the browser's
  await press(page.getByRole("button", { name: "Show", exact: true }));
  await expect(page.getByText("Bookings are open: there is no suspension now or planned.")).toBeVisible();
  await press(page.getByRole("button", { name: "Suspend next 2 hours" }));
  await type(page.getByLabel("Reason for suspending bookings", { exact: true }), "Department full (keyboard test)");
  await press(page.getByRole("button", { name: "Suspend bookings", exact: true }));
  await expect(page.getByRole("status").filter({ hasText: "Bookings are suspended from" })).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);
  await press(page.getByRole("button", { name: /^Reopen now/ }));
  await expect(page.getByText("Bookings are open: there is no suspension now or planned.")).toBeVisible();

  // The arrival.
  const arriving = await bookOne(page, baseURL!);
  await page.goto(`/arrivals/${arriving}`);
  await type(page.getByLabel(/^Arrival time today/), "09:20");
  await press(page.getByRole("button", { name: "Mark as arrived" }));
  await expect(page.getByText("Arrived at 09:20")).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);

  // The ED cancel: the disclosure, the reason, the tick box (Space), the button.
  const cancelling = await bookOne(page, baseURL!);
  await page.goto(`/arrivals/${cancelling}`);
  await press(page.getByText("Cancel this booking (not usually the right thing to do)"));
  await type(page.getByLabel("Reason for cancelling"), "Patient phoned: going elsewhere (keyboard test)");
  await press(page.getByLabel("I understand someone must phone the patient to tell them and give advice"), "Space");
  await expect(page.getByLabel("I understand someone must phone the patient to tell them and give advice")).toBeChecked();
  await press(page.getByRole("button", { name: "Cancel booking" }));
  await expect(page.getByText("This booking was cancelled")).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);
});

test("after a role change the drop-down shows the new role, so pressing Change role again keeps it", async ({ page }) => {
  const username = `rolechange.${Date.now().toString(36)}`;
  await signIn(page, "admin");
  await expect(page.getByRole("heading", { name: "Staff accounts" })).toBeVisible();
  await page.getByLabel("Full name", { exact: true }).fill("Sam Role-Change");
  await page.getByLabel("User name", { exact: true }).fill(username);
  await page.getByLabel("Role", { exact: true }).selectOption("clerk");
  await page.getByLabel("Temporary password", { exact: true }).fill("Temporary-Pass-2026");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toContainText("Account created for Sam Role-Change");

  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Sam Role-Change" }) });
  await row.getByText("Change role, password or access for Sam Role-Change").click();
  const select = row.getByLabel("New role for Sam Role-Change");
  await select.selectOption("clinician");
  await row.getByRole("button", { name: "Change role" }).click();
  await expect(row.getByRole("status")).toBeVisible();
  await expect(row.getByRole("cell").filter({ hasText: /^Clinician$/ })).toBeVisible();
  await expect(select).toHaveValue("clinician");

  // Pressed again: still a clinician.
  await row.getByRole("button", { name: "Change role" }).click();
  await expect(row.getByRole("cell").filter({ hasText: /^Clinician$/ })).toBeVisible();
  await expect(select).toHaveValue("clinician");
  await page.reload();
  await expect(page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Sam Role-Change" }) }).getByRole("cell").filter({ hasText: /^Clinician$/ })).toBeVisible();
});

test("dates are typed as day, month and year, and times on a 24-hour clock, checked by the app instead of the browser's pickers", async ({ page }) => {
  await signInAsClerk(page);
  await page.getByLabel("Service", { exact: true }).selectOption({ label: ED });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await page.getByRole("button", { name: "Suspend for another time" }).click();
  const form = page.locator("form[aria-labelledby=suspend-form-title]");
  await expect(form.locator("input[type=date], input[type=time]")).toHaveCount(0);
  const start = page.getByRole("group", { name: "Start date" });
  await expect(start.getByLabel("Day")).toHaveValue("12");
  await expect(start.getByLabel("Month")).toHaveValue("01");
  await expect(start.getByLabel("Year")).toHaveValue("2027");
  await page.getByLabel("Reason for suspending bookings", { exact: true }).fill("Planned works (test)");
  await start.getByLabel("Day").fill("31");
  await start.getByLabel("Month").fill("2");
  await page.getByRole("button", { name: "Suspend bookings", exact: true }).click();
  await expect(errorSummary(page)).toBeFocused();
  await expect(errorSummary(page).getByRole("link", { name: /Start date/ })).toHaveAttribute("href", "#suspend-startDate");
  await expect(start.getByLabel("Day")).toHaveValue("31");
  await expect(start.getByLabel("Month")).toHaveValue("2");
  await expect(page.getByText("Bookings are open: there is no suspension now or planned.")).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);

  await page.goto("/capacity/rules");
  await page.getByLabel("Service", { exact: true }).selectOption({ label: ED });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.getByRole("group", { name: "Start date" }).first()).toBeVisible();
  await expect(page.locator("form input[type=date], form input[type=time]")).toHaveCount(0);
  await expect(page.getByRole("group", { name: "Start date" }).first().getByLabel("Day")).toBeVisible();
});
