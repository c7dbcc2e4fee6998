import { beforeAll, describe, expect, it } from "vitest";
import { db, resetDbForTests } from "../lib/db/client";
import { runBarsSimulation, type BarsSimulationSummary } from "../lib/testing/simulator/run-bars-simulation";

// The BaRS senders of `npm run simulate:111 -- --bars` against the production build: bookings with their referrals,
// referrals alone, cancellations and rebooks, only as the standard allows. Nothing may answer out of turn, and in
// the database every referral that names a booking is linked to it.
describe("BaRS simulator against the production build", () => {
  let s: BarsSimulationSummary;

  beforeAll(async () => {
    process.env.DATABASE_URL = process.env.API_TEST_DATABASE_URL ?? "file:./data/api-tests/ed.db";
    await resetDbForTests();
    s = await runBarsSimulation({ baseUrl: process.env.API_BASE_URL!, senders: 3, perSecond: 4, count: 16, seed: 20261203 });
  }, 60_000);

  it("plays every workflow with no error", () => {
    expect(s.problems).toEqual([]);
    expect(s.errorCount).toBe(0);
    expect(Object.values(s.workflows).every((n) => n > 0)).toBe(true);
    expect(s.bookings).toBeGreaterThan(0);
    expect(s.referrals).toBeGreaterThan(0);
    expect(s.cancellations).toBeGreaterThan(0);
  });

  it("links every referral that names a booking to that booking, and keeps every message whole", async () => {
    const linked = await db().referral.findMany({ where: { appointmentId: { not: null } }, select: { appointmentId: true, patientNhsNumber: true } });
    for (const r of linked) {
      const appt = await db().appointment.findUniqueOrThrow({ where: { id: r.appointmentId! }, select: { patient: { select: { nhsNumber: true } } } });
      expect(appt.patient.nhsNumber).toBe(r.patientNhsNumber);
    }
    expect(linked.length).toBeGreaterThan(0);
    const failed = await db().barsMessage.count({ where: { state: "processing" } });
    expect(failed).toBe(0);
  });
});
