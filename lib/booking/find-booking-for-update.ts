import { db } from "../db/client";

export interface BookingForUpdate {
  id: string;
  serviceId: string;
  fhirVersion: number;
  /** booked | cancelled | entered-in-error */
  status: string;
  /** expected | arrived | did-not-attend */
  edStatus: string;
  start: Date;
  end: Date;
  slotId: string;
  createdAt: Date;
  lastUpdated: Date;
  bookingOrgOds: string | null;
  patient: { localId: string; nhsNumber: string | null; family: string; given: string; birthDate: string; gender: string };
  current: { standard: "stu3" | "r4"; resource: Record<string, unknown> };
}

/**
 * A booking as a door needs it to check an update a consumer sent (who the patient is, what state it is in, the
 * current version) before handing the update to the cancellation use case, which re-checks the version under its
 * lock. No record is shown to anyone, so nothing is audited here; the update itself is.
 */
export async function findBookingForUpdate(id: string): Promise<BookingForUpdate | null> {
  const appt = await db().appointment.findUnique({
    where: { id },
    select: {
      id: true, serviceId: true, fhirVersion: true, status: true, edStatus: true, start: true, end: true, slotId: true, createdAt: true, lastUpdated: true, bookingOrgOds: true,
      patient: { select: { localId: true, nhsNumber: true, family: true, given: true, birthDate: true, gender: true } },
    },
  });
  if (!appt) return null;
  const version = await db().appointmentVersion.findUnique({ where: { appointmentId_versionId: { appointmentId: id, versionId: appt.fhirVersion } }, select: { resource: true, standard: true } });
  if (!version) return null;
  return { ...appt, current: { standard: version.standard === "r4" ? "r4" : "stu3", resource: JSON.parse(version.resource) } };
}
