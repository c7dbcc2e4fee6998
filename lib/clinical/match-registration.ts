import { compareDemographics, type BookingCandidate, type DemographicsComparison, type MatchPatient } from "./match-document";

/**
 * Whether a registration from the ED's own patient record (an HL7v2 A04) is one of our bookings. The same field
 * comparison as a 111 report's (compareDemographics, the one matcher), with the registration's own rule on top:
 *
 * - a booking **matches** when both sides carry a valid NHS number and they and the birth dates agree; or, when
 *   neither side has an NHS number, when family name, given name (exactly or tolerantly, never by an initial),
 *   sex, birth date and postcode all agree;
 * - a booking is **another patient** when something identifying contradicts it: a different valid NHS number (a
 *   sibling), a different given name or sex with no NHS number to go on;
 * - anything else is **in doubt** (an NHS number that fails its check digit, one side without an NHS number, the
 *   same NHS number with another birth date, details missing): a person decides.
 *
 * Exactly one match and nothing in doubt links; everything else goes to review with the reason, never to a guess.
 */

export interface RegistrationCandidate extends Omit<BookingCandidate, "foundBy"> {
  postcode: string | null;
}

export type RegistrationReviewReason = "multiple-candidates" | "nhs-number-invalid" | "demographics-disagree" | "demographics-incomplete";

export type RegistrationDecision =
  | { state: "matched"; bookingId: string }
  | { state: "needs-review"; reason: RegistrationReviewReason; message: string; bookingIds: string[] }
  | { state: "no-booking" };

type Verdict = { kind: "match" } | { kind: "other" } | { kind: "doubt"; reason: RegistrationReviewReason; message: string };

const postcodeKey = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, "").toUpperCase();

export function judgeCandidate(patient: MatchPatient & { postcode: string | null }, c: RegistrationCandidate): Verdict {
  const d: DemographicsComparison = compareDemographics({ patient }, { ...c });
  const ours = patient.nhsNumber;
  const theirs = c.nhsNumber?.trim() || null;
  if (ours?.problem) {
    return { kind: "doubt", reason: "nhs-number-invalid", message: `The ED record's NHS number ${ours.value} is not valid (${ours.problem}): check the patient against this booking` };
  }
  if (ours && theirs) {
    if (d.nhsNumber.agreement === "mismatch") return { kind: "other" };
    if (d.birthDate.agreement === "match") return { kind: "match" };
    return { kind: "doubt", reason: "demographics-disagree", message: "The NHS number matches a booking but the birth date does not" };
  }
  if (ours || theirs) {
    return {
      kind: "doubt",
      reason: "demographics-incomplete",
      message: ours ? "The booking has no NHS number: name and birth date alone cannot confirm the patient" : "The ED record sent no NHS number but the booking has one: name and birth date alone cannot confirm the patient",
    };
  }
  // Neither side has an NHS number: every detail must agree.
  if (d.givenName.agreement === "mismatch" || d.sex.agreement === "mismatch" || d.birthDate.agreement === "mismatch") return { kind: "other" };
  const differ: string[] = [];
  if (d.familyName.agreement !== "match") differ.push("family name");
  if (d.givenName.agreement !== "match" || d.givenName.level === "initial" || d.givenName.level === "first-name") differ.push("given name");
  if (d.sex.agreement !== "match") differ.push("sex");
  if (d.birthDate.agreement !== "match") differ.push("birth date");
  if (!postcodeKey(patient.postcode) || postcodeKey(patient.postcode) !== postcodeKey(c.postcode)) differ.push("postcode");
  if (!differ.length) return { kind: "match" };
  return { kind: "doubt", reason: "demographics-incomplete", message: `No NHS number on either side, and these do not both agree: ${differ.join(", ")}` };
}

export function matchRegistration(patient: MatchPatient & { postcode: string | null }, candidates: RegistrationCandidate[]): RegistrationDecision {
  const active = candidates.filter((c) => c.status === "booked");
  const judged = active.map((c) => ({ c, v: judgeCandidate(patient, c) }));
  const matches = judged.filter((j) => j.v.kind === "match");
  const doubts = judged.filter((j) => j.v.kind === "doubt");
  if (matches.length === 1 && doubts.length === 0) return { state: "matched", bookingId: matches[0].c.bookingId };
  if (matches.length > 1) {
    return { state: "needs-review", reason: "multiple-candidates", message: `${matches.length} bookings today match this patient`, bookingIds: [...matches, ...doubts].map((j) => j.c.bookingId) };
  }
  if (matches.length === 1) {
    return {
      state: "needs-review",
      reason: "multiple-candidates",
      message: `One booking matches, but ${doubts.length === 1 ? "another could also be this patient" : `${doubts.length} others could also be this patient`}`,
      bookingIds: [...matches, ...doubts].map((j) => j.c.bookingId),
    };
  }
  if (doubts.length) {
    const first = doubts[0].v as Extract<Verdict, { kind: "doubt" }>;
    return { state: "needs-review", reason: first.reason, message: first.message, bookingIds: doubts.map((j) => j.c.bookingId) };
  }
  return { state: "no-booking" };
}
