import { describeMinutes } from "../clinical/cda/disposition";
import { ALLERGY_FLAG_TEXT, SAFEGUARDING_FLAG_TEXT } from "../clinical/document-summary";
import { DISPOSITION_NOT_USUALLY_ED_TEXT } from "../clinical/classify-report-route";
import { describeChangedParts } from "../clinical/changed-parts";
import { formatLondonDate, formatLondonDateTime, formatLondonTime, formatLondonTimeOn, londonDayWords, londonParts, londonZoneName, type LondonDate } from "../time/london";
import type { DocumentListRow } from "../clinical/list-documents";
import type { BoardData, BoardRow, BoardStatus, SummaryChange } from "./load-board";

/** Words the board, its print view and its downtime snapshot share. No server code: safe in the browser. */
export const BOARD_STATUS_TEXT: Record<BoardStatus, string> = {
  booked: "Booked",
  arrived: "Arrived",
  "did-not-attend": "Did not attend",
  cancelled: "Cancelled",
  // The ED cannot cancel a patient who has arrived (booking-sequence.ts), so only 111 can have.
  "arrived-then-cancelled": "Arrived, then cancelled by 111",
};

/**
 * Under 18 is a child for the words the ED uses: safeguarding guidance speaks of a child who "was not brought",
 * because a child cannot choose not to attend.
 */
export const CHILD_UNDER_YEARS = 18;

export function isChild(age: number | null): boolean {
  return age !== null && age < CHILD_UNDER_YEARS;
}

/** The status in words for this patient: a child who did not come "was not brought". */
export function statusWords(status: BoardStatus, age: number | null): string {
  return status === "did-not-attend" && isChild(age) ? "Was not brought" : BOARD_STATUS_TEXT[status];
}

/** The patient's age beside the service, so a child booked into an adult service is seen at once. */
export function ageAgainstService(age: number | null, serviceName: string): string {
  if (age === null) return `Age not known: check ${serviceName} is right for this patient`;
  return isChild(age) ? `Child, ${age} ${age === 1 ? "year" : "years"} old: check ${serviceName} sees children` : `Adult, ${age} years old`;
}

/** A board time: the clock time when it falls on `today`, with its day otherwise (always, when `today` is null). */
export function rowTime(iso: string, today: LondonDate | null): string {
  return today === null ? formatLondonDateTime(new Date(iso)) : formatLondonTimeOn(new Date(iso), today);
}

export function summaryText(r: Pick<BoardRow, "summary"> & Partial<Pick<BoardRow, "door" | "referral">>, today: LondonDate | null): string {
  if (r.summary.state === "received" && r.referral && r.referral.status !== "active") return `111 ${r.referral.status === "entered-in-error" ? "marked the referral entered in error" : r.referral.status === "completed" ? "marked the referral completed" : "revoked the referral"}${r.referral.endedAt ? ` at ${rowTime(r.referral.endedAt, today)}` : ""}: shown for the record`;
  if (r.summary.state === "received" && r.referral) return `Referral received ${rowTime(r.summary.receivedAt!, today)}`;
  if (r.door === "bars" && r.summary.state === "not-received") return r.summary.chase ? (r.summary.chase.phone ? `Referral not received: phone 111 on ${r.summary.chase.phone}` : "Referral not received: phone the 111 service that booked") : "Referral not received yet";
  if (r.summary.state === "received" && r.summary.noClinicalContent) return `Received ${rowTime(r.summary.receivedAt!, today)} with nothing readable: phone 111`;
  if (r.summary.state === "received") return `Received ${rowTime(r.summary.receivedAt!, today)}${r.summary.replacedAt ? " (replaced)" : ""}`;
  if (r.summary.state === "being-checked") return "Received, being checked by a clerk";
  if (r.summary.state === "other-route") return `Received by another route ${rowTime(r.summary.receivedAt!, today)}: read it on the booking page`;
  if (r.summary.state === "with-cancelled-booking") return "Received, then moved off this cancelled booking: open it to see where";
  if (r.summary.chase) return r.summary.chase.phone ? `111 summary not received: phone 111 on ${r.summary.chase.phone}` : "111 summary not received: phone the 111 service that booked";
  return "Not received yet";
}

/**
 * What a person recorded about a walk-in: the list keeps resolved ones for a day so it says what happened to them,
 * and on paper a closed one must not read as a patient still expected.
 */
export function walkInResolutionText(d: Pick<DocumentListRow, "resolution">, today: LondonDate | null): string | null {
  if (!d.resolution) return null;
  const at = rowTime(d.resolution.at, today);
  return d.resolution.outcome === "arrived" ? `Arrived: recorded ${at}` : `Closed ${at}: ${d.resolution.note ?? "no longer expected"}`;
}

/** The words of the board's and the booking page's "summary changed" alert. */
export function summaryChangeText(change: SummaryChange): { title: string; detail: string } {
  const what = change.parts.length ? `What changed: ${describeChangedParts(change.parts)}.` : "";
  if (change.kind === "replacement-waiting") {
    return { title: "Changed summary from 111 waiting to be confirmed", detail: `${what} The version shown is the earlier one until a person confirms the new one.`.trim() };
  }
  if (change.kind === "arrived-after-open") return { title: "Summary arrived since you opened it", detail: "The 111 summary arrived after you last opened this booking." };
  return { title: "Summary changed since you opened it", detail: what || "111 sent a new version after you last opened this booking." };
}

/**
 * The "summary changed" signal on paper (print view, CSV, downtime snapshot), empty when there is none. Paper is
 * read by people other than the one who printed it, so it says the report changed after someone read it.
 */
