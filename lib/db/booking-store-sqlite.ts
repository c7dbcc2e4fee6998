/**
 * The booking store on SQLite: prepared statements through better-sqlite3, several bookings and cancellations to a
 * transaction (group commit). The steps are the shared ones in lib/booking/booking-sequence.ts.
 *
 * Why: SQLite has one writer at a time and each commit waits for the disk (fsync, about 2 ms here). Through the
 * ORM a booking took about 20 ms of CPU, holding the write lock. Here a booking's statements take well under a
 * millisecond, and the work that arrives while one transaction is being written is written together in the next
 * one: each in its own SAVEPOINT, so a refused booking leaves nothing behind and does not disturb the others, and
 * one COMMIT (one fsync) makes them all durable. Nobody is answered before that COMMIT.
 *
 * The connection never waits for the lock inside SQLite (busy timeout 0): the ORM's connection runs in this same
 * thread, so a blocking wait could only wait for ourselves. When the lock is held, the batch tries again a
 * moment later, for up to BUSY_GIVE_UP_MS.
 */
import { DatabaseUnavailable } from "../errors";
import { asDatabaseUnavailable } from "./database-unavailable";
import Database from "better-sqlite3";
import { resolve } from "node:path";
import type { ExistingBooking } from "../capacity/limits";
import { patientKey } from "../capacity/limits";
import type { BookingStore, BookingTx, StoredBooking, StoredSlot } from "../booking/booking-store";
import { DuplicateRequest, SlotUnavailable } from "../errors";
import { registerOwnConnection } from "./own-connections";
import { AUDIT_INSERT_SQL, INBOUND_FINISH_SQL, auditInsertValues, inboundFinishValues, sqliteInstant as iso } from "./sqlite-rows";
import { sqlitePath } from "./url";

const BUSY_GIVE_UP_MS = 10_000;
/** At most this much work in one transaction (keeps each commit short). */
const MAX_BATCH = 64;

const SQL = {
  slot: `SELECT "id","scheduleId","serviceId","start","end","status" FROM "Slot" WHERE "id" = ?`,
  idempotency: `SELECT "appointmentId" FROM "IdempotencyKey" WHERE "scope" = ? AND "requestId" = ?`,
  bump: `UPDATE "HealthcareService" SET "availabilityVersion" = "availabilityVersion" + 1, "bookingSeq" = "bookingSeq" + 1, "updatedAt" = ? WHERE "id" = ?`,
  service: `SELECT "minNoticeMinutes","maxAheadHours","capPerHour","capPerDay" FROM "HealthcareService" WHERE "id" = ?`,
  suspensions: `SELECT "id","startsAt","endsAt","liftedAt","reason" FROM "Suspension" WHERE "serviceId" = ? AND "endsAt" > ?`,
  quotas: `SELECT "odsCode","perHour","perDay" FROM "ConsumerQuota" WHERE "serviceId" = ?`,
  sameDay: `SELECT "start","bookingOrgOds","slotId" FROM "Appointment" WHERE "serviceId" = ? AND "status" = 'booked' AND "start" >= ? AND "start" < ?`,
  future: `SELECT a."start", a."bookingOrgOds", a."slotId", p."nhsNumber", p."family", p."birthDate" FROM "Appointment" a JOIN "Patient" p ON p."id" = a."patientId" WHERE a."serviceId" = ? AND a."status" = 'booked' AND a."start" >= ?`,
  takeSlot: `UPDATE "Slot" SET "status" = 'busy', "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ? AND "status" = 'free'`,
  patient: `INSERT INTO "Patient" ("id","nhsNumber","nhsNumberStatus","localId","family","given","prefix","birthDate","gender","postcode","addressJson","telecomJson","contactJson","communicationJson","gpPracticeOds","gpPracticeName","createdAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  appointment: `INSERT INTO "Appointment" ("id","slotId","activeSlotId","serviceId","start","end","status","fhirVersion","lastUpdated","description","source","consumerAsid","bookingOrgOds","bookingOrgName","documentRefId","patientId","createdAt") VALUES (?,?,?,?,?,?,'booked',1,?,?,?,?,?,?,?,?,?)`,
  version: `INSERT INTO "AppointmentVersion" ("id","appointmentId","versionId","status","resource","createdAt","changedBy","changedById","standard") VALUES (?,?,?,?,?,?,?,?,?)`,
  key: `INSERT INTO "IdempotencyKey" ("id","scope","requestId","interaction","appointmentId","createdAt") VALUES (?,?,?,?,?,?)`,
  audit: AUDIT_INSERT_SQL,
  finishInbound: INBOUND_FINISH_SQL,
  booking: `SELECT a."id", a."serviceId", a."slotId", a."status", a."fhirVersion", a."edStatus", p."nhsNumber" FROM "Appointment" a JOIN "Patient" p ON p."id" = a."patientId" WHERE a."id" = ?`,
  versionResource: `SELECT "resource", "standard" FROM "AppointmentVersion" WHERE "appointmentId" = ? AND "versionId" = ?`,
  markCancelled: `UPDATE "Appointment" SET "status" = 'cancelled', "fhirVersion" = ?, "lastUpdated" = ?, "activeSlotId" = NULL, "cancelledAt" = ?, "cancelledBy" = ?, "cancelReason" = ? WHERE "id" = ? AND "fhirVersion" = ?`,
  freeSlot: `UPDATE "Slot" SET "status" = 'free', "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ? AND "status" = 'busy'`,
  decouple: `UPDATE "ClinicalDocument" SET "state" = 'booking-cancelled', "cancelledBookingId" = "appointmentId", "stateChangedAt" = ?, "version" = "version" + 1 WHERE "appointmentId" = ? AND "state" = 'linked'`,
} as const;

