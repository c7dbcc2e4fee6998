/**
 * Rows written to SQLite straight through better-sqlite3 (the audit batch writer and the booking writer) must
 * read back through the ORM exactly like its own: the same DateTime text and the same columns.
 */
import type { auditRow } from "../audit/record-audit";
import type { InboundOutcomeRow } from "../inbound/inbound-store";

/** A DateTime as the ORM stores it on SQLite, e.g. "2026-11-24T08:00:00.000+00:00". */
export function sqliteInstant(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

export const AUDIT_INSERT_SQL = `INSERT INTO "AuditEvent" ("id","at","actorType","actorId","actorName","actorRole","action","entityType","entityId","patientNhsNumber","consumerOds","consumerAsid","requestId","correlationId","traceId","reason","detail","outcome") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`;

/** The parameters of AUDIT_INSERT_SQL for one audit row. */
export function auditInsertValues(id: string, at: Date, r: ReturnType<typeof auditRow>): unknown[] {
  return [id, sqliteInstant(at), r.actorType, r.actorId, r.actorName, r.actorRole, r.action, r.entityType, r.entityId, r.patientNhsNumber, r.consumerOds, r.consumerAsid, r.requestId, r.correlationId, r.traceId, r.reason, r.detail, r.outcome];
}

export const INBOUND_FINISH_SQL = `UPDATE "BarsMessage" SET "state" = ?, "httpStatus" = ?, "recCode" = ?, "bundleId" = ?, "event" = ?, "reason" = ?, "sourceEndpoint" = ?, "appointmentId" = ?, "referralId" = ?, "finishedAt" = ? WHERE "id" = ?`;

/** The parameters of INBOUND_FINISH_SQL. */
export function inboundFinishValues(id: string, o: InboundOutcomeRow): unknown[] {
  return [o.state, o.httpStatus, o.recCode, o.bundleId, o.event, o.reason, o.sourceEndpoint, o.appointmentId, o.referralId, sqliteInstant(o.finishedAt), id];
}
