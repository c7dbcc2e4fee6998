import { z } from "zod";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { hashPassword, passwordProblem } from "../auth/password";
import { InvalidInput, NotFound, VersionConflict } from "../errors";
import { assertAnAdminRemains, lockAdminChanges, roleSchema } from "./staff-rules";

export const updateStaffUserInput = z.discriminatedUnion("change", [
  z.object({ change: z.literal("role"), id: z.string().min(1), version: z.coerce.number().int(), role: roleSchema }),
  z.object({ change: z.literal("disable"), id: z.string().min(1), version: z.coerce.number().int() }),
  z.object({ change: z.literal("enable"), id: z.string().min(1), version: z.coerce.number().int() }),
  z.object({ change: z.literal("reset-password"), id: z.string().min(1), version: z.coerce.number().int(), temporaryPassword: z.string() }),
  z.object({ change: z.literal("reset-two-factor"), id: z.string().min(1), version: z.coerce.number().int() }),
]);
export type UpdateStaffUserInput = z.infer<typeof updateStaffUserInput>;

const CONFLICT = "Someone else changed this account while you were looking at it. Check the details and try again.";

/**
 * Changes one account: its role, enabled state or password. Every change ends the person's existing
 * sessions (sessionVersion) and is audited. The last active administrator can be neither demoted nor disabled.
 */
export async function updateStaffUser(input: UpdateStaffUserInput, actor: StaffActor): Promise<void> {
  let passwordHash: string | undefined;
  if (input.change === "reset-password") {
    const user = await db().staffUser.findUnique({ where: { id: input.id } });
    const problem = passwordProblem(input.temporaryPassword, user?.username);
    if (problem) throw new InvalidInput(problem, { temporaryPassword: problem });
    passwordHash = await hashPassword(input.temporaryPassword);
  }
  await db().$transaction(async (tx) => {
    await lockAdminChanges(tx);
    const user = await tx.staffUser.findUnique({ where: { id: input.id } });
    if (!user) throw new NotFound("No such account");
    if (user.version !== input.version) throw new VersionConflict(CONFLICT);
    const data =
      input.change === "role"
        ? { role: input.role }
        : input.change === "disable"
          ? { disabled: true }
          : input.change === "enable"
            ? { disabled: false }
            : input.change === "reset-two-factor"
              ? // A lost authenticator: they set up a new one at their next password sign-in.
                { totpSecret: null, totpEnabledAt: null, totpLastStep: null }
              : { passwordHash, mustChangePassword: true };
    const { count } = await tx.staffUser.updateMany({
      where: { id: input.id, version: input.version },
      data: { ...data, version: { increment: 1 }, sessionVersion: { increment: 1 } },
    });
    if (count !== 1) throw new VersionConflict(CONFLICT);
    await assertAnAdminRemains(tx);
    await recordAudit(
      actor,
      {
        action: `staff.${input.change}`,
        entityType: "StaffUser",
        entityId: user.id,
        detail: input.change === "role" ? { from: user.role, to: input.role, username: user.username } : { username: user.username },
      },
      tx,
    );
  });
}
