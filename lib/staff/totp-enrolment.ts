import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import { matchTotp, newTotpSecret } from "../auth/totp";
import { openSecret, sealSecret } from "../auth/secret-box";
import type { StaffActor } from "../auth/actor";
import { InvalidInput, NotFound } from "../errors";

export type EnrolmentState = { state: "enrolled"; since: Date } | { state: "pending"; secret: string };

/**
 * An administrator's two-factor set-up. Until confirmed, the (encrypted) secret is shown to them on every visit of
 * the set-up page; once confirmed it is never shown or returned again.
 */
export async function startTotpEnrolment(staffId: string): Promise<EnrolmentState> {
  const user = await db().staffUser.findUnique({ where: { id: staffId } });
  if (!user) throw new NotFound("No such account");
  if (user.totpEnabledAt) return { state: "enrolled", since: user.totpEnabledAt };
  const existing = user.totpSecret ? openSecret(user.totpSecret) : null;
  if (existing) return { state: "pending", secret: existing };
  const secret = newTotpSecret();
  // Only set when still unset, so two tabs opening the page do not show different secrets.
  await db().staffUser.updateMany({ where: { id: staffId, totpEnabledAt: null, OR: [{ totpSecret: null }, { totpSecret: user.totpSecret ?? "" }] }, data: { totpSecret: sealSecret(secret) } });
  const again = await db().staffUser.findUniqueOrThrow({ where: { id: staffId } });
  const stored = again.totpSecret ? openSecret(again.totpSecret) : null;
  if (!stored) throw new InvalidInput("Two-factor set-up could not start. Try again.");
  return { state: "pending", secret: stored };
}

/**
 * Confirms the set-up with a code from the app. Ends the person's sessions (sessionVersion): they sign in again with
 * their password and a code, so no session ever holds admin rights on a password alone.
 */
export async function confirmTotpEnrolment(actor: StaffActor, code: string, now = new Date()): Promise<void> {
  const user = await db().staffUser.findUnique({ where: { id: actor.id } });
  if (!user || user.role !== "admin") throw new NotFound("No such account");
  if (user.totpEnabledAt) throw new InvalidInput("Two-factor sign-in is already set up");
  const secret = user.totpSecret ? openSecret(user.totpSecret) : null;
  if (!secret) throw new InvalidInput("Two-factor set-up has not started. Reload the page.");
  const given = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(given)) throw new InvalidInput("Enter the 6-digit code from your authenticator app", { code: "Enter the 6-digit code from your authenticator app" });
  const step = matchTotp(secret, given, now);
  if (step === null) throw new InvalidInput("The code is not right. Check the app shows this account and enter its current code", { code: "The code is not right" });
  const { count } = await db().staffUser.updateMany({
    where: { id: user.id, totpEnabledAt: null, totpSecret: user.totpSecret },
    data: { totpEnabledAt: now, totpLastStep: step, sessionVersion: { increment: 1 }, version: { increment: 1 } },
  });
  if (count !== 1) throw new InvalidInput("Two-factor set-up changed while you were doing it. Reload the page.");
  await recordAudit(actor, { action: "staff.two-factor-enrol", entityType: "StaffUser", entityId: user.id, detail: { username: user.username } });
}
