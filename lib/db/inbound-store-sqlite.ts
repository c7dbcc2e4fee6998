/**
 * The inbound-message store on SQLite: prepared statements run by the booking writer (booking-store-sqlite.ts), so
 * a message's claim and its outcome share the group commit with the bookings around them rather than taking the
 * write lock and waiting for the disk once each through the ORM. A claim is durable before it is answered.
 */
import type Database from "better-sqlite3";
import type { InboundStore, InboundTx, SeenInbound } from "../inbound/inbound-store";
import { sqliteBookingStore } from "./booking-store-sqlite";
import { INBOUND_FINISH_SQL, inboundFinishValues, sqliteInstant as iso } from "./sqlite-rows";

const SQL = {
  insert: `INSERT INTO "BarsMessage" ("id","requestId","correlationId","format","body","serviceDosId","senderOds","headersJson","state","receivedAt") VALUES (?,?,?,?,?,?,?,?,'processing',?) ON CONFLICT ("requestId") DO NOTHING`,
  byRequestId: `SELECT "id","state","receivedAt","appointmentId","referralId" FROM "BarsMessage" WHERE "requestId" = ?`,
  takeOver: `UPDATE "BarsMessage" SET "correlationId" = ?, "format" = ?, "body" = ?, "serviceDosId" = ?, "senderOds" = ?, "headersJson" = ?, "state" = 'processing', "receivedAt" = ?, "bundleId" = NULL, "event" = NULL, "reason" = NULL, "httpStatus" = NULL, "recCode" = NULL, "finishedAt" = NULL WHERE "id" = ? AND "state" = ? AND "receivedAt" = ?`,
  bundleIdUsed: `SELECT 1 AS "used" FROM "BarsMessage" WHERE "bundleId" = ? AND "reason" = 'new' AND "state" = 'done' AND "id" <> ? LIMIT 1`,
  finish: INBOUND_FINISH_SQL,
} as const;

type Statements = { [K in keyof typeof SQL]: Database.Statement };

/** Statements prepared once per writer connection (a test that swaps databases gets a new writer). */
const prepared = new WeakMap<Database.Database, InboundTx>();

function sqliteInboundTx(conn: Database.Database): InboundTx {
  let tx = prepared.get(conn);
  if (tx) return tx;
  const s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, conn.prepare(sql)])) as Statements;
  tx = {
    insert: (id, r) => s.insert.run(id, r.requestId, r.correlationId, r.format, r.body, r.serviceDosId, r.senderOds, r.headersJson, iso(r.receivedAt)).changes === 1,
    byRequestId(requestId): SeenInbound | null {
      const row = s.byRequestId.get(requestId) as (Omit<SeenInbound, "receivedAt"> & { receivedAt: string }) | undefined;
      return row ? { ...row, receivedAt: new Date(row.receivedAt) } : null;
    },
    takeOver: (seen, r) =>
      s.takeOver.run(r.correlationId, r.format, r.body, r.serviceDosId, r.senderOds, r.headersJson, iso(r.receivedAt), seen.id, seen.state, iso(seen.receivedAt)).changes === 1,
    bundleIdUsed: (bundleId, exceptId) => s.bundleIdUsed.get(bundleId, exceptId) !== undefined,
    finish(id, o) {
      s.finish.run(...inboundFinishValues(id, o));
    },
  };
  prepared.set(conn, tx);
  return tx;
}

export function sqliteInboundStore(url: string): InboundStore {
  const writer = sqliteBookingStore(url);
  return {
    transaction: <T>(work: (tx: InboundTx) => T | Promise<T>) =>
      writer.transaction(async () => work(sqliteInboundTx(writer.conn))),
  };
}
