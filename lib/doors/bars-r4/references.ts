/**
 * Human-readable references for what we hold (BaRS rendering principle 9: no GUIDs on screen or on the phone):
 * eight characters from an unambiguous alphabet, derived from the record's id.
 */
import { createHash } from "node:crypto";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function readableReference(prefix: string, id: string): string {
  const hash = createHash("sha256").update(id).digest();
  let out = "";
  for (let i = 0; i < 8; i++) out += ALPHABET[hash[i] % ALPHABET.length];
  return `${prefix}-${out.slice(0, 4)}-${out.slice(4)}`;
}

export const bookingReference = (appointmentId: string) => readableReference("EDB", appointmentId);
