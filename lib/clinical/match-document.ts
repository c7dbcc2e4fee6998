import { documentIdKey } from "./cda/parse-clinical-document";
import type { ClinicalDocument } from "./cda/types";

export { classifyRedelivery, incomingDocument, type IncomingDocument, type RedeliveryDecision, type StoredDocument } from "./redelivery";
export { canonicalDocumentText, documentContentHash, serializeXml } from "./document-content";

/**
 * Whether a received 111 report can be attached to a booking. A wrong link puts one patient's clinical
 * history in front of the clinician treating another, so a link is made only when it is unambiguous and
 * the demographics agree; everything else goes to a person.
 */

/** A booking the caller found for this document. */
export interface BookingCandidate {
  bookingId: string;
  /** FHIR Appointment status: only "booked" is active. */
  status: string;
  nhsNumber: string | null;
  /** "YYYY-MM-DD" */
  birthDate: string | null;
  familyName: string | null;
  /** How it was found: its DocumentReference names this document, and/or the document's appointment reference names it. */
  foundBy: Array<"document-reference" | "appointment-reference">;
}

export type Agreement = "match" | "mismatch" | "missing-in-document" | "missing-in-booking" | "missing-in-both";

export interface FieldComparison {
  document: string | null;
  booking: string | null;
  agreement: Agreement;
  /** e.g. the document's NHS number is not valid and so was not compared. */
  note?: string;
}

export interface DemographicsComparison {
  nhsNumber: FieldComparison;
  birthDate: FieldComparison;
  familyName: FieldComparison;
  /** True when the NHS numbers do not disagree and birth date and family name both match. */
  agree: boolean;
}

export type NeedsReviewReason = "multiple-candidates" | "booking-not-active" | "references-disagree" | "demographics-disagree" | "demographics-incomplete";

export type MatchDecision =
  | { state: "linked"; bookingId: string; demographics: DemographicsComparison }
  | { state: "needs-review"; reason: NeedsReviewReason; message: string; bookingIds: string[]; demographics?: DemographicsComparison }
  /** No booking yet: bookings and reports arrive in either order. The caller moves long waits to referral-without-booking. */
  | { state: "awaiting-booking" };

export const ACTIVE_BOOKING_STATUS = "booked";

/** How long a report may wait for its booking before the caller treats it as a referral without one. */
export const DEFAULT_AWAITING_BOOKING_MINUTES = 60;

export function isAwaitingTooLong(receivedAt: Date, now: Date, waitMinutes = DEFAULT_AWAITING_BOOKING_MINUTES): boolean {
  return now.getTime() - receivedAt.getTime() >= waitMinutes * 60_000;
}

/** Family names compared without case, spaces, punctuation or accents: "O'Connell-Hart" = "oconnell hart". */
export function normaliseFamilyName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

function compareField(document: string | null, booking: string | null, equal: (a: string, b: string) => boolean, note?: string): FieldComparison {
  const d = document && document.trim() ? document.trim() : null;
  const b = booking && booking.trim() ? booking.trim() : null;
  const agreement: Agreement = d && b ? (equal(d, b) ? "match" : "mismatch") : d ? "missing-in-booking" : b ? "missing-in-document" : "missing-in-both";
  return { document: d, booking: b, agreement, ...(note ? { note } : {}) };
}

const digits = (s: string) => s.replace(/\D/g, "");

