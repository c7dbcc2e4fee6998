import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import { verifyPassword } from "../auth/password";
import { clearFailedSignIns, recordFailedSignIn, secondsToWait } from "../auth/throttle";
import { isRole, type Role } from "../auth/roles";
import { InvalidInput, Throttled } from "../errors";

export interface SignedInStaff {
  id: string;
  name: string;
  role: Role;
  sessionVersion: number;
  mustChangePassword: boolean;
}

export const WRONG_CREDENTIALS = "Enter a correct user name and password";

/** Checks a sign-in attempt. Throws Throttled or InvalidInput with a message safe to show. */
export async function verifyStaffSignIn(input: { username: string; password: string; ip?: string }): Promise<SignedInStaff> {
  const username = input.username.trim().toLowerCase();
  if (!username || !input.password) throw new InvalidInput("Enter your user name and password");
  const key = `user:${username}`;
  const wait = await secondsToWait(key);
  if (wait > 0) {
    throw new Throttled(`Too many attempts. Wait ${wait} second${wait === 1 ? "" : "s"} and try again.`, wait);
  }
  const user = await db().staffUser.findUnique({ where: { username } });
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !ok) {
    await recordFailedSignIn(key);
    await recordAudit(
      { type: "system", name: "sign-in" },
      { action: "staff.sign-in", entityType: "StaffUser", entityId: user?.id, outcome: "refused", detail: { username, ip: input.ip } },
    );
    throw new InvalidInput(WRONG_CREDENTIALS);
  }
  if (user.disabled) {
    await recordAudit(
      { type: "staff", id: user.id, name: user.name, role: isRole(user.role) ? user.role : "clerk", ip: input.ip },
      { action: "staff.sign-in", entityType: "StaffUser", entityId: user.id, outcome: "refused", reason: "account disabled" },
    );
    throw new InvalidInput("This account has been disabled. Ask an administrator to enable it.");
  }
  if (!isRole(user.role)) throw new InvalidInput(WRONG_CREDENTIALS);
  await clearFailedSignIns(key);
  await db().staffUser.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  await recordAudit(
    { type: "staff", id: user.id, name: user.name, role: user.role, ip: input.ip },
    { action: "staff.sign-in", entityType: "StaffUser", entityId: user.id },
  );
  return { id: user.id, name: user.name, role: user.role, sessionVersion: user.sessionVersion, mustChangePassword: user.mustChangePassword };
}
