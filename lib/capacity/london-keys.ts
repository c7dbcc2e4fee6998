/**
 * Buckets for "per hour" and "per day" limits: London wall-clock hours and London dates.
 *
 * Clock-change days:
 * - 29 Mar 2026 (23 hours): the 01:00 London hour does not exist; 00:xx GMT is followed by 02:00 BST.
 * - 25 Oct 2026 (25 hours): 01:00–01:59 happens twice. Each occurrence is a real hour of arrivals, so they are
 *   TWO buckets, told apart by the UTC offset in the key: "2026-10-25T01:00+01:00" (BST, first) and
 *   "2026-10-25T01:00+00:00" (GMT, second). A per-hour cap therefore allows N bookings in each.
 * - The day bucket is the London date, whatever its length: a per-day cap allows N bookings over 23 or 25 hours.
 *
 * London's offset is always a whole hour and changes only on the hour, so every London hour is exactly one
 * UTC hour and the key is stable for every instant inside it.
 */
import { londonParts, type LondonDate, type LondonParts } from "../time/london";

function hourKeyOf(p: LondonParts): string {
  const sign = p.offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(p.offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${p.date}T${String(p.hour).padStart(2, "0")}:00${offset}`;
}

/** The London hour an instant falls in, e.g. "2026-10-25T01:00+00:00". Unique per real hour. */
export function londonHourKey(instant: Date): string {
  return hourKeyOf(londonParts(instant));
}

/** The London date an instant falls on, e.g. "2026-10-25". */
export function londonDayKey(instant: Date): LondonDate {
  return londonParts(instant).date;
}

const HOUR_MS = 3600_000;
const MEMO_LIMIT = 50_000;
const memo = new Map<number, { hour: string; day: LondonDate }>();

/**
 * Both buckets of an instant. Every London hour is exactly one UTC hour (see above), so the buckets are the
 * same for every instant in a UTC hour: they are remembered per UTC hour (the slot search asks for hundreds).
 */
export function londonBuckets(instant: Date): { hour: string; day: LondonDate } {
  const utcHour = Math.floor(instant.getTime() / HOUR_MS);
  let b = memo.get(utcHour);
  if (!b) {
    const p = londonParts(new Date(utcHour * HOUR_MS));
    b = { hour: hourKeyOf(p), day: p.date };
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(utcHour, b);
  }
  return b;
}
