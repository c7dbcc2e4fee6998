/**
 * Europe/London wall-clock time <-> UTC instants. Every conversion in the app goes through here.
 *
 * London changes clock at 01:00 UTC: on the last Sunday of March 01:00–01:59 local does not exist
 * (the "gap"), and on the last Sunday of October 01:00–01:59 local happens twice (the "fold").
 * Midnight always exists exactly once, so a London date always has a well-defined start.
 */
export const LONDON = "Europe/London";

/** "YYYY-MM-DD" */
export type LondonDate = string;
/** "HH:MM", 24-hour */
export type WallTime = string;

const partsFormatter = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  weekday: "short",
});

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface LondonParts {
  date: LondonDate;
  time: WallTime;
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  weekday: number;
  hour: number;
  minute: number;
  /** Minutes ahead of UTC: 0 in winter (GMT), 60 in summer (BST). */
  offsetMinutes: number;
}

/**
 * Every field of LondonParts is the same for every instant of one UTC minute (London's offset changes on the hour),
 * and Intl's formatToParts is the slow part of a board or a slot search: answers are kept per minute, a bounded few.
 */
const partsByMinute = new Map<number, LondonParts>();
const PARTS_KEPT = 8192;

export function londonParts(instant: Date): LondonParts {
  const minute = Math.floor(instant.getTime() / 60_000);
  const known = partsByMinute.get(minute);
  if (known) return { ...known };
  const parts = computeLondonParts(instant);
  if (Number.isFinite(minute)) {
    if (partsByMinute.size >= PARTS_KEPT) partsByMinute.clear();
    partsByMinute.set(minute, parts);
  }
  return { ...parts };
}

function computeLondonParts(instant: Date): LondonParts {
  const p: Record<string, string> = {};
  for (const part of partsFormatter.formatToParts(instant)) p[part.type] = part.value;
  const date = `${p.year}-${p.month}-${p.day}`;
  const hour = Number(p.hour);
  const minute = Number(p.minute);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), hour, minute, Number(p.second));
  const offsetMinutes = Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  return { date, time: `${p.hour}:${p.minute}`, weekday: WEEKDAYS[p.weekday], hour, minute, offsetMinutes };
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Years a date typed or sent to this system may be in: far enough back for anything staff search, far enough
 * ahead for any rule, and short of the end of the calendar arithmetic (the day after must still be a date).
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2998;

/** A real calendar date in the years this system accepts from people and other systems. */
export function isLondonDate(s: string): boolean {
  if (!isCalendarDate(s)) return false;
  const y = Number(s.slice(0, 4));
  return y >= MIN_YEAR && y <= MAX_YEAR;
}

function isCalendarDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function isWallTime(s: string): boolean {
  return TIME_RE.test(s);
}

export function wallMinutes(time: WallTime): number {
  const m = TIME_RE.exec(time);
  if (!m) throw new Error(`Not a time: ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function minutesToWall(minutes: number): WallTime {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/**
 * The UTC instants at which London's clocks show `date time`:
 * none in the March gap, two in the October fold (earlier first), one otherwise.
 */
export function wallClockToInstants(date: LondonDate, time: WallTime): Date[] {
  if (!isCalendarDate(date)) throw new Error(`Not a date: ${date}`);
  const [y, mo, d] = date.split("-").map(Number);
  const mins = wallMinutes(time);
  const naive = Date.UTC(y, mo - 1, d, Math.floor(mins / 60), mins % 60);
  const out: Date[] = [];
  // London is UTC+1 or UTC+0: try the summer reading first so a fold lists the earlier instant first.
  for (const offset of [60, 0]) {
    const candidate = new Date(naive - offset * 60_000);
    const parts = londonParts(candidate);
    if (parts.date === date && parts.time === time) out.push(candidate);
  }
  return out;
}

/** The instant London's date begins (midnight exists exactly once every day). */
export function startOfLondonDay(date: LondonDate): Date {
  const [first] = wallClockToInstants(date, "00:00");
  return first;
}

export function addDays(date: LondonDate, days: number): LondonDate {
  const [y, m, d] = date.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

/** ISO weekday of a London date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: LondonDate): number {
  const [y, m, d] = date.split("-").map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

export function londonToday(now: Date = new Date()): LondonDate {
  return londonParts(now).date;
}

// ---- display (what people read on screen) -------------------------------------------------

const timeFmt = new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const dateFmt = new Intl.DateTimeFormat("en-GB", { timeZone: LONDON, weekday: "short", day: "numeric", month: "short", year: "numeric" });
const dateTimeFmt = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** "14:30" in London time */
export function formatLondonTime(instant: Date): string {
  return timeFmt.format(instant);
}

/** "Mon 23 Nov 2026" */
export function formatLondonDate(instantOrDate: Date | LondonDate): string {
  const instant = typeof instantOrDate === "string" ? new Date(`${instantOrDate}T12:00:00Z`) : instantOrDate;
  return dateFmt.format(instant);
}

/** "Mon 23 Nov 2026, 14:30" */
export function formatLondonDateTime(instant: Date): string {
  return dateTimeFmt.format(instant);
}

/** "GMT" or "BST" for the instant, for labels where the offset matters (clock-change nights). */
export function londonZoneName(instant: Date): "GMT" | "BST" {
  return londonParts(instant).offsetMinutes === 60 ? "BST" : "GMT";
}

/** "Today", "Tomorrow", "Yesterday", else "Wed 13 Jan 2027": the day an instant falls on, as seen from `today`. */
export function londonDayWords(instant: Date, today: LondonDate): string {
  const date = londonParts(instant).date;
  if (date === today) return "Today";
  if (date === addDays(today, 1)) return "Tomorrow";
  if (date === addDays(today, -1)) return "Yesterday";
  return formatLondonDate(instant);
}

/**
 * A time as a list shows it: "14:30" when it falls on `today`, otherwise with its day ("Wed 13 Jan 2027, 14:30"),
 * so tomorrow's 15:00 is never read as today's.
 */
export function formatLondonTimeOn(instant: Date, today: LondonDate): string {
  return londonParts(instant).date === today ? formatLondonTime(instant) : formatLondonDateTime(instant);
}

/** The instant as an ISO 8601 date-time in London wall-clock time with its offset: `2027-06-16T08:00:00+01:00`. */
export function londonIsoWithOffset(instant: Date): string {
  const p = londonParts(instant);
  const sec = String(instant.getUTCSeconds()).padStart(2, "0");
  const off = p.offsetMinutes;
  const sign = off < 0 ? "-" : "+";
  const abs = Math.abs(off);
  return `${p.date}T${p.time}:${sec}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/**
 * The end of a period whose start is shown in full: "00:15" only when it falls on `today` and on the start's day,
 * otherwise with its day ("Wed, 13 Jan 2027, 00:15"), so a slot ending after midnight is never read as ending at
 * 00:15 of the day it started. On the clock-change nights, when the two sides of the period have different
 * offsets, the end carries its zone ("01:15 GMT") as the clock goes back to a time it has shown already.
 * `today` null: compared with the start only.
 */
export function formatLondonEnd(end: Date, start: Date, today: LondonDate | null): string {
  const e = londonParts(end);
  const s = londonParts(start);
  const sameDay = e.date === s.date && (today === null || e.date === today);
  const zone = e.offsetMinutes !== s.offsetMinutes ? ` ${londonZoneName(end)}` : "";
  return `${sameDay ? formatLondonTime(end) : formatLondonDateTime(end)}${zone}`;
}
