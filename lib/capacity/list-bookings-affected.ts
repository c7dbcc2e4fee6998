/**
 * The clerk's worklist after capacity is reduced: the active bookings caught in it, with who to ring.
 * Reducing capacity never cancels a booking; the department decides whether to contact the patient.
 */
import { db, type Db, type Tx } from "../db/client";
import { phoneToRing, type PhoneToRing } from "./contact-phone";

export interface AffectedBooking {
  appointmentId: string;
  serviceId: string;
  slotId: string;
  start: Date;
  end: Date;
  /** "Olivia HARTWELL" */
  patientName: string;
  nhsNumber: string | null;
  phone: PhoneToRing | null;
  bookedBy: string | null;
}

type Where = NonNullable<Parameters<Db["appointment"]["findMany"]>[0]>["where"];

async function affected(where: Where, client: Db | Tx): Promise<AffectedBooking[]> {
  const rows = await client.appointment.findMany({
    where: { ...where, status: "booked" },
    orderBy: [{ start: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      serviceId: true,
      slotId: true,
      start: true,
      end: true,
      bookingOrgName: true,
      bookingOrgOds: true,
      source: true,
      patient: { select: { given: true, family: true, nhsNumber: true, telecomJson: true, contactJson: true } },
    },
  });
  return rows.map((a) => ({
    appointmentId: a.id,
    serviceId: a.serviceId,
    slotId: a.slotId,
    start: a.start,
    end: a.end,
    patientName: `${a.patient.given} ${a.patient.family.toUpperCase()}`,
    nhsNumber: a.patient.nhsNumber,
    phone: phoneToRing(a.patient.telecomJson, a.patient.contactJson),
    bookedBy: a.bookingOrgName ?? a.bookingOrgOds ?? (a.source === "staff" ? "ED staff" : null),
  }));
}

/** Active bookings at the service whose arrival time starts in [from, to), in time order. */
export function listBookingsAffected(serviceId: string, from: Date, to: Date, client: Db | Tx = db()): Promise<AffectedBooking[]> {
  return affected({ serviceId, start: { gte: from, lt: to } }, client);
}

/** Active bookings on these slots, in time order. */
export function bookingsOnSlots(slotIds: readonly string[], client: Db | Tx = db()): Promise<AffectedBooking[]> {
  if (slotIds.length === 0) return Promise.resolve([]);
  return affected({ activeSlotId: { in: [...slotIds] } }, client);
}
