import { z } from "zod";
import { addDays, isLondonDate, startOfLondonDay, type LondonDate } from "../time/london";

/** The longest range a report covers in one go (a year and a day: a leap year fits). */
export const MAX_REPORT_DAYS = 366;

const londonDate = z.string().refine(isLondonDate, "Enter a real date, for example 2026-03-29");

/** What a manager may choose: a London date range (both ends inclusive) and optional filters. */
export const reportFilter = z
  .object({
    from: londonDate,
    to: londonDate,
    siteId: z.string().max(100).optional(),
    serviceId: z.string().max(100).optional(),
    /** ODS code of the booking (111) organisation. */
    orgOds: z.string().max(20).optional(),
  })
  .refine((f) => f.from <= f.to, { message: "The start date must be on or before the end date", path: ["to"] })
  .refine((f) => daysBetween(f.from, f.to) < MAX_REPORT_DAYS, { message: `Choose a range of ${MAX_REPORT_DAYS} days or fewer`, path: ["from"] });

export type ReportFilter = z.infer<typeof reportFilter>;

/** Empty strings from a form mean "any". */
export function parseReportFilter(params: Record<string, string | undefined>) {
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ""));
  return reportFilter.safeParse(clean);
}

function daysBetween(from: LondonDate, to: LondonDate): number {
  const [a, b] = [from, to].map((d) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))));
  return Math.round((b - a) / 86_400_000);
}

export interface LondonDay {
  date: LondonDate;
  /** The instant the London day begins (inclusive). */
  start: Date;
  /** The instant the next London day begins (exclusive): 23 or 25 hours later on clock-change days. */
  end: Date;
}

/** Each London day of the range with its UTC boundaries, so counting never needs SQL date functions. */
export function londonDays(from: LondonDate, to: LondonDate): LondonDay[] {
  const days: LondonDay[] = [];
  let start = startOfLondonDay(from);
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const end = startOfLondonDay(addDays(d, 1));
    days.push({ date: d, start, end });
    start = end;
  }
  return days;
}
