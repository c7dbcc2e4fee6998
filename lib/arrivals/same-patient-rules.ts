import { bookingPatient, compareDemographics, normaliseFamilyName, type DemographicsComparison, type FieldComparison, type MatchPatient } from "../clinical/match-document";
import { isVerifiedStatus, nhsNumberProblem } from "../nhs/nhs-number";

/**
 * One patient across two doors (HAZ-140). The same person may be booked or referred by 111 through the UEC Booking
 * Standard (STU3) and through BaRS (R4): each booking carries its own copy of the patient. Two bookings are shown as
 * one patient only when both NHS numbers were sent as verified, are the same usable number, and the other details
 * agree by the one matcher's rules (compareDemographics, lib/clinical/match-document.ts). Anything less (a number
 * not verified on either side, no number, a detail that differs) is a possible match: shown with the evidence for
 * a person to confirm or reject, never merged by the system. Nothing is merged in the database either way: each
 * booking keeps its own patient, summary and history; "one patient" links the bookings on screen.
 */

export interface PairPatient {
  nhsNumber: string | null;
  nhsNumberStatus: string | null;
  birthDate: string;
  family: string;
  given: string;
  /** FHIR administrative gender. */
  gender: string;
}

export type MatchDecisionKind = "same-patient" | "different-patients";

export interface LiveMatchDecision {
  id: string;
  bookingAId: string;
  bookingBId: string;
  decision: MatchDecisionKind | string;
  decidedByName: string;
  decidedAt: Date;
}

export type PairLink =
  /** Verified NHS numbers match and nothing else differs: one patient, shown as such without anyone deciding. */
  | { state: "same-patient"; how: "verified-nhs-number"; evidence: DemographicsComparison }
  /** A person compared the two and confirmed they are one patient. */
  | { state: "same-patient"; how: "confirmed"; decision: LiveMatchDecision; evidence: DemographicsComparison }
  /** They look alike but the system cannot tell: a person is to compare them. */
  | { state: "possible-match"; evidence: DemographicsComparison }
  /** A person compared the two and said they are different patients. */
  | { state: "different-patients"; decision: LiveMatchDecision; evidence: DemographicsComparison };

/** A booking's patient as the matcher reads a report's patient: an unusable NHS number is shown, never compared. */
export function asMatchPatient(p: PairPatient): MatchPatient {
  const gender = p.gender === "male" || p.gender === "female" ? p.gender : p.gender === "unknown" ? "not-known" : null;
  return {
    nhsNumber: p.nhsNumber ? { value: p.nhsNumber, problem: nhsNumberProblem(p.nhsNumber) } : null,
    birthDate: p.birthDate || null,
    name: { given: p.given.split(/\s+/).filter(Boolean), family: p.family || null },
    gender: { value: gender, display: p.gender },
  };
}

const usableNhs = (p: PairPatient) => (p.nhsNumber && !nhsNumberProblem(p.nhsNumber) ? p.nhsNumber.replace(/\D/g, "") : null);

/**
 * The keys under which two patients are worth comparing, as the matcher's look-alike search finds rivals
 * (findLookalikeBookings): the same usable NHS number, or the same birth date and family name (compared without
 * case, accents, spaces or punctuation).
 */
export function lookAlikeKeys(p: PairPatient): string[] {
  const nhs = usableNhs(p);
  const family = p.family ? normaliseFamilyName(p.family) : "";
  return [...(nhs ? [`nhs:${nhs}`] : []), ...(p.birthDate && family ? [`born:${p.birthDate}|${family}`] : [])];
}

export function looksAlike(a: PairPatient, b: PairPatient): boolean {
  const keys = new Set(lookAlikeKeys(a));
  return lookAlikeKeys(b).some((k) => keys.has(k));
}

/** Field by field, with the matcher's rules: `a` in the place of the report, `b` of the booking. */
export function compareBookingPatients(a: PairPatient, b: PairPatient): DemographicsComparison {
  return compareDemographics({ patient: asMatchPatient(a) }, bookingPatient(b));
}

/**
 * Both numbers verified, usable and the same, and the matcher finds nothing that differs or is missing, with names
 * that agree exactly or once spelling differences are ignored (an initial alone is left to a person).
 */
export function verifiedSamePatient(a: PairPatient, b: PairPatient, evidence = compareBookingPatients(a, b)): boolean {
  const na = usableNhs(a);
  return !!na && na === usableNhs(b) && isVerifiedStatus(a.nhsNumberStatus) && isVerifiedStatus(b.nhsNumberStatus) && evidence.agree && evidence.strength !== "weak" && evidence.nhsNumber.agreement === "match";
}

/** Two verified, usable NHS numbers that differ: two people (twins share a birth date and family name), never a match. */
export function verifiedDifferent(a: PairPatient, b: PairPatient): boolean {
  const [na, nb] = [usableNhs(a), usableNhs(b)];
  return !!na && !!nb && na !== nb && isVerifiedStatus(a.nhsNumberStatus) && isVerifiedStatus(b.nhsNumberStatus);
}

