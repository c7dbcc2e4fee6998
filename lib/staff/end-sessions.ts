import { db } from "../db/client";

/**
 * Ends every session of a member of staff, on every instance: the session version moves on and each request checks
 * it against the database (lib/auth/guard.ts). Used when they sign out, so a copied session cookie stops working.
 */
export async function endStaffSessions(staffId: string): Promise<void> {
  await db().staffUser.updateMany({ where: { id: staffId }, data: { sessionVersion: { increment: 1 } } });
}
