/**
 * The capacity-limits engine: which slots an organisation may book now, and whether one booking may go ahead.
 * Pure: the caller passes the service's limits, suspensions, quotas and bookings (see `limit-types.ts`).
 *
 * Decisions (each one tested):
 * - Limits combine: a slot is offered only if it passes every one of them.
 * - Caps and quotas count EXISTING active bookings (status `booked`) by the London hour / date their slot
 *   starts in (`london-keys.ts`). Offering a slot does not consume capacity: every offered slot is bookable on
 *   its own right now, so with one place left in an hour all the hour's free slots are offered, and once one is
 *   booked the others are refused at booking ("Slot no longer available"). Holding offered slots back instead
 *   would let one search lock capacity away from every other caller.
 * - Boundaries are inclusive for the patient: a slot starting exactly `minNoticeMinutes` after now, or exactly
 *   `maxAheadHours` after now, is bookable. A slot that started before now is `past`.
 * - Rebook exemption: organisation O booking for patient P while P holds an active future booking made by O at
 *   this service is not refused by a cap or a quota (the old booking is cancelled right after). It is still
 *   refused when past, blocked, taken, suspended, within minimum notice or beyond the horizon.
 *   The FHIR slot search has no patient, so it cannot know a search is for a rebook: it never offers slots
 *   beyond a cap or quota (offering them to everyone would break the caps for ordinary bookings, and 111
 *   assumes every returned slot is bookable). The exemption acts at booking: a slot that was offered but whose
 *   hour, day or quota filled up before the rebook still goes through. Trade-off: an hour full only because of
 *   the patient's own old booking shows no slots to that search. Staff, who know the patient, may pass it in
 *   `ConsumerContext.patient` to see the offer a rebook would get.
 * - A slot not offered to an organisation looks `busy` to it; everything offered looks `free`.
 */
import { londonToday, startOfLondonDay } from "../time/london";
import { londonBuckets } from "./london-keys";
import { samePatient } from "./patient-key";
import type {
  ActiveSuspension,
  BookableCheck,
  BookingRequest,
  CandidateSlot,
  CapacityContext,
  ConsumerContext,
  ConsumerSlotStatus,
  Offer,
  QuotaRule,
  RefusalReason,
  WithheldSlot,
} from "./limit-types";

// One import for callers: the types, buckets and patient keys the engine works with.
export * from "./limit-types";
export { londonDayKey, londonHourKey } from "./london-keys";
export { patientKey, samePatient, type PatientIdentity, type PatientKey } from "./patient-key";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The earliest booking start the engine needs to see: midnight at the start of today in London. Bookings
 * from here on decide every cap and quota for slots still bookable (see `CapacityContext.bookings`).
 */
export function countingWindowStart(now: Date): Date {
  return startOfLondonDay(londonToday(now));
}

/** ODS codes are compared trimmed and upper-cased; blank means unknown. */
export function normaliseOds(ods: string | null | undefined): string | null {
  const v = ods?.trim().toUpperCase();
  return v ? v : null;
}

/** Does this suspension stop bookings into a slot starting at `slotStart`, as of `now`? */
export function suspensionApplies(suspension: ActiveSuspension, slotStart: Date, now: Date): boolean {
  if (suspension.liftedAt && suspension.liftedAt <= now) return false;
  if (suspension.endsAt <= now) return false;
  return suspension.startsAt <= slotStart && slotStart < suspension.endsAt;
}

/** The suspensions still in force at `now` (not lifted, not ended), for banners and the clerk's list. */
export function suspensionsInForce(suspensions: readonly ActiveSuspension[], now: Date): ActiveSuspension[] {
  return suspensions.filter((s) => !(s.liftedAt && s.liftedAt <= now) && s.endsAt > now);
}

/**
 * True when `request` is the first half of a rebook: the same organisation already holds an active booking
 * starting after now at this service for the same patient.
 */
export function rebookExemptionApplies(request: BookingRequest, ctx: CapacityContext): boolean {
  const org = normaliseOds(request.orgOds);
  if (!org || !request.patient) return false;
  return ctx.bookings.some(
    (b) => b.status === "booked" && b.start > ctx.now && normaliseOds(b.orgOds) === org && samePatient(b.patient, request.patient),
  );
}

interface Tally {
  hour: Map<string, number>;
  day: Map<string, number>;
  /** keyed `${ods} ${bucket}` */
  orgHour: Map<string, number>;
  orgDay: Map<string, number>;
  bookedSlotIds: Set<string>;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function tallyBookings(ctx: CapacityContext): Tally {
  const t: Tally = { hour: new Map(), day: new Map(), orgHour: new Map(), orgDay: new Map(), bookedSlotIds: new Set() };
  for (const b of ctx.bookings) {
    if (b.status !== "booked") continue;
    const { hour, day } = londonBuckets(b.start);
    bump(t.hour, hour);
    bump(t.day, day);
    const org = normaliseOds(b.orgOds);
    if (org) {
      bump(t.orgHour, `${org} ${hour}`);
      bump(t.orgDay, `${org} ${day}`);
    }
    if (b.slotId) t.bookedSlotIds.add(b.slotId);
  }
  return t;
}

/** Evaluates many slots against one context, counting the bookings once. */
class Evaluator {
  private readonly tally: Tally;

