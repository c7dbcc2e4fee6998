import { hash, verify } from "@node-rs/argon2";

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum recommendation). */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against when the user does not exist, so a wrong user name costs the same time as a wrong password.
let dummyHash: Promise<string> | null = null;

/** Stored instead of a hash for accounts that sign in only with NHS CIS2: no password matches it. */
export const NO_PASSWORD = "!cis2-only";

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash || !passwordHash.startsWith("$argon2")) {
    dummyHash ??= hash("not-a-real-password-for-timing");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export const PASSWORD_MIN_LENGTH = 12;

/** Why a new password is not acceptable, or null. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Password must be ${PASSWORD_MIN_LENGTH} characters or more`;
  if (password.length > 200) return "Password must be 200 characters or fewer";
  if (username && password.toLowerCase().includes(username.toLowerCase())) return "Password must not contain the user name";
  if (/^(.)\1+$/.test(password)) return "Password must not be one character repeated";
  return null;
}
