import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { ConsumerActor } from "../auth/actor";
import { now as clockNow } from "../time/clock";
import { FACTS_SELECT, factsFrom } from "./booking-facts";
import type { StoredAppointment } from "./read-appointment";

/**
 * The "Registry" search the CapabilityStatement lists but the standard never used: a patient's future active
 * bookings, only those the requesting organisation made itself (never another service's bookings).
 *
 * This is the one record of the search, written before the answer is handed back (what a door records is only
 * a refused request). It names the patient searched for, or, for a search by booking id, the patient found, so
 * the view turns up in a search of that patient's audit trail.
 */
export async function findConsumerAppointments(
  q: { nhsNumber?: string; id?: string },
  actor: ConsumerActor,
  now = clockNow(),
): Promise<StoredAppointment[]> {
  const rows = actor.odsCode
    ? await db().appointment.findMany({
        where: {
          bookingOrgOds: actor.odsCode,
          status: "booked",
          start: { gte: now },
          ...(q.id ? { id: q.id } : {}),
          ...(q.nhsNumber ? { patient: { nhsNumber: q.nhsNumber } } : {}),
        },
        orderBy: { start: "asc" },
        take: 100,
        select: { id: true, fhirVersion: true, ...FACTS_SELECT },
      })
    : [];
  const versions = await Promise.all(
    rows.map((r) => db().appointmentVersion.findUnique({ where: { appointmentId_versionId: { appointmentId: r.id, versionId: r.fhirVersion } } })),
  );
  const found = [...new Set(rows.map((r) => r.patient.nhsNumber).filter((n): n is string => !!n))];
  const patientNhsNumber = q.nhsNumber ?? (found.length === 1 ? found[0] : null);
  await recordAudit(actor, { action: "fhir.appointment.search", entityType: "Appointment", patientNhsNumber, detail: { results: rows.length, id: q.id } });
  const out: StoredAppointment[] = [];
  rows.forEach((r, i) => {
    const v = versions[i];
    if (!v) return;
    const { id, fhirVersion, ...row } = r;
    out.push({ id, versionId: fhirVersion, lastUpdated: v.createdAt, resource: JSON.parse(v.resource), standard: v.standard === "r4" ? "r4" : "stu3", booking: factsFrom(row) });
  });
  return out;
}
