/**
 * The arrivals board's reads (lib/arrivals/load-board.ts) as plain prepared statements, the same SQL on both
 * databases (prepared-read.ts: SQLite's read-only connection, named statements on PostgreSQL's pool). Polled by
 * every open board every 10 seconds, a busy day's answer through the ORM cost about 110 ms of CPU (each relation a query of its own, every row and nested row mapped, and
 * every active booking of the next week hydrated with its patient to spot a patient booked twice); here each read
 * is one statement answering flat rows with only the columns the board shows.
 *
 * The window: appointments starting in [from, to), or still expected and starting in [backFrom, backTo) (the
 * "next N hours" board keeps a patient still expected from earlier); an empty back range for a day's list.
 */
import { preparedRead } from "./prepared-read";

export interface BoardWindowBounds {
  from: Date;
  to: Date;
  backFrom: Date;
  backTo: Date;
}

export interface BoardAppointmentRow {
  id: string;
  start: Date;
  serviceId: string;
  status: string;
  edStatus: string;
  fhirVersion: number;
  arrivedAt: Date | null;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  description: string;
  source: string;
  createdAt: Date;
  bookingOrgName: string | null;
  bookingOrgOds: string | null;
  firstSeenAt: Date | null;
  given: string;
  family: string;
  birthDate: string;
  gender: string;
  nhsNumber: string | null;
  nhsNumberStatus: string | null;
  /** The standard version 1 was written in (stu3 | r4), null when it is missing. */
  standard: string | null;
  /** The latest summary a clerk attached that came another way. */
  otherRouteAt: Date | null;
  /** This viewer's last open of the booking (null: never opened). */
  openFhirVersion: number | null;
  openDocumentRecordId: string | null;
  openedAt: Date | null;
}

export interface BoardDocumentRow {
  appointmentId: string;
  id: string;
  state: string;
  receivedAt: Date;
  summaryJson: string | null;
  contentDigest: string | null;
  dispositionDueAt: Date | null;
}

export interface PatientKeyRow {
  id: string;
  nhsNumber: string | null;
  family: string;
  given: string;
  birthDate: string;
}

const WINDOW = `(a."start" >= ? AND a."start" < ?) OR (a."status" = 'booked' AND a."edStatus" = 'expected' AND a."start" >= ? AND a."start" < ?)`;
const IN_WINDOW = `SELECT a."id" FROM "Appointment" a WHERE ${WINDOW}`;

