import { db } from "../db/client";
import { Prisma } from "../db/generated/sqlite/client";
import { databaseKind, databaseUrl } from "../db/url";
import { londonParts } from "../time/london";
import { countByLondonDay, countByUtcHour } from "./count-by-london-day";
import { appointmentFilters, build, serviceScope, type Report } from "./provider-reports";
import { londonDays, type ReportFilter } from "./report-filter";
import { now as clockNow } from "../time/clock";

/**
 * Reports beyond the standard's five, for running the service: arrivals and did-not-attend, lead time, bookings
 * later than 111's disposition asked for, unmet demand, suspensions and blocked slots, refusals of taken slots,
 * and when bookings are made. Every figure is counted by the database in grouped queries; nothing here reads a
 * patient's details or a document's content.
 */
export const MONITORING_REPORT_IDS = ["arrivals", "lead-time", "disposition-deadline", "unmet-demand", "suspensions", "slot-refusals", "booking-times"] as const;
export type MonitoringReportId = (typeof MONITORING_REPORT_IDS)[number];

type Counts = Record<string, number>;

const isPostgres = () => databaseKind(databaseUrl()) === "postgres";

function range(f: ReportFilter): { from: Date; to: Date } {
  const days = londonDays(f.from, f.to);
  return { from: days[0].start, to: days[days.length - 1].end };
}

const noOrgFilter = (f: ReportFilter, what: string) => (f.orgOds ? [`${what} are not tied to a 111 organisation, so the organisation filter does not apply to this report.`] : []);
const noServiceFilter = (f: ReportFilter, what: string) => (f.siteId || f.serviceId ? [`${what} do not record a service, so the site and service filters do not apply to this report.`] : []);

/** Rows that are not days: the same build, then each row gets its label. */
function keyedReport(meta: Omit<Report, "rows" | "total" | "notes">, rows: { key: string; label: string; counts: Counts }[], notes: string[] = []): Report {
  const r = build(meta, rows.map((x) => ({ date: x.key, counts: x.counts })), notes);
  const labels = new Map(rows.map((x) => [x.key, x.label]));
  return { ...r, rows: r.rows.map((row) => ({ ...row, label: labels.get(row.date) })) };
}

/**
 * When a booked patient arrived, for the report: the ED record's registration time (PV1-44 / EVN-6, exact: reception
 * registered the patient then) where there is one, else the time staff marked the arrival here. Arrived on the
 * booked time counts as by it.
 */
const ARRIVAL_KEY = Prisma.sql`CASE WHEN "edStatus" = 'arrived' THEN 'arrived:' ||
  CASE WHEN COALESCE("registeredAt", "arrivedAt") IS NULL THEN 'unknown'
       WHEN COALESCE("registeredAt", "arrivedAt") <= "Appointment"."start" THEN 'early' ELSE 'late' END || ':' ||
  CASE WHEN "registeredAt" IS NOT NULL THEN 'ed-record' ELSE 'staff' END
  ELSE "edStatus" END`;

/**
 * a. Of bookings whose arrival time has passed: arrived (by or after the booked time, and how many of those times
 * came from the ED record's registration), did not attend, not yet marked (per London day of the slot).
 */
