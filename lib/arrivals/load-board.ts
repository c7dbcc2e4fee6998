import { db } from "../db/client";
import { boardRead, type BoardDocumentRow } from "../db/board-read";
import type { StaffActor } from "../auth/actor";
import { parseSummary, type AllergyFlag, type DocumentSummary, type SafeguardingFlag } from "../clinical/document-summary";
import { ageOn } from "../format";
import { addDays, isLondonDate, londonParts, londonToday, startOfLondonDay, type LondonDate } from "../time/london";
import { changedParts, parseDigest, type ChangedPart } from "../clinical/content-digest";
import { requirePatientAccess, seesClinicalContent } from "./arrivals-config";
import { suspendedUntil } from "../capacity/limit-inputs";
import { arrivalsConfig } from "./arrivals-config";
import { summaryChaseFor, type SummaryChase } from "./summary-chase";
import { now as clockNow } from "../time/clock";
import { linkBookings } from "./same-patient-rules";
import { liveDecisions } from "./same-patient-decisions";

/**
 * The expected-arrivals board: bookings in a window, in slot order, with what each person on shift needs
 * at a glance. Built in a few queries (no XML is read: report summaries were worked out on arrival), so a
 * busy day of several hundred bookings loads well inside the 10-second refresh.
 */
export type BoardWindow = { kind: "date"; date: LondonDate } | { kind: "hours"; hours: number };
export type BoardStatus = "booked" | "arrived" | "did-not-attend" | "cancelled" | "arrived-then-cancelled";

/**
 * The 111 report changed for this person since they opened the booking: one arrived after they opened it, or a
 * later version replaced the one they read (`parts`: what differs; clinicians only), or a changed version is
 * waiting for a person to confirm it (everyone, until confirmed).
 */
export type SummaryChange = { kind: "arrived-after-open" | "replaced" | "replacement-waiting"; parts: ChangedPart[] };

export interface BoardRow {
  id: string;
  start: string;
  serviceId: string;
  serviceName: string;
  siteId: string;
  siteName: string;
  status: BoardStatus;
  arrivedAt: string | null;
  cancelledAt: string | null;
  cancelledBy: string | null;
  /** 111's reason for the call: clinical content, so null for clerks (HAZ-074). */
  description: string | null;
  bookingOrg: string | null;
  patient: { name: string; birthDate: string; age: number | null; gender: string; nhsNumber: string | null; nhsNumberStatus: string | null };
  /**
   * Whether the 111 report is here: received and attached, received but being checked, not yet, or (a cancelled
   * booking) received and then moved off it by the cancellation, to another booking or to a person.
   */
  summary: {
    /** "other-route": a clerk attached one that came another way (PDF or HTML, never read into flags). */
    state: "received" | "being-checked" | "other-route" | "not-received" | "with-cancelled-booking";
    receivedAt: string | null;
    replacedAt: string | null;
    /** Received, but nothing in it could be read (it may have been cut off): never shown as a summary that arrived. */
    noClinicalContent?: boolean;
    /** Not received SUMMARY_MISSING_MINUTES after booking: phone 111 for it (HAZ-072). */
    chase: SummaryChase | null;
  };
  summaryChange: SummaryChange | null;
  /**
   * The same signal for paper (print view, CSV, downtime snapshot), which people other than its viewer read: a later
   * version with different clinical content replaced one that someone had opened, or a changed version waits for a
   * person to confirm it (HAZ-081).
   */
  summaryChangedAfterRead: SummaryChange | null;
  /** Clinicians only (HAZ-074): a disposition such as "Refer to Mental Health/Crisis Service" is clinical content. */
  disposition: DocumentSummary["disposition"];
  /**
   * Clinicians only; null for clerks. "no-summary" when the report has not arrived. A BaRS referral's reasonable
   * adjustments and other flags (scene safety, infection risk, rejected services…) in 111's words.
   */
  flags: { allergies: AllergyFlag | "no-summary" | "other-route"; safeguarding: SafeguardingFlag | "no-summary" | "other-route"; adjustments?: string[]; otherFlags?: string[] } | null;
  /** Which door booked it: the UEC Booking Standard (STU3, summary by CDA) or BaRS (R4, summary in the referral). */
  door?: "uec" | "bars";
  /** A BaRS referral on this row: where it stands (revoked or entered in error by 111, and when). Not clinical content. */
  referral?: { status: string; endedAt: string | null } | null;
  /** Not opened by this person since it was booked or last changed (e.g. cancelled). */
  unseen: null | "new" | "changed";
  openedByAnyone: boolean;
  /**
   * 111 rebooked this patient (booked another time, then cancelled the first): on the cancelled booking, the time it
   * moved to; on the new one, the time it moved from. A new booking someone opened before the move is highlighted
   * again as changed (HAZ-082).
   */
  moved: { to: string | null; from: string | null };
  /**
   * Other active bookings of the same patient, whichever 111 door booked them: verified NHS numbers match and the
   * other details agree, or a person confirmed it (same-patient-rules.ts, HAZ-140).
   */
  otherActiveBookings: string[];
  /** The same, with when each is and how it is known to be this patient. */
  samePatient?: { bookingId: string; start: string; how: "verified-nhs-number" | "confirmed"; by: string | null }[];
  /** Other active bookings that may be this patient's: for a person to compare on the booking page, never merged. */
  possibleSamePatient?: { bookingId: string; start: string }[];
  /** 111's deadline and whether it is being missed (see bookingDeadline). */
  due: BookingDeadline;
}

