import type { Db } from "../db/client";
import { hashPassword } from "../auth/password";
import type { Role } from "../auth/roles";
import { sealSecret } from "../auth/secret-box";
import { now as clockNow } from "../time/clock";

/** Demo accounts. Demo only: the README prints this password; never seed them into a live system. */
export const DEMO_PASSWORD = "Demo-Password-2026";
export const DEMO_STAFF: { username: string; name: string; role: Role }[] = [
  { username: "clerk", name: "Sam Clerk (demo)", role: "clerk" },
  { username: "clinician", name: "Dr Alex Clinician (demo)", role: "clinician" },
  { username: "manager", name: "Jo Manager (demo)", role: "manager" },
  { username: "admin", name: "Pat Admin (demo)", role: "admin" },
];

/**
 * The demo administrator's two-factor secret (base32), pre-enrolled so the demo needs no phone: add it to any
 * authenticator app. Demo only, published in the README: a production system refuses sign-in with it.
 */
export const DEMO_ADMIN_TOTP_SECRET = "DEMOADMINTOTPSECRETFORTHEEDDEMO2";

export async function seedDemoStaff(client: Db, now = clockNow()): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const s of DEMO_STAFF) {
    const twoFactor = s.role === "admin" ? { totpSecret: sealSecret(DEMO_ADMIN_TOTP_SECRET), totpEnabledAt: now } : {};
    await client.staffUser.upsert({
      where: { username: s.username },
      create: { ...s, passwordHash, ...twoFactor },
      update: {},
    });
  }
}
