/**
 * NHS numbers: 10 digits, the last a Modulus 11 check digit.
 * Numbers starting 999 are the test range and are never issued to real people.
 */
const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2];

/** The check digit for the first nine digits, or null when none exists (remainder gives 10). */
export function nhsCheckDigit(nineDigits: string): number | null {
  if (!/^\d{9}$/.test(nineDigits)) throw new Error("need nine digits");
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(nineDigits[i]), 0);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

export type NhsNumberProblem = "format" | "check-digit" | "placeholder";

/** Why a string is not a usable NHS number, or null when it is. Spaces and hyphens are ignored. */
export function nhsNumberProblem(value: string): NhsNumberProblem | null {
  const digits = value.replace(/[\s-]/g, "");
  if (!/^\d{10}$/.test(digits)) return "format";
  // All-same-digit numbers (0000000000, 1111111111 …) pass or nearly pass Modulus 11 but are placeholders.
  if (/^(\d)\1{9}$/.test(digits)) return "placeholder";
  const check = nhsCheckDigit(digits.slice(0, 9));
  if (check === null || check !== Number(digits[9])) return "check-digit";
  return null;
}

export function isValidNhsNumber(value: string): boolean {
  return nhsNumberProblem(value) === null;
}

/** "999 000 4005" */
export function formatNhsNumber(value: string): string {
  const d = value.replace(/\D/g, "");
  return d.length === 10 ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : value;
}

/**
 * A valid test-range (999…) NHS number from a seed, for demo and test data.
 * Deterministic: the same seed always gives the same number.
 */
export function testNhsNumber(seed: number): string {
  let n = Math.abs(Math.floor(seed)) % 1_000_000;
  for (;;) {
    const nine = `999${String(n).padStart(6, "0")}`;
    const check = nhsCheckDigit(nine);
    if (check !== null && !/^(\d)\1{9}$/.test(nine + check)) return nine + check;
    n = (n + 1) % 1_000_000;
  }
}

/** The NHS number verification status codes (CareConnect-NHSNumberVerificationStatus-1). */
export const NHS_NUMBER_STATUS: Record<string, string> = {
  "01": "Number present and verified",
  "02": "Number present but not traced",
  "03": "Trace required",
  "04": "Trace attempted - No match or multiple match found",
  "05": "Trace needs to be resolved - (NHS Number or patient detail conflict)",
  "06": "Trace in progress",
  "07": "Number not present and trace not required",
  "08": "Trace postponed (baby under six weeks old)",
};

export function isVerifiedStatus(code: string | null | undefined): boolean {
  return code === "01";
}