export interface BookingDeadline {
  /** When 111 said the patient should be seen by: the call's start plus the disposition's timeframe. */
  dueAt: string | null;
  /** The arrival time plus the disposition's timeframe: after this a patient still not here is overdue. */
  overdueAt: string | null;
  /** Still expected at the server's now, past overdueAt. */
  overdue: boolean;
  /** 111 booked an arrival time later than its own deadline. */
  slotAfterDue: boolean;
}

/**
 * Works 111's deadline out for one booking. Nothing is guessed: without a timeframe from 111 there is no deadline
 * and no "overdue" (the did-not-attend grace period still applies).
 */
export function bookingDeadline(b: { start: Date; status: BoardStatus; dispositionDueAt: Date | null; timeframeMinutes: number | null }, now: Date): BookingDeadline {
  const overdueAt = b.timeframeMinutes !== null && b.timeframeMinutes >= 0 ? new Date(b.start.getTime() + b.timeframeMinutes * 60_000) : null;
  return {
    dueAt: b.dispositionDueAt?.toISOString() ?? null,
    overdueAt: overdueAt?.toISOString() ?? null,
    overdue: b.status === "booked" && overdueAt !== null && now.getTime() >= overdueAt.getTime(),
    slotAfterDue: b.dispositionDueAt !== null && b.start.getTime() > b.dispositionDueAt.getTime(),
  };
}

export interface BoardData {
  window: BoardWindow;
  from: string;
  to: string;
  fetchedAt: string;
  rows: BoardRow[];
  services: { id: string; name: string; siteId: string; siteName: string }[];
  seesClinical: boolean;
  /**
   * Today's list late in the evening: patients still expected in the hours just after it ends (tomorrow, after
   * midnight), which it does not show. The board says so, so an empty "today" is never read as a quiet night.
   */
  comingNext: { count: number; first: string } | null;
  /**
   * Services on this board that 111 cannot book now (a clerk's surge suspension in force), each with its reason and
   * its end as one sentence: the board says so, so nobody reads a quiet list as a quiet department.
   */
  bookingsSuspended?: { serviceId: string; serviceName: string; until: string; reason: string }[];
}

/** How far past the end of today's list the board looks for patients coming after midnight. */
export const COMING_NEXT_HOURS = 6;

export function windowBounds(w: BoardWindow, now: Date): { from: Date; to: Date } {
  if (w.kind === "date") return { from: startOfLondonDay(w.date), to: startOfLondonDay(addDays(w.date, 1)) };
  // "Next N hours" keeps the last hour too, so a patient due a few minutes ago is still in view.
  return { from: new Date(now.getTime() - 60 * 60_000), to: new Date(now.getTime() + w.hours * 3600_000) };
}

/** Reads ?date=YYYY-MM-DD or ?hours=N (1 to 72); defaults to today. Null when the value given is not valid. */
export function parseBoardWindow(params: { date?: string | null; hours?: string | null }, now = clockNow()): BoardWindow | null {
  if (params.hours) {
    const h = Number(params.hours);
    return Number.isInteger(h) && h >= 1 && h <= 72 ? { kind: "hours", hours: h } : null;
  }
  if (params.date) return isLondonDate(params.date) ? { kind: "date", date: params.date } : null;
  return { kind: "date", date: londonToday(now) };
}

export function boardStatus(a: { status: string; edStatus: string }): BoardStatus {
  if (a.status !== "booked") return a.edStatus === "arrived" ? "arrived-then-cancelled" : "cancelled";
  if (a.edStatus === "arrived") return "arrived";
  if (a.edStatus === "did-not-attend") return "did-not-attend";
  return "booked";
}

