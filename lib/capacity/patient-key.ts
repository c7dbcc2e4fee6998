/**
 * Who a booking is for, reduced to what the rebook exemption compares. The standard's rebook is "book the new
 * slot, then cancel the old one": the limits must recognise the same patient across the two bookings.
 */
import { isValidNhsNumber } from "../nhs/nhs-number";

export interface PatientKey {
  /** 10 digits, only when the number passes the Modulus 11 check. */
  nhsNumber: string | null;
  /** Normalised family name + "|" + birth date (YYYY-MM-DD), when both are known. */
  familyAndBirthDate: string | null;
}

export interface PatientIdentity {
  nhsNumber?: string | null;
  family?: string | null;
  birthDate?: string | null;
}

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Family names as 111 systems send them differ in case, accents, spaces, hyphens and apostrophes
 * ("O'Brien", "OBRIEN", "Ó Brien"): keep letters and digits only, accents removed, lower case.
 */
export function normaliseFamilyName(family: string): string {
  return family
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/**
 * The key of a patient, or null when there is nothing to recognise them by (then no rebook exemption).
 * An NHS number that fails validation is ignored rather than trusted.
 */
export function patientKey(identity: PatientIdentity): PatientKey | null {
  const digits = identity.nhsNumber?.replace(/[\s-]/g, "") ?? "";
  const nhsNumber = digits && isValidNhsNumber(digits) ? digits : null;
  const family = identity.family ? normaliseFamilyName(identity.family) : "";
  const birthDate = identity.birthDate?.trim() ?? "";
  const familyAndBirthDate = family && FULL_DATE.test(birthDate) ? `${family}|${birthDate}` : null;
  if (!nhsNumber && !familyAndBirthDate) return null;
  return { nhsNumber, familyAndBirthDate };
}

/**
 * Same patient? When both carry an NHS number, the numbers decide (two people may share a family name and
 * birth date: twins). Otherwise family name + birth date must match.
 */
export function samePatient(a: PatientKey | null, b: PatientKey | null): boolean {
  if (!a || !b) return false;
  if (a.nhsNumber && b.nhsNumber) return a.nhsNumber === b.nhsNumber;
  return a.familyAndBirthDate !== null && a.familyAndBirthDate === b.familyAndBirthDate;
}
