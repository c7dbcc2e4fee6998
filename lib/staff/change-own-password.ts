import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { hashPassword, passwordProblem, verifyPassword } from "../auth/password";
import { InvalidInput, NotFound } from "../errors";

/**
 * A member of staff sets their own password (required after a reset or a new account). Every session of theirs
 * ends (the session version moves on, checked on every request on every instance); the caller gets the new version
 * to carry on in the session that made the change.
 */
export async function changeOwnPassword(
  input: { currentPassword: string; newPassword: string; confirmPassword: string },
  actor: StaffActor,
): Promise<{ sessionVersion: number }> {
  // An empty field is asked for by name, before any check that would call it "not right".
  if (!input.currentPassword) throw new InvalidInput("Enter your current password", { currentPassword: "Enter your current password" });
  if (!input.newPassword) throw new InvalidInput("Enter a new password", { newPassword: "Enter a new password" });
  if (!input.confirmPassword) throw new InvalidInput("Type the new password again", { confirmPassword: "Type the new password again" });
  const user = await db().staffUser.findUnique({ where: { id: actor.id } });
  if (!user) throw new NotFound("No such account");
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new InvalidInput("Your current password is not right", { currentPassword: "Your current password is not right" });
  }
  const problem = passwordProblem(input.newPassword, user.username);
  if (problem) throw new InvalidInput(problem, { newPassword: problem });
  if (input.newPassword !== input.confirmPassword) {
    throw new InvalidInput("The passwords do not match", { confirmPassword: "The passwords do not match" });
  }
  if (input.newPassword === input.currentPassword) {
    throw new InvalidInput("Choose a password you have not used here before", { newPassword: "Choose a password you have not used here before" });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db().$transaction(async (tx) => {
    const updated = await tx.staffUser.update({
      where: { id: user.id },
      data: { passwordHash, mustChangePassword: false, version: { increment: 1 }, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await recordAudit(actor, { action: "staff.change-own-password", entityType: "StaffUser", entityId: user.id, detail: { otherSessionsEnded: true } }, tx);
    return { sessionVersion: updated.sessionVersion };
  });
}
