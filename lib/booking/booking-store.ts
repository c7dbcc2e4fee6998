/**
 * What the booking and cancellation sequences (booking-sequence.ts) need from a database, inside one transaction.
 * The sequences are written once against this; each database has its own implementation in lib/db
 * (booking-store-sqlite.ts: prepared statements and group commit; booking-store-pg.ts: named statements on PostgreSQL;
 * booking-store-prisma.ts: the ORM, the reference the two-stores test compares with).
 * Methods may answer synchronously (SQLite) or with a promise (PostgreSQL). A store maps its database's own
 * constraint errors into domain errors (a second active booking of a slot → SlotUnavailable, a reused
 * X-Request-ID → DuplicateRequest), so the sequences never see a driver error code.
 */
import type { auditRow } from "../audit/record-audit";
import type { ActiveSuspension, ExistingBooking } from "../capacity/limits";
import type { InboundOutcomeRow } from "../inbound/inbound-store";

export type Awaitable<T> = T | Promise<T>;
export type AuditRow = ReturnType<typeof auditRow>;

export interface StoredSlot {
  id: string;
  scheduleId: string;
  serviceId: string;
  start: Date;
  end: Date;
  status: string;
}

export interface ServiceLimitsRow {
  minNoticeMinutes: number;
  maxAheadHours: number | null;
  capPerHour: number | null;
  capPerDay: number | null;
}

export interface QuotaRow {
  orgOds: string;
  perHour: number | null;
  perDay: number | null;
}

export interface StoredBooking {
  id: string;
  serviceId: string;
  slotId: string;
  status: string;
  fhirVersion: number;
  patientNhsNumber: string | null;
  /** The ED's own workflow: expected | arrived | did-not-attend. */
  edStatus: string;
}

export interface NewPatientRow {
  id: string;
  localId: string;
  nhsNumber: string | null;
  nhsNumberStatus: string | null;
  family: string;
  given: string;
  prefix: string | null;
  birthDate: string;
  gender: string;
  postcode: string | null;
  addressJson: string;
  telecomJson: string;
  contactJson: string;
  communicationJson: string;
  gpPracticeOds: string | null;
  gpPracticeName: string | null;
  createdAt: Date;
}

export interface NewAppointmentRow {
  id: string;
  slotId: string;
  serviceId: string;
  start: Date;
  end: Date;
  lastUpdated: Date;
  description: string;
  source: string;
  consumerAsid: string | null;
  bookingOrgOds: string | null;
  bookingOrgName: string | null;
  documentRefId: string | null;
  patientId: string;
  createdAt: Date;
}

export interface NewVersionRow {
  id: string;
  appointmentId: string;
  versionId: number;
  status: "booked" | "cancelled";
  resource: string;
  createdAt: Date;
  changedBy: string;
  changedById: string | null;
  /** The standard the resource is written in: stu3 | r4. */
  standard: "stu3" | "r4";
}

export interface NewIdempotencyKeyRow {
  id: string;
  scope: string;
  requestId: string;
  interaction: "create:appointment" | "update:appointment";
  appointmentId: string;
  createdAt: Date;
}

export interface CancelledFields {
  appointmentId: string;
  fromVersion: number;
  toVersion: number;
  at: Date;
  by: "consumer" | "ed";
  reason: string | null;
}

export interface BookingTx {
  slot(id: string): Awaitable<StoredSlot | null>;
  /**
   * Bumps the service's booking sequence and availability version and answers its limits. On PostgreSQL the row
   * lock this takes queues bookings and cancellations of one service; on SQLite the one writer already does.
   * Either way the counts read after it include every booking committed before this one.
   */
  lockService(serviceId: string, at: Date): Awaitable<ServiceLimitsRow | null>;
  idempotencyKey(scope: string, requestId: string): Awaitable<{ appointmentId: string | null } | null>;
  suspensions(serviceId: string, now: Date): Awaitable<ActiveSuspension[]>;
  quotas(serviceId: string): Awaitable<QuotaRow[]>;
  /** Active bookings of the service starting in [from, to), without patients. */
  bookingsStarting(serviceId: string, from: Date, to: Date): Awaitable<ExistingBooking[]>;
  /** Active bookings of the service starting after `now`, with their patients. */
  futureBookings(serviceId: string, now: Date): Awaitable<ExistingBooking[]>;
  /** free → busy; false when the slot was not free. */
  takeSlot(slotId: string, at: Date): Awaitable<boolean>;
  insertPatient(row: NewPatientRow): Awaitable<void>;
  /** Throws SlotUnavailable when another active booking holds the slot. */
  insertAppointment(row: NewAppointmentRow): Awaitable<void>;
  insertVersion(row: NewVersionRow): Awaitable<void>;
  /** Throws DuplicateRequest when the key was already used. */
  insertIdempotencyKey(row: NewIdempotencyKeyRow): Awaitable<void>;
  insertAudit(id: string, at: Date, row: AuditRow): Awaitable<void>;
  /** The outcome of the inbound message (BaRS) the booking or cancellation answers, stored with it. */
  finishInboundMessage(id: string, outcome: InboundOutcomeRow): Awaitable<void>;

  booking(id: string): Awaitable<StoredBooking | null>;
  versionResource(appointmentId: string, versionId: number): Awaitable<{ resource: string; standard: "stu3" | "r4" } | null>;
  /** Conditional on the version still being `fromVersion`; false when it changed. */
  markCancelled(fields: CancelledFields): Awaitable<boolean>;
  /** busy → free (a slot staff blocked meanwhile stays blocked). */
  freeSlot(slotId: string, at: Date): Awaitable<void>;
  /** Reports attached to the booking become `booking-cancelled`, remembering the booking; answers how many. */
  decoupleDocuments(appointmentId: string, at: Date): Awaitable<number>;
}

export interface BookingStore {
  /**
   * Runs `work` in one transaction: everything it wrote commits together, or nothing does. `work` must use only
   * `tx` (no other I/O): on SQLite several bookings share one transaction, each in its own savepoint.
   */
  transaction<T>(work: (tx: BookingTx) => Promise<T>): Promise<T>;
}
