import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";
import { bookThroughFhir, DEMO_ED_DOS_ID, freeEdSlot } from "./arrivals-fhir";
import { barsHeaders, bookingMessage, findForBooking, revokeReferralMessage } from "../lib/testing/bars-messages";
import { igFullReferral } from "../lib/testing/fixtures/bars/referral-fixtures";
import { stu3BookingBody } from "../lib/testing/stu3-booking-body";
import { nowMs } from "../lib/time/clock";

/**
 * Issue 15 as a clinician meets it (HAZ-104, HAZ-105, HAZ-107): a BaRS booking, then its referral carrying a
 * safeguarding Flag, an allergy and Special Patient Notes, sent through the real BaRS door, is on the board within
 * 10 s with the flag; the booking page shows the summary; 111's revocation then shows it as revoked; the same
 * patient booked through the STU3 door is shown as the same patient (verified NHS numbers, HAZ-140) on both rows and
 * both booking pages, each summary reachable from the other. Without a verified match the two are only a possible
 * match, which a clerk compares, confirms and can undo.
 */
type Json = Record<string, unknown>;
const WITHIN_10S = { timeout: 11_000 };
const suffix = () => randomUUID().slice(0, 4).replace(/\d/g, "x");
const headers = () => barsHeaders({ "NHSD-Target-Identifier": Buffer.from(JSON.stringify({ value: DEMO_ED_DOS_ID, system: "https://fhir.nhs.uk/Id/dos-service-id" })).toString("base64") });

