/**
 * The limits check at booking time, reading only what it needs. `checkBookable` needs the bookings that count
 * towards the new slot's caps and quotas (those starting on the same London day: the day holds its hours) and,
 * only when a cap or quota alone refuses it, the service's future bookings with their patients (the rebook
 * exemption). Both booking stores (SQLite and PostgreSQL) call this with their own loaders.
 */
import { startOfLondonDay } from "../time/london";
import { checkBookable, londonDayKey, type BookableCheck, type BookingRequest, type CandidateSlot, type CapacityContext, type ExistingBooking, type RefusalReason } from "./limits";

const COUNT_REASONS: ReadonlySet<RefusalReason> = new Set(["cap-hour", "cap-day", "quota-hour", "quota-day"]);

export type LimitsWithoutBookings = Omit<CapacityContext, "bookings">;

/** Are bookings counted at all for this service (any cap or quota)? */
export function countsBookings(ctx: LimitsWithoutBookings): boolean {
  return ctx.limits.capPerHour !== null || ctx.limits.capPerDay !== null || ctx.quotas.length > 0;
}

/** The London day a slot starts on, as UTC instants [from, to): 23, 24 or 25 hours long. */
export function londonDayOf(start: Date): { from: Date; to: Date } {
  const from = startOfLondonDay(londonDayKey(start));
  // Noon the next day is always on the next London date, whatever the clock change.
  const to = startOfLondonDay(londonDayKey(new Date(from.getTime() + 36 * 3600_000)));
  return { from, to };
}

/** Would a cap or quota alone refuse it (so the rebook exemption could let it through)? */
function onlyCounts(check: BookableCheck): boolean {
  return !check.ok && check.reasons.every((r) => COUNT_REASONS.has(r));
}

export interface BookingCheckLoaders<T> {
  /** Active bookings of the service starting in [from, to); patients not needed. */
  sameDay: (from: Date, to: Date) => T;
  /** Active bookings of the service starting after `now`, with their patients (rare: only for a possible rebook). */
  future: () => T;
}

/**
 * The check with the same-day bookings, and, when a cap or quota alone refuses a booking that names an
 * organisation and a patient, "future": the caller loads the service's future bookings and asks again with them.
 */
function decide(slot: CandidateSlot, request: BookingRequest, ctx: LimitsWithoutBookings, sameDay: ExistingBooking[], future?: ExistingBooking[]): BookableCheck | "future" {
  if (future) return checkBookable(slot, request, { ...ctx, bookings: mergeBookings(sameDay, future) });
  const strict = checkBookable(slot, request, { ...ctx, bookings: sameDay });
  if (strict.ok || !onlyCounts(strict) || !request.orgOds || !request.patient) return strict;
  return "future";
}

/**
 * May this booking go ahead? Same answer as `checkBookable` with every booking from today on, reading less.
 * Loaders may answer at once (the SQLite store) or with a promise (the PostgreSQL store).
 */
export async function checkNewBooking(slot: CandidateSlot, request: BookingRequest, ctx: LimitsWithoutBookings, load: BookingCheckLoaders<ExistingBooking[] | Promise<ExistingBooking[]>>): Promise<BookableCheck> {
  const day = londonDayOf(slot.start);
  const sameDay = countsBookings(ctx) ? await load.sameDay(day.from, day.to) : [];
  const first = decide(slot, request, ctx, sameDay);
  return first === "future" ? (decide(slot, request, ctx, sameDay, await load.future()) as BookableCheck) : first;
}

/** Both lists, each booking once (the one with its patient where both have it). */
function mergeBookings(sameDay: ExistingBooking[], future: ExistingBooking[]): ExistingBooking[] {
  const bySlot = new Map<string, ExistingBooking>();
  const noSlot: ExistingBooking[] = [];
  for (const b of [...sameDay, ...future]) {
    if (b.slotId) bySlot.set(b.slotId, b);
    else noSlot.push(b);
  }
  return [...bySlot.values(), ...noSlot];
}
