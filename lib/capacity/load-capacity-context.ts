/**
 * Loads what the limits engine (`limits.ts`) needs for one service at one instant. Pass the transaction
 * client when booking, so the counts are read after the service row is locked and commit with the booking.
 */
import { db, type Db, type Tx } from "../db/client";
import { NotFound } from "../errors";
import { countingWindowStart, patientKey, type CapacityContext } from "./limits";

export async function loadCapacityContext(serviceId: string, now: Date, client: Db | Tx = db()): Promise<CapacityContext> {
  const [service, suspensions, quotas, bookings] = await Promise.all([
    client.healthcareService.findUnique({
      where: { id: serviceId },
      select: { minNoticeMinutes: true, maxAheadHours: true, capPerHour: true, capPerDay: true },
    }),
    client.suspension.findMany({
      where: { serviceId, endsAt: { gt: now } },
      select: { id: true, startsAt: true, endsAt: true, liftedAt: true, reason: true },
    }),
    client.consumerQuota.findMany({ where: { serviceId }, select: { odsCode: true, perHour: true, perDay: true } }),
    // Only active bookings count; the (serviceId, start) index serves the range.
    client.appointment.findMany({
      where: { serviceId, start: { gte: countingWindowStart(now) }, status: "booked" },
      select: {
        start: true,
        bookingOrgOds: true,
        slotId: true,
        patient: { select: { nhsNumber: true, family: true, birthDate: true } },
      },
    }),
  ]);
  if (!service) throw new NotFound("Service not found");
  return {
    now,
    limits: service,
    suspensions,
    quotas: quotas.map((q) => ({ orgOds: q.odsCode, perHour: q.perHour, perDay: q.perDay })),
    bookings: bookings.map((b) => ({
      start: b.start,
      status: "booked" as const,
      orgOds: b.bookingOrgOds,
      patient: patientKey(b.patient),
      slotId: b.slotId,
    })),
  };
}
