import { db } from "../db/client";

export interface StaffRow {
  id: string;
  username: string;
  name: string;
  role: string;
  disabled: boolean;
  mustChangePassword: boolean;
  lastSignInAt: Date | null;
  version: number;
  /** Signs in with NHS CIS2 (no ED password). */
  cis2: boolean;
  /** An administrator with two-factor sign-in set up. */
  twoFactor: boolean;
}

export async function listStaff(): Promise<StaffRow[]> {
  const rows = await db().staffUser.findMany({
    orderBy: [{ disabled: "asc" }, { name: "asc" }],
    select: { id: true, username: true, name: true, role: true, disabled: true, mustChangePassword: true, lastSignInAt: true, version: true, cis2Subject: true, totpEnabledAt: true },
  });
  // Never the TOTP secret: only whether one is set up.
  return rows.map(({ cis2Subject, totpEnabledAt, ...r }) => ({ ...r, cis2: !!cis2Subject, twoFactor: !!totpEnabledAt }));
}
