import { expect, test, type Locator } from "./fixtures";
import { readFileSync } from "node:fs";
import { signIn, signOut } from "./helpers";
import { bookingBody, bookThroughFhir, freeEdSlot, readThroughFhir } from "./arrivals-fhir";
import { nhsCheckDigit } from "../lib/nhs/nhs-number";
import AxeBuilder from "@axe-core/playwright";

/** The audit row's action code (shown under its plain-English name), matched exactly. */
const actionCode = (results: Locator, code: string) => results.getByTestId("audit-action-code").filter({ hasText: new RegExp(`^${code.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) });

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

test("an admin answers a subject access request: filters the audit log by NHS number and sees the patient's events, including a 111 system's FHIR read", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  // A synthetic patient (999 range) with a fresh NHS number, booked and read back by a 111 system.
  let nhsNumber = "";
  while (!nhsNumber) {
    const nine = `999${String(Math.floor(Math.random() * 1_000_000)).padStart(6, "0")}`;
    const check = nhsCheckDigit(nine);
    if (check !== null) nhsNumber = `${nine}${check}`;
  }
  const patient = { given: "Sam", family: "Auditson", birthDate: "1971-05-06", nhsNumber };
  const booked = await bookThroughFhir(page.request, baseURL!, bookingBody(await freeEdSlot(page.request, baseURL!), patient, crypto.randomUUID()));
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  expect((await readThroughFhir(page.request, baseURL!, String(booked.body.id))).status).toBe(200);

  await signIn(page, "admin");
  await expect(page.getByRole("heading", { name: "Staff accounts" })).toBeVisible();
  await page.goto("/admin/audit");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  // A mistyped NHS number is refused with a reason, and nothing is searched.
  await page.getByLabel("Patient NHS number").fill(`${nhsNumber.slice(0, 9)}${(Number(nhsNumber[9]) + 1) % 10}`);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("not a valid NHS number");
  await expect(page.getByLabel("Patient NHS number")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("audit-count")).toHaveCount(0);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  await page.getByLabel("Patient NHS number").fill(`${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`);
  await page.getByRole("button", { name: "Search" }).click();
  const results = page.getByTestId("audit-results");
  await expect(actionCode(results, "fhir.appointment.read")).toBeVisible();
  await expect(actionCode(results, "fhir.create-appointment")).toBeVisible();
  await expect(results.getByText("ODS NZZ01").first()).toBeVisible();
  for (const nhs of await results.locator("tbody tr td:nth-child(5)").allInnerTexts()) expect(nhs.trim()).toBe(nhsNumber);

  // The download holds the same events, and the search itself is now part of the patient's record.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download these events as CSV" }).click()]);
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv).toContain('"fhir.appointment.read"');
  expect(csv).toContain(`"${nhsNumber}"`);
  await page.reload();
  await expect(actionCode(results, "audit.search").first()).toBeVisible();
  await expect(actionCode(results, "audit.export")).toBeVisible();

  // Filter by the 111 system and the action: the read is there.
  await page.goto(`/admin/audit?consumer=918999198993&action=fhir.appointment&nhsNumber=${nhsNumber}`);
  await expect(actionCode(results, "fhir.appointment.read")).toBeVisible();
  await expect(actionCode(results, "booking.view")).toHaveCount(0);
});
