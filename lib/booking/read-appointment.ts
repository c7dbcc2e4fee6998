import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { ConsumerActor } from "../auth/actor";
import { NotFound } from "../errors";

export interface StoredAppointment {
  id: string;
  versionId: number;
  lastUpdated: Date;
  resource: Record<string, unknown>;
}

/**
 * A consumer reads a booking (the current version, or a given one). Audited with the consumer's provenance.
 * Unknown ids and unknown versions are NotFound.
 */
export async function readAppointment(id: string, actor: ConsumerActor, versionId?: number): Promise<StoredAppointment> {
  const appt = await db().appointment.findUnique({ where: { id }, select: { id: true, fhirVersion: true, patient: { select: { nhsNumber: true } } } });
  if (!appt) throw new NotFound(`No Appointment with id ${id}`);
  const wanted = versionId ?? appt.fhirVersion;
  const version = await db().appointmentVersion.findUnique({ where: { appointmentId_versionId: { appointmentId: id, versionId: wanted } } });
  if (!version) throw new NotFound(`Appointment ${id} has no version ${wanted}`);
  await recordAudit(actor, { action: "fhir.appointment.read", entityType: "Appointment", entityId: id, patientNhsNumber: appt.patient.nhsNumber, detail: { versionId: wanted } });
  return { id, versionId: version.versionId, lastUpdated: version.createdAt, resource: JSON.parse(version.resource) };
}