export function paperSummaryChangeText(r: Pick<BoardRow, "summaryChangedAfterRead">): string {
  const change = r.summaryChangedAfterRead;
  if (!change) return "";
  const what = change.parts.length ? `: ${describeChangedParts(change.parts)} changed` : "";
  if (change.kind === "replacement-waiting") return `Changed summary from 111 waiting to be confirmed${what}. Read the booking before acting on this copy`;
  return `Summary changed after it was read${what}. Read the current summary`;
}

/** The board's notice for patients coming just after today's list ends (see BoardData.comingNext). */
export function comingNextText(next: NonNullable<BoardData["comingNext"]>, today: LondonDate): string {
  const first = new Date(next.first);
  const day = londonDayWords(first, today);
  const when = `${formatLondonTime(first)} ${day === "Tomorrow" ? "tomorrow" : "on"} (${formatLondonDate(first)})`;
  return next.count === 1
    ? `1 more patient is expected after midnight, at ${when}. This list shows today only.`
    : `${next.count} more patients are expected after midnight, the first at ${when}. This list shows today only.`;
}

/** A 111 rebooking, on both bookings (see BoardRow.moved); null when there is none. */
export function movedText(r: Pick<BoardRow, "moved">, today: LondonDate | null): string | null {
  if (r.moved.to) return `Rebooked by 111: now due ${rowTime(r.moved.to, today)}`;
  if (r.moved.from) return `Rebooked by 111: moved from ${rowTime(r.moved.from, today)}`;
  return null;
}

export function dispositionText(r: Pick<BoardRow, "disposition" | "summary">): string {
  if (r.summary.state === "other-route") return "Read the summary received by another route";
  if (r.summary.state !== "received") return "Not known until the 111 summary arrives";
  const d = r.disposition;
  if (!d) return "Not sent by 111";
  const words = d.text ?? (d.code ? `Disposition ${d.code}` : "Disposition without wording");
  const within = d.timeframeMinutes !== null ? `within ${describeMinutes(d.timeframeMinutes)}` : "timeframe not stated by 111";
  const text = d.text && d.timeframeMinutes !== null && /within/i.test(d.text) ? words : `${words} (${within})`;
  return d.notUsuallyEd ? `${text}. ${DISPOSITION_NOT_USUALLY_ED_TEXT}` : text;
}

export function allergyText(flag: NonNullable<BoardRow["flags"]>["allergies"]): string {
  if (flag === "other-route") return "Allergies: read the summary received by another route";
  return flag === "no-summary" ? "Allergies unknown: 111 summary not received" : ALLERGY_FLAG_TEXT[flag];
}

/** A BaRS referral's reasonable adjustments, for the board. */
export function adjustmentsText(flags: BoardRow["flags"]): string | null {
  return flags?.adjustments?.length ? `Reasonable adjustments: ${flags.adjustments.join("; ")}` : null;
}

export function safeguardingText(flag: NonNullable<BoardRow["flags"]>["safeguarding"]): string {
  if (flag === "other-route") return "Safeguarding: read the summary received by another route";
  return flag === "no-summary" ? "Safeguarding unknown: 111 summary not received" : SAFEGUARDING_FLAG_TEXT[flag];
}

/**
 * 111's deadline and whether it is being missed: "See by 15:45", "Overdue: not arrived", and a booking whose
 * arrival time is after the deadline 111 gave.
 */
export function deadlineText(r: Pick<BoardRow, "due" | "status">, today: LondonDate | null): string[] {
  const out: string[] = [];
  if (r.due.dueAt) out.push(`111 deadline: ${rowTime(r.due.dueAt, today)}`);
  if (r.due.slotAfterDue) out.push("Booked later than 111's deadline: check with 111 or see sooner");
  if (r.due.overdue) out.push(`Overdue: not arrived (expected by ${rowTime(r.due.overdueAt!, today)})`);
  return out;
}

export interface HourGroup {
  key: string;
  /** The London date of the hour. */
  date: LondonDate;
  /** "Today (Tue 12 Jan 2027)", "Tomorrow (Wed 13 Jan 2027)", or the date alone further off. */
  day: string;
  label: string;
  /** The first hour of its day in the list: where a screen shows a day banner and a printout starts a page. */
  firstOfDay: boolean;
  rows: BoardRow[];
}

function dayLabel(instant: Date, today: LondonDate): string {
  const words = londonDayWords(instant, today);
  return words === "Today" || words === "Tomorrow" || words === "Yesterday" ? `${words} (${formatLondonDate(instant)})` : words;
}

/**
 * Rows grouped by London clock hour, in order, each heading carrying its day: with "Next 24 hours" today's 15:00
 * and tomorrow's 15:00 are different headings. The two 01:00 hours of the October change are told apart.
 */
export function groupByHour(rows: BoardRow[], today: LondonDate): HourGroup[] {
  const groups: HourGroup[] = [];
  for (const r of rows) {
    const start = new Date(r.start);
    const hourStart = new Date(Math.floor(start.getTime() / 3600_000) * 3600_000);
    const key = hourStart.toISOString();
    let g = groups.find((x) => x.key === key);
    if (!g) {
      const p = londonParts(hourStart);
      const day = dayLabel(hourStart, today);
      const firstOfDay = groups.length === 0 || groups[groups.length - 1].date !== p.date;
      g = { key, date: p.date, day, label: `${day} ${String(p.hour).padStart(2, "0")}:00 to ${String(p.hour).padStart(2, "0")}:59`, firstOfDay, rows: [] };
      groups.push(g);
    }
    g.rows.push(r);
  }
  const seen = new Map<string, number>();
  for (const g of groups) seen.set(g.label, (seen.get(g.label) ?? 0) + 1);
  for (const g of groups) if ((seen.get(g.label) ?? 0) > 1) g.label = `${g.label} ${londonZoneName(new Date(g.key))}`;
  return groups;
}
