import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";
import { signIn } from "./helpers";
import { bookingBody, bookThroughFhir, cancelThroughFhir, freeEdSlot, readThroughFhir, sendReportOverItk, type TestPatient } from "./arrivals-fhir";
import { testNhsNumber } from "../lib/nhs/nhs-number";

/**
 * Issue 12, points 1 and 2, as a clinician sees them in the browser, with 111 played through the real FHIR and ITK
 * doors: a rebooked patient keeps their summary, a patient who has arrived keeps theirs when 111 cancels, and a
 * changed report sent after the clinician read the first one is highlighted until it is confirmed and read.
 */
const WITHIN_10S = { timeout: 11_000 };

async function seriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }));
}

function uniquePatient(seed: number): TestPatient {
  const tag = randomUUID().slice(0, 6).replace(/\d/g, "q");
  return { given: "Morgan", family: `Saltmarsh${tag}`, birthDate: "1969-02-17", nhsNumber: testNhsNumber(880_000 + seed + Math.floor(Math.random() * 90_000)) };
}

async function signInAsClinician(page: Page) {
  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
}

const rowName = (p: TestPatient) => `${p.given} ${p.family.toUpperCase()}`;
const reportOf = (p: TestPatient, documentId: string, extra: { setId?: string; versionNumber?: number; allergiesXml?: string } = {}) => ({
  documentId: documentId.toUpperCase(),
  given: p.given,
  family: p.family,
  birthDate: p.birthDate,
  nhsNumber: p.nhsNumber,
  ...extra,
});

async function book(page: Page, baseURL: string, p: TestPatient, documentId: string) {
  const booked = await bookThroughFhir(page.request, baseURL, bookingBody(await freeEdSlot(page.request, baseURL), p, documentId));
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return { id: String(booked.body.id), etag: booked.etag! };
}

async function cancelBy111(page: Page, baseURL: string, id: string) {
  const read = await readThroughFhir(page.request, baseURL, id);
  const cancelled = await cancelThroughFhir(page.request, baseURL, read.body, read.etag!);
  expect(cancelled.status, cancelled.text).toBe(200);
}

test("a rebooked patient's summary follows them to the new booking, and the cancelled booking says where it went", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const p = uniquePatient(1);
  const documentId = randomUUID();
  await signInAsClinician(page);
  await page.goto("/arrivals?hours=24");

  // 111 books A, then books B naming the same report, sends the report, and cancels A.
  const a = await book(page, baseURL!, p, documentId);
  const b = await book(page, baseURL!, p, documentId);
  const report = await sendReportOverItk(page.request, baseURL!, reportOf(p, documentId, { allergiesXml: "Penicillin: anaphylaxis" }));
  expect(report.status, report.text).toBe(200);
  await cancelBy111(page, baseURL!, a.id);

  const rowA = page.locator(`tr[data-booking-id="${a.id}"]`);
  const rowB = page.locator(`tr[data-booking-id="${b.id}"]`);
  await expect(rowB).toContainText(/Received \d\d:\d\d/, WITHIN_10S);
  await expect(rowB).toContainText("Allergies recorded by 111");
  await expect(rowB).not.toContainText("Allergies unknown");
  await expect(rowA).toContainText("Cancelled");
  await expect(rowA).toContainText("moved off this cancelled booking");

  await rowA.getByRole("link", { name: rowName(p) }).click();
  await expect(page.getByText("The 111 summary for this booking was moved when the booking was cancelled")).toBeVisible();
  await expect(page.getByText("The 111 clinical summary has not arrived yet")).toHaveCount(0);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.getByRole("link", { name: "open that booking" }).click();
  await expect(page).toHaveURL(new RegExp(`/arrivals/${b.id}$`));
  await expect(page.getByRole("heading", { level: 3, name: "Allergies", exact: true })).toBeVisible();
  await expect(page.getByText("Penicillin: anaphylaxis")).toBeVisible();
});