const SQL = {
  appointments: `SELECT a."id", a."start", a."serviceId", a."status", a."edStatus", a."fhirVersion", a."arrivedAt", a."cancelledAt", a."cancelledBy",
      a."description", a."source", a."createdAt", a."bookingOrgName", a."bookingOrgOds", a."firstSeenAt",
      p."given", p."family", p."birthDate", p."gender", p."nhsNumber", p."nhsNumberStatus",
      (SELECT v."standard" FROM "AppointmentVersion" v WHERE v."appointmentId" = a."id" AND v."versionId" = 1) AS "standard",
      (SELECT max(o."uploadedAt") FROM "OtherRouteSummary" o WHERE o."appointmentId" = a."id") AS "otherRouteAt",
      bo."fhirVersion" AS "openFhirVersion", bo."documentRecordId" AS "openDocumentRecordId", bo."openedAt" AS "openedAt"
    FROM "Appointment" a
    JOIN "Patient" p ON p."id" = a."patientId"
    LEFT JOIN "BookingOpen" bo ON bo."appointmentId" = a."id" AND bo."staffUserId" = ?
    WHERE ${WINDOW}
    ORDER BY a."start" ASC, a."createdAt" ASC`,
  documents: `SELECT d."appointmentId", d."id", d."state", d."receivedAt", d."summaryJson", d."contentDigest", d."dispositionDueAt"
    FROM "ClinicalDocument" d
    WHERE d."state" IN ('linked', 'superseded') AND d."appointmentId" IN (${IN_WINDOW})
    ORDER BY d."receivedAt" DESC`,
  seenBy: `SELECT bo."appointmentId", bo."documentRecordId" FROM "BookingOpen" bo
    WHERE bo."documentRecordId" IS NOT NULL AND bo."appointmentId" IN (${IN_WINDOW})`,
  movedOff: `SELECT DISTINCT d."cancelledBookingId" AS "id" FROM "ClinicalDocument" d
    WHERE d."cancelledBookingId" IN (SELECT a."id" FROM "Appointment" a WHERE a."status" <> 'booked' AND (${WINDOW}))`,
  services: `SELECT h."id", h."name", s."id" AS "siteId", s."name" AS "siteName" FROM "HealthcareService" h JOIN "Site" s ON s."id" = h."siteId"
    WHERE h."active" = {TRUE} ORDER BY s."name" ASC, h."name" ASC`,
  reviewing: `SELECT "candidateIds", "reviewReason", "contentDigest" FROM "ClinicalDocument" WHERE "state" = 'needs-review' AND "candidateIds" IS NOT NULL`,
  activeSoon: `SELECT a."id", a."start", p."nhsNumber", p."nhsNumberStatus", p."family", p."given", p."birthDate", p."gender" FROM "Appointment" a JOIN "Patient" p ON p."id" = a."patientId"
    WHERE a."status" = 'booked' AND a."edStatus" = 'expected' AND a."start" >= ? AND a."start" < ?`,
  recentCancels: `SELECT a."id", a."start", a."createdAt", a."cancelledAt", p."nhsNumber", p."family", p."given", p."birthDate"
    FROM "Appointment" a JOIN "Patient" p ON p."id" = a."patientId"
    WHERE a."status" = 'cancelled' AND a."cancelledBy" IS NOT NULL AND a."cancelledBy" <> 'ed' AND a."edStatus" <> 'arrived' AND a."cancelledAt" >= ?`,
  rebookCandidates: `SELECT a."id", a."start", a."createdAt", p."nhsNumber", p."family", p."given", p."birthDate"
    FROM "Appointment" a JOIN "Patient" p ON p."id" = a."patientId"
    WHERE a."status" = 'booked' AND a."createdAt" >= ?`,
} as const;

type Name = keyof typeof SQL;

/** Columns holding instants (text on SQLite, timestamps on PostgreSQL): answered as Dates on both. */
const DATE_COLUMNS = ["start", "arrivedAt", "cancelledAt", "createdAt", "firstSeenAt", "otherRouteAt", "openedAt", "receivedAt", "dispositionDueAt"];

const run = <R>(name: Name, params: unknown[]) => preparedRead<R>({ name: `board.${name}`, sql: SQL[name], dates: DATE_COLUMNS }, params);

const windowParams = (w: BoardWindowBounds) => [w.from, w.to, w.backFrom, w.backTo];

export const boardRead = {
  /** The window's appointments in slot order, with patient, version-1 standard, other-route upload and this viewer's open. */
  appointments: (w: BoardWindowBounds, staffUserId: string) => run<BoardAppointmentRow>("appointments", [staffUserId, ...windowParams(w)]),
  /** The window's attached and superseded reports, newest first. */
  documents: (w: BoardWindowBounds) => run<BoardDocumentRow>("documents", windowParams(w)),
  /** Which report each person last opened, for the window's bookings. */
  seenBy: (w: BoardWindowBounds) => run<{ appointmentId: string; documentRecordId: string }>("seenBy", windowParams(w)),
  /** The window's cancelled bookings whose report the cancellation moved off. */
  movedOff: async (w: BoardWindowBounds) => (await run<{ id: string }>("movedOff", windowParams(w))).map((r) => r.id),
  services: () => run<{ id: string; name: string; siteId: string; siteName: string }>("services", []),
  reviewing: () => run<{ candidateIds: string; reviewReason: string | null; contentDigest: string | null }>("reviewing", []),
  activeSoon: (from: Date, to: Date) => run<PatientKeyRow & { start: Date; nhsNumberStatus: string | null; gender: string }>("activeSoon", [from, to]),
  recentCancels: (since: Date) => run<PatientKeyRow & { start: Date; createdAt: Date; cancelledAt: Date }>("recentCancels", [since]),
  rebookCandidates: (createdSince: Date) => run<PatientKeyRow & { start: Date; createdAt: Date }>("rebookCandidates", [createdSince]),
};
