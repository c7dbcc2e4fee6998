import { formatNhsNumber, isVerifiedStatus, NHS_NUMBER_STATUS } from "./nhs/nhs-number";

/** Age in whole years on a date, from "YYYY-MM-DD" strings. */
export function ageOn(birthDate: string, onDate: string): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(onDate);
  if (!b || !d) return null;
  let age = Number(d[1]) - Number(b[1]);
  if (Number(d[2]) < Number(b[2]) || (Number(d[2]) === Number(b[2]) && Number(d[3]) < Number(b[3]))) age--;
  return age;
}

/** "12-Mar-1984" style date of birth, as NHS patient banners show it. */
export function formatBirthDate(birthDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return birthDate;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${m[3]}-${months[Number(m[2]) - 1]}-${m[1]}`;
}

export const GENDER_LABEL: Record<string, string> = { male: "Male", female: "Female", other: "Other", unknown: "Not known" };

/** The NHS number as 3-3-4 with words that never present an unverified number as a traced one. */
export function describeNhsNumber(nhsNumber: string | null, status: string | null): { text: string; verified: boolean; note: string } {
  if (!nhsNumber) return { text: "No NHS number", verified: false, note: "Not sent by 111" };
  const verified = isVerifiedStatus(status);
  return {
    text: formatNhsNumber(nhsNumber),
    verified,
    note: verified ? "Verified" : `Not verified${status && NHS_NUMBER_STATUS[status] ? `: ${NHS_NUMBER_STATUS[status]}` : ""}`,
  };
}