export async function arrivalsAndNonAttendance(f: ReportFilter, now = clockNow()): Promise<Report> {
  const services = await serviceScope(f);
  const days = londonDays(f.from, f.to);
  const counts = await countByLondonDay({
    table: "Appointment",
    column: "start",
    key: ARRIVAL_KEY,
    where: [Prisma.sql`"status" = 'booked'`, Prisma.sql`"Appointment"."start" < ${now}`, ...appointmentFilters(f, services)],
    days,
  });
  const rows = days.map((d, i) => {
    const by = counts[i];
    let arrived = 0;
    let early = 0;
    let late = 0;
    let fromEdRecord = 0;
    for (const [k, v] of Object.entries(by)) {
      if (!k.startsWith("arrived:")) continue;
      const [, when, source] = k.split(":");
      arrived += v;
      if (when === "early") early += v;
      else late += v; // an arrival without a time (none is written so) counts as after the booked time
      if (source === "ed-record") fromEdRecord += v;
    }
    const dna = by["did-not-attend"] ?? 0;
    const notMarked = Object.entries(by).reduce((n, [k, v]) => n + (k.startsWith("arrived:") || k === "did-not-attend" ? 0 : v), 0);
    return { date: d.date, counts: { passed: arrived + dna + notMarked, arrived, arrivedByTime: early, arrivedAfterTime: late, registeredInEdRecord: fromEdRecord, dna, notMarked } };
  });
  return {
    ...build(
      {
        id: "arrivals",
        title: "Arrivals and did not attend",
        description:
          "Bookings whose arrival time has passed, by the day of the arrival time: arrived, did not attend, or not yet marked. Cancelled bookings are not counted. Whether a patient arrived by or after the booked time uses the ED record's registration time where the ED record registered the patient (exact), otherwise the time staff marked the arrival.",
        columns: [
          { key: "passed", label: "Arrival time passed" },
          { key: "arrived", label: "Arrived" },
          { key: "arrivedByTime", label: "Arrived by the booked time" },
          { key: "arrivedAfterTime", label: "Arrived after the booked time" },
          { key: "registeredInEdRecord", label: "Arrival time from the ED record" },
          { key: "dna", label: "Did not attend" },
          { key: "notMarked", label: "Not yet marked" },
          { key: "arrivedPercent", label: "Arrived (%)", percentOf: { numerator: "arrived", denominator: "passed" } },
          { key: "dnaPercent", label: "Did not attend (%)", percentOf: { numerator: "dna", denominator: "passed" } },
        ],
        chartKeys: ["arrived", "dna", "notMarked"],
        sums: [
          { total: "passed", parts: ["arrived", "dna", "notMarked"] },
          { total: "arrived", parts: ["arrivedByTime", "arrivedAfterTime"] },
        ],
      },
      rows,
    ),
  };
}

/** Lead-time buckets in minutes: [from, to). */
const LEAD_BUCKETS = [
  { key: "lt1h", label: "Under 1 hour", from: -Infinity, to: 60 },
  { key: "1to2h", label: "1 to 2 hours", from: 60, to: 120 },
  { key: "2to4h", label: "2 to 4 hours", from: 120, to: 240 },
  { key: "4to8h", label: "4 to 8 hours", from: 240, to: 480 },
  { key: "8to24h", label: "8 to 24 hours", from: 480, to: 1440 },
  { key: "24hplus", label: "24 hours or more", from: 1440, to: Infinity },
] as const;