test("a BaRS referral with a safeguarding flag, an allergy and Special Patient Notes is on the board and the booking page, then shown as revoked", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const family = `Harrowby${suffix()}`;
  const patient = { nhsNumber: "9998793092", family, given: "Nell", birthDate: "1952-11-03", gender: "female", phone: "07700 900318", postcode: "WX2 7QT" };
  const rowName = `Nell ${family.toUpperCase()}`;
  const fmt = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
  const window = `start=ge${encodeURIComponent(fmt(new Date(nowMs() + 20 * 60_000)))}&start=le${encodeURIComponent(fmt(new Date(nowMs() + 8 * 3600_000)))}`;
  const inc = ["Slot:schedule", "Schedule:actor:Practitioner", "Schedule:actor:HealthcareService"].map((i) => `_include=${encodeURIComponent(i)}`).join("&");
  const search = await page.request.get(`${baseURL}/R4/Slot?Schedule.actor%3AHealthcareService=${DEMO_ED_DOS_ID}&${window}&status=free&${inc}`, { headers: headers() });
  expect(search.status(), await search.text()).toBe(200);
  const post = async (message: Json) => {
    const res = await page.request.post(`${baseURL}/R4/$process-message`, { headers: headers(), data: JSON.stringify(message) });
    const body = (await res.json()) as Json;
    expect(res.status(), JSON.stringify(body).slice(0, 600)).toBe(200);
    return body;
  };
  const booking = await post(bookingMessage(findForBooking((await search.json()) as Json), { serviceId: DEMO_ED_DOS_ID, patient }));
  const appointmentId = String(((booking.entry as Json[]).map((e) => e.resource as Json).find((r) => r.resourceType === "Appointment") as Json).id);
  const referral = await post(igFullReferral({ appointmentId, patient, serviceId: DEMO_ED_DOS_ID }));

  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  await page.goto("/arrivals?hours=12");
  const row = page.locator(`tr[data-booking-id="${appointmentId}"]`);
  await expect(row.getByRole("link", { name: rowName })).toBeVisible(WITHIN_10S);
  await expect(row).toContainText(/Referral received \d\d:\d\d/, WITHIN_10S);
  await expect(row).toContainText("Possible safeguarding concern: read the summary");
  await expect(row).toContainText("Allergies recorded by 111");
  await expect(row).toContainText("Reasonable adjustments: Adjust for hearing impairment: speak facing the patient");

  await row.getByRole("link", { name: rowName }).click();
  await expect(page.getByRole("heading", { level: 1, name: rowName })).toBeVisible();
  await expect(page.locator("div.border-l-8").filter({ hasText: "Safeguarding concern flagged by 111" })).toContainText("Adult safeguarding concern (finding)");
  await expect(page.getByText("Allergy to amoxicillin", { exact: false }).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Special patient notes (Special Patient Notes)" })).toBeVisible();
  await expect(page.getByText("Lives with her son who is her main carer; keyholder at number 14.", { exact: false })).toBeVisible();
  await expect(page.getByText("Case reference", { exact: true })).toBeVisible();

  // 111 revokes the referral: the booking page and the board say so, and when.
  const revokeRes = await page.request.post(`${baseURL}/R4/$process-message`, { headers: { ...headers(), "X-Correlation-ID": String(barsHeaders()["X-Correlation-ID"]) }, data: JSON.stringify(revokeReferralMessage(referral)) });
  expect(revokeRes.status(), await revokeRes.text()).toBe(200);
  await page.reload();
  await expect(page.locator("div.border-l-8").filter({ hasText: "111 revoked this referral" })).toContainText("It is shown for the record, not as a current referral");
  await page.goto("/arrivals?hours=12");
  await expect(row).toContainText(/111 revoked the referral at \d\d:\d\d: shown for the record/, WITHIN_10S);

  // The same patient booked through the STU3 door: both rows say the patient has another active booking.
  const slot = await freeEdSlot(page.request, baseURL!, { from: new Date(nowMs() + 20 * 60_000), to: new Date(nowMs() + 8 * 3600_000) });
  const stu3 = await bookThroughFhir(
    page.request,
    baseURL!,
    stu3BookingBody({
      slot: { id: slot.id, schedule: { reference: `Schedule/${slot.scheduleId}` }, start: slot.start, end: slot.end },
      patient: { nhsNumber: patient.nhsNumber, given: "Nell", family, phone: { value: "07700 900318", use: "mobile", rank: 1 }, gender: "female", birthDate: patient.birthDate, address: { line: ["1 Test Street"], city: "Wessexford", postalCode: "WX2 7QT" } },
      documentId: randomUUID().toUpperCase(),
      description: "Fall at home, 111 referral",
      containedIds: { document: "doc", patient: "P1" },
      containedProfiles: false,
    }),
  );
  expect(stu3.status, JSON.stringify(stu3.body)).toBe(201);
  const stu3Row = page.locator(`tr[data-booking-id="${String(stu3.body.id)}"]`);
  await expect(stu3Row).toContainText("Same patient has another active booking", WITHIN_10S);
  await expect(row).toContainText("Same patient has another active booking", WITHIN_10S);
  await expect(stu3Row.locator("[data-same-patient]")).toContainText(/at \d\d:\d\d, booked through BaRS: one patient, NHS number verified on both/);
  await expect(row.locator("[data-same-patient]")).toContainText(/booked through the UEC Booking Standard: one patient, NHS number verified on both/);
  await expect(stu3Row.locator("[data-possible-same-patient]")).toHaveCount(0);

  // The STU3 booking's page names the BaRS booking as the same patient; its referral is one click away.
  await stu3Row.getByRole("link", { name: rowName }).click();
  const same = page.getByTestId("same-patient");
  await expect(same).toContainText("booked through BaRS");
  await expect(same).toContainText("The same patient: the NHS number is verified on both bookings");
  await expect(same).toContainText("111 summary received");
  await same.getByRole("link", { name: new RegExp(`^${rowName}, arriving`) }).click();
  await expect(page).toHaveURL(new RegExp(`/arrivals/${appointmentId}$`));
  await expect(page.locator("div.border-l-8").filter({ hasText: "111 revoked this referral" })).toBeVisible();
  await expect(page.getByTestId("same-patient")).toContainText("booked through the UEC Booking Standard");

  // Paper says it too: the print view, which people other than its viewer read, carries the same-patient line.
  await page.goto("/arrivals/print?hours=12");
  const printed = page.locator("tr").filter({ hasText: rowName });
  await expect(printed.first().locator("[data-same-patient]")).toContainText(/Same patient has another active booking at .*\(NHS number verified on both\)/);
});

