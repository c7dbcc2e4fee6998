import type { Db, Tx } from "../../db/client";
import { ACTIVE_BOOKING_STATUS, bookingLookupKeys, normaliseFamilyName, type BookingCandidate, type FoundBy, type MatchPatient } from "../match-document";
import type { ClinicalDocument } from "../cda/types";
import { now as clockNow } from "../../time/clock";

/** Open bookings that count as rivals: those from a day ago (the patient may be in the department) to a week ahead. */
export const LOOKALIKE_WINDOW = { hoursBefore: 24, hoursAfter: 7 * 24 };

const PATIENT_SELECT = { nhsNumber: true, birthDate: true, family: true, given: true, gender: true } as const;

function candidate(a: { id: string; status: string; patient: { nhsNumber: string | null; birthDate: string; family: string; given: string; gender: string } }, foundBy: FoundBy[]): BookingCandidate {
  return {
    bookingId: a.id,
    status: a.status,
    nhsNumber: a.patient.nhsNumber,
    birthDate: a.patient.birthDate,
    familyName: a.patient.family,
    givenName: a.patient.given,
    gender: a.patient.gender,
    foundBy,
  };
}

/**
 * The bookings a received report could belong to: those whose DocumentReference names the report's id
 * (compared without case: UUIDs arrive in either case), those the report's appointment references name
 * (our own FHIR base, or a bare id), and any booking an earlier version of the report was attached to.
 * Then, as rivals for matchDocument, the other open bookings whose patient looks like the report's
 * (findLookalikeBookings): twins share a family name and birth date, and a report must not land on the
 * one its reference happens to name when the other fits it as well.
 */
export async function findBookingCandidates(
  client: Db | Tx,
  doc: Pick<ClinicalDocument, "id" | "appointmentReferences"> & { patient?: MatchPatient | null },
  options: { fhirBaseUrl?: string; previouslyLinkedIds?: string[]; now?: Date } = {},
): Promise<{ candidates: BookingCandidate[]; appointmentIds: string[] }> {
  const keys = bookingLookupKeys(doc, { fhirBaseUrl: options.fhirBaseUrl });
  const byDocumentRef = await client.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Appointment" WHERE UPPER("documentRefId") = ${keys.documentId}`;
  const foundBy = new Map<string, Set<FoundBy>>();
  const note = (id: string, how: FoundBy) => {
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
    select: { id: true, status: true, patient: { select: PATIENT_SELECT } },
  });
  const found = rows.map((a) => candidate(a, [...(foundBy.get(a.id) ?? [])]));
  const lookalikes = doc.patient ? await findLookalikeBookings(client, doc.patient, options.now ?? clockNow(), [...foundBy.keys()]) : [];
  return { candidates: [...found, ...lookalikes], appointmentIds: keys.appointmentIds };
}

/**
 * Open bookings in LOOKALIKE_WINDOW whose patient has the report's usable NHS number, or its birth date and
 * family name (compared as the matcher compares them: without case, accents, spaces or punctuation).
 */
export async function findLookalikeBookings(client: Db | Tx, patient: MatchPatient, now: Date, excludeIds: string[] = []): Promise<BookingCandidate[]> {
  const nhs = patient.nhsNumber && !patient.nhsNumber.problem ? patient.nhsNumber.value : null;
  const family = patient.name?.family ? normaliseFamilyName(patient.name.family) : "";
  const byDetails = patient.birthDate && family ? [{ patient: { birthDate: patient.birthDate } }] : [];
  const byNhs = nhs ? [{ patient: { nhsNumber: nhs } }] : [];
  if (!byDetails.length && !byNhs.length) return [];
  const rows = await client.appointment.findMany({
    where: {
      status: ACTIVE_BOOKING_STATUS,
      id: { notIn: excludeIds },
      start: { gte: new Date(now.getTime() - LOOKALIKE_WINDOW.hoursBefore * 3600_000), lte: new Date(now.getTime() + LOOKALIKE_WINDOW.hoursAfter * 3600_000) },
      OR: [...byDetails, ...byNhs],
    },
    select: { id: true, status: true, patient: { select: PATIENT_SELECT } },
    orderBy: { start: "asc" },
    take: 50,
  });
  return rows
    .filter((a) => (nhs !== null && a.patient.nhsNumber === nhs) || (a.patient.birthDate === patient.birthDate && normaliseFamilyName(a.patient.family) === family))
    .map((a) => candidate(a, ["same-patient-details"]));
}
