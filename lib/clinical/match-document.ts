import { documentIdKey } from "./cda/parse-clinical-document";
import type { ClinicalDocument } from "./cda/types";
import { compareFamilyNames, compareGivenNames, normaliseName, type NameComparison, type NameLevel } from "./match-names";

export { classifyRedelivery, incomingDocument, type IncomingDocument, type RedeliveryDecision, type StoredDocument } from "./redelivery";
export { canonicalDocumentText, documentContentHash, serializeXml } from "./document-content";

/**
 * Whether a received 111 report can be attached to a booking. A wrong link puts one patient's clinical
 * history in front of the clinician treating another, so a link is made only when it is unambiguous and
 * the demographics agree; everything else goes to a person.
 *
 * One matcher for every source of reports (ITK, a clerk's upload, the re-match after a booking or a
 * cancellation): `matchDocument` is a pure function of the report's patient and the bookings the caller
 * found, so each source finds bookings its own way and all decide alike.
 */

/** How a candidate was found. Only the first two can be linked; a look-alike is there to be compared with. */
export type FoundBy = "document-reference" | "appointment-reference" | "same-patient-details";

/** A booking the caller found for this document. */
export interface BookingCandidate {
  bookingId: string;
  /** FHIR Appointment status: only "booked" is active. */
  status: string;
  nhsNumber: string | null;
  /** "YYYY-MM-DD" */
  birthDate: string | null;
  familyName: string | null;
  /** As the booking holds it: all given names, space separated. */
  givenName: string | null;
  /** FHIR administrative gender: male | female | other | unknown. */
  gender: string | null;
  /**
   * How it was found: its DocumentReference names this document, and/or the document's appointment reference
   * names it, or it is another open booking whose patient looks like the report's (findBookingCandidates).
   */
  foundBy: FoundBy[];
}

/** What the matcher reads of the report's patient: a CDA recordTarget, or the same fields from another source. */
export interface MatchPatient {
  nhsNumber: { value: string; problem: string | null } | null;
  nhsNumberConflict?: boolean;
  birthDate: string | null;
  name: { given: string[]; family: string | null } | null;
  gender: { value: "male" | "female" | "not-specified" | "not-known" | null; display?: string | null };
}

export type Agreement = "match" | "mismatch" | "missing-in-document" | "missing-in-booking" | "missing-in-both";

export interface FieldComparison {
  document: string | null;
  booking: string | null;
  agreement: Agreement;
  /** For a name that matches: how closely (see match-names.ts). */
  level?: NameLevel;
  /** e.g. the document's NHS number is not valid and so was not compared. */
  note?: string;
}

export interface DemographicsComparison {
  nhsNumber: FieldComparison;
  birthDate: FieldComparison;
  familyName: FieldComparison;
  givenName: FieldComparison;
  sex: FieldComparison;
  /**
   * True when these details alone are enough to attach the report: nothing disagrees, birth date and family
   * name match, the given name matches (or both NHS numbers do when it is missing), and the report has an NHS
   * number whenever the booking has one. A weak match (`strength` "weak") still needs no rival (matchDocument).
   */
  agree: boolean;
  /** How strongly the names agree when `agree`: "exact" links alone; "tolerant" and "weak" only without a rival. */
  strength: MatchStrength | null;
  /** When `agree` is false, why: the review reason and words for the reviewer. */
  problem: DemographicsProblem | null;
}

export interface DemographicsProblem {
  reason: "demographics-disagree" | "demographics-incomplete";
  message: string;
}

export type MatchStrength = "exact" | "tolerant" | "weak";

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
export const normaliseFamilyName = normaliseName;

const present = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);

function agreementOf(d: string | null, b: string | null, equal: boolean): Agreement {
  return d && b ? (equal ? "match" : "mismatch") : d ? "missing-in-booking" : b ? "missing-in-document" : "missing-in-both";
}

function compareField(document: string | null, booking: string | null, equal: (a: string, b: string) => boolean, note?: string): FieldComparison {
  const d = present(document);
  const b = present(booking);
  return { document: d, booking: b, agreement: agreementOf(d, b, !!d && !!b && equal(d, b)), ...(note ? { note } : {}) };
}

