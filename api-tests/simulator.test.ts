import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, resetDbForTests } from "../lib/db/client";
import { cancelSimulatedBookings, runSimulation, type SimulationResult } from "../lib/testing/simulator/run-simulation";

// The 111 simulator (npm run simulate:111) against the production build: three simulated 111 services book, resend,
// read, cancel and send their clinical reports over ITK for a few seconds, only as the standard allows. Every
// booking must be made, every report must link itself to its own booking, and nothing may answer out of turn.
describe("111 simulator against the production build", () => {
  let result: SimulationResult;

  beforeAll(async () => {
    process.env.DATABASE_URL = process.env.API_TEST_DATABASE_URL ?? "file:./data/api-tests/ed.db";
    await resetDbForTests();
    result = await runSimulation({
      baseUrl: process.env.API_BASE_URL!,
      services: 3,
      perSecondOverall: 3,
      durationMs: 6_000,
      retryRate: 0.5,
      readRate: 0.5,
      cancelRate: 0.3,
      seed: 20261124,
    });
  }, 30_000);

  afterAll(async () => {
    // Hand the slots back for the other suites.
    await cancelSimulatedBookings({ baseUrl: process.env.API_BASE_URL! }, result?.bookings ?? []);
    await resetDbForTests();
  });

  it("makes bookings with no error, and every resent X-Request-ID gets 409 naming the booking", () => {
    const s = result.summary;
    expect(s.problems).toEqual([]);
    expect(s.errorCount).toBe(0);
    expect(s.bookings).toBeGreaterThanOrEqual(6);
    expect(s.retries).toBeGreaterThan(0);
    expect(s.retriesAnswered409).toBe(s.retries);
    expect(s.cancels).toBeGreaterThan(0);
    expect(s.documentsAccepted).toBe(s.bookings);
    // The demo seed's DoS ids are not in the assurance data set: 404, then left alone.
    expect(s.unknownDosIds.sort()).toEqual(["2000011001", "2000011002", "2000011003"]);
  });

  it("stored every booking as made, and linked each clinical report to its own booking", async () => {
    for (const b of result.bookings) {
      const appointment = await db().appointment.findUniqueOrThrow({ where: { id: b.appointmentId }, include: { patient: true } });
      expect(appointment.status).toBe(b.cancelled ? "cancelled" : "booked");
      expect(appointment.bookingOrgOds).toBe(b.service);
      expect(appointment.patient.nhsNumber).toBe(b.patient.nhsNumber);
      const documents = await db().clinicalDocument.findMany({ where: { documentId: b.documentId.toUpperCase() } });
      expect(documents).toHaveLength(1);
      // The report is sent right after the booking, so it is linked; if the simulator then cancelled the booking,
      // the report was decoupled from it and matched again: no other booking names it, so it waits for a person,
      // still naming the cancelled booking.
      const where = b.cancelled ? { state: "needs-review", reviewReason: "booking-not-active", appointmentId: null, cancelledBookingId: b.appointmentId } : { state: "linked", appointmentId: b.appointmentId };
      expect(documents[0]).toMatchObject({ ...where, nhsNumber: b.patient.nhsNumber, family: b.patient.family });
    }
    // One booking per resent request: the idempotency keys name exactly the bookings made.
    const keys = await db().idempotencyKey.findMany({ where: { appointmentId: { in: result.bookings.map((b) => b.appointmentId) }, interaction: { contains: "create" } } });
    expect(new Set(keys.map((k) => k.appointmentId)).size).toBe(result.bookings.length);
    expect(keys).toHaveLength(result.bookings.length);
  });
});
