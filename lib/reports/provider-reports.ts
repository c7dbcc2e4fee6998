import { db } from "../db/client";
import { Prisma } from "../db/generated/sqlite/client";
import { countByLondonDay } from "./count-by-london-day";
import { londonDays, type LondonDay, type ReportFilter } from "./report-filter";

/**
 * The standard's suggested provider reports (rep-prov-01 … 05), per London day. Aggregates only:
 * every figure is a count computed in the database; no query here reads a patient or a document's content.
 */
export const REPORT_IDS = ["rep-prov-01", "rep-prov-02", "rep-prov-03", "rep-prov-04", "rep-prov-05"] as const;
export type ReportId = (typeof REPORT_IDS)[number];

export function isReportId(v: string): v is ReportId {
  return (REPORT_IDS as readonly string[]).includes(v);
}

export interface ReportColumn {
  key: string;
  label: string;
  /** A percentage is worked out from two counts of the same row; it is withheld when either is small. */
  percentOf?: { numerator: string; denominator: string };
}

export interface ReportRow {
  /** The row's key: a London date ("YYYY-MM-DD") for daily reports, "Total" for the total. */
  date: string;
  /** What the row is called on screen and in downloads when it is not a date (an hour, a bucket, a reason). */
  label?: string;
  values: Record<string, number | null>;
}

export interface Report {
  id: string;
  title: string;
  description: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  total: ReportRow;
  /** Filters this report cannot honour, in plain English. */
  notes: string[];
  /** Heading of the first column when rows are not days. */
  rowHeading?: string;
  /** The columns the chart draws (default: the parts of the first count). */
  chartKeys?: string[];
  /**
   * Columns that are the sum of others in every row (Bookings = With a deadline + Unknown): what secondary
   * suppression in downloads needs to know (lib/reports/small-number-suppression.ts). Columns always add up to the total row.
   */
  sums?: { total: string; parts: string[] }[];
  /** Single figures shown above the table and added to the download (e.g. a median). */
  summary?: { label: string; value: number | null; unit?: string; /** How many counted rows the figure rests on (small ones are withheld in downloads). */ basedOn: number }[];
  /** How to read the report: what is counted and its limits. */
  help?: string;
}

type Counts = Record<string, number>;

/** Services the site and service filters allow; undefined when every service counts. */
export async function serviceScope(f: ReportFilter): Promise<string[] | undefined> {
  if (!f.siteId && !f.serviceId) return undefined;
  const services = await db().healthcareService.findMany({
    where: { ...(f.siteId ? { siteId: f.siteId } : {}), ...(f.serviceId ? { id: f.serviceId } : {}) },
    select: { id: true },
  });
  return services.map((s) => s.id);
}

/**
 * Runs one grouped count per London day (bounded by precomputed UTC instants) and collects the answers.
 * For columns with an index (slot start), where a day's count is an index range scan.
 */
async function perDay(f: ReportFilter, count: (day: LondonDay) => Promise<Counts>): Promise<{ date: string; counts: Counts }[]> {
  const days = londonDays(f.from, f.to);
  const out: { date: string; counts: Counts }[] = [];
  // A few days at a time: PostgreSQL gets some parallelism without taking the whole pool.
  for (let i = 0; i < days.length; i += 8) {
    const chunk = days.slice(i, i + 8);
    const counts = await Promise.all(chunk.map(count));
    chunk.forEach((d, j) => out.push({ date: d.date, counts: counts[j] }));
  }
  return out;
}

export function percent(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 10;
}

export function build(
  meta: Omit<Report, "rows" | "total" | "notes">,
  days: { date: string; counts: Counts }[],
  notes: string[] = [],
): Report {
  const countKeys = meta.columns.filter((c) => !c.percentOf).map((c) => c.key);
  const withPercents = (date: string, counts: Counts): ReportRow => {
    const values: Record<string, number | null> = {};
    for (const c of meta.columns) {
      values[c.key] = c.percentOf ? percent(counts[c.percentOf.numerator] ?? 0, counts[c.percentOf.denominator] ?? 0) : (counts[c.key] ?? 0);
    }
    return { date, values };
  };
  const totals: Counts = Object.fromEntries(countKeys.map((k) => [k, days.reduce((n, d) => n + (d.counts[k] ?? 0), 0)]));
  return { ...meta, rows: days.map((d) => withPercents(d.date, d.counts)), total: withPercents("Total", totals), notes };
}

function sumBy<T extends { _count: { _all: number } }>(groups: T[], key: (g: T) => string | null): Counts {
  const out: Counts = {};
  for (const g of groups) {
    const k = key(g);
    if (k !== null) out[k] = (out[k] ?? 0) + g._count._all;
  }
  return out;
}

