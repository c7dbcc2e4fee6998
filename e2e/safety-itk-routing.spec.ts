import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";
import { signIn } from "./helpers";
import { bookThroughFhir, freeEdSlot } from "./arrivals-fhir";
import { COPY_RECIPIENT_INTERACTION, odsAddress, soapEnvelope } from "../lib/testing/fixtures/cda/build-envelope";
import { hl7Utc, testReportXml } from "../lib/testing/test-report";
import { stu3BookingBody } from "../lib/testing/stu3-booking-body";
import { nowMs } from "../lib/time/clock";

/**
 * Issue 12 points 4 and 5 as a clinician meets them (HAZ-050, HAZ-054): a GP's copy of a 111 report sent
 * over the real ITK door is kept for information and never listed as an expected walk-in; a child-protection
 * report shaped like live traffic (Dx42, the concern only in Special Patient Notes) raises the
 * possible-safeguarding flag on the board and the booking page.
 */
async function seriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }));
}

const WITHIN_10S = { timeout: 11_000 };
const suffix = () => randomUUID().slice(0, 4).replace(/\d/g, "x");
const bare = (xml: string) => xml.replace(/^<\?xml[^>]*\?>\s*/, "").replace(/<!--[\s\S]*?-->\s*/, "");

async function postItk(page: Page, baseURL: string, xml: string) {
  const res = await page.request.post(`${baseURL}/itk/nhs111`, {
    headers: { "Content-Type": "text/xml; charset=utf-8", SOAPAction: "urn:nhs-itk:services:201005:SendNHS111Report-v2-0" },
    data: xml,
  });
  return { status: res.status(), text: await res.text() };
}

test("a GP copy-recipient report over ITK is kept for information and never shown as an expected walk-in", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const family = `Copyholder${suffix()}`;
  const name = `Priya ${family}`;
  const report = bare(testReportXml({ documentId: randomUUID().toUpperCase(), given: "Priya", family, birthDate: "1990-04-02", nhsNumber: "9990010609", encounterStart: new Date(nowMs() - 30 * 60_000) }));
  const envelope = (addresses: { uri: string; type?: string }[]) =>
    soapEnvelope({ messageId: randomUUID().toUpperCase(), trackingId: randomUUID().toUpperCase(), payloads: [{ id: "uuid_DOC1", xml: report }], addresses, interaction: COPY_RECIPIENT_INTERACTION });

  // Addressed to the GP only: refused, so 111 knows it has not reached its addressee.
  const refused = await postItk(page, baseURL!, envelope([odsAddress("NZZ55")]));
  expect(refused.status).toBe(500);
  expect(refused.text).toContain("The message is not addressed to this service");

  // The GP's copy with this ED among its addressees: accepted, for information.
  const copy = await postItk(page, baseURL!, envelope([odsAddress("NZZ55"), odsAddress("RZZ01")]));
  expect(copy.status, copy.text).toBe(200);
  expect(copy.text).toContain("<itk:SimpleMessageResponse>OK</itk:SimpleMessageResponse>");

  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  await page.goto("/documents");
  await expect(page.getByRole("heading", { level: 1, name: "Clinical documents" })).toBeVisible();
  const information = page.getByRole("region", { name: /For information, not expected walk-ins/ });
  await expect(information.getByRole("link", { name })).toBeVisible();
  await expect(information).toContainText("for information only (copy recipient)");
  await expect(page.getByRole("region", { name: /Expected walk-ins/ }).getByRole("link", { name })).toHaveCount(0);
  await expect(page.getByRole("region", { name: /Waiting for their booking/ }).getByRole("link", { name })).toHaveCount(0);
  expect(await seriousAxeViolations(page)).toEqual([]);

  await page.goto("/arrivals");
  await expect(page.getByRole("heading", { level: 1, name: "Expected arrivals" })).toBeVisible();
  await expect(page.getByRole("region", { name: /Expected walk-ins/ })).toBeVisible();
  await expect(page.getByRole("region", { name: /Expected walk-ins/ }).getByText(family)).toHaveCount(0);

  await page.goto("/documents");
  await information.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check a 111 report" })).toBeVisible();
  await expect(page.getByText("For information: not an expected walk-in")).toBeVisible();
  await expect(page.getByText("Status: For information (not an expected walk-in)")).toBeVisible();
});

