import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import { verifyPassword } from "../auth/password";
import { claimSignInAttempt, clearFailedSignIns, recordFailedSignIn, refundSignInAttempt } from "../auth/throttle";
import { isRole, type Role } from "../auth/roles";
import { matchTotp } from "../auth/totp";
import { openSecret } from "../auth/secret-box";
import { InvalidInput } from "../errors";
import { deploymentConfig } from "../config/deployment";
import { DEMO_ADMIN_TOTP_SECRET } from "../seed/staff";

/** How the session was proved: password only, password and TOTP, or NHS CIS2. */
export type AuthMethod = "pwd" | "pwd+otp" | "cis2";

export interface SignedInStaff {
  id: string;
  name: string;
  role: Role;
  sessionVersion: number;
  mustChangePassword: boolean;
  method: AuthMethod;
  breakGlass: boolean;
}

export const WRONG_CREDENTIALS = "Enter a correct user name and password";
export const BREAK_GLASS_REASON_MAX = 500;

/** The sign-in form needs another field: the form shows it and asks again (not a failure). */
export class MoreNeeded extends InvalidInput {
  constructor(
    readonly needs: "code" | "reason",
    message: string,
  ) {
    super(message);
  }
}

export const CODE_NEEDED = "Enter the 6-digit code from your authenticator app";
export const REASON_NEEDED = "Give the reason you are signing in with an ED password instead of NHS Care Identity";

export interface SignInAttempt {
  username: string;
  password: string;
  /** TOTP code (administrators who have set up two-factor sign-in). */
  code?: string;
  /** Break-glass reason: required from non-administrators when NHS CIS2 sign-in is configured. */
  reason?: string;
  ip?: string;
  /** NHS CIS2 sign-in is the normal route: a password sign-in is then break-glass. */
  cis2Enabled?: boolean;
  now?: Date;
}

/** Checks a sign-in attempt. Throws Throttled, MoreNeeded or InvalidInput with a message safe to show. */
export async function verifyStaffSignIn(input: SignInAttempt): Promise<SignedInStaff> {
  const now = input.now ?? new Date();
  const username = input.username.trim().toLowerCase();
  if (!username || !input.password) throw new InvalidInput("Enter your user name and password");
  const key = `user:${username}`;
  const keys = { user: key, source: input.ip ? `source:${input.ip}` : undefined };
  // Counted before the password is checked: simultaneous attempts each need a turn (lib/auth/throttle.ts).
  await claimSignInAttempt(keys, now);
  const user = await db().staffUser.findUnique({ where: { username } });
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !ok) {
    await recordAudit(
      { type: "system", name: "sign-in" },
      { action: "staff.sign-in", entityType: "StaffUser", entityId: user?.id, outcome: "refused", detail: { username, ip: input.ip, method: "password" } },
    );
    throw new InvalidInput(WRONG_CREDENTIALS);
  }
  await refundSignInAttempt(keys);
  const actor = { type: "staff" as const, id: user.id, name: user.name, role: isRole(user.role) ? user.role : ("clerk" as Role), ip: input.ip };
  if (user.disabled) {
    await recordAudit(actor, { action: "staff.sign-in", entityType: "StaffUser", entityId: user.id, outcome: "refused", reason: "account disabled", detail: { method: "password" } });
    throw new InvalidInput("This account has been disabled. Ask an administrator to enable it.");
  }
  if (!isRole(user.role)) throw new InvalidInput(WRONG_CREDENTIALS);

  // Break-glass: with CIS2 configured, a password is the fallback for when CIS2 or the smartcard is not working.
  const breakGlass = !!input.cis2Enabled && user.role !== "admin";
  const reason = (input.reason ?? "").trim().replace(/\s+/g, " ");
  if (breakGlass) {
    if (!reason) throw new MoreNeeded("reason", REASON_NEEDED);
    if (reason.length > BREAK_GLASS_REASON_MAX) throw new MoreNeeded("reason", `The reason must be ${BREAK_GLASS_REASON_MAX} characters or fewer`);
  }

  // Administrators: a second factor at every password sign-in once enrolled; until then the session can only enrol.
  let method: AuthMethod = "pwd";
  if (user.role === "admin" && user.totpEnabledAt && user.totpSecret) {
    const code = (input.code ?? "").replace(/\s/g, "");
    if (!code) throw new MoreNeeded("code", CODE_NEEDED);
    const secret = openSecret(user.totpSecret);
    if (!secret || (secret === DEMO_ADMIN_TOTP_SECRET && deploymentConfig().production)) {
      await recordAudit(actor, { action: "staff.sign-in", entityType: "StaffUser", entityId: user.id, outcome: "refused", reason: "two-factor secret unreadable", detail: { method: "password" } });
      throw new InvalidInput("Your two-factor set-up cannot be used on this system. Ask another administrator to reset it.");
    }
    const step = matchTotp(secret, code, now);
    if (step === null) {
      await recordFailedSignIn(key, now);
      await recordAudit(actor, { action: "staff.sign-in", entityType: "StaffUser", entityId: user.id, outcome: "refused", reason: "wrong two-factor code", detail: { method: "password" } });
      throw new MoreNeeded("code", "The code is not right. Enter the current 6-digit code from your authenticator app");
    }
    // A code is good once: claim its step atomically, so a code seen over someone's shoulder cannot be replayed.
    const claimed = await db().staffUser.updateMany({
      where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    if (claimed.count !== 1) {
      await recordAudit(actor, { action: "staff.sign-in", entityType: "StaffUser", entityId: user.id, outcome: "refused", reason: "two-factor code reused", detail: { method: "password" } });
      throw new MoreNeeded("code", "That code has already been used. Wait for the next code and enter it");
    }
    method = "pwd+otp";
  }

  await clearFailedSignIns(key);
  await db().staffUser.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  await recordAudit(actor, {
    action: "staff.sign-in",
    entityType: "StaffUser",
    entityId: user.id,
    reason: breakGlass ? reason : undefined,
    detail: { method: method === "pwd+otp" ? "password+totp" : "password", ...(breakGlass ? { breakGlass: true } : {}) },
  });
  return { id: user.id, name: user.name, role: user.role, sessionVersion: user.sessionVersion, mustChangePassword: user.mustChangePassword, method, breakGlass };
}
