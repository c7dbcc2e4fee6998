import { db } from "../db/client";
import { now as clockNow } from "../time/clock";

/**
 * Figures read from the database at scrape time, so every instance reports the same values whatever it has
 * seen itself: how long since a clinician or clerk last had the arrivals board open, and clinical documents
 * by their current state.
 */
export const BOARD_WATCH_STARTED = "arrivals.board-watch-started";

/**
 * Seconds since a clinician or clerk last had the expected-arrivals board open for the site that has gone longest
 * without (HAZ-071: one site's open board says nothing about another's), each counted from when watching started
 * when nobody ever has. With no sites yet, the latest heartbeat of any. Null when nothing is known (nothing to
 * measure yet).
 */
export async function boardStalenessSeconds(now = clockNow()): Promise<number | null> {
  const [sites, latest, started] = await Promise.all([
    db().site.findMany({ where: { services: { some: { active: true } } }, select: { id: true } }),
    db().boardPresence.groupBy({ by: ["siteId"], where: { role: { in: ["clinician", "clerk"] } }, _max: { lastSeenAt: true } }),
    db().appState.findUnique({ where: { key: BOARD_WATCH_STARTED } }),
  ]);
  const since = (d: Date) => Math.max(0, (now.getTime() - d.getTime()) / 1000);
  const startedAt = started ? new Date(started.value) : null;
  const bySite = new Map(latest.map((l) => [l.siteId, l._max.lastSeenAt]));
  if (sites.length === 0) {
    const any = latest.map((l) => l._max.lastSeenAt).filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0] ?? startedAt;
    return any ? since(any) : null;
  }
  const references = sites.map((s) => bySite.get(s.id) ?? startedAt);
  if (references.some((r) => r === null)) return null;
  return Math.max(...references.map((r) => since(r!)));
}

/** Clinical documents held, by current state (linked, awaiting-booking, needs-review, …). */
export async function documentsByState(): Promise<Record<string, number>> {
  const groups = await db().clinicalDocument.groupBy({ by: ["state"], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.state, g._count._all]));
}