type Statements = { [K in keyof typeof SQL]: Database.Statement };

interface Job {
  work: (tx: BookingTx) => Promise<unknown>;
  firstTried: number;
  resolve: (r: unknown) => void;
  reject: (e: unknown) => void;
}

type SlotRowText = { id: string; scheduleId: string; serviceId: string; start: string; end: string; status: string };

function constraint(e: unknown): boolean {
  return (e as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE";
}

/** The store's statements as a BookingTx; valid only inside the writer's open transaction. */
function sqliteTx(s: Statements): BookingTx {
  return {
    slot(id): StoredSlot | null {
      const r = s.slot.get(id) as SlotRowText | undefined;
      return r ? { id: r.id, scheduleId: r.scheduleId, serviceId: r.serviceId, start: new Date(r.start), end: new Date(r.end), status: r.status } : null;
    },
    lockService(serviceId, at) {
      if (s.bump.run(iso(at), serviceId).changes !== 1) return null;
      return s.service.get(serviceId) as { minNoticeMinutes: number; maxAheadHours: number | null; capPerHour: number | null; capPerDay: number | null };
    },
    idempotencyKey(scope, requestId) {
      return (s.idempotency.get(scope, requestId) as { appointmentId: string | null } | undefined) ?? null;
    },
    suspensions(serviceId, now) {
      return (s.suspensions.all(serviceId, iso(now)) as { id: string; startsAt: string; endsAt: string; liftedAt: string | null; reason: string }[]).map((r) => ({
        id: r.id,
        startsAt: new Date(r.startsAt),
        endsAt: new Date(r.endsAt),
        liftedAt: r.liftedAt ? new Date(r.liftedAt) : null,
        reason: r.reason,
      }));
    },
    quotas(serviceId) {
      return (s.quotas.all(serviceId) as { odsCode: string; perHour: number | null; perDay: number | null }[]).map((q) => ({ orgOds: q.odsCode, perHour: q.perHour, perDay: q.perDay }));
    },
    bookingsStarting(serviceId, from, to) {
      return (s.sameDay.all(serviceId, iso(from), iso(to)) as { start: string; bookingOrgOds: string | null; slotId: string }[]).map(
        (b): ExistingBooking => ({ start: new Date(b.start), status: "booked", orgOds: b.bookingOrgOds, patient: null, slotId: b.slotId }),
      );
    },
    futureBookings(serviceId, now) {
      return (s.future.all(serviceId, iso(now)) as { start: string; bookingOrgOds: string | null; slotId: string; nhsNumber: string | null; family: string; birthDate: string }[])
        .filter((b) => new Date(b.start) > now)
        .map((b): ExistingBooking => ({ start: new Date(b.start), status: "booked", orgOds: b.bookingOrgOds, patient: patientKey(b), slotId: b.slotId }));
    },
    takeSlot(slotId, at) {
      return s.takeSlot.run(iso(at), slotId).changes === 1;
    },
    insertPatient(p) {
      s.patient.run(p.id, p.nhsNumber, p.nhsNumberStatus, p.localId, p.family, p.given, p.prefix, p.birthDate, p.gender, p.postcode, p.addressJson, p.telecomJson, p.contactJson, p.communicationJson, p.gpPracticeOds, p.gpPracticeName, iso(p.createdAt));
    },
    insertAppointment(a) {
      try {
        s.appointment.run(a.id, a.slotId, a.slotId, a.serviceId, iso(a.start), iso(a.end), iso(a.lastUpdated), a.description, a.source, a.consumerAsid, a.bookingOrgOds, a.bookingOrgName, a.documentRefId, a.patientId, iso(a.createdAt));
      } catch (e) {
        // The unique index on activeSlotId: another active booking holds this slot.
        if (constraint(e)) throw new SlotUnavailable("Slot no longer available");
        throw e;
      }
    },
    insertVersion(v) {
      s.version.run(v.id, v.appointmentId, v.versionId, v.status, v.resource, iso(v.createdAt), v.changedBy, v.changedById, v.standard);
    },
    insertIdempotencyKey(k) {
      try {
        s.key.run(k.id, k.scope, k.requestId, k.interaction, k.appointmentId, iso(k.createdAt));
      } catch (e) {
        if (constraint(e)) throw new DuplicateRequest("This X-Request-ID was already used");
        throw e;
      }
    },
    insertAudit(id, at, row) {
      s.audit.run(...auditInsertValues(id, at, row));
    },
    finishInboundMessage(id, outcome) {
      s.finishInbound.run(...inboundFinishValues(id, outcome));
    },
    booking(id): StoredBooking | null {
      const r = s.booking.get(id) as { id: string; serviceId: string; slotId: string; status: string; fhirVersion: number; edStatus: string; nhsNumber: string | null } | undefined;
      return r ? { id: r.id, serviceId: r.serviceId, slotId: r.slotId, status: r.status, fhirVersion: r.fhirVersion, patientNhsNumber: r.nhsNumber, edStatus: r.edStatus } : null;
    },
    versionResource(appointmentId, versionId) {
      return (s.versionResource.get(appointmentId, versionId) as { resource: string; standard: "stu3" | "r4" } | undefined) ?? null;
    },
    markCancelled(c) {
      const at = iso(c.at);
      return s.markCancelled.run(c.toVersion, at, at, c.by, c.reason, c.appointmentId, c.fromVersion).changes === 1;
    },
    freeSlot(slotId, at) {
      s.freeSlot.run(iso(at), slotId);
    },
    decoupleDocuments(appointmentId, at) {
      return s.decouple.run(iso(at), appointmentId).changes;
    },
  };
}

class Writer implements BookingStore {
  readonly conn: Database.Database;
  private readonly tx: BookingTx;
  private queue: Job[] = [];
  private scheduled = false;
  private running = false;

  constructor(readonly file: string) {
    this.conn = new Database(file, { fileMustExist: true, timeout: 0 });
    this.conn.pragma("foreign_keys = ON");
    // A booking answered 201 must survive a power cut, not only a crash of the process: wait for the disk at every
    // COMMIT (WAL mode otherwise syncs only at checkpoints). One COMMIT covers a whole batch.
    this.conn.pragma(`synchronous = ${process.env.SQLITE_BOOKING_SYNCHRONOUS === "normal" ? "NORMAL" : "FULL"}`);
    const s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, this.conn.prepare(sql)])) as Statements;
    this.tx = sqliteTx(s);
  }

  /**
   * Other writes that belong in the same group commit (an inbound message's claim and outcome): `work` runs
   * synchronously on this connection inside its own savepoint, and is answered after the COMMIT.
   */
  write<T>(work: (conn: Database.Database) => T): Promise<T> {
    return this.transaction(async () => work(this.conn));
  }

  transaction<T>(work: (tx: BookingTx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, firstTried: Date.now(), resolve: resolve as (r: unknown) => void, reject });
      this.schedule(0);
    });
  }

  private schedule(delayMs: number): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      void this.drain();
    };
    if (delayMs === 0) setImmediate(run);
    else setTimeout(run, delayMs);
  }

  private async drain(): Promise<void> {
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    try {
      this.conn.exec("BEGIN IMMEDIATE");
    } catch (e) {
      if ((e as { code?: string }).code !== "SQLITE_BUSY") return this.fail(batch, e);
      const now = Date.now();
      const stillWaiting = batch.filter((j) => now - j.firstTried < BUSY_GIVE_UP_MS);
      this.fail(batch.filter((j) => !stillWaiting.includes(j)), new DatabaseUnavailable("The database stayed busy; nothing was changed. Try again shortly.", 2, "SQLITE_BUSY"));
      this.queue.unshift(...stillWaiting);
      this.schedule(1 + Math.floor(Math.random() * 3));
      return;
    }
    // While the batch runs, new work waits in the queue for the next transaction.
    this.running = true;
    const outcomes: ({ ok: true; result: unknown } | { ok: false; error: unknown })[] = [];
    try {
      for (const job of batch) {
        this.conn.exec("SAVEPOINT booking");
        try {
          outcomes.push({ ok: true, result: await job.work(this.tx) });
          this.conn.exec("RELEASE booking");
        } catch (error) {
          this.conn.exec("ROLLBACK TO booking");
          this.conn.exec("RELEASE booking");
          outcomes.push({ ok: false, error });
        }
      }
      this.conn.exec("COMMIT");
    } catch (e) {
      // Nothing of the batch is stored: every caller is told so.
      if (this.conn.inTransaction) this.conn.exec("ROLLBACK");
      this.running = false;
      return this.fail(batch, e);
    }
    this.running = false;
    batch.forEach((job, i) => {
      const o = outcomes[i];
      if (o.ok) job.resolve(o.result);
      else job.reject(asDatabaseUnavailable(o.error) ?? o.error);
    });
    if (this.queue.length) this.schedule(0);
  }

  private fail(jobs: Job[], error: unknown): void {
    // A disk that is full or read-only, or a lock held too long: an outage, said once for every caller.
    const mapped = asDatabaseUnavailable(error) ?? error;
    for (const j of jobs) j.reject(mapped);
    if (this.queue.length) this.schedule(0);
  }
}

let writer: Writer | null = null;

/** The SQLite database's one writer: bookings and the other writes that share its group commit. */
export interface SqliteWriter extends BookingStore {
  readonly conn: Database.Database;
  write<T>(work: (conn: Database.Database) => T): Promise<T>;
}

/** The booking store of the SQLite database `url` names (one writer connection per process). */
export function sqliteBookingStore(url: string): SqliteWriter {
  const file = resolve(sqlitePath(url));
  if (!writer || writer.file !== file) {
    writer?.conn.close();
    const opened = new Writer(file);
    writer = opened;
    registerOwnConnection("booking-writer", () => {
      opened.conn.close();
      if (writer === opened) writer = null;
    });
  }
  return writer;
}
