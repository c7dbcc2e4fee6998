import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Encrypts small secrets at rest (administrators' TOTP secrets) with AES-256-GCM under a key derived from
 * NEXTAUTH_SECRET with HKDF-SHA256. Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url). Changing NEXTAUTH_SECRET makes
 * stored secrets unreadable: the administrators concerned are asked to enrol again after a reset.
 */
const INFO = "ed-capacity staff secret box v1";

function key(secret = process.env.NEXTAUTH_SECRET): Buffer {
  // Development without a configured secret only; production refuses to start without one (lib/config/deployment.ts).
  const ikm = secret && secret.length > 0 ? secret : "ed-capacity-development-only-secret";
  return Buffer.from(hkdfSync("sha256", ikm, "ed-capacity", INFO, 32));
}

export function sealSecret(plain: string, secret?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(secret), iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

/** The plain secret, or null when it cannot be read (another key, tampered with, not ours). */
export function openSecret(sealed: string, secret?: string): string | null {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== "v1") return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(secret), Buffer.from(parts[1], "base64url"));
    decipher.setAuthTag(Buffer.from(parts[2], "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(parts[3], "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
