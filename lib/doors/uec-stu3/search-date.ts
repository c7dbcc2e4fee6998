/**
 * FHIR date search values (`start=ge2026-03-03T00:00:00+01:00`), parsed into UTC instants.
 *
 * A value stands for the range its precision implies: a day, a minute, a second… Comparisons follow FHIR's
 * date search rules for a point in time (Slot.start is an instant). Every offset form seen on the wire is
 * accepted: `Z`, `+00:00`, `+01:00`, `+0100`, a space where an unencoded `+` was decoded, a literal `%2B`;
 * with or without seconds and milliseconds; date-only and zone-less values are read as Europe/London time
 * (FHIR: "the server's local time"), which is where the service is.
 */
import { addDays, isLondonDate, MAX_YEAR, MIN_YEAR, startOfLondonDay, wallClockToInstants } from "@/lib/time/london";

export type SearchPrefix = "eq" | "ne" | "gt" | "lt" | "ge" | "le" | "sa" | "eb";
const PREFIXES: readonly SearchPrefix[] = ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb"];

export interface SearchDate {
  prefix: SearchPrefix;
  /** The value as it should be written back in a link (prefix included, `+` restored). */
  text: string;
  /** Start of the range the value stands for (inclusive). */
  lower: Date;
  /** End of the range the value stands for (exclusive). */
  upper: Date;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses one `start` value, or returns why it cannot be read. */
export function parseSearchDate(raw: string): SearchDate | { error: string } {
  let value = raw.trim().replace(/%2b/gi, "+").replace(/%3a/gi, ":");
  // An unencoded "+" in a query string arrives as a space: "…T10:00:00 01:00".
  value = value.replace(/(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$/, "$1+$2");
  const prefixed = /^[a-z]{2}/.exec(value);
  let prefix: SearchPrefix = "eq";
  if (prefixed) {
    if (!PREFIXES.includes(prefixed[0] as SearchPrefix)) return { error: `unknown prefix '${prefixed[0]}' (use eq, ne, gt, lt, ge, le, sa or eb)` };
    prefix = prefixed[0] as SearchPrefix;
    value = value.slice(2);
  }
  const range = rangeOf(value);
  if ("error" in range) return range;
  return { prefix, text: `${prefix === "eq" && !prefixed ? "" : prefix}${value}`, ...range };
}

function rangeOf(value: string): { lower: Date; upper: Date } | { error: string } {
  const year = /^(\d{4})/.exec(value)?.[1];
  if (year && (Number(year) < MIN_YEAR || Number(year) > MAX_YEAR)) return { error: `'${value}' is outside the years this service searches (${MIN_YEAR} to ${MAX_YEAR})` };
  if (/^\d{4}$/.test(value)) {
    const y = Number(value);
    return { lower: startOfLondonDay(`${value}-01-01`), upper: startOfLondonDay(`${y + 1}-01-01`) };
  }
  if (/^\d{4}-\d{2}$/.test(value)) {
    const [y, m] = value.split("-").map(Number);
    if (m < 1 || m > 12) return { error: `'${value}' is not a valid month` };
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
    return { lower: startOfLondonDay(`${value}-01`), upper: startOfLondonDay(next) };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    if (!isLondonDate(value)) return { error: `'${value}' is not a valid date` };
    return { lower: startOfLondonDay(value), upper: startOfLondonDay(addDays(value, 1)) };
  }
  const m = DATE_TIME.exec(value);
  if (!m) return { error: `'${value}' is not a date or date-time (e.g. 2026-03-03T10:00:00+00:00)` };
  const [, y, mo, d, hh, mm, ss, frac, zone] = m;
  const date = `${y}-${mo}-${d}`;
  if (!isLondonDate(date) || Number(hh) > 23 || Number(mm) > 59 || (ss !== undefined && Number(ss) > 59))
    return { error: `'${value}' is not a valid date-time` };
  const millis = frac ? Number(frac.slice(0, 3).padEnd(3, "0")) : 0;
  const precision = frac ? Math.max(1, 10 ** (3 - Math.min(frac.length, 3))) : ss !== undefined ? 1000 : 60_000;
  const seconds = Number(ss ?? 0);
  let lower: number;
  if (zone) {
    const offsetMinutes = zone === "Z" ? 0 : zoneMinutes(zone);
    if (offsetMinutes === null) return { error: `'${zone}' is not a valid time zone offset` };
    lower = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mm), seconds, millis) - offsetMinutes * 60_000;
  } else {
    const [first] = wallClockToInstants(date, `${hh}:${mm}`);
    if (!first) return { error: `'${value}' does not exist in UK time (the clocks go forward)` };
    lower = first.getTime() + seconds * 1000 + millis;
  }
  return { lower: new Date(lower), upper: new Date(lower + precision) };
}

function zoneMinutes(zone: string): number | null {
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!z) return null;
  const h = Number(z[2]);
  const min = Number(z[3]);
  if (h > 14 || min > 59) return null;
  return (z[1] === "-" ? -1 : 1) * (h * 60 + min);
}

/** Does an instant satisfy one search value? (FHIR date search against a point in time.) */
export function matchesSearchDate(filter: SearchDate, instant: Date): boolean {
  const t = instant.getTime();
  const lo = filter.lower.getTime();
  const hi = filter.upper.getTime();
  switch (filter.prefix) {
    case "eq":
      return t >= lo && t < hi;
    case "ne":
      return t < lo || t >= hi;
    case "gt":
    case "sa":
      return t >= hi;
    case "lt":
    case "eb":
      return t < lo;
    case "ge":
      return t >= lo;
    case "le":
      return t < hi;
  }
}

/**
 * The tightest [from, until) window the filters allow, for a database range query; `ne` filters are not
 * expressible as a window, so apply `matchesSearchDate` to the rows as well when one is present.
 */
export function searchDateWindow(filters: readonly SearchDate[]): { from?: Date; until?: Date } {
  let from: number | undefined;
  let until: number | undefined;
  const raise = (t: number) => (from = from === undefined ? t : Math.max(from, t));
  const lower = (t: number) => (until = until === undefined ? t : Math.min(until, t));
  for (const f of filters) {
    const lo = f.lower.getTime();
    const hi = f.upper.getTime();
    if (f.prefix === "eq") {
      raise(lo);
      lower(hi);
    } else if (f.prefix === "ge") raise(lo);
    else if (f.prefix === "gt" || f.prefix === "sa") raise(hi);
    else if (f.prefix === "le") lower(hi);
    else if (f.prefix === "lt" || f.prefix === "eb") lower(lo);
  }
  return { ...(from !== undefined ? { from: new Date(from) } : {}), ...(until !== undefined ? { until: new Date(until) } : {}) };
}