/**
 * How two bookings' patients relate, or null when they do not look alike and nobody decided about them. A person's
 * decision settles a possible match; it never turns a verified match into two patients (no such choice is offered).
 */
export function classifyPair(a: PairPatient, b: PairPatient, decision: LiveMatchDecision | null): PairLink | null {
  if (!decision && (!looksAlike(a, b) || verifiedDifferent(a, b))) return null;
  const evidence = compareBookingPatients(a, b);
  if (verifiedSamePatient(a, b, evidence)) return { state: "same-patient", how: "verified-nhs-number", evidence };
  if (decision?.decision === "same-patient") return { state: "same-patient", how: "confirmed", decision, evidence };
  if (decision?.decision === "different-patients") return { state: "different-patients", decision, evidence };
  return { state: "possible-match", evidence };
}

/** The pair's key in PatientMatchDecision: the smaller booking id first. */
export function orderedPair(x: string, y: string): { bookingAId: string; bookingBId: string } {
  return x < y ? { bookingAId: x, bookingBId: y } : { bookingAId: y, bookingBId: x };
}

/**
 * Every related pair among a set of bookings (each found once), by look-alike keys and by live decisions, without
 * comparing every booking with every other.
 */
export function linkBookings<T extends { id: string; patient: PairPatient }>(bookings: T[], decisions: LiveMatchDecision[]): Map<string, { other: T; link: PairLink }[]> {
  const byKey = new Map<string, T[]>();
  for (const b of bookings) for (const k of lookAlikeKeys(b.patient)) byKey.set(k, [...(byKey.get(k) ?? []), b]);
  const byId = new Map(bookings.map((b) => [b.id, b]));
  const decisionOf = new Map(decisions.map((d) => [`${d.bookingAId}|${d.bookingBId}`, d]));
  const pairs = new Map<string, [T, T]>();
  const add = (x: T, y: T) => {
    const { bookingAId, bookingBId } = orderedPair(x.id, y.id);
    pairs.set(`${bookingAId}|${bookingBId}`, [byId.get(bookingAId)!, byId.get(bookingBId)!]);
  };
  for (const group of byKey.values()) for (let i = 0; i < group.length; i++) for (let j = i + 1; j < group.length; j++) add(group[i], group[j]);
  for (const d of decisions) if (byId.has(d.bookingAId) && byId.has(d.bookingBId)) add(byId.get(d.bookingAId)!, byId.get(d.bookingBId)!);
  const out = new Map<string, { other: T; link: PairLink }[]>();
  for (const [key, [x, y]] of pairs) {
    const link = classifyPair(x.patient, y.patient, decisionOf.get(key) ?? null);
    if (!link) continue;
    out.set(x.id, [...(out.get(x.id) ?? []), { other: y, link }]);
    out.set(y.id, [...(out.get(y.id) ?? []), { other: x, link }]);
  }
  return out;
}

const FIELD_LABEL = { nhsNumber: "NHS number", birthDate: "Birth date", familyName: "Family name", givenName: "Given name", sex: "Sex" } as const;
export type EvidenceField = keyof typeof FIELD_LABEL;
export const EVIDENCE_FIELDS = Object.keys(FIELD_LABEL) as EvidenceField[];

/** Plain words for one field of the comparison, from this booking's point of view ("this" = a, "other" = b). */
export function evidenceWords(field: EvidenceField, c: FieldComparison): { label: string; agrees: boolean; words: string } {
  const label = FIELD_LABEL[field];
  const words: Record<FieldComparison["agreement"], string> = {
    match: c.level && c.level !== "exact" ? `Agree (${c.level === "tolerant" ? "once case, accents and punctuation are ignored" : "only by an initial or part of the name"})` : "Agree",
    mismatch: "Differ",
    "missing-in-document": "Missing on this booking",
    "missing-in-booking": "Missing on the other booking",
    "missing-in-both": "Missing on both",
  };
  const note = c.note ? `. ${c.note.replace("The report's", "This booking's").replace("the report says", "this booking says").replace("the booking says", "the other booking says")}` : "";
  return { label, agrees: c.agreement === "match", words: words[c.agreement] + note };
}

/** What differs or is missing, for the board's one line: "NHS number not verified", "given name differs". */
export function evidenceProblems(a: { nhsNumberStatus: string | null; nhsNumber: string | null }, b: { nhsNumberStatus: string | null; nhsNumber: string | null }, e: DemographicsComparison): string[] {
  const out = EVIDENCE_FIELDS.filter((f) => e[f].agreement === "mismatch").map((f) => `${FIELD_LABEL[f].toLowerCase()} differs`);
  const missing = EVIDENCE_FIELDS.filter((f) => f !== "sex" && e[f].agreement !== "match" && e[f].agreement !== "mismatch").map((f) => `${FIELD_LABEL[f].toLowerCase()} missing`);
  const unverified = e.nhsNumber.agreement === "match" && !(isVerifiedStatus(a.nhsNumberStatus) && isVerifiedStatus(b.nhsNumberStatus)) ? ["NHS number not verified on both"] : [];
  return [...out, ...unverified, ...missing];
}
