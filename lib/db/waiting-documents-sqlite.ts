/**
 * The waiting-documents read of link-awaiting-documents.ts on SQLite, after every booking: a prepared statement on
 * the read-only connection, the same condition the ORM query states (its `contains` is SQLite's LIKE, escaped).
 * Almost always it finds nothing, and the booking costs no ORM query.
 */
import { asDatabaseUnavailable } from "./database-unavailable";
import { preparedRead } from "./prepared-read";
import { sqliteReadStatement } from "./sqlite-read-connection";

const SQL = `SELECT "id", "cancelledBookingId" FROM "ClinicalDocument"
  WHERE ("state" IN (SELECT value FROM json_each(?)) OR ("state" = ? AND "reviewReason" = ?))
    AND ("documentId" = ? OR "appointmentRefs" LIKE ? ESCAPE '\\')`;

export function waitingDocumentsSqlite(
  url: string,
  q: { states: readonly string[]; reviewState: string; reviewReason: string; documentId: string | null; appointmentId: string },
): { id: string; cancelledBookingId: string | null }[] {
  const pattern = `%${q.appointmentId.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  try {
    return sqliteReadStatement<unknown[], { id: string; cancelledBookingId: string | null }>(url, SQL).all(JSON.stringify(q.states), q.reviewState, q.reviewReason, q.documentId, pattern);
  } catch (e) {
    throw asDatabaseUnavailable(e) ?? e;
  }
}

/** The same condition on PostgreSQL, one named statement (the ORM's `contains` is LIKE there too). */
const PG_SQL = `SELECT "id", "cancelledBookingId" FROM "ClinicalDocument"
  WHERE ("state" = ANY(?::text[]) OR ("state" = ? AND "reviewReason" = ?))
    AND ("documentId" = ? OR "appointmentRefs" LIKE ? ESCAPE '\\')`;

export function waitingDocumentsPostgres(
  url: string,
  q: { states: readonly string[]; reviewState: string; reviewReason: string; documentId: string | null; appointmentId: string },
): Promise<{ id: string; cancelledBookingId: string | null }[]> {
  const pattern = `%${q.appointmentId.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return preparedRead({ name: "waiting.documents", sql: PG_SQL }, [[...q.states], q.reviewState, q.reviewReason, q.documentId, pattern], url);
}