/** The median of a distribution given as (value, count) pairs: the middle value, or the mean of the two middle ones. */
export function medianOf(groups: { value: number; count: number }[]): number | null {
  const sorted = [...groups].filter((g) => g.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((s, g) => s + g.count, 0);
  if (n === 0) return null;
  const at = (i: number) => {
    let seen = 0;
    for (const g of sorted) {
      seen += g.count;
      if (i < seen) return g.value;
    }
    return sorted[sorted.length - 1].value;
  };
  return (at(Math.floor((n - 1) / 2)) + at(Math.floor(n / 2))) / 2;
}

/** b. Minutes from making a booking to its arrival time, for bookings made in the range: buckets and median. */
export async function leadTime(f: ReportFilter): Promise<Report> {
  const services = await serviceScope(f);
  const { from, to } = range(f);
  // Whole minutes from booking to arrival time, grouped in the database (a year is a few thousand groups).
  const minutes = isPostgres()
    ? Prisma.sql`FLOOR(EXTRACT(EPOCH FROM ("start" - "createdAt")) / 60)::int`
    : Prisma.sql`CAST(FLOOR(ROUND((julianday("start") - julianday("createdAt")) * 86400) / 60.0) AS INTEGER)`;
  const where = Prisma.join([Prisma.sql`"createdAt" >= ${from}`, Prisma.sql`"createdAt" < ${to}`, Prisma.sql`"status" <> 'entered-in-error'`, ...appointmentFilters(f, services)], " AND ");
  const groups = await db().$queryRaw<{ m: bigint | number | null; n: bigint | number }[]>`
    SELECT m, COUNT(*) AS n FROM (SELECT ${minutes} AS m FROM "Appointment" WHERE ${where}) t GROUP BY m`;
  const dist = groups.filter((g) => g.m !== null).map((g) => ({ value: Number(g.m), count: Number(g.n) }));
  const rows = LEAD_BUCKETS.map((b) => ({
    key: b.key,
    label: b.label,
    counts: { bookings: dist.reduce((n, g) => n + (g.value >= b.from && g.value < b.to ? g.count : 0), 0) },
  }));
  const total = dist.reduce((n, g) => n + g.count, 0);
  const median = medianOf(dist);
  return {
    ...keyedReport(
      {
        id: "lead-time",
        title: "Time from booking to arrival",
        description: "How long before the arrival time bookings were made, for bookings made in the range (including those later cancelled).",
        rowHeading: "Booked ahead by",
        columns: [{ key: "bookings", label: "Bookings" }],
        chartKeys: ["bookings"],
      },
      rows,
    ),
    summary: [{ label: "Median time from booking to arrival", value: median, unit: "minutes", basedOn: total }],
  };
}

/**
 * c. Active bookings whose arrival time is later than 111's disposition asked for (encounter start plus the
 * disposition's timeframe, read from the linked report when it arrived). No linked report, or one without a
 * usable time or timeframe, is "unknown": never guessed.
 */
export async function dispositionDeadline(f: ReportFilter): Promise<Report> {
  const services = await serviceScope(f);
  const due = Prisma.sql`(SELECT MIN(d."dispositionDueAt") FROM "ClinicalDocument" d WHERE d."appointmentId" = "Appointment"."id" AND d."state" = 'linked')`;
  const days = londonDays(f.from, f.to);
  const counts = await countByLondonDay({
    table: "Appointment",
    column: "start",
    key: Prisma.sql`CASE WHEN ${due} IS NULL THEN 'unknown' WHEN "Appointment"."start" > ${due} THEN 'late' ELSE 'within' END`,
    where: [Prisma.sql`"status" = 'booked'`, ...appointmentFilters(f, services)],
    days,
  });
  const rows = days.map((d, i) => {
    const within = counts[i].within ?? 0;
    const late = counts[i].late ?? 0;
    const unknown = counts[i].unknown ?? 0;
    return { date: d.date, counts: { bookings: within + late + unknown, known: within + late, within, late, unknown } };
  });
  return build(
    {
      id: "disposition-deadline",
      title: "Arrival times later than 111 asked for",
      description:
        "Active bookings by the day of the arrival time, compared with when 111's disposition said the patient should be seen (the time of the 111 call plus the disposition's timeframe).",
      help: "\"Unknown\" means no 111 report is linked to the booking, or the report gave no call time or no timeframe: those bookings are never guessed either way.",
      columns: [
        { key: "bookings", label: "Bookings" },
        { key: "known", label: "With a deadline" },
        { key: "within", label: "Within the deadline" },
        { key: "late", label: "After the deadline" },
        { key: "unknown", label: "Unknown" },
        { key: "latePercent", label: "After the deadline (% of known)", percentOf: { numerator: "late", denominator: "known" } },
      ],
      chartKeys: ["within", "late", "unknown"],
      sums: [{ total: "bookings", parts: ["known", "unknown"] }, { total: "known", parts: ["within", "late"] }],
    },
    rows,
  );
}

function hourLabel(h: number): string {
  const hh = String(h).padStart(2, "0");
  return `${hh}:00 to ${hh}:59`;
}

/** d. FHIR slot searches by London hour of day, and how many found no free slot (unmet demand). */
export async function unmetDemand(f: ReportFilter): Promise<Report> {
  const services = await serviceScope(f);
  const { from, to } = range(f);
  const groups = await db().searchDemandHour.groupBy({
    by: ["hourStart"],
    where: { hourStart: { gte: from, lt: to }, ...(services ? { serviceId: { in: services } } : {}), ...(f.orgOds ? { consumerOds: f.orgOds.toUpperCase() } : {}) },
    _sum: { searches: true, withoutFree: true },
  });
  const byHour: Counts[] = Array.from({ length: 24 }, () => ({ searches: 0, withoutFree: 0 }));
  for (const g of groups) {
    const h = londonParts(g.hourStart).hour;
    byHour[h].searches += g._sum.searches ?? 0;
    byHour[h].withoutFree += g._sum.withoutFree ?? 0;
  }
  return keyedReport(
    {
      id: "unmet-demand",
      title: "Slot searches that found no free slot",
      description: "Searches for arrival times made by 111 systems over the range, by hour of the day (UK time), and how many of them found no free slot.",
      help: "Each app instance counts searches in memory and adds them to the database every 5 seconds, so up to 5 seconds of searches can be missing after a crash. This is monitoring, not patient data.",
      rowHeading: "Hour of the search",
      columns: [
        { key: "searches", label: "Searches" },
        { key: "withoutFree", label: "Found no free slot" },
        { key: "withoutPercent", label: "Found no free slot (%)", percentOf: { numerator: "withoutFree", denominator: "searches" } },
      ],
      chartKeys: ["searches", "withoutFree"],
    },
    byHour.map((counts, h) => ({ key: String(h).padStart(2, "0"), label: hourLabel(h), counts })),
  );
}

/** The most reasons a table lists; the rest are added up as "Other reasons". */
const MAX_REASONS = 30;

/** e. Suspensions and blocked slots over the range, by reason, with the slots each made unavailable. */
export async function suspensionsAndBlocks(f: ReportFilter): Promise<Report> {
  const services = await serviceScope(f);
  const { from, to } = range(f);
  const effectiveEnd = Prisma.sql`(CASE WHEN s."liftedAt" IS NOT NULL AND s."liftedAt" < s."endsAt" THEN s."liftedAt" ELSE s."endsAt" END)`;
  const serviceCond = services ? (services.length ? Prisma.sql`s."serviceId" IN (${Prisma.join(services)})` : Prisma.sql`1 = 0`) : Prisma.sql`1 = 1`;
  const suspended = await db().$queryRaw<{ reason: string; periods: bigint | number; slots: bigint | number }[]>`
    SELECT s."reason" AS reason, COUNT(DISTINCT s."id") AS periods, COUNT(sl."id") AS slots
    FROM "Suspension" s
    LEFT JOIN "Slot" sl ON sl."serviceId" = s."serviceId" AND sl."start" >= s."startsAt" AND sl."start" < ${effectiveEnd}
      AND sl."start" >= ${from} AND sl."start" < ${to}
    WHERE s."startsAt" < ${to} AND ${effectiveEnd} > ${from} AND ${effectiveEnd} > s."startsAt" AND ${serviceCond}
    GROUP BY s."reason"`;
  const blocked = await db().slot.groupBy({
    by: ["blockedReason"],
    where: { status: "blocked", start: { gte: from, lt: to }, ...(services ? { serviceId: { in: services } } : {}) },
    _count: { _all: true },
  });
  const rows = [
    ...suspended.map((r) => ({ kind: "Suspended", reason: r.reason, periods: Number(r.periods), slots: Number(r.slots) })),
    ...blocked.map((b) => ({ kind: "Blocked", reason: b.blockedReason ?? "", periods: 0, slots: b._count._all })),
  ].sort((a, b) => b.slots - a.slots || b.periods - a.periods || a.reason.localeCompare(b.reason));
  const shown = rows.slice(0, MAX_REASONS);
  const rest = rows.slice(MAX_REASONS);
  const out = shown.map((r, i) => ({
    key: `${i + 1}`,
    label: `${r.kind}: ${r.reason.trim() ? (r.reason.length > 120 ? `${r.reason.slice(0, 117)}...` : r.reason) : "no reason given"}`,
    counts: { periods: r.periods, slots: r.slots },
  }));
  if (rest.length) out.push({ key: "other", label: `Other reasons (${rest.length})`, counts: { periods: rest.reduce((n, r) => n + r.periods, 0), slots: rest.reduce((n, r) => n + r.slots, 0) } });
  return keyedReport(
    {
      id: "suspensions",
      title: "Suspensions and blocked slots",
      description: "Why bookings were stopped in the range: each suspension reason with how many suspensions and how many arrival slots fell inside them, and slots blocked one by one with their reason.",
      help: "A slot inside two overlapping suspensions is counted under each. A suspension lifted early counts only up to when it was lifted.",
      rowHeading: "Reason",
      columns: [
        { key: "periods", label: "Suspensions" },
        { key: "slots", label: "Slots affected" },
      ],
      chartKeys: ["slots"],
    },
    out,
    noOrgFilter(f, "Suspensions and blocked slots"),
  );
}

/** f. FHIR booking attempts per London day, and how many were refused because the slot was no longer available. */
export async function slotRefusals(f: ReportFilter): Promise<Report> {
  const days = londonDays(f.from, f.to);
  const counts = await countByLondonDay({
    table: "AuditEvent",
    column: "at",
    key: Prisma.sql`CASE WHEN "outcome" = 'success' THEN 'booked' WHEN "detail" LIKE '%"error":"slot-unavailable"%' THEN 'taken' ELSE 'other' END`,
    where: [Prisma.sql`"action" = 'fhir.create-appointment'`, ...(f.orgOds ? [Prisma.sql`"consumerOds" = ${f.orgOds.toUpperCase()}`] : [])],
    days,
  });
  const rows = days.map((d, i) => {
    const booked = counts[i].booked ?? 0;
    const taken = counts[i].taken ?? 0;
    const other = counts[i].other ?? 0;
    return { date: d.date, counts: { attempts: booked + taken + other, booked, taken, other } };
  });
  return build(
    {
      id: "slot-refusals",
      title: "Bookings refused: slot no longer available",
      description: "Booking requests from 111 systems each day, and how many were refused because the slot had been taken or closed since it was offered.",
      help: "Counted from the audit record of every FHIR booking request. \"Other refusals\" are requests refused for any other reason (for example an invalid request).",
      columns: [
        { key: "attempts", label: "Booking requests" },
        { key: "booked", label: "Booked" },
        { key: "taken", label: "Slot no longer available" },
        { key: "other", label: "Other refusals" },
        { key: "takenPercent", label: "Slot no longer available (%)", percentOf: { numerator: "taken", denominator: "attempts" } },
      ],
      chartKeys: ["booked", "taken", "other"],
      sums: [{ total: "attempts", parts: ["booked", "taken", "other"] }],
    },
    rows,
    noServiceFilter(f, "Refused requests"),
  );
}

const WEEKDAY_COLUMNS = [
  { key: "mon", label: "Mon" },
  { key: "tue", label: "Tue" },
  { key: "wed", label: "Wed" },
  { key: "thu", label: "Thu" },
  { key: "fri", label: "Fri" },
  { key: "sat", label: "Sat" },
  { key: "sun", label: "Sun" },
] as const;

/** g. Bookings made in the range by London hour of day (rows) and day of the week (columns). */
export async function bookingTimes(f: ReportFilter): Promise<Report> {
  const services = await serviceScope(f);
  const { from, to } = range(f);
  const hours = await countByUtcHour({
    table: "Appointment",
    column: "createdAt",
    key: Prisma.sql`''`,
    where: [Prisma.sql`"status" <> 'entered-in-error'`, ...appointmentFilters(f, services)],
    from,
    to,
  });
  const grid: Counts[] = Array.from({ length: 24 }, () => Object.fromEntries([...WEEKDAY_COLUMNS.map((c) => [c.key, 0]), ["all", 0]]));
  for (const h of hours) {
    const p = londonParts(h.hour);
    grid[p.hour][WEEKDAY_COLUMNS[p.weekday - 1].key] += h.count;
    grid[p.hour].all += h.count;
  }
  return keyedReport(
    {
      id: "booking-times",
      title: "When bookings are made",
      description: "Bookings made in the range by the hour (UK time) and the day of the week they were made.",
      rowHeading: "Hour booked",
      columns: [...WEEKDAY_COLUMNS, { key: "all", label: "All days" }],
      chartKeys: ["all"],
      sums: [{ total: "all", parts: WEEKDAY_COLUMNS.map((c) => c.key) }],
    },
    grid.map((counts, h) => ({ key: String(h).padStart(2, "0"), label: hourLabel(h), counts })),
  );
}

export const MONITORING_RUNNERS: Record<MonitoringReportId, (f: ReportFilter) => Promise<Report>> = {
  arrivals: (f) => arrivalsAndNonAttendance(f),
  "lead-time": leadTime,
  "disposition-deadline": dispositionDeadline,
  "unmet-demand": unmetDemand,
  suspensions: suspensionsAndBlocks,
  "slot-refusals": slotRefusals,
  "booking-times": bookingTimes,
};
