import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { ConsumerActor } from "../auth/actor";
import type { StoredAppointment } from "./read-appointment";
import { FACTS_SELECT, factsFrom } from "./booking-facts";

/**
 * A patient's bookings, by NHS number, as a sender searching before it cancels sees them (BaRS
 * `GET /Appointment?patient:identifier=`): those the asking organisation made, current version each, whatever
 * their state, so it sees a booking it made has been cancelled or the patient has arrived. An unidentified sender
 * sees none. The one record of the search, written before the answer is handed back.
 */
export async function appointmentsOfPatient(nhsNumber: string, actor: ConsumerActor): Promise<StoredAppointment[]> {
  const rows = actor.odsCode
    ? await db().appointment.findMany({
        where: { bookingOrgOds: actor.odsCode, patient: { nhsNumber } },
        orderBy: { start: "asc" },
        take: 100,
        select: { id: true, fhirVersion: true, ...FACTS_SELECT },
      })
    : [];
  const out: StoredAppointment[] = [];
  for (const r of rows) {
    const v = await db().appointmentVersion.findUnique({ where: { appointmentId_versionId: { appointmentId: r.id, versionId: r.fhirVersion } } });
    if (!v) continue;
    const { id, fhirVersion, ...row } = r;
    out.push({ id, versionId: fhirVersion, lastUpdated: v.createdAt, resource: JSON.parse(v.resource), standard: v.standard === "r4" ? "r4" : "stu3", booking: factsFrom(row) });
  }
  await recordAudit(actor, { action: "bars.appointment.search", entityType: "Appointment", patientNhsNumber: nhsNumber, detail: { results: out.length } });
  return out;
}
