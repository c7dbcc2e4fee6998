import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";
import { signIn, signOut } from "./helpers";
import { bookThroughFhir, freeEdSlot, sendReportOverItk } from "./arrivals-fhir";
import { stu3BookingBody } from "../lib/testing/stu3-booking-body";

/**
 * The wrong-patient hazard (HAZ-008, HAZ-040 to HAZ-042): twin girls booked by 111 without NHS numbers share a family
 * name and a birth date. 111 put Beth's report id on Amy's booking. Beth's report (penicillin anaphylaxis) must not
 * turn Amy's allergy flag red; a clerk who then attaches it to the wrong twin can move it, with a reason, and the
 * earlier link stays in the report's history.
 */

async function seriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }));
}

const WITHIN_10S = { timeout: 11_000 };
const BIRTH_DATE = "2019-05-01";

async function bookTwin(page: Page, baseURL: string, given: string, family: string, documentId: string) {
  const slot = await freeEdSlot(page.request, baseURL);
  const body = stu3BookingBody({
    slot: { id: slot.id, schedule: { reference: `Schedule/${slot.scheduleId}` }, start: slot.start, end: slot.end },
    patient: {
      nhsNumber: null,
      given,
      family,
      gender: "female",
      birthDate: BIRTH_DATE,
      phone: { value: "07700 900123", use: "home", rank: 1 },
      address: { line: ["12 Orchard Way", "Wessexford"], city: "Wessexford", postalCode: "WX2 7QT" },
      nextOfKin: { given: "Robin", family, phone: { value: "07700 900456", use: "mobile", rank: 2 } },
    },
    documentId,
    description: "Vomiting and high temperature, 111 referral",
    containedIds: { document: "doc", patient: "P1" },
    containedProfiles: false,
  });
  const booked = await bookThroughFhir(page.request, baseURL, body);
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return String(booked.body.id);
}

test("twins without NHS numbers: Beth's report does not land on Amy, and a clerk moves a wrong link with a reason", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const family = `Twinley${randomUUID().slice(0, 4).replace(/\d/g, "q")}`;
  const FAMILY = family.toUpperCase();
  const bethsReportId = randomUUID();

  // 111 books both girls; Amy's booking carries Beth's report id.
  const amy = await bookTwin(page, baseURL!, "Amy", family, bethsReportId);
  const beth = await bookTwin(page, baseURL!, "Beth", family, randomUUID());

  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  await page.goto("/arrivals?hours=24");
  const amyRow = page.locator(`tr[data-booking-id="${amy}"]`);
  const bethRow = page.locator(`tr[data-booking-id="${beth}"]`);
  await expect(amyRow.getByRole("link", { name: `Amy ${FAMILY}` })).toBeVisible(WITHIN_10S);
  await expect(amyRow).toContainText("Allergies unknown: 111 summary not received");

  // Beth's report arrives over ITK: it goes to a person, not to Amy.
  const sent = await sendReportOverItk(page.request, baseURL!, {
    documentId: bethsReportId.toUpperCase(),
    nhsNumber: null,
    given: "Beth",
    family,
    birthDate: BIRTH_DATE,
    sex: "2",
    allergiesXml: "<content>Penicillin: anaphylaxis</content>",
  });
  expect(sent.status, sent.text).toBe(200);
  await expect(amyRow).toContainText("Received, being checked by a clerk", WITHIN_10S);
  await expect(amyRow).toContainText("Allergies unknown: 111 summary not received");
  await expect(amyRow).not.toContainText("Allergies recorded by 111");
  await amyRow.getByRole("link", { name: `Amy ${FAMILY}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Amy ${FAMILY}` })).toBeVisible();
  await expect(page.getByText("Penicillin")).toHaveCount(0);
  await signOut(page);

  // A clerk finds it waiting to be checked, with both girls side by side: Amy's given name differs, Beth's agrees.
  await signIn(page, "clerk");
  await expect(page).toHaveURL(/\/capacity$/);
  await page.goto("/documents");
  await page.getByRole("region", { name: /Needs checking/ }).getByRole("link", { name: `Beth ${family}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check a 111 report" })).toBeVisible();
  await expect(page.getByText(/The patient in the report and in the booking differ: given name/).first()).toBeVisible();
  const amyCard = page.locator("div").filter({ has: page.getByRole("heading", { level: 3, name: new RegExp(`^Amy ${FAMILY}`) }) }).last();
  const bethCard = page.locator("div").filter({ has: page.getByRole("heading", { level: 3, name: new RegExp(`^Beth ${FAMILY}`) }) }).last();
  await expect(amyCard.getByRole("row", { name: /Given name/ })).toContainText("Different");
  await expect(bethCard.getByRole("row", { name: /Given name/ })).toContainText("Same");
  await expect(bethCard).toContainText("The details agree.");
  expect(await seriousAxeViolations(page)).toEqual([]);

  // The clerk's slip: attached to Amy.
  await amyCard.getByLabel(`I have checked that the patient in the report is Amy ${FAMILY}`).check();
  await amyCard.getByRole("button", { name: "Link to this booking" }).click();
  await expect(amyCard).toContainText("The report is attached to this booking.");

  // Moving it needs a reason; then it is on Beth's booking and the link to Amy stays in the history.
  const move = bethCard.getByRole("button", { name: "Move the report to this booking" });
  await bethCard.getByLabel(`I have checked that the patient in the report is Beth ${FAMILY}`).check();
  await move.click();
  await expect(bethCard.getByRole("alert").first()).toContainText(/Say why the report is on the wrong booking|Check the details/);
  await bethCard.getByLabel(`I have checked that the patient in the report is Beth ${FAMILY}`).check();
  await bethCard.getByLabel("Reason (required)").fill("Report is about Beth, Amy's twin sister");
  await move.click();
  await expect(bethCard).toContainText("The report is attached to this booking.");
  const history = page.getByRole("region", { name: "History of this report" });
  await expect(history).toContainText(`Linked to a booking by a member of staff: Amy ${FAMILY}`);
  await expect(history).toContainText(`Moved to another booking: from Amy ${FAMILY}`);
  await expect(history).toContainText(`to Beth ${FAMILY}`);
  await expect(history).toContainText("Reason: Report is about Beth, Amy's twin sister");
  expect(await seriousAxeViolations(page)).toEqual([]);
  await signOut(page);

  // What the clinician sees: Amy's flag as it was, Beth's allergy on Beth.
  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  await page.goto("/arrivals?hours=24");
  await expect(amyRow).toContainText("Allergies unknown: 111 summary not received", WITHIN_10S);
  await expect(bethRow).toContainText("Allergies recorded by 111");
  await bethRow.getByRole("link", { name: `Beth ${FAMILY}` }).click();
  await expect(page.getByText("Penicillin: anaphylaxis")).toBeVisible();
  await page.goto(`/arrivals/${amy}`);
  await expect(page.getByRole("heading", { level: 1, name: `Amy ${FAMILY}` })).toBeVisible();
  await expect(page.getByText("Penicillin")).toHaveCount(0);
  // What a clinician may have read here before the move is not silently gone.
  await expect(page.getByText("A 111 report was taken off this booking")).toBeVisible();
  await expect(page.getByText(/moved it to another booking .*: it was not this patient's/)).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);
});
