import { z } from "zod";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { NotFound, VersionConflict } from "../errors";

export const setConsumerBlockedInput = z
  .object({
    kind: z.enum(["system", "organisation"]),
    id: z.string().min(1),
    version: z.coerce.number().int(),
    blocked: z.enum(["true", "false"]).transform((v) => v === "true"),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((v) => !v.blocked || (v.reason && v.reason.length > 0), { message: "Enter a reason for blocking", path: ["reason"] });
export type SetConsumerBlockedInput = z.infer<typeof setConsumerBlockedInput>;

/**
 * Blocks or unblocks a 111 system (ASID) or organisation (ODS code). The standard lets any 111 service book
 * without prior arrangement, so blocking is for misuse only, needs a reason, and is audited.
 */
export async function setConsumerBlocked(input: SetConsumerBlockedInput, actor: StaffActor): Promise<void> {
  const data = { blocked: input.blocked, blockedReason: input.blocked ? (input.reason ?? null) : null, version: { increment: 1 } };
  const where = { id: input.id, version: input.version };
  await db().$transaction(async (tx) => {
    const { count } = input.kind === "system" ? await tx.consumerSystem.updateMany({ where, data }) : await tx.consumerOrganisation.updateMany({ where, data });
    if (count !== 1) {
      const exists = input.kind === "system" ? await tx.consumerSystem.count({ where: { id: input.id } }) : await tx.consumerOrganisation.count({ where: { id: input.id } });
      if (!exists) throw new NotFound("No such consumer");
      throw new VersionConflict("Someone else changed this consumer first. Check it and try again.");
    }
    await recordAudit(actor, { action: input.blocked ? "consumer.block" : "consumer.unblock", entityType: input.kind === "system" ? "ConsumerSystem" : "ConsumerOrganisation", entityId: input.id, reason: input.reason ?? null }, tx);
  });
}
