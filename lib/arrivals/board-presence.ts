import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import { SYSTEM, type StaffActor } from "../auth/actor";
import { logger } from "../observability/logger";
import { BOARD_WATCH_STARTED } from "../observability/database-metrics";
import { withAvailabilityChange } from "../capacity/availability-change";
import { arrivalsConfig, requirePatientAccess, type ArrivalsConfig } from "./arrivals-config";
import { InvalidInput } from "../errors";
import { now as clockNow } from "../time/clock";

/**
 * No booking unseen, at every site. The board page sends a heartbeat (about every 30 seconds while it is on
 * screen) naming the site it is watching; it is stored in the database, so every instance knows when a clinician
 * or clerk last had each site's board open. When nobody has for BOARD_UNSEEN_MINUTES while that site's slots are
 * open, staff pages say so, naming the site; with BOARD_UNSEEN_SUSPEND=true new bookings at that site's services
 * are suspended until someone opens the board for it again.
 *
 * Per site, not per trust (HAZ-071): a board open at one hospital says nothing about whether anyone is watching
 * the ED at another. Per site rather than per service because the people watching are a department at one site,
 * whose front door takes the patients of every service there. A board showing every site of a multi-site trust
 * counts for none of them: it cannot tell which hospital it is on the wall of, so the person must choose.
 */
export const AUTO_SUSPENSION_REASON = "Automatic: nobody has had the expected-arrivals board open";
const WATCH_STARTED = BOARD_WATCH_STARTED;