const patientKey = (p: { nhsNumber: string | null; family: string; given: string; birthDate: string }) =>
  p.nhsNumber ? `nhs:${p.nhsNumber}` : `name:${p.family.trim().toLowerCase()}|${p.given.trim().toLowerCase()}|${p.birthDate}`;

export async function loadBoard(window: BoardWindow, actor: StaffActor, now = clockNow()): Promise<BoardData> {
  requirePatientAccess(actor);
  const [board, bookingsSuspended] = await Promise.all([queryBoard(window, { staffUserId: actor.id, clinical: seesClinicalContent(actor) }, now), suspendedNow(now)]);
  return { ...board, bookingsSuspended };
}

/** Suspensions in force now, one per service (the earliest to end is not the one to show: the latest is). */
export async function suspendedNow(now: Date): Promise<NonNullable<BoardData["bookingsSuspended"]>> {
  const rows = await db().suspension.findMany({
    where: { liftedAt: null, startsAt: { lte: now }, endsAt: { gt: now } },
    include: { service: { select: { name: true } } },
    orderBy: { endsAt: "desc" },
  });
  const seen = new Set<string>();
  return rows
    .filter((r) => !seen.has(r.serviceId) && seen.add(r.serviceId))
    .map((r) => ({ serviceId: r.serviceId, serviceName: r.service.name, until: suspendedUntil(r.endsAt), reason: r.reason }))
    .sort((a, b) => a.serviceName.localeCompare(b.serviceName));
}

