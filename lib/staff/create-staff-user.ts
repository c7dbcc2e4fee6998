import { z } from "zod";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { hashPassword, passwordProblem } from "../auth/password";
import { InvalidInput } from "../errors";
import { roleSchema, staffNameSchema, usernameSchema } from "./staff-rules";

export const createStaffUserInput = z.object({
  username: usernameSchema,
  name: staffNameSchema,
  role: roleSchema,
  temporaryPassword: z.string(),
});
export type CreateStaffUserInput = z.infer<typeof createStaffUserInput>;

/** Creates an account with a temporary password that must be changed at first sign-in. */
export async function createStaffUser(input: CreateStaffUserInput, actor: StaffActor): Promise<{ id: string }> {
  const problem = passwordProblem(input.temporaryPassword, input.username);
  if (problem) throw new InvalidInput(problem, { temporaryPassword: problem });
  const existing = await db().staffUser.findUnique({ where: { username: input.username } });
  if (existing) throw new InvalidInput("That user name is already taken", { username: "That user name is already taken" });
  const passwordHash = await hashPassword(input.temporaryPassword);
  return db().$transaction(async (tx) => {
    const user = await tx.staffUser.create({
      data: { username: input.username, name: input.name, role: input.role, passwordHash, mustChangePassword: true },
    });
    await recordAudit(actor, { action: "staff.create", entityType: "StaffUser", entityId: user.id, detail: { username: user.username, role: user.role } }, tx);
    return { id: user.id };
  });
}