/** Sites with at least one active service: the ones whose boards must be watched. */
async function watchedSites(): Promise<{ id: string; name: string }[]> {
  return db().site.findMany({ where: { services: { some: { active: true } } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export interface PresenceResult {
  liftedSuspensions: number;
  /** The sites this heartbeat counted for. */
  watchingSiteIds: string[];
  /** The board shows every site of a multi-site trust, so it counts for none until the person chooses theirs. */
  chooseSite: boolean;
}

/**
 * A heartbeat from an open board. `siteId` is the site the board is filtered to; null when it shows every site,
 * which counts only when the trust has one site.
 */
export async function recordBoardPresence(actor: StaffActor, watching: { siteId: string | null }, now = clockNow()): Promise<PresenceResult> {
  requirePatientAccess(actor);
  const sites = await watchedSites();
  let siteIds: string[];
  if (watching.siteId) {
    if (!sites.some((s) => s.id === watching.siteId)) throw new InvalidInput("That site has no active service, or does not exist");
    siteIds = [watching.siteId];
  } else {
    siteIds = sites.length === 1 ? [sites[0].id] : [];
  }
  for (const siteId of siteIds) {
    await db().boardPresence.upsert({
      where: { staffUserId_siteId: { staffUserId: actor.id, siteId } },
      create: { staffUserId: actor.id, siteId, role: actor.role, lastSeenAt: now },
      update: { role: actor.role, lastSeenAt: now },
    });
  }
  return { liftedSuspensions: siteIds.length ? await liftAutomaticSuspensions(actor, siteIds, now) : 0, watchingSiteIds: siteIds, chooseSite: siteIds.length === 0 && sites.length > 1 };
}

export interface SiteWatchStatus {
  siteId: string;
  siteName: string;
  unseen: boolean;
  /** When a clinician or clerk last had this site's board open (null: never, since watching started). */
  lastSeenAt: Date | null;
  slotsOpen: boolean;
  suspended: boolean;
}

export interface BoardUnseenStatus {
  /** Some site's board has gone unseen. */
  unseen: boolean;
  minutes: number;
  /** Every site with an active service, unseen or not. */
  sites: SiteWatchStatus[];
  /** Some site's bookings are suspended because its board went unseen. */
  suspended: boolean;
}

/** Free arrival slots bookable in the next 24 hours at a service of the site that is not suspended now. */
async function slotsOpen(siteId: string, now: Date): Promise<boolean> {
  const slot = await db().slot.findFirst({
    where: {
      status: "free",
      start: { gte: now, lt: new Date(now.getTime() + 24 * 3600_000) },
      service: { siteId, active: true, suspensions: { none: { liftedAt: null, startsAt: { lte: now }, endsAt: { gt: now } } } },
    },
    select: { id: true },
  });
  return slot !== null;
}

/** When each site's board was last open, and when watching started (the reference before anyone ever opened it). */
export async function lastSeenBySite(): Promise<{ bySite: Map<string, Date>; started: Date | null }> {
  const [latest, started] = await Promise.all([
    db().boardPresence.groupBy({ by: ["siteId"], where: { role: { in: ["clinician", "clerk"] } }, _max: { lastSeenAt: true } }),
    db().appState.findUnique({ where: { key: WATCH_STARTED } }),
  ]);
  const bySite = new Map<string, Date>();
  for (const l of latest) if (l._max.lastSeenAt) bySite.set(l.siteId, l._max.lastSeenAt);
  return { bySite, started: started ? new Date(started.value) : null };
}

export async function boardUnseenStatus(now = clockNow(), cfg: ArrivalsConfig = arrivalsConfig()): Promise<BoardUnseenStatus> {
  const [sites, seen] = await Promise.all([watchedSites(), lastSeenBySite()]);
  const statuses = await Promise.all(
    sites.map(async (site): Promise<SiteWatchStatus> => {
      const lastSeenAt = seen.bySite.get(site.id) ?? null;
      // Before anyone has ever opened this site's board, count from when watching started (the first check).
      const reference = lastSeenAt ?? seen.started;
      const [open, suspendedCount] = await Promise.all([
        slotsOpen(site.id, now),
        db().suspension.count({ where: { service: { siteId: site.id }, reason: { startsWith: AUTO_SUSPENSION_REASON }, liftedAt: null, endsAt: { gt: now } } }),
      ]);
      const overdue = reference === null ? false : now.getTime() - reference.getTime() > cfg.boardUnseenMinutes * 60_000;
      const suspended = suspendedCount > 0;
      return { siteId: site.id, siteName: site.name, unseen: (open || suspended) && overdue, lastSeenAt, slotsOpen: open, suspended };
    }),
  );
  return { unseen: statuses.some((s) => s.unseen), minutes: cfg.boardUnseenMinutes, sites: statuses, suspended: statuses.some((s) => s.suspended) };
}

/**
 * Run on the arrivals schedule: notes when watching started and, for each site whose board has gone unseen with
 * suspension switched on, suspends new bookings at that site's active services not already suspended, with the
 * reason recorded. Returns the number of suspensions made.
 */
export async function checkBoardUnseen(now = clockNow(), cfg: ArrivalsConfig = arrivalsConfig()): Promise<number> {
  await db().appState.upsert({ where: { key: WATCH_STARTED }, create: { key: WATCH_STARTED, value: now.toISOString() }, update: {} });
  if (!cfg.boardUnseenSuspend) return 0;
  const status = await boardUnseenStatus(now, cfg);
  const unwatched = status.sites.filter((s) => s.unseen && s.slotsOpen);
  if (unwatched.length === 0) return 0;
  const services = await db().healthcareService.findMany({
    where: { active: true, siteId: { in: unwatched.map((s) => s.siteId) }, suspensions: { none: { liftedAt: null, startsAt: { lte: now }, endsAt: { gt: now } } } },
    select: { id: true, name: true, siteId: true },
  });
  let made = 0;
  for (const s of services) {
    const siteName = unwatched.find((u) => u.siteId === s.siteId)?.siteName ?? "this site";
    const reason = `${AUTO_SUSPENSION_REASON} for ${siteName} for ${cfg.boardUnseenMinutes} minutes, so new bookings could go unseen`;
    const created = await db().$transaction(async (tx) => {
      // Lock the service row first: another instance running the same check waits here, then sees our
      // suspension below and makes none of its own.
      const { tx: bookable } = await withAvailabilityChange(tx, s.id);
      if (await tx.suspension.count({ where: { serviceId: s.id, liftedAt: null, startsAt: { lte: now }, endsAt: { gt: now } } })) return false;
      const suspension = await bookable.suspension.create({ data: { serviceId: s.id, startsAt: now, endsAt: new Date(now.getTime() + 24 * 3600_000), reason, createdAt: now } });
      await recordAudit(SYSTEM, { action: "suspension.create", entityType: "Suspension", entityId: suspension.id, reason, detail: { serviceId: s.id, siteId: s.siteId, automatic: true } }, tx);
      return true;
    });
    if (created) made++;
  }
  if (made) logger().warn({ services: made, sites: unwatched.map((u) => u.siteId), minutes: cfg.boardUnseenMinutes }, "new bookings suspended: arrivals board unseen");
  return made;
}

/** A site's board is being watched again: lift the suspensions this check made there (never one a person made). */
async function liftAutomaticSuspensions(actor: StaffActor, siteIds: string[], now: Date): Promise<number> {
  const active = await db().suspension.findMany({
    where: { service: { siteId: { in: siteIds } }, reason: { startsWith: AUTO_SUSPENSION_REASON }, liftedAt: null, endsAt: { gt: now } },
    select: { id: true, serviceId: true, version: true },
  });
  let lifted = 0;
  for (const s of active) {
    await db().$transaction(async (tx) => {
      // Service row first, as every other suspension writer locks it, so a clerk lifting the same one cannot deadlock with this.
      const { tx: bookable } = await withAvailabilityChange(tx, s.serviceId);
      const { count } = await bookable.suspension.updateMany({ where: { id: s.id, version: s.version, liftedAt: null }, data: { liftedAt: now, liftedById: actor.id, version: { increment: 1 } } });
      if (count !== 1) return;
      await recordAudit(actor, { action: "suspension.lift", entityType: "Suspension", entityId: s.id, reason: "The expected-arrivals board is open again", detail: { serviceId: s.serviceId, automatic: true } }, tx);
      lifted++;
    });
  }
  return lifted;
}

/** What every staff page's warning needs: the unseen sites by name, when each was last seen, whether suspended. */
export interface WatchStatusForPage {
  unseen: boolean;
  minutes: number;
  sites: { siteName: string; lastSeenAt: string | null; suspended: boolean }[];
}

export function watchStatusForPage(s: BoardUnseenStatus): WatchStatusForPage {
  return {
    unseen: s.unseen,
    minutes: s.minutes,
    sites: s.sites.filter((x) => x.unseen).map((x) => ({ siteName: x.siteName, lastSeenAt: x.lastSeenAt?.toISOString() ?? null, suspended: x.suspended })),
  };
}