/** The board for a viewer: whose "opened" marks to use, and whether clinical flags are included. */
export async function queryBoard(window: BoardWindow, viewer: { staffUserId: string; clinical: boolean }, now = clockNow()): Promise<BoardData> {
  const clinical = viewer.clinical;
  const { from, to } = windowBounds(window, now);
  // "Next N hours" starts an hour back; a patient still expected from earlier stays on it (up to a day), shown
  // overdue, rather than dropping off while nobody has said whether they came. A day's list has no such range.
  const bounds = window.kind === "hours" ? { from, to, backFrom: new Date(from.getTime() - 24 * 3600_000), backTo: from } : { from, to, backFrom: from, backTo: from };
  const [rowsRead, documentRows, services, reviewing, activeSoonRows, movedOffIds, seenRows, recentCancels] = await Promise.all([
    boardRead.appointments(bounds, viewer.staffUserId),
    boardRead.documents(bounds),
    boardRead.services(),
    boardRead.reviewing(),
    // Active bookings around now, to flag one patient booked twice.
    boardRead.activeSoon(new Date(Math.min(from.getTime(), now.getTime()) - 12 * 3600_000), new Date(Math.max(to.getTime(), now.getTime()) + 7 * 24 * 3600_000)),
    // Reports moved off a booking by its cancellation: the cancelled row says so instead of "not received".
    boardRead.movedOff(bounds),
    // What anyone last saw of each booking's report: the paper copies say when that has since changed (HAZ-081).
    boardRead.seenBy(bounds),
    // Rebookings: a booking 111 cancelled in the last two days whose patient it booked again before (or soon after).
    boardRead.recentCancels(new Date(now.getTime() - 48 * 3600_000)),
  ]);
  const documentsOf = new Map<string, BoardDocumentRow[]>();
  for (const d of documentRows) {
    const list = documentsOf.get(d.appointmentId);
    if (list) list.push(d);
    else documentsOf.set(d.appointmentId, [d]);
  }
  const appointments = rowsRead.map((r) => ({
    ...r,
    patient: { given: r.given, family: r.family, birthDate: r.birthDate, gender: r.gender, nhsNumber: r.nhsNumber, nhsNumberStatus: r.nhsNumberStatus },
    documents: documentsOf.get(r.id) ?? [],
    opens: r.openFhirVersion !== null && r.openedAt ? [{ fhirVersion: r.openFhirVersion, documentRecordId: r.openDocumentRecordId, openedAt: r.openedAt }] : [],
    otherRouteSummaries: r.otherRouteAt ? [{ uploadedAt: r.otherRouteAt }] : [],
  }));
  const beingChecked = new Set(reviewing.flatMap((d) => (d.candidateIds ?? "").split(",")));
  const waitingReplacement = new Map<string, string | null>();
  for (const d of reviewing.filter((x) => x.reviewReason === "replaces-linked-report")) for (const id of (d.candidateIds ?? "").split(",")) waitingReplacement.set(id, d.contentDigest);
  const movedOff = new Set(movedOffIds);
  const seenBy = new Map<string, string[]>();
  for (const o of seenRows) {
    const list = seenBy.get(o.appointmentId);
    if (list) list.push(o.documentRecordId);
    else seenBy.set(o.appointmentId, [o.documentRecordId]);
  }
  const rebookCandidates = recentCancels.length ? await boardRead.rebookCandidates(new Date(Math.min(...recentCancels.map((c) => c.createdAt.getTime())))) : [];
  const movedTo = new Map<string, string>();
  const movedFrom = new Map<string, { start: string; at: Date }>();
  for (const c of recentCancels) {
    const k = patientKey(c);
    const b = rebookCandidates
      .filter((x) => patientKey(x) === k && x.createdAt >= c.createdAt && x.createdAt.getTime() <= c.cancelledAt.getTime() + 3600_000)
      .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime())[0];
    if (!b) continue;
    movedTo.set(c.id, b.start.toISOString());
    movedFrom.set(b.id, { start: c.start.toISOString(), at: c.cancelledAt });
  }
  // One patient booked twice, through either door: linked only on verified NHS numbers or a person's answer.
  const activeSoon = activeSoonRows.map((a) => ({ id: a.id, start: a.start, patient: { nhsNumber: a.nhsNumber, nhsNumberStatus: a.nhsNumberStatus, family: a.family, given: a.given, birthDate: a.birthDate, gender: a.gender } }));
  const linksOf = linkBookings(activeSoon, await liveDecisions(db(), activeSoon.map((a) => a.id)));
  const serviceById = new Map(services.map((s) => [s.id, { name: s.name, site: { id: s.siteId, name: s.siteName } }]));
  const siteDateOf = (d: Date) => londonParts(d).date;
  const cfg = arrivalsConfig();

  const rows = appointments.map((a): BoardRow => {
    const svc = serviceById.get(a.serviceId);
    const current = a.documents.find((d) => d.state === "linked");
    const earlier = a.documents.find((d) => d.state === "superseded");
    const summary = current ? parseSummary(current.summaryJson) : null;
    const status = boardStatus(a);
    const open = a.opens[0];
    const summaryChange = changeSince(open, current, a.documents, waitingReplacement.has(a.id) ? { digest: waitingReplacement.get(a.id) ?? null } : null, clinical);
    const waiting = waitingReplacement.has(a.id) ? { digest: waitingReplacement.get(a.id) ?? null } : null;
    const summaryChangedAfterRead = changedAfterAnyoneRead(seenBy.get(a.id) ?? [], current, a.documents, waiting, clinical);
    const from = movedFrom.get(a.id);
    const unseen = !open ? "new" : open.fhirVersion < a.fhirVersion || summaryChange || (from && open.openedAt < from.at) ? "changed" : null;
    const links = status === "booked" ? (linksOf.get(a.id) ?? []) : [];
    const same = links.flatMap(({ other, link }) => (link.state === "same-patient" ? [{ bookingId: other.id, start: other.start.toISOString(), how: link.how, by: link.how === "confirmed" ? link.decision.decidedByName : null }] : []));
    const possible = links.flatMap(({ other, link }) => (link.state === "possible-match" ? [{ bookingId: other.id, start: other.start.toISOString() }] : []));
    return {
      id: a.id,
      start: a.start.toISOString(),
      serviceId: a.serviceId,
      serviceName: svc?.name ?? "Unknown service",
      siteId: svc?.site.id ?? "",
      siteName: svc?.site.name ?? "",
      status,
      arrivedAt: a.arrivedAt?.toISOString() ?? null,
      cancelledAt: a.cancelledAt?.toISOString() ?? null,
      cancelledBy: a.cancelledBy,
      description: clinical ? a.description : null,
      bookingOrg: a.bookingOrgName ?? a.bookingOrgOds,
      patient: {
        name: `${a.patient.given} ${a.patient.family.toUpperCase()}`,
        birthDate: a.patient.birthDate,
        age: ageOn(a.patient.birthDate, siteDateOf(a.start)),
        gender: a.patient.gender,
        nhsNumber: a.patient.nhsNumber,
        nhsNumberStatus: a.patient.nhsNumberStatus,
      },
      summary: {
        state: current ? "received" : movedOff.has(a.id) ? "with-cancelled-booking" : beingChecked.has(a.id) ? "being-checked" : a.otherRouteSummaries.length ? "other-route" : "not-received",
        receivedAt: current?.receivedAt.toISOString() ?? a.otherRouteSummaries[0]?.uploadedAt.toISOString() ?? null,
        replacedAt: current && earlier ? current.receivedAt.toISOString() : null,
        noClinicalContent: summary?.noClinicalContent ?? false,
        chase: summaryChaseFor(a, { summary: !!current || !!earlier || a.otherRouteSummaries.length > 0, beingChecked: beingChecked.has(a.id) }, now, cfg),
      },
      summaryChange,
      summaryChangedAfterRead,
      disposition: clinical ? (summary?.disposition ?? null) : null,
      // A summary that came another way is never read into flags: the clinician reads it.
      flags: clinical
        ? summary
          ? { allergies: summary.allergies, safeguarding: summary.safeguarding, ...(summary.bars ? { adjustments: summary.bars.adjustments, otherFlags: summary.bars.otherFlags } : {}) }
          : a.otherRouteSummaries.length
            ? { allergies: "other-route", safeguarding: "other-route" }
            : { allergies: "no-summary", safeguarding: "no-summary" }
        : null,
      door: a.standard === "r4" ? "bars" : "uec",
      referral: summary?.bars ? { status: summary.bars.referralStatus, endedAt: summary.bars.endedAt } : null,
      unseen,
      openedByAnyone: a.firstSeenAt !== null,
      moved: { to: movedTo.get(a.id) ?? null, from: from?.start ?? null },
      otherActiveBookings: same.map((o) => o.bookingId),
      samePatient: same,
      possibleSamePatient: possible,
      due: bookingDeadline({ start: a.start, status, dispositionDueAt: current?.dispositionDueAt ?? null, timeframeMinutes: summary?.disposition?.timeframeMinutes ?? null }, now),
    };
  });

  // Only for a day's list that holds now, and only in its last hours: "after midnight" is what a clinician misses.
  let comingNext: BoardData["comingNext"] = null;
  if (window.kind === "date" && from <= now && now < to && to.getTime() - now.getTime() <= COMING_NEXT_HOURS * 3600_000) {
    const after = await db().appointment.findMany({
      where: { status: "booked", edStatus: "expected", start: { gte: to, lt: new Date(to.getTime() + COMING_NEXT_HOURS * 3600_000) } },
      select: { start: true },
      orderBy: { start: "asc" },
    });
    if (after.length) comingNext = { count: after.length, first: after[0].start.toISOString() };
  }

  return {
    comingNext,
    window,
    from: from.toISOString(),
    to: to.toISOString(),
    fetchedAt: now.toISOString(),
    rows,
    services: services.map((s) => ({ id: s.id, name: s.name, siteId: s.siteId, siteName: s.siteName })),
    seesClinical: clinical,
  };
}