function compareNames(document: string | null, booking: string | null, compare: (a: string, b: string) => NameComparison): FieldComparison {
  const d = present(document);
  const b = present(booking);
  const c = d && b ? compare(d, b) : null;
  return { document: d, booking: b, agreement: agreementOf(d, b, c?.agree === true), ...(c?.agree ? { level: c.level } : {}) };
}

/** Sex is compared only when both sides say male or female; "not known", "not specified" and "other" cannot disagree. */
const COMPARABLE_SEX = new Set(["male", "female"]);

function compareSex(document: MatchPatient["gender"] | undefined, booking: string | null): FieldComparison {
  const d = document?.value ?? null;
  const b = present(booking);
  const field = compareField(d && COMPARABLE_SEX.has(d) ? d : null, b && COMPARABLE_SEX.has(b) ? b : null, (x, y) => x === y);
  const uncompared = [d && !COMPARABLE_SEX.has(d) ? `the report says "${document?.display ?? d}"` : null, b && !COMPARABLE_SEX.has(b) ? `the booking says "${b}"` : null].filter(Boolean);
  return { ...field, document: d, booking: b, ...(uncompared.length ? { note: `Sex not compared: ${uncompared.join(" and ")}` } : {}) };
}

const digits = (s: string) => s.replace(/\D/g, "");

type BookingPatient = Pick<BookingCandidate, "nhsNumber" | "birthDate" | "familyName" | "givenName" | "gender">;

/** A stored booking's patient as the matcher reads it. */
export function bookingPatient(p: { nhsNumber: string | null; birthDate: string; family: string; given: string; gender: string }): BookingPatient {
  return { nhsNumber: p.nhsNumber, birthDate: p.birthDate, familyName: p.family, givenName: p.given, gender: p.gender };
}

const STRENGTH_OF: Record<NameLevel, MatchStrength> = { exact: "exact", tolerant: "tolerant", "first-name": "weak", initial: "weak" };
const STRENGTH_RANK: Record<MatchStrength, number> = { exact: 3, tolerant: 2, weak: 1 };

/** Field by field, for the side-by-side review screen and for the linking rule. */
export function compareDemographics(document: { patient: MatchPatient | null }, booking: BookingPatient): DemographicsComparison {
  const p = document.patient;
  const nhs = p?.nhsNumber ?? null;
  // A placeholder or bad-check-digit number in the report is shown but never compared.
  const nhsNumber = nhs?.problem
    ? { ...compareField(null, booking.nhsNumber, () => false), document: nhs.value, note: `The report's NHS number is not valid (${nhs.problem}) and was not compared` }
    : compareField(nhs?.value ?? null, booking.nhsNumber, (a, b) => digits(a) === digits(b));
  const birthDate = compareField(p?.birthDate ?? null, booking.birthDate, (a, b) => a === b);
  const familyName = compareNames(p?.name?.family ?? null, booking.familyName, compareFamilyNames);
  const givenName = compareNames(p?.name?.given.join(" ") ?? null, booking.givenName, compareGivenNames);
  const sex = compareSex(p?.gender, booking.gender);
  const fields = { nhsNumber, birthDate, familyName, givenName, sex };

  const problem = linkingProblem(fields, p?.nhsNumberConflict === true);
  if (problem) return { ...fields, agree: false, strength: null, problem };
  // With no given name to compare (allowed only when both NHS numbers match) the names confirm little.
  const strengths = givenName.level ? [STRENGTH_OF[familyName.level!], STRENGTH_OF[givenName.level]] : ["weak" as const];
  const strength = strengths.reduce((a, b) => (STRENGTH_RANK[b] < STRENGTH_RANK[a] ? b : a));
  return { ...fields, agree: true, strength, problem: null };
}

type Fields = Pick<DemographicsComparison, "nhsNumber" | "birthDate" | "familyName" | "givenName" | "sex">;

