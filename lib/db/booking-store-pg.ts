/**
 * The booking store on PostgreSQL: named (prepared) statements on the `pg` driver, one transaction per booking or
 * cancellation on one pooled connection (pg-pool.ts, shared with the ORM). The steps are the shared ones in
 * lib/booking/booking-sequence.ts; two-stores.int.test.ts checks this store leaves the same rows as the others.
 *
 * Why: through the ORM a booking cost about 15 ORM queries, each compiled and its rows mapped in JavaScript, while
 * the transaction held the service's row lock; bookings of one service queue on that lock, so the CPU spent inside
 * the transaction is what limits them. Here each step is one prepared statement (parsed and planned once per
 * connection), the lock and the limits are one `UPDATE … RETURNING`, and nothing is read twice.
 *
 * Bounded: waiting for a connection (connectionTimeoutMillis), every statement (statement_timeout and
 * query_timeout), and a transaction left idle (idle_in_transaction_session_timeout). A unique index refusing a
 * write is mapped here (23505 → SlotUnavailable or DuplicateRequest), an outage to DatabaseUnavailable.
 */
import type pg from "pg";
import { patientKey } from "../capacity/limits";
import type { BookingStore, BookingTx, StoredBooking, StoredSlot } from "../booking/booking-store";
import { DuplicateRequest, SlotUnavailable } from "../errors";
import { asDatabaseUnavailable } from "./database-unavailable";
import { pgExec, pgPool, pgQuery } from "./pg-pool";