type BoardDocument = { id: string; state: string; contentDigest: string | null };

/** What changed in the 111 report since this person opened the booking (see SummaryChange). */
export function changeSince(
  open: { documentRecordId: string | null } | undefined,
  current: BoardDocument | undefined,
  documents: BoardDocument[],
  waiting: { digest: string | null } | null,
  clinical: boolean,
): SummaryChange | null {
  const partsBetween = (seenDigest: string | null | undefined, nowDigest: string | null | undefined): ChangedPart[] => {
    const seen = parseDigest(seenDigest);
    const cur = parseDigest(nowDigest);
    return clinical && seen && cur ? changedParts(seen, cur) : [];
  };
  if (waiting) return { kind: "replacement-waiting", parts: partsBetween(current?.contentDigest, waiting.digest) };
  if (!open || !current || open.documentRecordId === current.id) return null;
  if (open.documentRecordId === null) return { kind: "arrived-after-open", parts: [] };
  const seen = documents.find((d) => d.id === open.documentRecordId);
  const [seenDigest, currentDigest] = [parseDigest(seen?.contentDigest), parseDigest(current.contentDigest)];
  // A corrected copy saying the same thing clinically is not news to the person who read it.
  if (seenDigest && currentDigest && seenDigest.clinical === currentDigest.clinical) return null;
  return { kind: "replaced", parts: partsBetween(seen?.contentDigest, current.contentDigest) };
}

/**
 * For paper: the report changed after anyone read it. A changed version waiting to be confirmed always counts; a
 * replacement counts when someone's last look was at an earlier version saying something different clinically.
 */
export function changedAfterAnyoneRead(seenRecordIds: string[], current: BoardDocument | undefined, documents: BoardDocument[], waiting: { digest: string | null } | null, clinical: boolean): SummaryChange | null {
  if (waiting) return changeSince(undefined, current, documents, waiting, clinical);
  const changes = [...new Set(seenRecordIds)].map((id) => changeSince({ documentRecordId: id }, current, documents, null, clinical)).filter((c): c is SummaryChange => c?.kind === "replaced");
  if (!changes.length) return null;
  return { kind: "replaced", parts: [...new Set(changes.flatMap((c) => c.parts))] };
}
