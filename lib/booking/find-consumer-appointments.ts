import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { ConsumerActor } from "../auth/actor";

/**
 * The "Registry" search the CapabilityStatement lists but the standard never used: a patient's future active
 * bookings, only those the requesting organisation made itself (never another service's bookings). Audited.
 */
export async function findConsumerAppointments(
  q: { nhsNumber?: string; id?: string },
  actor: ConsumerActor,
  now = new Date(),
): Promise<Record<string, unknown>[]> {
  if (!actor.odsCode) return [];
  const rows = await db().appointment.findMany({
    where: {
      bookingOrgOds: actor.odsCode,
      status: "booked",
      start: { gte: now },
      ...(q.id ? { id: q.id } : {}),
      ...(q.nhsNumber ? { patient: { nhsNumber: q.nhsNumber } } : {}),
    },
    orderBy: { start: "asc" },
    take: 100,
    select: { id: true, fhirVersion: true },
  });
  const versions = await Promise.all(
    rows.map((r) => db().appointmentVersion.findUnique({ where: { appointmentId_versionId: { appointmentId: r.id, versionId: r.fhirVersion } } })),
  );
  await recordAudit(actor, { action: "fhir.appointment.search", entityType: "Appointment", patientNhsNumber: q.nhsNumber ?? null, detail: { results: rows.length, id: q.id } });
  return versions.filter((v) => v !== null).map((v) => JSON.parse(v!.resource) as Record<string, unknown>);
}
