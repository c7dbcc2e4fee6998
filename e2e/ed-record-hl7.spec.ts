import { randomUUID } from "node:crypto";
import { expect, test } from "./fixtures";
import { signIn } from "./helpers";
import { bookingBody, bookThroughFhir, freeEdSlot } from "./arrivals-fhir";
import { startEdRecordSimulation, type RunningEdRecordSimulation } from "../lib/testing/simulator/ed-record";
import { testNhsNumber } from "../lib/nhs/nhs-number";
import { nowMs } from "../lib/time/clock";

/**
 * The ED's own patient record over HL7v2, end to end: the production server with its MLLP listener on
 * (E2E_HL7_MLLP_PORT) and its expected-patient messages pointed at the simulated ED record (HL7_EPR_PORT =
 * E2E_HL7_EPR_PORT, playwright.config.ts), which runs here as a loopback peer. Other specs' bookings reach it too
 * (one database for the run); it registers only this test's patient.
 */
const MLLP_PORT = Number(process.env.E2E_HL7_MLLP_PORT);
const EPR_PORT = Number(process.env.E2E_HL7_EPR_PORT);
/** The board polls every 10 seconds: a change must show within that (plus the request itself). */
const WITHIN_10S = { timeout: 11_000 };

let sim: RunningEdRecordSimulation | null = null;
test.afterEach(async () => {
  await sim?.stop();
  sim = null;
});

test("a 111 booking through the FHIR door reaches the ED record within 5 s, and its A04 marks the patient arrived on the board within 10 s", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const patient = { given: "Ellis", family: `Marchbank${randomUUID().slice(0, 4).replace(/\d/g, "q")}`, birthDate: "1981-06-03", nhsNumber: testNhsNumber(610_000 + Math.floor(Math.random() * 90_000)) };
  const expected: { appointmentId: string; event: string; start: Date | null; at: number }[] = [];
  sim = await startEdRecordSimulation({
    appHost: "127.0.0.1",
    appPort: MLLP_PORT,
    listenPort: EPR_PORT,
    arriveShare: 1,
    arriveAfterSeconds: 1,
    walkInsPerMinute: 0,
    seed: 17,
    noNoise: true,
    registerOnly: (e) => e.nhsNumber === patient.nhsNumber,
    now: () => new Date(nowMs()),
  });
  sim.onExpected = (e) => {
    if (e.nhsNumber === patient.nhsNumber) expected.push(e);
  };

  await signIn(page, "clinician");
  await expect(page).toHaveURL(/\/arrivals$/);
  await page.goto("/arrivals?hours=24");
  await expect(page.getByRole("heading", { level: 1, name: "Expected arrivals" })).toBeVisible();

  // Today's ED day (the test clock is 09:30): the registration now is on the booking's day.
  const slot = await freeEdSlot(page.request, baseURL!, { from: new Date(nowMs() + 20 * 60_000), to: new Date(nowMs() + 10 * 3600_000) });
  const booked = await bookThroughFhir(page.request, baseURL!, bookingBody(slot, patient, randomUUID()));
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  const bookedAt = Date.now();
  const appointmentId = String(booked.body.id);
  const row = page.locator(`tr[data-booking-id="${appointmentId}"]`);
  await expect(row).toBeVisible(WITHIN_10S);

  // The expected-patient message: received by the ED record within 5 s, checked there (well formed, the booked
  // arrival time, 111 as the referrer), and about this booking.
  await expect.poll(() => expected.length, { timeout: 5_000, intervals: [50] }).toBeGreaterThan(0);
  expect(expected[0].at - bookedAt).toBeLessThan(5_000);
  expect(expected[0].appointmentId).toBe(appointmentId);
  expect(expected[0].event).toBe("SIU^S12");
  expect(expected[0].start?.toISOString()).toBe(new Date(slot.start).toISOString());
  expect(sim.summary().checks.problems.filter((p) => p.includes(appointmentId))).toEqual([]);

  // The ED record registers the patient (A04) a second later; the app acknowledges it AA, and the open board
  // shows the patient arrived without a reload.
  await expect.poll(() => sim!.summary().acks.AA ?? 0, { timeout: 5_000, intervals: [50] }).toBe(1);
  const registeredAt = Date.now();
  await expect(row).toContainText("Arrived", WITHIN_10S);
  expect(Date.now() - registeredAt).toBeLessThan(11_000);
  expect(sim.summary().registrations).toEqual({ registered: 1 });

  // The booking page says who marked the arrival.
  await row.getByRole("link", { name: `${patient.given} ${patient.family.toUpperCase()}` }).click();
  await expect(page.getByText("registered by reception in the ED record")).toBeVisible();
});
