import type { Db } from "../db/client";
import { hashPassword } from "../auth/password";
import type { Role } from "../auth/roles";

/** Demo accounts. Demo only: the README prints this password; never seed them into a live system. */
export const DEMO_PASSWORD = "Demo-Password-2026";
export const DEMO_STAFF: { username: string; name: string; role: Role }[] = [
  { username: "clerk", name: "Sam Clerk (demo)", role: "clerk" },
  { username: "clinician", name: "Dr Alex Clinician (demo)", role: "clinician" },
  { username: "manager", name: "Jo Manager (demo)", role: "manager" },
  { username: "admin", name: "Pat Admin (demo)", role: "admin" },
];

export async function seedDemoStaff(client: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const s of DEMO_STAFF) {
    await client.staffUser.upsert({
      where: { username: s.username },
      create: { ...s, passwordHash },
      update: {},
    });
  }
}