/** rep-prov-01: bookings made each day (by when they were made), and how many of them are still booked. */
export async function appointmentsBooked(f: ReportFilter): Promise<Report> {
  const services = await serviceScope(f);
  const counts = await countByLondonDay({
    table: "Appointment",
    column: "createdAt",
    key: Prisma.sql`"status"`,
    where: [Prisma.sql`"status" <> 'entered-in-error'`, ...appointmentFilters(f, services)],
    days: londonDays(f.from, f.to),
  });
  const days = withDates(f, counts, (by) => ({ booked: (by.booked ?? 0) + (by.cancelled ?? 0), stillBooked: by.booked ?? 0, laterCancelled: by.cancelled ?? 0 }));
  return build(
    {
      id: "rep-prov-01",
      title: "Arrival times booked",
      description: "Bookings made each day, counted on the day they were made. The UEC Booking Standard calls this report \u201cAppointments booked\u201d.",
      columns: [
        { key: "booked", label: "Bookings made" },
        { key: "stillBooked", label: "Still booked" },
        { key: "laterCancelled", label: "Later cancelled" },
      ],
      sums: [{ total: "booked", parts: ["stillBooked", "laterCancelled"] }],
    },
    days,
  );
}

/** Bookings' site, service and organisation filters as SQL conditions. */
export function appointmentFilters(f: ReportFilter, services: string[] | undefined): Prisma.Sql[] {
  const out: Prisma.Sql[] = [];
  if (services) out.push(services.length ? Prisma.sql`"serviceId" IN (${Prisma.join(services)})` : Prisma.sql`1 = 0`);
  if (f.orgOds) out.push(Prisma.sql`"bookingOrgOds" = ${f.orgOds}`);
  return out;
}

/**
 * Referrals (111 clinical documents) per day, keyed "linked|state" or "unlinked|state".
 * A superseded copy was replaced by a later version of the same report, so it is not counted again.
 */
function referralCounts(f: ReportFilter, services: string[] | undefined) {
  const where: Prisma.Sql[] = [Prisma.sql`"state" <> 'superseded'`];
  if (services) {
    where.push(
      services.length
        ? Prisma.sql`"appointmentId" IN (SELECT "id" FROM "Appointment" WHERE "serviceId" IN (${Prisma.join(services)}))`
        : Prisma.sql`1 = 0`,
    );
  }
  if (f.orgOds) where.push(Prisma.sql`"senderOds" = ${f.orgOds}`);
  return countByLondonDay({
    table: "ClinicalDocument",
    column: "receivedAt",
    key: Prisma.sql`(CASE WHEN "appointmentId" IS NULL THEN 'unlinked|' ELSE 'linked|' END) || "state"`,
    where,
    days: londonDays(f.from, f.to),
  });
}

function withDates(f: ReportFilter, counts: Counts[], shape: (by: Counts) => Counts): { date: string; counts: Counts }[] {
  return londonDays(f.from, f.to).map((d, i) => ({ date: d.date, counts: shape(counts[i]) }));
}

const referralNotes = (f: ReportFilter) =>
  f.siteId || f.serviceId ? ["With a site or service chosen, only referrals linked to a booking at that service are counted: a referral without a booking has no service."] : [];

/** rep-prov-02: referrals (111 clinical documents) received each day, and how many are linked to a booking. */
export async function bookingsAgainstReferrals(f: ReportFilter): Promise<Report> {
  const services = await serviceScope(f);
  const counts = await referralCounts(f, services);
  const days = withDates(f, counts, (by) => {
    const received = Object.values(by).reduce((a, b) => a + b, 0);
    const linked = Object.entries(by).reduce((n, [k, v]) => n + (k.startsWith("linked|") ? v : 0), 0);
    return { received, linked, notLinked: received - linked };
  });
  return build(
    {
      id: "rep-prov-02",
      title: "Bookings against referrals",
      description: "Referrals (111 clinical documents) received each day, and how many are linked to a booking.",
      columns: [
        { key: "received", label: "Referrals received" },
        { key: "linked", label: "Linked to a booking" },
        { key: "notLinked", label: "Not linked" },
        { key: "linkedPercent", label: "Linked (%)", percentOf: { numerator: "linked", denominator: "received" } },
      ],
      sums: [{ total: "received", parts: ["linked", "notLinked"] }],
    },
    days,
    referralNotes(f),
  );
}

/** rep-prov-03: slots made available each day (by slot time) and how many were booked. */
export async function bookingsAgainstSlots(f: ReportFilter): Promise<Report> {
  const services = await serviceScope(f);
  const days = await perDay(f, async (day) => {
    const groups = await db().slot.groupBy({
      by: ["status"],
      where: { start: { gte: day.start, lt: day.end }, ...(services ? { serviceId: { in: services } } : {}) },
      _count: { _all: true },
    });
    const by = sumBy(groups, (g) => g.status);
    const booked = by.busy ?? 0;
    return { available: booked + (by.free ?? 0), booked, unbooked: by.free ?? 0, withdrawn: by.blocked ?? 0 };
  });
  return build(
    {
      id: "rep-prov-03",
      title: "Bookings against slots made available",
      description: "Arrival slots offered each day (by slot time), and how many were booked. Withdrawn slots were blocked and not offered.",
      columns: [
        { key: "available", label: "Slots made available" },
        { key: "booked", label: "Slots booked" },
        { key: "unbooked", label: "Slots not booked" },
        { key: "withdrawn", label: "Slots withdrawn" },
        { key: "utilisation", label: "Utilisation (%)", percentOf: { numerator: "booked", denominator: "available" } },
      ],
      sums: [{ total: "available", parts: ["booked", "unbooked"] }],
    },
    days,
    f.orgOds ? ["Slots are offered to every 111 service, so the organisation filter does not apply to this report."] : [],
  );
}