function linkingProblem(f: Fields, nhsNumberConflict: boolean): DemographicsProblem | null {
  const differ = ([["NHS number", f.nhsNumber], ["birth date", f.birthDate], ["family name", f.familyName], ["given name", f.givenName], ["sex", f.sex]] as const)
    .filter(([, c]) => c.agreement === "mismatch")
    .map(([label]) => label);
  const disagree = (message: string): DemographicsProblem => ({ reason: "demographics-disagree", message });
  const incomplete = (message: string): DemographicsProblem => ({ reason: "demographics-incomplete", message });
  if (differ.length) return disagree(`The patient in the report and in the booking differ: ${differ.join(", ")}`);
  if (nhsNumberConflict) return disagree("The report carries two different NHS numbers");
  if (f.birthDate.agreement !== "match" || f.familyName.agreement !== "match") return incomplete("Birth date or family name is missing, so the patient cannot be confirmed");
  // Name and birth date are what twins share: a booking with an NHS number needs the report's to match it.
  if (f.nhsNumber.agreement === "missing-in-document") return incomplete("The report has no usable NHS number but the booking has one: name and birth date alone cannot confirm the patient");
  if (f.givenName.agreement !== "match" && f.nhsNumber.agreement !== "match") return incomplete("The given name is missing, so the patient cannot be confirmed");
  return null;
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

const isActive = (c: BookingCandidate) => c.status === ACTIVE_BOOKING_STATUS;
const nhsRank = (d: DemographicsComparison) => (d.nhsNumber.agreement === "match" ? 1 : 0);

/** A rival matches the report at least as well as the chosen booking: as good an NHS number match, then names. */
function atLeastAsGood(rival: DemographicsComparison, chosen: DemographicsComparison): boolean {
  if (nhsRank(rival) !== nhsRank(chosen)) return nhsRank(rival) > nhsRank(chosen);
  return STRENGTH_RANK[rival.strength!] >= STRENGTH_RANK[chosen.strength!];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Exactly one state for a received report, given the bookings found for it. Only a booking found by a reference
 * (its DocumentReference, or the report's appointment reference) can be linked; open look-alikes (same birth date
 * and family name, or NHS number) are rivals: an exact match links whatever they are, a tolerant or weak one only
 * when none of them matches as well, and a reviewer is shown those that match.
 */
export function matchDocument(document: { patient: MatchPatient | null }, candidates: BookingCandidate[]): MatchDecision {
  const all = distinct(candidates);
  const found = all.filter((c) => c.foundBy.some((f) => f !== "same-patient-details"));
  if (found.length === 0) return { state: "awaiting-booking" };
  const lookalikes = all.filter((c) => !found.includes(c) && isActive(c));
  const alike = lookalikes.filter((c) => compareDemographics(document, c).agree).map((c) => c.bookingId);
  const active = found.filter(isActive);
  const ids = found.map((c) => c.bookingId);

  if (active.length > 1) {
    return { state: "needs-review", reason: "multiple-candidates", message: `${active.length} active bookings could belong to this report`, bookingIds: [...active.map((c) => c.bookingId), ...alike] };
  }
  if (active.length === 0) {
    return { state: "needs-review", reason: "booking-not-active", message: "The only bookings found for this report are no longer active", bookingIds: [...ids, ...alike] };
  }
  const [booking] = active;
  const pointedElsewhere = found.some((c) => c !== booking && c.foundBy.includes("appointment-reference"));
  if (pointedElsewhere) {
    return { state: "needs-review", reason: "references-disagree", message: "The report's appointment reference names a different booking from the one that names the report", bookingIds: [...ids, ...alike] };
  }
  const demographics = compareDemographics(document, booking);
  if (demographics.problem) {
    const others = alike.length ? `. ${plural(alike.length, "other open booking matches", "other open bookings match")} the report's patient: compare them` : "";
    return { state: "needs-review", reason: demographics.problem.reason, message: demographics.problem.message + others, bookingIds: [booking.bookingId, ...alike], demographics };
  }
  if (demographics.strength === "exact") return { state: "linked", bookingId: booking.bookingId, demographics };
  const rivals = lookalikes.filter((c) => {
    const d = compareDemographics(document, c);
    return d.agree && atLeastAsGood(d, demographics);
  });
  if (rivals.length === 0) return { state: "linked", bookingId: booking.bookingId, demographics };
  const how = demographics.strength === "weak" ? "only by an initial or part of the given name" : "only once differences in spelling are ignored";
  return {
    state: "needs-review",
    reason: "multiple-candidates",
    message: `The report's patient matches ${rivals.length + 1} open bookings, this one ${how}: check which booking it belongs to`,
    bookingIds: [booking.bookingId, ...rivals.map((c) => c.bookingId)],
    demographics,
  };
}
