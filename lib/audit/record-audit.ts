import { db, type Db, type Tx } from "../db/client";
import type { Actor } from "../auth/actor";
import { now as clockNow } from "../time/clock";
import { randomUUID } from "node:crypto";
import { insertSql } from "../db/raw-write";

export interface AuditInput {
  action: string;
  entityType?: string;
  entityId?: string;
  patientNhsNumber?: string | null;
  reason?: string | null;
  /** Anything else worth keeping. Never clinical content. */
  detail?: Record<string, unknown>;
  outcome?: "success" | "refused" | "failed";
  correlationId?: string;
}

/** The stored row of one audit event, as of `at`. */
export function auditRow(actor: Actor, input: AuditInput, at?: Date) {
  return withoutNul({
    ...(at ? { at } : {}),
    actorType: actor.type,
    actorId: actor.type === "staff" ? actor.id : actor.type === "consumer" ? (actor.asid ?? null) : null,
    actorName: actor.type === "staff" ? actor.name : actor.type === "consumer" ? (actor.orgName ?? actor.odsCode ?? null) : actor.name,
    actorRole: actor.type === "staff" ? actor.role : actor.type === "consumer" ? "111 system" : "system",
    consumerOds: actor.type === "consumer" ? (actor.odsCode ?? null) : null,
    consumerAsid: actor.type === "consumer" ? (actor.asid ?? null) : null,
    requestId: actor.type === "consumer" ? (actor.requestId ?? null) : null,
    traceId: actor.type === "consumer" ? (actor.traceId ?? null) : null,
    correlationId: input.correlationId ?? null,
    action: input.action,
    entityType: input.entityType ?? null,
    entityId: input.entityId ?? null,
    patientNhsNumber: input.patientNhsNumber ?? null,
    reason: input.reason ?? null,
    outcome: input.outcome ?? "success",
    detail: input.detail ? JSON.stringify({ ...input.detail, ...(actor.type === "staff" && actor.ip ? { ip: actor.ip } : {}) }) : actor.type === "staff" && actor.ip ? JSON.stringify({ ip: actor.ip }) : null,
  });
}

/**
 * Appends one audit event. Pass the transaction when the audited change happens in one,
 * so the change and its record commit (or roll back) together.
 */
export async function recordAudit(actor: Actor, input: AuditInput, client: Db | Tx = db()): Promise<void> {
  // A plain INSERT of the row the ORM would write (lib/db/raw-write.ts): the audit log is written on every request.
  await client.$executeRaw(insertSql("AuditEvent", { id: randomUUID(), ...auditRow(actor, input, clockNow()) }));
}

/** PostgreSQL text cannot hold NUL: an audit record must never fail for what a caller sent, so NUL becomes U+FFFD. */
function withoutNul<T extends Record<string, unknown>>(data: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) out[k] = typeof v === "string" ? v.replace(/\u0000/g, "\uFFFD") : v;
  return out as T;
}