/** rep-prov-04: referrals received with no booking (documents marked "referral without booking"). */
export async function referralsWithoutBooking(f: ReportFilter): Promise<Report> {
  const services = await serviceScope(f);
  const counts = await referralCounts(f, services);
  const days = withDates(f, counts, (by) => ({
    received: Object.values(by).reduce((a, b) => a + b, 0),
    withoutBooking: Object.entries(by).reduce((n, [k, v]) => n + (k.endsWith("|referral-without-booking") ? v : 0), 0),
  }));
  return build(
    {
      id: "rep-prov-04",
      title: "Referrals without a booking",
      description: "Referrals received each day for which no booking was made.",
      columns: [
        { key: "received", label: "Referrals received" },
        { key: "withoutBooking", label: "Without a booking" },
        { key: "withoutPercent", label: "Without a booking (%)", percentOf: { numerator: "withoutBooking", denominator: "received" } },
      ],
    },
    days,
    referralNotes(f),
  );
}

/** rep-prov-05: bookings cancelled each day (by when they were cancelled), by who cancelled. */
export async function appointmentsCancelled(f: ReportFilter): Promise<Report> {
  const services = await serviceScope(f);
  const counts = await countByLondonDay({
    table: "Appointment",
    column: "cancelledAt",
    key: Prisma.sql`"cancelledBy"`,
    where: [Prisma.sql`"status" = 'cancelled'`, ...appointmentFilters(f, services)],
    days: londonDays(f.from, f.to),
  });
  const days = withDates(f, counts, (by) => {
    const consumer = by.consumer ?? 0;
    const ed = by.ed ?? 0;
    return { cancelled: Object.values(by).reduce((a, b) => a + b, 0), consumer, ed };
  });
  return build(
    {
      id: "rep-prov-05",
      title: "Arrival times cancelled",
      description: "Bookings cancelled each day, counted on the day of cancellation, by who cancelled. The UEC Booking Standard calls this report \u201cAppointments cancelled\u201d.",
      columns: [
        { key: "cancelled", label: "Cancelled" },
        { key: "consumer", label: "By 111" },
        { key: "ed", label: "By the ED" },
      ],
      sums: [{ total: "cancelled", parts: ["consumer", "ed"] }],
    },
    days,
  );
}

const RUNNERS: Record<ReportId, (f: ReportFilter) => Promise<Report>> = {
  "rep-prov-01": appointmentsBooked,
  "rep-prov-02": bookingsAgainstReferrals,
  "rep-prov-03": bookingsAgainstSlots,
  "rep-prov-04": referralsWithoutBooking,
  "rep-prov-05": appointmentsCancelled,
};

export function runReport(id: ReportId, f: ReportFilter): Promise<Report> {
  return RUNNERS[id](f);
}

export async function runAllReports(f: ReportFilter): Promise<Report[]> {
  const out: Report[] = [];
  for (const id of REPORT_IDS) out.push(await runReport(id, f));
  return out;
}

export interface ReportFilterOptions {
  sites: { id: string; name: string }[];
  services: { id: string; name: string; siteId: string; siteName: string }[];
  organisations: { odsCode: string; name: string }[];
}

/** What the filters can offer: sites, services, and the 111 organisations that have made bookings. */
export async function reportFilterOptions(): Promise<ReportFilterOptions> {
  const [sites, services, orgs] = await Promise.all([
    db().site.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db().healthcareService.findMany({ select: { id: true, name: true, siteId: true, site: { select: { name: true } } }, orderBy: { name: "asc" } }),
    db().appointment.groupBy({ by: ["bookingOrgOds", "bookingOrgName"], where: { bookingOrgOds: { not: null } }, _count: { _all: true } }),
  ]);
  const organisations = new Map<string, string>();
  for (const o of orgs) if (o.bookingOrgOds && !organisations.has(o.bookingOrgOds)) organisations.set(o.bookingOrgOds, o.bookingOrgName ?? o.bookingOrgOds);
  return {
    sites,
    services: services.map((s) => ({ id: s.id, name: s.name, siteId: s.siteId, siteName: s.site.name })),
    organisations: [...organisations].map(([odsCode, name]) => ({ odsCode, name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