/** Field by field, for the side-by-side review screen and for the linking rule. */
export function compareDemographics(document: Pick<ClinicalDocument, "patient">, booking: Pick<BookingCandidate, "nhsNumber" | "birthDate" | "familyName">): DemographicsComparison {
  const nhs = document.patient?.nhsNumber ?? null;
  // A placeholder or bad-check-digit number in the report is shown but never compared.
  const nhsComparison = nhs?.problem
    ? { ...compareField(null, booking.nhsNumber, () => false), document: nhs.value, note: `The report's NHS number is not valid (${nhs.problem}) and was not compared` }
    : compareField(nhs?.value ?? null, booking.nhsNumber, (a, b) => digits(a) === digits(b));
  const birthDate = compareField(document.patient?.birthDate ?? null, booking.birthDate, (a, b) => a === b);
  const familyName = compareField(document.patient?.name?.family ?? null, booking.familyName, (a, b) => {
    const na = normaliseFamilyName(a);
    return na !== "" && na === normaliseFamilyName(b);
  });
  const agree = nhsComparison.agreement !== "mismatch" && birthDate.agreement === "match" && familyName.agreement === "match";
  return { nhsNumber: nhsComparison, birthDate, familyName, agree };
}

/**
 * What to look bookings up by: their DocumentReference identifier (compare upper-cased, see documentIdKey)
 * and the Appointment ids the report's appointment references name. With `fhirBaseUrl`, an Appointment URL
 * counts only when it is under our own FHIR base (another provider's Appointment is not ours to link);
 * bare ids, which some senders use instead of a URL, are kept: the demographic check still guards them.
 */
export function bookingLookupKeys(doc: Pick<ClinicalDocument, "id" | "appointmentReferences">, options: { fhirBaseUrl?: string } = {}) {
  const base = options.fhirBaseUrl?.replace(/\/+$/, "").toLowerCase();
  const appointmentIds = doc.appointmentReferences
    .filter((r) => r.appointmentId && (!r.url || !base || r.url.toLowerCase().startsWith(`${base}/appointment/`)))
    .map((r) => r.appointmentId!);
  return { documentId: documentIdKey(doc.id.root), appointmentIds: [...new Set(appointmentIds)] };
}

/** Merges candidates found more than once (by document reference and by appointment reference). */
function distinct(candidates: BookingCandidate[]): BookingCandidate[] {
  const byId = new Map<string, BookingCandidate>();
  for (const c of candidates) {
    const seen = byId.get(c.bookingId);
    byId.set(c.bookingId, seen ? { ...seen, foundBy: [...new Set([...seen.foundBy, ...c.foundBy])] } : c);
  }
  return [...byId.values()];
}

/** Exactly one state for a received report, given the bookings found for it. */
export function matchDocument(document: Pick<ClinicalDocument, "patient">, candidates: BookingCandidate[]): MatchDecision {
  const all = distinct(candidates);
  if (all.length === 0) return { state: "awaiting-booking" };
  const active = all.filter((c) => c.status === ACTIVE_BOOKING_STATUS);
  const ids = all.map((c) => c.bookingId);

  if (active.length > 1) {
    return { state: "needs-review", reason: "multiple-candidates", message: `${active.length} active bookings could belong to this report`, bookingIds: active.map((c) => c.bookingId) };
  }
  if (active.length === 0) {
    return { state: "needs-review", reason: "booking-not-active", message: "The only bookings found for this report are no longer active", bookingIds: ids };
  }
  const [booking] = active;
  const pointedElsewhere = all.some((c) => c !== booking && c.foundBy.includes("appointment-reference"));
  if (pointedElsewhere) {
    return { state: "needs-review", reason: "references-disagree", message: "The report's appointment reference names a different booking from the one that names the report", bookingIds: ids };
  }
  const demographics = compareDemographics(document, booking);
  if (demographics.agree) return { state: "linked", bookingId: booking.bookingId, demographics };
  const disagree = [demographics.nhsNumber, demographics.birthDate, demographics.familyName].some((f) => f.agreement === "mismatch");
  return disagree
    ? { state: "needs-review", reason: "demographics-disagree", message: "The patient in the report and in the booking differ", bookingIds: [booking.bookingId], demographics }
    : { state: "needs-review", reason: "demographics-incomplete", message: "Birth date or family name is missing, so the patient cannot be confirmed", bookingIds: [booking.bookingId], demographics };
}