test("without verified NHS numbers the STU3 and BaRS bookings are a possible match, which a clerk confirms and undoes", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const family = `Pairley${suffix()}`;
  const rowName = `Ivy ${family.toUpperCase()}`;
  const birthDate = "1948-02-29";
  const fmt = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
  const window = `start=ge${encodeURIComponent(fmt(new Date(nowMs() + 20 * 60_000)))}&start=le${encodeURIComponent(fmt(new Date(nowMs() + 8 * 3600_000)))}`;
  const inc = ["Slot:schedule", "Schedule:actor:Practitioner", "Schedule:actor:HealthcareService"].map((i) => `_include=${encodeURIComponent(i)}`).join("&");
  const search = await page.request.get(`${baseURL}/R4/Slot?Schedule.actor%3AHealthcareService=${DEMO_ED_DOS_ID}&${window}&status=free&${inc}`, { headers: headers() });
  expect(search.status(), await search.text()).toBe(200);
  // 111 could not trace her: the BaRS booking has no NHS number.
  const res = await page.request.post(`${baseURL}/R4/$process-message`, {
    headers: headers(),
    data: JSON.stringify(bookingMessage(findForBooking((await search.json()) as Json), { serviceId: DEMO_ED_DOS_ID, patient: { nhsNumber: null, family, given: "Ivy", birthDate, gender: "female", phone: "07700 900512" } })),
  });
  const booking = (await res.json()) as Json;
  expect(res.status(), JSON.stringify(booking).slice(0, 600)).toBe(200);
  const barsId = String(((booking.entry as Json[]).map((e) => e.resource as Json).find((r) => r.resourceType === "Appointment") as Json).id);
  const slot = await freeEdSlot(page.request, baseURL!, { from: new Date(nowMs() + 20 * 60_000), to: new Date(nowMs() + 8 * 3600_000) });
  const stu3 = await bookThroughFhir(
    page.request,
    baseURL!,
    stu3BookingBody({
      slot: { id: slot.id, schedule: { reference: `Schedule/${slot.scheduleId}` }, start: slot.start, end: slot.end },
      patient: { nhsNumber: "9991522913", given: "Ivy", family, phone: { value: "07700 900512", use: "mobile", rank: 1 }, gender: "female", birthDate, address: { line: ["1 Test Street"], city: "Wessexford", postalCode: "WX2 7QT" } },
      documentId: randomUUID().toUpperCase(),
      description: "Dizziness, 111 referral",
      containedIds: { document: "doc", patient: "P1" },
      containedProfiles: false,
    }),
  );
  expect(stu3.status, JSON.stringify(stu3.body)).toBe(201);
  const stu3Id = String(stu3.body.id);

  await signIn(page, "clerk");
  await expect(page).toHaveURL(/\/capacity$/);
  await page.goto("/arrivals?hours=12");
  const stu3Row = page.locator(`tr[data-booking-id="${stu3Id}"]`);
  const barsRow = page.locator(`tr[data-booking-id="${barsId}"]`);
  await expect(stu3Row.locator("[data-possible-same-patient]")).toContainText(/Possibly the same patient as the booking at \d\d:\d\d: not confirmed/, WITHIN_10S);
  await expect(barsRow.locator("[data-possible-same-patient]")).toBeVisible(WITHIN_10S);
  // Never merged by itself.
  await expect(stu3Row).not.toContainText("Same patient has another active booking");

  await stu3Row.getByRole("link", { name: "Compare and confirm" }).click();
  await expect(page).toHaveURL(new RegExp(`/arrivals/${stu3Id}#same-patient-h$`));
  const possible = page.getByTestId("possible-same-patient");
  await expect(possible.getByRole("link", { name: new RegExp(`^${rowName}, arriving`) })).toHaveAttribute("href", `/arrivals/${barsId}`);
  await expect(possible.locator('[data-evidence="nhsNumber"]')).toContainText("Missing on the other booking");
  await expect(possible.locator('[data-evidence="birthDate"]')).toContainText("Agree");
  await expect(possible.locator('[data-evidence="givenName"]')).toContainText("Agree");
  const confirm = possible.locator("form").filter({ has: page.getByRole("button", { name: "Confirm: the same patient" }) });
  // The comparison must be confirmed first.
  await confirm.getByRole("button", { name: "Confirm: the same patient" }).click();
  await expect(confirm.getByRole("alert")).toContainText("Confirm that you have compared the two bookings' details");
  await confirm.getByLabel(/I have compared the two bookings' details and they are one person/).check();
  await confirm.getByLabel("How you know (optional)").fill("Same phone number and address");
  await confirm.getByRole("button", { name: "Confirm: the same patient" }).click();
  await expect(page.getByTestId("same-patient")).toContainText(/Confirmed as the same patient by .+, /);
  await expect(page.getByTestId("possible-same-patient")).toHaveCount(0);

  await page.goto("/arrivals?hours=12");
  await expect(barsRow.locator("[data-same-patient]")).toContainText(/one patient, confirmed by /, WITHIN_10S);
  await expect(stu3Row).toContainText("Same patient has another active booking");

  // Undone, with a reason: a possible match again.
  await page.goto(`/arrivals/${barsId}`);
  const undo = page.getByTestId("same-patient").locator("form");
  await undo.getByLabel("Why it is being undone").fill("Confirmed in error: checking with 111");
  await undo.getByRole("button", { name: "Undo this answer" }).click();
  await expect(page.getByTestId("possible-same-patient")).toBeVisible();
  await page.goto("/arrivals?hours=12");
  await expect(stu3Row.locator("[data-possible-same-patient]")).toBeVisible(WITHIN_10S);
});
