import { db } from "../db/client";
import { now as clockNow } from "../time/clock";

/**
 * Figures read from the database at scrape time, so every instance reports the same values whatever it has
 * seen itself: how long since a clinician or clerk last had the arrivals board open, and clinical documents
 * by their current state.
 */
export const BOARD_WATCH_STARTED = "arrivals.board-watch-started";

/**
 * Seconds since a clinician or clerk last had the expected-arrivals board open (its heartbeat), counted from
 * when watching started when nobody ever has. Null when neither is known (nothing to measure yet).
 */
export async function boardStalenessSeconds(now = clockNow()): Promise<number | null> {
  const latest = await db().boardPresence.findFirst({ where: { role: { in: ["clinician", "clerk"] } }, orderBy: { lastSeenAt: "desc" }, select: { lastSeenAt: true } });
  let reference = latest?.lastSeenAt ?? null;
  if (!reference) {
    const started = await db().appState.findUnique({ where: { key: BOARD_WATCH_STARTED } });
    reference = started ? new Date(started.value) : null;
  }
  return reference ? Math.max(0, (now.getTime() - reference.getTime()) / 1000) : null;
}

/** Clinical documents held, by current state (linked, awaiting-booking, needs-review, …). */
export async function documentsByState(): Promise<Record<string, number>> {
  const groups = await db().clinicalDocument.groupBy({ by: ["state"], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.state, g._count._all]));
}
