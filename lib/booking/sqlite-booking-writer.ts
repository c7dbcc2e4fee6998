/**
 * Bookings on SQLite, written straight through better-sqlite3 with prepared statements, several to a transaction
 * (group commit). Same steps, checks and rows as the ORM path in `record-booking.ts` (PostgreSQL), and the same
 * integration tests run on both.
 *
 * Why: SQLite has one writer at a time and each commit waits for the disk (fsync, about 2 ms here). Through the
 * ORM a booking took about 20 ms of CPU, holding the write lock. Here a booking's statements take well under a
 * millisecond, and the bookings that arrive while one transaction is being written are written together in the
 * next one: each in its own SAVEPOINT, so a refused booking leaves nothing behind and does not disturb the others,
 * and one COMMIT (one fsync) makes them all durable. Nobody is answered before that COMMIT.
 *
 * The connection never waits for the lock inside SQLite (busy timeout 0): the ORM's connection runs in this same
 * thread, so a blocking wait could only wait for ourselves. When the lock is held, the batch tries again a
 * moment later, for up to BUSY_GIVE_UP_MS.
 */
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { auditRow } from "../audit/record-audit";
import type { Actor } from "../auth/actor";
import { checkNewBookingSync } from "../capacity/booking-check";
import { patientKey, type ExistingBooking, type StoredSlotStatus } from "../capacity/limits";
import { registerOwnConnection } from "../db/own-connections";
import { AUDIT_INSERT_SQL, auditInsertValues, sqliteInstant } from "../db/sqlite-rows";
import { sqlitePath } from "../db/url";
import { DuplicateRequest, NotFound, SlotUnavailable } from "../errors";
import type { BookingInput, BookingResult } from "./record-booking";

const BUSY_GIVE_UP_MS = 10_000;
/** At most this many bookings in one transaction (keeps each commit short). */
const MAX_BATCH = 64;

const iso = sqliteInstant;

interface Job {
  input: BookingInput;
  actor: Actor;
  now: Date;
  firstTried: number;
  resolve: (r: BookingResult) => void;
  reject: (e: unknown) => void;
}

