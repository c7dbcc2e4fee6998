/**
 * Audit events written a little after the request, in batches: for requests that neither changed nor showed a
 * patient's record (slot searches, refused requests, and the request-level record of a booking or cancellation
 * whose change was already audited inside its own transaction). One insert per batch instead of one write
 * transaction per request keeps searches from queueing behind bookings on SQLite's single write lock.
 *
 * A batch is written every FLUSH_MS, on SIGTERM/SIGINT (`flushAuditQueueOnSignals`, registered by the server
 * at start-up) and, on SQLite, synchronously as the process exits. What a hard crash (SIGKILL, power loss) can
 * lose is at most the last FLUSH_MS of these records; never a record of a change or of a view of a patient's
 * record, which are written with the change or before the answer (`recordAudit`). See HAZ-025.
 */
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { registerOwnConnection } from "../db/own-connections";
import { AUDIT_INSERT_SQL, auditInsertValues } from "../db/sqlite-rows";
import { databaseKind, databaseUrl, sqlitePath } from "../db/url";
import { logger } from "../observability/logger";
import { auditRow, type AuditInput } from "./record-audit";
import { now as clockNow } from "../time/clock";

export const FLUSH_MS = 100;
/** Past this many unwritten events (the database refusing writes for a long time), new ones are counted and dropped. */
const MAX_PENDING = 100_000;

type Row = ReturnType<typeof auditRow> & { id: string; at: Date };

const pending: Row[] = [];
let timer: NodeJS.Timeout | null = null;
let flushing: Promise<number> | null = null;
let dropped = 0;

function schedule(delay = FLUSH_MS): void {
  if (timer) return;
  timer = setTimeout(() => {
    timer = null;
    void flushAuditQueue();
  }, delay);
  timer.unref();
}

/** Queues one audit event, stamped now; it is written within about FLUSH_MS. */
export function queueAudit(actor: Actor, input: AuditInput, at = clockNow()): void {
  if (pending.length >= MAX_PENDING) {
    dropped++;
    if (dropped === 1 || dropped % 1000 === 0) logger().error({ dropped }, "audit queue full: events dropped");
    return;
  }
  pending.push({ ...auditRow(actor, input, at), id: randomUUID(), at });
  schedule();
}

/** Writes everything queued so far; resolves to how many were written. Tests and shutdown call it directly. */
export async function flushAuditQueue(): Promise<number> {
  if (flushing) await flushing;
  if (pending.length === 0) return 0;
  const rows = pending.splice(0, pending.length);
  flushing = (async () => {
    try {
      // SQLite: one prepared insert per row in one transaction on a connection of our own (microseconds per row);
      // if the ORM's connection holds the write lock right now, the ORM writes the batch instead (it queues).
      if (!(databaseKind(databaseUrl()) === "sqlite" && writeSqliteNow(rows))) await db().auditEvent.createMany({ data: rows });
      return rows.length;
    } catch (e) {
      // Keep them (oldest first) and try again shortly: the database may be restarting.
      pending.unshift(...rows.slice(0, Math.max(0, MAX_PENDING - pending.length)));
      logger().error({ err: (e as Error).message, waiting: pending.length }, "audit batch write failed; retrying");
      schedule(1000);
      return 0;
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}

/** Events queued and not yet written (for tests and metrics). */
export function pendingAuditCount(): number {
  return pending.length;
}

interface SqliteWriter {
  file: string;
  conn: Database.Database;
  insert: Database.Statement;
}
let writer: SqliteWriter | null = null;

function sqliteWriter(url: string, timeoutMs: number): SqliteWriter {
  const file = resolve(sqlitePath(url));
  if (writer && writer.file !== file) {
    writer.conn.close();
    writer = null;
  }
  if (!writer) {
    const conn = new Database(file, { fileMustExist: true });
    const opened: SqliteWriter = { file, conn, insert: conn.prepare(AUDIT_INSERT_SQL) };
    writer = opened;
    registerOwnConnection("audit-writer", () => {
      conn.close();
      if (writer === opened) writer = null;
    });
  }
  writer.conn.pragma(`busy_timeout = ${timeoutMs}`);
  return writer;
}

function insertRows(w: SqliteWriter, rows: Row[]): void {
  w.conn.transaction(() => {
    for (const r of rows)
      w.insert.run(...auditInsertValues(r.id, r.at, r));
  })();
}

/**
 * Writes the rows without waiting for a lock (this thread also runs the ORM's transactions, so waiting here could
 * only wait for ourselves). False when the database is busy: nothing was written.
 */
function writeSqliteNow(rows: Row[]): boolean {
  try {
    insertRows(sqliteWriter(databaseUrl(), 0), rows);
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === "SQLITE_BUSY") return false;
    throw e;
  }
}

/** Last resort as the process exits (no more awaiting): write what is queued straight to the SQLite file. */
export function flushAuditQueueSync(url = databaseUrl()): number {
  if (pending.length === 0 || databaseKind(url) !== "sqlite") return 0;
  const rows = pending.splice(0, pending.length);
  insertRows(sqliteWriter(url, 2000), rows);
  return rows.length;
}

let registered = false;

/** Server start-up: write the queue on SIGTERM/SIGINT (the server then drains and exits) and at exit. */
export function flushAuditQueueOnSignals(): void {
  if (registered) return;
  registered = true;
  for (const sig of ["SIGTERM", "SIGINT"] as const) process.on(sig, () => void flushAuditQueue());
  process.on("exit", () => {
    try {
      flushAuditQueueSync();
    } catch {
      // Nothing more can be done as the process ends.
    }
  });
}