  constructor(private readonly ctx: CapacityContext) {
    this.tally = tallyBookings(ctx);
  }

  /** Every reason the slot cannot be booked by `org`, in `REFUSAL_REASONS` order; empty when bookable. */
  reasons(slot: CandidateSlot, org: string | null, waiveCounts: boolean): RefusalReason[] {
    const { now, limits } = this.ctx;
    const start = slot.start.getTime();
    const out: RefusalReason[] = [];
    const past = start < now.getTime();
    if (past) out.push("past");
    if (slot.status === "blocked") out.push("blocked");
    if (slot.status === "busy" || this.tally.bookedSlotIds.has(slot.id)) out.push("taken");
    if (this.ctx.suspensions.some((s) => suspensionApplies(s, slot.start, now))) out.push("suspended");
    if (!past && start < now.getTime() + limits.minNoticeMinutes * MINUTE) out.push("min-notice");
    if (limits.maxAheadHours !== null && start > now.getTime() + limits.maxAheadHours * HOUR) out.push("beyond-horizon");
    if (waiveCounts) return out;

    const { hour, day } = londonBuckets(slot.start);
    if (limits.capPerHour !== null && (this.tally.hour.get(hour) ?? 0) >= limits.capPerHour) out.push("cap-hour");
    if (limits.capPerDay !== null && (this.tally.day.get(day) ?? 0) >= limits.capPerDay) out.push("cap-day");
    if (org) {
      const quotas = this.ctx.quotas.filter((q: QuotaRule) => normaliseOds(q.orgOds) === org);
      const orgHour = this.tally.orgHour.get(`${org} ${hour}`) ?? 0;
      const orgDay = this.tally.orgDay.get(`${org} ${day}`) ?? 0;
      if (quotas.some((q) => q.perHour !== null && orgHour >= q.perHour)) out.push("quota-hour");
      if (quotas.some((q) => q.perDay !== null && orgDay >= q.perDay)) out.push("quota-day");
    }
    return out;
  }
}

/**
 * The slots `consumer` could book right now, and for every other slot why not. This is what the FHIR slot
 * search returns as `free` and what the clerk's "what 111 sees" preview shows. Order is preserved.
 */
export function slotsOfferedTo(consumer: ConsumerContext, slots: readonly CandidateSlot[], ctx: CapacityContext): Offer {
  const org = normaliseOds(consumer.odsCode);
  const waive = consumer.patient ? rebookExemptionApplies({ orgOds: org, patient: consumer.patient }, ctx) : false;
  const evaluator = new Evaluator(ctx);
  const offered: CandidateSlot[] = [];
  const withheld: WithheldSlot[] = [];
  for (const slot of slots) {
    const reasons = evaluator.reasons(slot, org, waive);
    if (reasons.length === 0) offered.push(slot);
    else withheld.push({ slot, reason: reasons[0], reasons });
  }
  return { offered, withheld };
}

/**
 * May this booking go ahead now? Call inside the booking transaction with freshly loaded context; a refusal
 * is mapped by the caller to "Slot no longer available" (FHIR) or to `REFUSAL_DESCRIPTIONS` (staff).
 * Applies the rebook exemption (see the file comment).
 */
export function checkBookable(slot: CandidateSlot, request: BookingRequest, ctx: CapacityContext): BookableCheck {
  const org = normaliseOds(request.orgOds);
  const evaluator = new Evaluator(ctx);
  const strict = evaluator.reasons(slot, org, false);
  if (strict.length === 0) return { ok: true, rebookExemptionApplied: false };
  const exempt = rebookExemptionApplies(request, ctx);
  const reasons = exempt ? evaluator.reasons(slot, org, true) : strict;
  if (reasons.length === 0) return { ok: true, rebookExemptionApplied: true };
  return { ok: false, reason: reasons[0], reasons };
}

export interface SlotAsSeen {
  slot: CandidateSlot;
  status: ConsumerSlotStatus;
}

/**
 * Each slot as `consumer` sees it (`free` if it could book it now, otherwise `busy`), keeping only the
 * statuses asked for (the search's `status=free` or `status=free,busy`; all when omitted). Order is preserved.
 */
export function slotsAsSeenBy(
  consumer: ConsumerContext,
  slots: readonly CandidateSlot[],
  ctx: CapacityContext,
  statuses?: readonly ConsumerSlotStatus[],
): SlotAsSeen[] {
  const { offered } = slotsOfferedTo(consumer, slots, ctx);
  const free = new Set(offered);
  const wanted = new Set<ConsumerSlotStatus>(statuses ?? ["free", "busy"]);
  return slots
    .map((slot): SlotAsSeen => ({ slot, status: free.has(slot) ? "free" : "busy" }))
    .filter((s) => wanted.has(s.status));
}