test("a child-protection report (Dx42, concern in Special Patient Notes) shows the possible-safeguarding banner on the board and the booking page", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const family = `Thornbury${suffix()}`;
  const rowName = `Maisie ${family.toUpperCase()}`;
  const documentId = randomUUID().toUpperCase();
  const slot = await freeEdSlot(page.request, baseURL!);
  const booked = await bookThroughFhir(
    page.request,
    baseURL!,
    stu3BookingBody({
      slot: { id: slot.id, schedule: { reference: `Schedule/${slot.scheduleId}` }, start: slot.start, end: slot.end },
      patient: {
        nhsNumber: "9990010579",
        given: "Maisie",
        family,
        phone: { value: "07700 900612", use: "mobile", rank: 1 },
        gender: "female",
        birthDate: "2020-03-05",
        address: { line: ["12 Orchard Rise", "Westford"], city: "Westford", postalCode: "ZZ2 2ZZ" },
        nextOfKin: { given: "Gemma", family, phone: { value: "07700 900613", use: "mobile", rank: 2 } },
      },
      documentId,
      description: "Unexplained bruising, 111 referral",
      containedIds: { document: "doc", patient: "P1" },
      containedProfiles: false,
    }),
  );
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  const appointmentId = String(booked.body.id);

  const start = new Date(nowMs() - 30 * 60_000);
  const sent = hl7Utc(new Date(start.getTime() + 25 * 60_000));
  const report = bare(readFileSync(path.join(process.cwd(), "lib/testing/fixtures/cda/child-protection-dx42.xml"), "utf8"))
    .replace(/<id root="6C2B9E41-5D7A-4F03-9B8E-2A1C0D4E5F42" \/>/, `<id root="${documentId}" />`)
    .replace(/<setId root="6C2B9E41-5D7A-4F03-9B8E-2A1C0D4E5F42" \/>/, `<setId root="${documentId}" />`)
    .replace(/<family>Thornbury<\/family>/g, `<family>${family}</family>`)
    .replace('<low value="20260714091044+0100" />', `<low value="${hl7Utc(start)}" />`)
    .replace('<high value="20260714093500+0100" />', `<high value="${sent}" />`)
    .replace('<effectiveTime value="20260714093512+01" />', `<effectiveTime value="${sent}" />`);
  const res = await postItk(page, baseURL!, soapEnvelope({ messageId: randomUUID().toUpperCase(), trackingId: randomUUID().toUpperCase(), payloads: [{ id: "uuid_DOC1", xml: report }] }));
  expect(res.status, res.text).toBe(200);

  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  await page.goto("/arrivals?hours=24");
  const row = page.locator(`tr[data-booking-id="${appointmentId}"]`);
  await expect(row.getByRole("link", { name: rowName })).toBeVisible(WITHIN_10S);
  await expect(row).toContainText(/Received \d\d:\d\d/, WITHIN_10S);
  await expect(row).toContainText("Possible safeguarding concern: read the summary");
  await expect(row).not.toContainText("Safeguarding not sent by 111");
  await expect(row).toContainText("Disposition not usually ED: check with 111");

  await row.getByRole("link", { name: rowName }).click();
  await expect(page.getByRole("heading", { level: 1, name: rowName })).toBeVisible();
  const banner = page.locator("div.border-l-8").filter({ hasText: "Possible safeguarding concern: read the summary" });
  await expect(banner).toContainText("a prompt to read the report, not a finding");
  await expect(banner).toContainText("111 disposition: Child protection / Vulnerable adult immediate referral (Dx42)");
  await expect(banner).toContainText("Special Patient Notes mentions “child protection”");
  await expect(page.getByText("Child is subject to a child protection plan.")).toBeVisible();
  expect(await seriousAxeViolations(page)).toEqual([]);
});
