import type { Logger } from "pino";
import { queueAudit } from "../../audit/audit-queue";
import { recordAudit, type AuditInput } from "../../audit/record-audit";
import type { Actor } from "../../auth/actor";

/**
 * The audit record of a request at a door, with the caller's provenance: every door writes one per request.
 * `before-answer`: written before the answer leaves (a received clinical document: what was accepted must be on
 * record when the sender is told so). `batched`: searches, refusals and the request-level record of a change that
 * its use case already audited in its own transaction, written in the next batch (HAZ-025). A failing audit write
 * is logged, never turned into an error for the caller.
 */
export async function auditRequest(actor: Actor, event: AuditInput, when: "before-answer" | "batched", log: Logger): Promise<void> {
  if (when === "batched") {
    queueAudit(actor, event);
    return;
  }
  await recordAudit(actor, event).catch((err) => log.error({ err: (err as Error).message }, "audit write failed"));
}
