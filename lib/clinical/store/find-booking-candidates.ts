import type { Db, Tx } from "../../db/client";
import { bookingLookupKeys, type BookingCandidate } from "../match-document";
import type { ClinicalDocument } from "../cda/types";

/**
 * The bookings a received report could belong to: those whose DocumentReference names the report's id
 * (compared without case: UUIDs arrive in either case), those the report's appointment references name
 * (our own FHIR base, or a bare id), and any booking an earlier version of the report was attached to.
 */
export async function findBookingCandidates(
  client: Db | Tx,
  doc: Pick<ClinicalDocument, "id" | "appointmentReferences">,
  options: { fhirBaseUrl?: string; previouslyLinkedIds?: string[] } = {},
): Promise<{ candidates: BookingCandidate[]; appointmentIds: string[] }> {
  const keys = bookingLookupKeys(doc, { fhirBaseUrl: options.fhirBaseUrl });
  const byDocumentRef = await client.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Appointment" WHERE UPPER("documentRefId") = ${keys.documentId}`;
  const foundBy = new Map<string, Set<BookingCandidate["foundBy"][number]>>();
  const note = (id: string, how: BookingCandidate["foundBy"][number]) => {
    const set = foundBy.get(id) ?? new Set();
    set.add(how);
    foundBy.set(id, set);
  };
  for (const r of byDocumentRef) note(r.id, "document-reference");
  for (const id of options.previouslyLinkedIds ?? []) note(id, "document-reference");
  // Ids in appointment references are compared exactly: they are our own ids, as we issued them.
  const referenced = keys.appointmentIds.length
    ? await client.appointment.findMany({ where: { id: { in: keys.appointmentIds } }, select: { id: true } })
    : [];
  for (const r of referenced) note(r.id, "appointment-reference");
  if (foundBy.size === 0) return { candidates: [], appointmentIds: keys.appointmentIds };
  const rows = await client.appointment.findMany({
    where: { id: { in: [...foundBy.keys()] } },
    select: { id: true, status: true, patient: { select: { nhsNumber: true, birthDate: true, family: true } } },
  });
  const candidates = rows.map(
    (a): BookingCandidate => ({
      bookingId: a.id,
      status: a.status,
      nhsNumber: a.patient.nhsNumber,
      birthDate: a.patient.birthDate,
      familyName: a.patient.family,
      foundBy: [...(foundBy.get(a.id) ?? [])],
    }),
  );
  return { candidates, appointmentIds: keys.appointmentIds };
}
