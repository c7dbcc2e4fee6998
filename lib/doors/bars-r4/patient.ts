/**
 * The Patient of a BaRS message, for the booking core, and the contact rules BaRS enforces (BARS-RECEIVER §3.1,
 * §3.2): exactly one contact ranked 1, every contact ranked, every contact with a method, every method ranked,
 * one method ranked 1 within each contact (§12 D20), and a phone somewhere. A patient without an NHS number, or
 * with one that fails its check digit or is not verified, is accepted: such a number is kept but never used to
 * match the patient to anything (§12 D14).
 */
import type { PatientInput } from "../../booking/book-appointment";
import { isValidNhsNumber } from "../../nhs/nhs-number";
import { asArray, asObject, codings, text, type Json, type Message, resolve } from "./message";
import { bad } from "./rec-errors";

const NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
const RANK_EXTENSION = /Extension-UKCore-ContactRank$/i;
const STATUS_EXTENSION = /Extension-UKCore-NHSNumberVerificationStatus$/i;

/** UK Core verification status codes → the two-digit codes the core stores (01 = present and verified). */
const STATUS_CODES: Record<string, string> = {
  "number-present-and-verified": "01", "number-present-but-not-traced": "02", "trace-required": "03", "trace-attempted": "04",
  "trace-needs-to-be-resolved": "05", "trace-in-progress": "06", "number-not-present-and-trace-not-required": "07", "trace-postponed": "08",
};

function rankOf(contact: Json): number | null {
  for (const e of asArray(contact.extension)) {
    const ext = asObject(e);
    if (ext && typeof ext.url === "string" && RANK_EXTENSION.test(ext.url)) return typeof ext.valuePositiveInt === "number" ? ext.valuePositiveInt : null;
  }
  return null;
}

export function checkContacts(patient: Json): void {
  const contacts = asArray(patient.contact).map(asObject).filter((c): c is Json => c !== null);
  if (contacts.length === 0) throw bad("invariant", "Patient.contact is required: at least one contact with a phone number, ranked 1");
  const ranks = contacts.map(rankOf);
  if (ranks.some((r) => r === null)) throw bad("invariant", "Every Patient.contact must have a contact rank");
  const firsts = ranks.filter((r) => r === 1).length;
  if (firsts !== 1) throw bad("invariant", `Patient.contact must have exactly one contact with rank 1 (found ${firsts})`);
  let phone = false;
  for (const c of contacts) {
    const methods = asArray(c.telecom).map(asObject).filter((t): t is Json => t !== null);
    if (methods.length === 0) throw bad("invariant", "Every Patient.contact must have at least one contact method");
    if (methods.some((m) => typeof m.rank !== "number")) throw bad("invariant", "Every contact method must have a rank");
    if (methods.filter((m) => m.rank === 1).length !== 1) throw bad("invariant", "Each contact must have exactly one contact method with rank 1");
    if (methods.some((m) => m.system === "phone" && text(m.value))) phone = true;
  }
  if (!phone) throw bad("invariant", "At least one contact must have a phone number");
}

export interface MessagePatient {
  input: PatientInput;
  /** The NHS number as sent, even when it is not usable for matching. */
  sentNhsNumber: string | null;
}

export function patientFromMessage(message: Message, patient: Json): MessagePatient {
  const ids = asArray(patient.identifier).map(asObject).filter((i): i is Json => i !== null);
  const nhs = ids.find((i) => text(i.system)?.toLowerCase() === NHS_NUMBER_SYSTEM.toLowerCase());
  const sent = text(nhs?.value)?.replace(/\s/g, "") ?? null;
  let statusCode: string | null = null;
  for (const e of asArray(nhs?.extension)) {
    const ext = asObject(e);
    if (ext && typeof ext.url === "string" && STATUS_EXTENSION.test(ext.url)) statusCode = text(codings(ext.valueCodeableConcept)[0]?.code);
  }
  const usable = sent && /^\d{10}$/.test(sent) && isValidNhsNumber(sent) ? sent : null;
  const names = asArray(patient.name).map(asObject).filter((n): n is Json => n !== null);
  const name = names.find((n) => n.use === "official") ?? names[0];
  const family = text(name?.family);
  const given = asArray(name?.given).map(text).filter(Boolean).join(" ");
  if (!family && !given) throw bad("required", "Patient.name is required");
  const birthDate = text(patient.birthDate);
  const addresses = asArray(patient.address).map(asObject).filter((a): a is Json => a !== null);
  const home = addresses.find((a) => a.use === "home") ?? addresses[0];
  const gp = resolve(message, asArray(patient.generalPractitioner)[0]);
  const gpIds = asArray(gp?.resource.identifier).map(asObject);
  return {
    sentNhsNumber: sent,
    input: {
      nhsNumber: usable,
      nhsNumberStatus: usable ? (statusCode ? (STATUS_CODES[statusCode] ?? statusCode.slice(0, 60)) : null) : null,
      family: (family ?? "").slice(0, 200),
      given: given.slice(0, 200),
      prefix: asArray(name?.prefix).map(text).filter(Boolean).join(" ") || null,
      birthDate: birthDate && /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? birthDate : "",
      gender: ["male", "female", "other", "unknown"].includes(String(patient.gender)) ? String(patient.gender) : "unknown",
      postcode: text(home?.postalCode),
      address: addresses,
      telecom: asArray(patient.telecom),
      contact: asArray(patient.contact),
      communication: asArray(patient.communication),
      gpPracticeOds: text(asObject(gpIds[0])?.value),
      gpPracticeName: text(gp?.resource.name),
    },
  };
}

/**
 * Are these the same person, for linking a booking and a referral or checking a cancellation: the NHS numbers
 * when both have a usable one, otherwise family name (any case) and date of birth.
 */
export function samePerson(a: { nhsNumber: string | null; family: string | null; birthDate: string | null }, b: { nhsNumber?: string | null; family: string; birthDate: string }): boolean {
  if (a.nhsNumber && b.nhsNumber) return a.nhsNumber === b.nhsNumber;
  return (a.family ?? "").toLowerCase() === b.family.toLowerCase() && a.birthDate === b.birthDate;
}