test("a patient who has arrived keeps their summary when 111 cancels, and the ED cannot cancel them", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const p = uniquePatient(2);
  const documentId = randomUUID();
  await signInAsClinician(page);
  const a = await book(page, baseURL!, p, documentId);
  expect((await sendReportOverItk(page.request, baseURL!, reportOf(p, documentId, { allergiesXml: "Penicillin: anaphylaxis" }))).status).toBe(200);

  await page.goto(`/arrivals/${a.id}`);
  await page.getByRole("button", { name: "Mark as arrived" }).click();
  await expect(page.getByText(/Arrived at \d\d:\d\d/)).toBeVisible();
  await expect(page.getByText("cannot be cancelled from the ED")).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel booking" })).toHaveCount(0);

  await cancelBy111(page, baseURL!, a.id);
  await page.goto("/arrivals?hours=24");
  const row = page.locator(`tr[data-booking-id="${a.id}"]`);
  await expect(row).toContainText("Arrived, then cancelled by 111", WITHIN_10S);
  await expect(row).toContainText("Allergies recorded by 111");
  await row.getByRole("link", { name: rowName(p) }).click();
  await expect(page.getByText(/Arrived, then cancelled by 111/).first()).toBeVisible();
  await expect(page.getByText("Penicillin: anaphylaxis")).toBeVisible();
});

test("a changed report sent after the clinician read the first is highlighted, confirmed by a person, and highlighted until read", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const p = uniquePatient(3);
  const documentId = randomUUID();
  const setId = randomUUID();
  await signInAsClinician(page);
  const a = await book(page, baseURL!, p, documentId);
  expect((await sendReportOverItk(page.request, baseURL!, reportOf(p, documentId, { setId, versionNumber: 1, allergiesXml: "No known allergies" }))).status).toBe(200);

  await page.goto(`/arrivals/${a.id}`);
  await expect(page.getByText("No known allergies").first()).toBeVisible();
  await page.goto("/arrivals?hours=24");
  const row = page.locator(`tr[data-booking-id="${a.id}"]`);
  await expect(row).not.toContainText("not opened by you");

  // 111 sends version 2 with a new allergy: not attached by itself, the booking highlighted with what changed.
  expect((await sendReportOverItk(page.request, baseURL!, reportOf(p, randomUUID(), { setId, versionNumber: 2, allergiesXml: "Penicillin: anaphylaxis" }))).status).toBe(200);
  await expect(row).toContainText("Changed summary from 111 waiting to be confirmed", WITHIN_10S);
  await expect(row).toContainText("What changed: allergies");
  await expect(row).toContainText("No known allergies (recorded by 111)");
  await expect(row).toHaveAttribute("data-unseen", "changed");
  expect(await seriousAxeViolations(page)).toEqual([]);

  await row.getByRole("link", { name: rowName(p) }).click();
  await expect(page.getByRole("alert").filter({ hasText: "111 sent a changed version of this summary" })).toContainText("What changed: allergies");
  await page.getByRole("link", { name: "Check and confirm the new version" }).click();
  await expect(page.getByText("This is a changed version of a report already attached to a booking")).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.getByLabel(/I have checked that the patient in the report is/).check();
  await page.getByRole("button", { name: "Confirm the new version" }).click();
  await expect(page.getByText("Attached to a booking", { exact: true })).toBeVisible();

  await page.goto("/arrivals?hours=24");
  await expect(row).toContainText("Summary changed since you opened it");
  await expect(row).toContainText("Allergies recorded by 111");
  await row.getByRole("link", { name: rowName(p) }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Summary changed since you opened it" })).toContainText("What changed: allergies");
  await expect(page.getByText("Penicillin: anaphylaxis")).toBeVisible();
  await page.goto("/arrivals?hours=24");
  await expect(row).not.toContainText("Summary changed since you opened it");
  await expect(row).not.toContainText("not opened by you");
});
