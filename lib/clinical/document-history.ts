import { db } from "../db/client";

/**
 * What happened to one received report, oldest first, read from its audit events: the audit log is the one
 * durable, append-only record of every link, unlink and relink, so the history shown to staff cannot disagree
 * with it, and a link that was undone stays visible.
 */
export interface DocumentHistoryEntry {
  at: Date;
  action: string;
  /** Plain English: "Linked to a booking by a member of staff". */
  what: string;
  by: string;
  reason: string | null;
  fromBookingId: string | null;
  toBookingId: string | null;
}

export interface HistoryBooking {
  id: string;
  name: string;
  start: Date;
  status: string;
}

/** Looking at the report is audited too, but is not something that happened to it. */
const NOT_HISTORY = ["document.view", "document.download"];

type Detail = { state?: string; to?: string; bookingId?: string | null; fromBookingId?: string | null; toBookingId?: string | null; source?: string; after?: string; cancelledBookingId?: string };

function describe(action: string, d: Detail): { what: string; from: string | null; to: string | null } {
  const toState = d.to ?? d.state;
  const outcome = (bookingId: string | null | undefined) =>
    bookingId ? "linked to a booking automatically" : toState === "needs-review" ? "sent for a person to check" : toState === "superseded" ? "kept as an earlier version" : "waiting for its booking";
  switch (action) {
    case "document.receive":
      return { what: `${d.source === "upload" ? "Uploaded by staff" : "Received from 111"}: ${outcome(d.bookingId)}`, from: null, to: d.bookingId ?? null };
    case "document.receive-duplicate":
      return { what: "Received again with the same content: nothing changed", from: null, to: null };
    case "document.rematch":
      if (d.after === "cancellation") return { what: `Matched again after the booking it came with was cancelled: ${outcome(d.bookingId)}`, from: d.cancelledBookingId ?? null, to: d.bookingId ?? null };
      return { what: `Matched again after a booking was made: ${outcome(d.bookingId)}`, from: null, to: d.bookingId ?? null };
    case "document.link":
      return { what: "Linked to a booking by a member of staff", from: null, to: d.bookingId ?? null };
    case "document.unlink":
      return { what: "Removed from its booking and sent for a person to check", from: d.fromBookingId ?? null, to: null };
    case "document.relink":
      return { what: "Moved to another booking", from: d.fromBookingId ?? null, to: d.toBookingId ?? null };
    case "document.referral-without-booking":
      return { what: "Recorded as an expected walk-in (no booking)", from: null, to: null };
    case "document.walk-in-arrived":
      return { what: "Expected walk-in: recorded that the patient arrived", from: null, to: null };
    case "document.close-no-action":
      return { what: "Closed by a clinician: no further action", from: null, to: null };
    case "document.walk-in-closed":
      return { what: "Expected walk-in closed: no longer expected", from: null, to: null };
    default:
      return { what: `Recorded as ${action.replace(/^document\./, "").replace(/-/g, " ")}`, from: d.fromBookingId ?? null, to: d.toBookingId ?? d.bookingId ?? null };
  }
}

function parseDetail(detail: string | null): Detail {
  if (!detail) return {};
  try {
    return JSON.parse(detail) as Detail;
  } catch {
    return {};
  }
}

/** The report's history and the bookings it names (patient name, arrival time and status, no clinical content). */
export async function documentHistory(recordId: string): Promise<{ entries: DocumentHistoryEntry[]; bookings: Record<string, HistoryBooking> }> {
  const events = await db().auditEvent.findMany({
    where: { entityType: "ClinicalDocument", entityId: recordId, action: { notIn: NOT_HISTORY }, outcome: "success" },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  const entries = events.map((e): DocumentHistoryEntry => {
    const d = describe(e.action, parseDetail(e.detail));
    const by = e.actorType === "staff" ? `${e.actorName ?? "A member of staff"}${e.actorRole ? ` (${e.actorRole})` : ""}` : e.actorType === "consumer" ? (e.actorName ?? "The 111 service") : "This system";
    return { at: e.at, action: e.action, what: d.what, by, reason: e.reason, fromBookingId: d.from, toBookingId: d.to };
  });
  const ids = [...new Set(entries.flatMap((e) => [e.fromBookingId, e.toBookingId]).filter((id): id is string => !!id))];
  const rows = ids.length ? await db().appointment.findMany({ where: { id: { in: ids } }, select: { id: true, start: true, status: true, patient: { select: { given: true, family: true } } } }) : [];
  const bookings = Object.fromEntries(rows.map((r) => [r.id, { id: r.id, name: `${r.patient.given} ${r.patient.family.toUpperCase()}`, start: r.start, status: r.status }]));
  return { entries, bookings };
}

export interface ReportTakenOff {
  at: Date;
  by: string;
  reason: string | null;
  /** Moved to another booking (relink), or only taken off (unlink). */
  moved: boolean;
}

/**
 * Reports a person took off this booking. Its page says so: a clinician may have read the other patient's summary
 * here before it was moved, and "not received yet" alone would hide that.
 */
export async function reportsTakenOffBooking(bookingId: string): Promise<ReportTakenOff[]> {
  const events = await db().auditEvent.findMany({
    where: { entityType: "ClinicalDocument", action: { in: ["document.unlink", "document.relink"] }, outcome: "success", detail: { contains: bookingId } },
    orderBy: { at: "asc" },
  });
  return events
    .filter((e) => parseDetail(e.detail).fromBookingId === bookingId)
    .map((e) => ({ at: e.at, by: e.actorName ?? "A member of staff", reason: e.reason, moved: e.action === "document.relink" }));
}
