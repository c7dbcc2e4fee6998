import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { ConsumerActor } from "../auth/actor";
import { NotFound } from "../errors";
import { FACTS_SELECT, factsFrom, type BookingFacts } from "./booking-facts";

export interface StoredAppointment {
  id: string;
  versionId: number;
  lastUpdated: Date;
  resource: Record<string, unknown>;
  /** The standard the stored version is written in: a door serving the other standard writes its own from `booking`. */
  standard: "stu3" | "r4";
  booking: BookingFacts;
}

export type { BookingFacts };

/**
 * A consumer reads a booking: the current version, or the one asked for (a history read). Unknown ids and
 * unknown versions are NotFound.
 *
 * This is the one record of the view: every view of a patient's record is audited, with the consumer's
 * provenance and the patient's NHS number, and before the record is handed back, so a view whose record
 * cannot be written is not shown. A door records only the requests that were refused.
 */
export async function readAppointment(id: string, actor: ConsumerActor, versionId?: number): Promise<StoredAppointment> {
  const appt = await db().appointment.findUnique({ where: { id }, select: { id: true, fhirVersion: true, ...FACTS_SELECT } });
  if (!appt) throw new NotFound(`No Appointment with id ${id}`);
  const wanted = versionId ?? appt.fhirVersion;
  const version = await db().appointmentVersion.findUnique({ where: { appointmentId_versionId: { appointmentId: id, versionId: wanted } } });
  if (!version) throw new NotFound(`Appointment ${id} has no version ${wanted}`);
  await recordAudit(actor, {
    action: "fhir.appointment.read",
    entityType: "Appointment",
    entityId: id,
    patientNhsNumber: appt.patient.nhsNumber,
    detail: { versionId: wanted, ...(versionId !== undefined ? { history: true } : {}) },
  });
  const { id: _id, fhirVersion: _v, ...row } = appt;
  const booking = factsFrom(row);
  return { id, versionId: version.versionId, lastUpdated: version.createdAt, resource: JSON.parse(version.resource), standard: version.standard === "r4" ? "r4" : "stu3", booking };
}