const SQL = {
  slot: `SELECT "id","scheduleId","serviceId","start","end","status" FROM "Slot" WHERE "id" = ?`,
  idempotency: `SELECT "appointmentId" FROM "IdempotencyKey" WHERE "scope" = ? AND "requestId" = ?`,
  service: `SELECT "minNoticeMinutes","maxAheadHours","capPerHour","capPerDay" FROM "HealthcareService" WHERE "id" = ?`,
  suspensions: `SELECT "id","startsAt","endsAt","liftedAt","reason" FROM "Suspension" WHERE "serviceId" = ? AND "endsAt" > ?`,
  quotas: `SELECT "odsCode","perHour","perDay" FROM "ConsumerQuota" WHERE "serviceId" = ?`,
  sameDay: `SELECT "start","bookingOrgOds","slotId" FROM "Appointment" WHERE "serviceId" = ? AND "status" = 'booked' AND "start" >= ? AND "start" < ?`,
  future: `SELECT a."start", a."bookingOrgOds", a."slotId", p."nhsNumber", p."family", p."birthDate" FROM "Appointment" a JOIN "Patient" p ON p."id" = a."patientId" WHERE a."serviceId" = ? AND a."status" = 'booked' AND a."start" >= ?`,
  takeSlot: `UPDATE "Slot" SET "status" = 'busy', "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ? AND "status" = 'free'`,
  patient: `INSERT INTO "Patient" ("id","nhsNumber","nhsNumberStatus","localId","family","given","prefix","birthDate","gender","postcode","addressJson","telecomJson","contactJson","communicationJson","gpPracticeOds","gpPracticeName","createdAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  appointment: `INSERT INTO "Appointment" ("id","slotId","activeSlotId","serviceId","start","end","status","fhirVersion","lastUpdated","description","source","consumerAsid","bookingOrgOds","bookingOrgName","documentRefId","patientId","createdAt") VALUES (?,?,?,?,?,?,'booked',1,?,?,?,?,?,?,?,?,?)`,
  version: `INSERT INTO "AppointmentVersion" ("id","appointmentId","versionId","status","resource","createdAt","changedBy","changedById") VALUES (?,?,1,'booked',?,?,?,?)`,
  key: `INSERT INTO "IdempotencyKey" ("id","scope","requestId","interaction","appointmentId","createdAt") VALUES (?,?,?,'create:appointment',?,?)`,
  bump: `UPDATE "HealthcareService" SET "availabilityVersion" = "availabilityVersion" + 1, "bookingSeq" = "bookingSeq" + 1, "updatedAt" = ? WHERE "id" = ?`,
  audit: AUDIT_INSERT_SQL,
} as const;

type Statements = { [K in keyof typeof SQL]: Database.Statement };

class Writer {
  readonly conn: Database.Database;
  readonly s: Statements;
  private queue: Job[] = [];
  private scheduled = false;

  constructor(readonly file: string) {
    this.conn = new Database(file, { fileMustExist: true, timeout: 0 });
    this.conn.pragma("foreign_keys = ON");
    // A booking answered 201 must survive a power cut, not only a crash of the process: wait for the disk at every
    // COMMIT (WAL mode otherwise syncs only at checkpoints). One COMMIT covers a whole batch.
    this.conn.pragma(`synchronous = ${process.env.SQLITE_BOOKING_SYNCHRONOUS === "normal" ? "NORMAL" : "FULL"}`);
    this.s = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, this.conn.prepare(sql)])) as Statements;
  }

  submit(job: Job): void {
    this.queue.push(job);
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.drain();
    };
    if (delayMs === 0) setImmediate(run);
    else setTimeout(run, delayMs);
  }

  private drain(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    try {
      this.conn.exec("BEGIN IMMEDIATE");
    } catch (e) {
      if ((e as { code?: string }).code !== "SQLITE_BUSY") return this.fail(batch, e);
      const now = Date.now();
      const stillWaiting = batch.filter((j) => now - j.firstTried < BUSY_GIVE_UP_MS);
      this.fail(batch.filter((j) => !stillWaiting.includes(j)), new Error("The database stayed busy; the booking was not made"));
      this.queue.unshift(...stillWaiting);
      this.schedule(1 + Math.floor(Math.random() * 3));
      return;
    }
    const outcomes: ({ ok: true; result: BookingResult } | { ok: false; error: unknown })[] = [];
    try {
      for (const job of batch) {
        this.conn.exec("SAVEPOINT booking");
        try {
          outcomes.push({ ok: true, result: this.book(job) });
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
      return this.fail(batch, e);
    }
    batch.forEach((job, i) => {
      const o = outcomes[i];
      if (o.ok) job.resolve(o.result);
      else job.reject(o.error);
    });
    if (this.queue.length) this.schedule(0);
  }

  private fail(jobs: Job[], error: unknown): void {
    for (const j of jobs) j.reject(error);
    if (this.queue.length) this.schedule(0);
  }

  /** One booking inside the open transaction: the same steps as the ORM path, in the same order. */
  private book({ input, actor, now }: Job): BookingResult {
    const { s } = this;
    const at = iso(now);
    const slotRow = s.slot.get(input.slotId) as { id: string; scheduleId: string; serviceId: string; start: string; end: string; status: string } | undefined;
    if (!slotRow) throw new NotFound("Slot not found");
    if (input.idempotency) {
      const seen = s.idempotency.get(input.idempotency.scope, input.idempotency.requestId) as { appointmentId: string | null } | undefined;
      if (seen) throw new DuplicateRequest("This X-Request-ID was already used", seen.appointmentId ?? undefined);
    }
    const slot = { id: slotRow.id, scheduleId: slotRow.scheduleId, start: new Date(slotRow.start), end: new Date(slotRow.end) };
    const service = s.service.get(slotRow.serviceId) as { minNoticeMinutes: number; maxAheadHours: number | null; capPerHour: number | null; capPerDay: number | null } | undefined;
    if (!service) throw new NotFound("Service not found");
    const suspensions = (s.suspensions.all(slotRow.serviceId, at) as { id: string; startsAt: string; endsAt: string; liftedAt: string | null; reason: string }[]).map((r) => ({
      id: r.id,
      startsAt: new Date(r.startsAt),
      endsAt: new Date(r.endsAt),
      liftedAt: r.liftedAt ? new Date(r.liftedAt) : null,
      reason: r.reason,
    }));
    const quotas = (s.quotas.all(slotRow.serviceId) as { odsCode: string; perHour: number | null; perDay: number | null }[]).map((q) => ({ orgOds: q.odsCode, perHour: q.perHour, perDay: q.perDay }));
    const verdict = checkNewBookingSync(
      { id: slot.id, start: slot.start, end: slot.end, status: storedStatus(slotRow.status) },
      { orgOds: input.bookingOrgOds ?? null, patient: patientKey(input.patient) },
      { now, limits: service, suspensions, quotas },
      {
        sameDay: (from, to) =>
          (s.sameDay.all(slotRow.serviceId, iso(from), iso(to)) as { start: string; bookingOrgOds: string | null; slotId: string }[]).map(
            (b): ExistingBooking => ({ start: new Date(b.start), status: "booked", orgOds: b.bookingOrgOds, patient: null, slotId: b.slotId }),
          ),
        future: () =>
          (s.future.all(slotRow.serviceId, at) as { start: string; bookingOrgOds: string | null; slotId: string; nhsNumber: string | null; family: string; birthDate: string }[])
            .filter((b) => new Date(b.start) > now)
            .map((b): ExistingBooking => ({ start: new Date(b.start), status: "booked", orgOds: b.bookingOrgOds, patient: patientKey(b), slotId: b.slotId })),
      },
    );
    if (!verdict.ok) throw new SlotUnavailable("Slot no longer available", verdict.reason);
    if (s.takeSlot.run(at, slot.id).changes !== 1) throw new SlotUnavailable("Slot no longer available");

    const appointmentId = randomUUID();
    const patientId = randomUUID();
    const localId = randomUUID();
    const p = input.patient;
    s.patient.run(
      patientId,
      p.nhsNumber ?? null,
      p.nhsNumberStatus ?? null,
      localId,
      p.family,
      p.given,
      p.prefix ?? null,
      p.birthDate,
      p.gender,
      p.postcode ?? null,
      JSON.stringify(p.address ?? []),
      JSON.stringify(p.telecom ?? []),
      JSON.stringify(p.contact ?? []),
      JSON.stringify(p.communication ?? []),
      p.gpPracticeOds ?? null,
      p.gpPracticeName ?? null,
      at,
    );
    const resource = input.resource({ appointmentId, slot, patientLocalId: localId, now });
    const stored = { ...resource, id: appointmentId, meta: { ...((resource.meta as object) ?? {}), versionId: "1", lastUpdated: now.toISOString() } };
    try {
      s.appointment.run(
        appointmentId,
        slot.id,
        slot.id,
        slotRow.serviceId,
        slotRow.start,
        slotRow.end,
        at,
        input.description,
        input.source,
        input.consumerAsid ?? null,
        input.bookingOrgOds ?? null,
        input.bookingOrgName ?? null,
        input.documentRefId ?? null,
        patientId,
        at,
      );
    } catch (e) {
      // The unique index on activeSlotId: another active booking holds this slot.
      if ((e as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") throw new SlotUnavailable("Slot no longer available");
      throw e;
    }
    const changedById = actor.type === "staff" ? actor.id : actor.type === "consumer" ? (actor.asid ?? null) : null;
    s.version.run(randomUUID(), appointmentId, JSON.stringify(stored), at, actor.type, changedById);
    if (input.idempotency) s.key.run(randomUUID(), input.idempotency.scope, input.idempotency.requestId, appointmentId, at);
    s.bump.run(at, slotRow.serviceId);
    const a = auditRow(actor, { action: "booking.create", entityType: "Appointment", entityId: appointmentId, patientNhsNumber: p.nhsNumber ?? null, detail: { slotId: slot.id, source: input.source } });
    s.audit.run(...auditInsertValues(randomUUID(), now, a));
    return { appointmentId, versionId: 1, lastUpdated: now, resource: stored };
  }
}

function storedStatus(s: string): StoredSlotStatus {
  return s === "free" || s === "busy" ? s : "blocked";
}

let writer: Writer | null = null;

/** Makes one booking on the SQLite database `url` names; resolves once it is committed. */
export function recordBookingSqlite(url: string, input: BookingInput, actor: Actor, now: Date): Promise<BookingResult> {
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
  const w = writer;
  return new Promise((resolve, reject) => w.submit({ input, actor, now, firstTried: Date.now(), resolve, reject }));
}
