import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";
import { bookThroughFhir, bookingBody, freeEdSlot, sendReportOverItk } from "./arrivals-fhir";

/**
 * HAZ-080: a report that needs checking is closed by a clinician with "no further action" and a reason, and stays
 * in view: listed as closed with the reason, and its history says who closed it.
 */
test("a clinician closes a report that needs checking with no further action: a reason is required, and it stays listed as closed with its history", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const family = `Closewell${randomUUID().slice(0, 4).replace(/\d/g, "q")}`;
  const documentId = randomUUID();
  const slot = await freeEdSlot(page.request, baseURL!);
  const booked = await bookThroughFhir(page.request, baseURL!, bookingBody(slot, { given: "Daniel", family, birthDate: "1957-11-30", nhsNumber: "9990000018" }, documentId));
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  // The report has no NHS number while the booking has one: it goes for a person to check.
  const sent = await sendReportOverItk(page.request, baseURL!, { documentId: documentId.toUpperCase(), nhsNumber: null, given: "Daniel", family, birthDate: "1957-11-30" });
  expect(sent.status, sent.text).toBe(200);

  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  await page.goto("/documents");
  const needs = page.locator("section", { has: page.getByRole("heading", { name: /^Needs checking/ }) });
  await needs.getByRole("link", { name: new RegExp(family, "i") }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check a 111 report" })).toBeVisible();

  const close = page.locator("section", { has: page.getByRole("heading", { name: "No further action" }) });
  await close.getByRole("button", { name: "Close: no further action" }).click();
  // One error summary, linking to the field, and the message beside the field.
  await expect(close.getByRole("link", { name: "Say why no further action is needed" })).toHaveAttribute("href", "#close-reason");
  await expect(close.locator("#close-reason-error")).toContainText("Say why no further action is needed");
  await close.getByLabel("Why is no further action needed?").fill("Duplicate of a report already on the patient's record");
  await close.getByRole("button", { name: "Close: no further action" }).click();
  await expect(page.locator("p", { hasText: "Status: Closed by a clinician: no further action" })).toBeVisible();
  const history = page.locator("section", { has: page.getByRole("heading", { name: "History of this report" }) });
  await expect(history).toContainText("Closed by a clinician: no further action");
  await expect(history).toContainText("Reason: Duplicate of a report already on the patient's record");
  await expect(page.getByRole("heading", { name: "No further action" })).toHaveCount(0);

  await page.goto("/documents");
  await expect(needs.getByRole("link", { name: new RegExp(family, "i") })).toHaveCount(0);
  const closed = page.locator("section", { has: page.getByRole("heading", { name: /^Closed: no further action/ }) });
  const row = closed.locator("tr", { has: page.getByRole("link", { name: new RegExp(family, "i") }) });
  await expect(row).toContainText("Duplicate of a report already on the patient's record");
});
