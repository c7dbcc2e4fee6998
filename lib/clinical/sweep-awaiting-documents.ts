import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import { SYSTEM, type Actor } from "../auth/actor";
import { metrics } from "../observability/metrics";
import { DEFAULT_AWAITING_BOOKING_MINUTES, isAwaitingTooLong } from "./match-document";
import { now as clockNow } from "../time/clock";

/** How long a report waits for its booking before it is shown as an expected walk-in (AWAITING_BOOKING_MINUTES). */
export function awaitingBookingMinutes(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.AWAITING_BOOKING_MINUTES);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_AWAITING_BOOKING_MINUTES;
}

/**
 * Reports that have waited too long for a booking become referrals without a booking: 111 sent the
 * patient without booking an arrival time, so the ED should expect them as a walk-in. A booking made
 * later still links them (linkAwaitingDocuments looks at both states).
 */
export async function sweepAwaitingDocuments(now = clockNow(), waitMinutes = awaitingBookingMinutes(), actor: Actor = SYSTEM): Promise<number> {
  const cutoff = new Date(now.getTime() - waitMinutes * 60_000);
  const waiting = await db().clinicalDocument.findMany({
    where: { state: "awaiting-booking", receivedAt: { lte: cutoff } },
    select: { id: true, receivedAt: true, nhsNumber: true },
  });
  let moved = 0;
  for (const w of waiting) {
    if (!isAwaitingTooLong(w.receivedAt, now, waitMinutes)) continue;
    const changed = await db().$transaction(async (tx) => {
      const { count } = await tx.clinicalDocument.updateMany({
        where: { id: w.id, state: "awaiting-booking" },
        data: { state: "referral-without-booking", stateChangedAt: now, version: { increment: 1 } },
      });
      if (count === 1) {
        await recordAudit(actor, { action: "document.referral-without-booking", entityType: "ClinicalDocument", entityId: w.id, patientNhsNumber: w.nhsNumber, detail: { waitedMinutes: waitMinutes } }, tx);
      }
      return count === 1;
    });
    if (changed) {
      moved++;
      metrics().documents.inc({ state: "referral-without-booking" });
    }
  }
  return moved;
}
