/**
 * The first slot 111 could book at a service from now, for the clerk's dashboard and for monitoring.
 * 111 dispositions ask patients to attend within 1 hour or within 4 hours: when the department's own limits
 * (not a lack of free places) make a 1-hour arrival unbookable, the clerk gets a warning.
 */
import { slotsOfferedTo } from "./limits";
import { REFUSAL_DESCRIPTIONS, type CandidateSlot, type CapacityContext, type ConsumerContext, type RefusalReason } from "./limit-types";

const MINUTE = 60_000;

/** A typical 111 organisation: no quota of its own, no patient (so no rebook exemption). */
export const TYPICAL_CONSUMER: ConsumerContext = { odsCode: null };

/** Refusals that come from a limit the department set, as opposed to the slot being taken or gone. */
const LIMIT_REASONS: ReadonlySet<RefusalReason> = new Set<RefusalReason>([
  "suspended",
  "min-notice",
  "beyond-horizon",
  "cap-hour",
  "cap-day",
  "quota-hour",
  "quota-day",
]);

export interface EarliestBookable {
  /** The earliest slot the consumer could book now, or null when none. */
  slot: CandidateSlot | null;
  /** Whole minutes from now to its start, rounded up (so `<= 60` exactly when it meets one hour). */
  minutesFromNow: number | null;
  /** It starts within 60 minutes of now (inclusive). */
  meetsOneHour: boolean;
  /** It starts within 240 minutes of now (inclusive). */
  meetsFourHours: boolean;
  /** When nothing within the hour is bookable: the limits that withhold slots there that are otherwise free. */
  oneHourBlockedBy: RefusalReason[];
  /** Plain-English warning for the clerk when the limits make a 1-hour arrival unbookable; null otherwise. */
  warning: string | null;
}

/**
 * The earliest slot `consumer` (by default a typical 111 organisation) could book now among one service's
 * slots, whether it meets 1-hour and 4-hour dispositions, and why not when the limits are the cause.
 */
export function earliestBookable(
  slots: readonly CandidateSlot[],
  ctx: CapacityContext,
  consumer: ConsumerContext = TYPICAL_CONSUMER,
): EarliestBookable {
  const now = ctx.now.getTime();
  const { offered, withheld } = slotsOfferedTo(consumer, slots, ctx);
  let first: CandidateSlot | null = null;
  for (const s of offered) if (!first || s.start < first.start) first = s;

  const minutesFromNow = first ? Math.ceil((first.start.getTime() - now) / MINUTE) : null;
  const meetsOneHour = minutesFromNow !== null && minutesFromNow <= 60;
  const meetsFourHours = minutesFromNow !== null && minutesFromNow <= 240;

  const blockedBy = new Set<RefusalReason>();
  if (!meetsOneHour) {
    for (const w of withheld) {
      const startsWithinHour = w.slot.start.getTime() >= now && w.slot.start.getTime() <= now + 60 * MINUTE;
      if (startsWithinHour && w.reasons.every((r) => LIMIT_REASONS.has(r))) for (const r of w.reasons) blockedBy.add(r);
    }
  }
  const oneHourBlockedBy = [...blockedBy];
  return {
    slot: first,
    minutesFromNow,
    meetsOneHour,
    meetsFourHours,
    oneHourBlockedBy,
    warning: meetsOneHour ? null : oneHourWarning(ctx, oneHourBlockedBy),
  };
}

function oneHourWarning(ctx: CapacityContext, blockedBy: RefusalReason[]): string | null {
  const notice = ctx.limits.minNoticeMinutes;
  if (notice > 60) {
    return `The minimum notice of ${notice} minutes means 111 cannot book patients who need to attend within 1 hour`;
  }
  if (blockedBy.length === 0) return null;
  const why = blockedBy.map((r) => REFUSAL_DESCRIPTIONS[r].toLowerCase()).join("; ");
  return `111 cannot book patients who need to attend within 1 hour: ${why}`;
}