/** `?` placeholders as PostgreSQL's $1, $2… (the statements read like the SQLite store's). */
function numbered(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

const SQL = Object.fromEntries(
  Object.entries({
    slot: `SELECT "id","scheduleId","serviceId","start","end","status" FROM "Slot" WHERE "id" = ?`,
    idempotency: `SELECT "appointmentId" FROM "IdempotencyKey" WHERE "scope" = ? AND "requestId" = ?`,
    lockService: `UPDATE "HealthcareService" SET "availabilityVersion" = "availabilityVersion" + 1, "bookingSeq" = "bookingSeq" + 1, "updatedAt" = ? WHERE "id" = ? RETURNING "minNoticeMinutes","maxAheadHours","capPerHour","capPerDay"`,
    suspensions: `SELECT "id","startsAt","endsAt","liftedAt","reason" FROM "Suspension" WHERE "serviceId" = ? AND "endsAt" > ?`,
    quotas: `SELECT "odsCode","perHour","perDay" FROM "ConsumerQuota" WHERE "serviceId" = ?`,
    sameDay: `SELECT "start","bookingOrgOds","slotId" FROM "Appointment" WHERE "serviceId" = ? AND "status" = 'booked' AND "start" >= ? AND "start" < ?`,
    future: `SELECT a."start", a."bookingOrgOds", a."slotId", p."nhsNumber", p."family", p."birthDate" FROM "Appointment" a JOIN "Patient" p ON p."id" = a."patientId" WHERE a."serviceId" = ? AND a."status" = 'booked' AND a."start" > ?`,
    takeSlot: `UPDATE "Slot" SET "status" = 'busy', "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ? AND "status" = 'free'`,
    patient: `INSERT INTO "Patient" ("id","nhsNumber","nhsNumberStatus","localId","family","given","prefix","birthDate","gender","postcode","addressJson","telecomJson","contactJson","communicationJson","gpPracticeOds","gpPracticeName","createdAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    appointment: `INSERT INTO "Appointment" ("id","slotId","activeSlotId","serviceId","start","end","status","fhirVersion","lastUpdated","description","source","consumerAsid","bookingOrgOds","bookingOrgName","documentRefId","patientId","createdAt") VALUES (?,?,?,?,?,?,'booked',1,?,?,?,?,?,?,?,?,?)`,
    version: `INSERT INTO "AppointmentVersion" ("id","appointmentId","versionId","status","resource","createdAt","changedBy","changedById","standard") VALUES (?,?,?,?,?,?,?,?,?)`,
    key: `INSERT INTO "IdempotencyKey" ("id","scope","requestId","interaction","appointmentId","createdAt") VALUES (?,?,?,?,?,?)`,
    audit: `INSERT INTO "AuditEvent" ("id","at","actorType","actorId","actorName","actorRole","action","entityType","entityId","patientNhsNumber","consumerOds","consumerAsid","requestId","correlationId","traceId","reason","detail","outcome") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    finishInbound: `UPDATE "BarsMessage" SET "state" = ?, "httpStatus" = ?, "recCode" = ?, "bundleId" = ?, "event" = ?, "reason" = ?, "sourceEndpoint" = ?, "appointmentId" = ?, "referralId" = ?, "finishedAt" = ? WHERE "id" = ?`,
    booking: `SELECT a."id", a."serviceId", a."slotId", a."status", a."fhirVersion", a."edStatus", p."nhsNumber" FROM "Appointment" a JOIN "Patient" p ON p."id" = a."patientId" WHERE a."id" = ?`,
    versionResource: `SELECT "resource", "standard" FROM "AppointmentVersion" WHERE "appointmentId" = ? AND "versionId" = ?`,
    markCancelled: `UPDATE "Appointment" SET "status" = 'cancelled', "fhirVersion" = ?, "lastUpdated" = ?, "activeSlotId" = NULL, "cancelledAt" = ?, "cancelledBy" = ?, "cancelReason" = ? WHERE "id" = ? AND "fhirVersion" = ?`,
    freeSlot: `UPDATE "Slot" SET "status" = 'free', "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ? AND "status" = 'busy'`,
    decouple: `UPDATE "ClinicalDocument" SET "state" = 'booking-cancelled', "cancelledBookingId" = "appointmentId", "stateChangedAt" = ?, "version" = "version" + 1 WHERE "appointmentId" = ? AND "state" = 'linked'`,
  }).map(([k, sql]) => [k, numbered(sql)]),
) as Record<string, string>;

type Key = keyof typeof SQL & string;

const q = <R>(c: pg.PoolClient, k: Key, values: unknown[]) => pgQuery<R>(c, `booking.${k}`, SQL[k], values);
const x = (c: pg.PoolClient, k: Key, values: unknown[]) => pgExec(c, `booking.${k}`, SQL[k], values);

function isUnique(e: unknown): boolean {
  return (e as { code?: string }).code === "23505";
}

/** The statements as a BookingTx on one connection inside its open transaction. */
function pgTx(c: pg.PoolClient): BookingTx {
  return {
    slot: async (id) => (await q<StoredSlot>(c, "slot", [id]))[0] ?? null,
    lockService: async (serviceId, at) =>
      (await q<{ minNoticeMinutes: number; maxAheadHours: number | null; capPerHour: number | null; capPerDay: number | null }>(c, "lockService", [at, serviceId]))[0] ?? null,
    idempotencyKey: async (scope, requestId) => (await q<{ appointmentId: string | null }>(c, "idempotency", [scope, requestId]))[0] ?? null,
    suspensions: (serviceId, now) => q(c, "suspensions", [serviceId, now]),
    quotas: async (serviceId) => (await q<{ odsCode: string; perHour: number | null; perDay: number | null }>(c, "quotas", [serviceId])).map((r) => ({ orgOds: r.odsCode, perHour: r.perHour, perDay: r.perDay })),
    bookingsStarting: async (serviceId, from, to) =>
      (await q<{ start: Date; bookingOrgOds: string | null; slotId: string }>(c, "sameDay", [serviceId, from, to])).map((b) => ({ start: b.start, status: "booked" as const, orgOds: b.bookingOrgOds, patient: null, slotId: b.slotId })),
    futureBookings: async (serviceId, now) =>
      (await q<{ start: Date; bookingOrgOds: string | null; slotId: string; nhsNumber: string | null; family: string; birthDate: string }>(c, "future", [serviceId, now])).map((b) => ({
        start: b.start,
        status: "booked" as const,
        orgOds: b.bookingOrgOds,
        patient: patientKey(b),
        slotId: b.slotId,
      })),
    takeSlot: async (slotId, at) => (await x(c, "takeSlot", [at, slotId])) === 1,
    insertPatient: async (p) => {
      await x(c, "patient", [p.id, p.nhsNumber, p.nhsNumberStatus, p.localId, p.family, p.given, p.prefix, p.birthDate, p.gender, p.postcode, p.addressJson, p.telecomJson, p.contactJson, p.communicationJson, p.gpPracticeOds, p.gpPracticeName, p.createdAt]);
    },
    insertAppointment: async (a) => {
      try {
        await x(c, "appointment", [a.id, a.slotId, a.slotId, a.serviceId, a.start, a.end, a.lastUpdated, a.description, a.source, a.consumerAsid, a.bookingOrgOds, a.bookingOrgName, a.documentRefId, a.patientId, a.createdAt]);
      } catch (e) {
        // The unique index on activeSlotId: another active booking holds this slot.
        if (isUnique(e)) throw new SlotUnavailable("Slot no longer available");
        throw e;
      }
    },
    insertVersion: async (v) => {
      await x(c, "version", [v.id, v.appointmentId, v.versionId, v.status, v.resource, v.createdAt, v.changedBy, v.changedById, v.standard]);
    },
    insertIdempotencyKey: async (k) => {
      try {
        await x(c, "key", [k.id, k.scope, k.requestId, k.interaction, k.appointmentId, k.createdAt]);
      } catch (e) {
        if (isUnique(e)) throw new DuplicateRequest("This X-Request-ID was already used");
        throw e;
      }
    },
    insertAudit: async (id, at, r) => {
      await x(c, "audit", [id, at, r.actorType, r.actorId, r.actorName, r.actorRole, r.action, r.entityType, r.entityId, r.patientNhsNumber, r.consumerOds, r.consumerAsid, r.requestId, r.correlationId, r.traceId, r.reason, r.detail, r.outcome]);
    },
    finishInboundMessage: async (id, o) => {
      await x(c, "finishInbound", [o.state, o.httpStatus, o.recCode, o.bundleId, o.event, o.reason, o.sourceEndpoint, o.appointmentId, o.referralId, o.finishedAt, id]);
    },
    booking: async (id): Promise<StoredBooking | null> => {
      const r = (await q<{ id: string; serviceId: string; slotId: string; status: string; fhirVersion: number; edStatus: string; nhsNumber: string | null }>(c, "booking", [id]))[0];
      return r ? { id: r.id, serviceId: r.serviceId, slotId: r.slotId, status: r.status, fhirVersion: r.fhirVersion, patientNhsNumber: r.nhsNumber, edStatus: r.edStatus } : null;
    },
    versionResource: async (appointmentId, versionId) => (await q<{ resource: string; standard: "stu3" | "r4" }>(c, "versionResource", [appointmentId, versionId]))[0] ?? null,
    markCancelled: async (m) => (await x(c, "markCancelled", [m.toVersion, m.at, m.at, m.by, m.reason, m.appointmentId, m.fromVersion])) === 1,
    freeSlot: async (slotId, at) => {
      await x(c, "freeSlot", [at, slotId]);
    },
    decoupleDocuments: (appointmentId, at) => x(c, "decouple", [at, appointmentId]),
  };
}

/** The booking store of the PostgreSQL database `url` names (its instance's shared pool). */
export function pgBookingStore(url: string): BookingStore {
  const pool = pgPool(url);
  return {
    async transaction(work) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw asDatabaseUnavailable(e) ?? e;
      }
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await work(pgTx(client));
        await client.query("COMMIT");
        return result;
      } catch (e) {
        await client.query("ROLLBACK").catch((rollbackFailed: unknown) => {
          // The connection is unusable: the pool drops it instead of lending it again.
          broken = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed));
        });
        // A violation reported at COMMIT (none is deferred today): the same meaning as in the steps.
        if (isUnique(e)) {
          if (String((e as { constraint?: string }).constraint ?? "").includes("requestId")) throw new DuplicateRequest("This X-Request-ID was already used");
          throw new SlotUnavailable("Slot no longer available");
        }
        throw asDatabaseUnavailable(e) ?? e;
      } finally {
        client.release(broken);
      }
    },
  };
}
