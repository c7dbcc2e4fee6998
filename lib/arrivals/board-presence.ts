import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import { SYSTEM, type StaffActor } from "../auth/actor";
import { logger } from "../observability/logger";
import { BOARD_WATCH_STARTED } from "../observability/database-metrics";
import { withAvailabilityChange } from "../capacity/availability-change";
import { arrivalsConfig, requirePatientAccess, type ArrivalsConfig } from "./arrivals-config";
import { now as clockNow } from "../time/clock";

/**
 * No booking unseen. The board page sends a heartbeat (about every 30 seconds while it is on screen) that
 * is stored in the database, so every instance knows when a clinician or clerk last had it open. When
 * nobody has for BOARD_UNSEEN_MINUTES while slots are open, staff pages say so; with
 * BOARD_UNSEEN_SUSPEND=true new bookings are suspended until someone opens the board again.
 */
export const AUTO_SUSPENSION_REASON = "Automatic: nobody has had the expected-arrivals board open";
const WATCH_STARTED = BOARD_WATCH_STARTED;

export async function recordBoardPresence(actor: StaffActor, now = clockNow()): Promise<{ liftedSuspensions: number }> {
  requirePatientAccess(actor);
  await db().boardPresence.upsert({ where: { staffUserId: actor.id }, create: { staffUserId: actor.id, role: actor.role, lastSeenAt: now }, update: { role: actor.role, lastSeenAt: now } });
  return { liftedSuspensions: await liftAutomaticSuspensions(actor, now) };
}

export interface BoardUnseenStatus {
  unseen: boolean;
  /** When a clinician or clerk last had the board open (null: never, since watching started). */
  lastSeenAt: Date | null;
  minutes: number;
  slotsOpen: boolean;
  suspended: boolean;
}

/** Free arrival slots bookable from now on, at a service not suspended now. */
async function slotsOpen(now: Date): Promise<boolean> {
  const slot = await db().slot.findFirst({
    where: {
      status: "free",
      start: { gte: now, lt: new Date(now.getTime() + 24 * 3600_000) },
      service: { active: true, suspensions: { none: { liftedAt: null, startsAt: { lte: now }, endsAt: { gt: now } } } },
    },
    select: { id: true },
  });
  return slot !== null;
}

export async function boardUnseenStatus(now = clockNow(), cfg: ArrivalsConfig = arrivalsConfig()): Promise<BoardUnseenStatus> {
  const latest = await db().boardPresence.findFirst({ where: { role: { in: ["clinician", "clerk"] } }, orderBy: { lastSeenAt: "desc" }, select: { lastSeenAt: true } });
  const started = await db().appState.findUnique({ where: { key: WATCH_STARTED } });
  // Before anyone has ever opened the board, count from when watching started (the first check).
  const reference = latest?.lastSeenAt ?? (started ? new Date(started.value) : null);
  const open = await slotsOpen(now);
  const suspended = (await db().suspension.count({ where: { reason: { startsWith: AUTO_SUSPENSION_REASON }, liftedAt: null, endsAt: { gt: now } } })) > 0;
  const overdue = reference === null ? false : now.getTime() - reference.getTime() > cfg.boardUnseenMinutes * 60_000;
  return { unseen: (open || suspended) && overdue, lastSeenAt: latest?.lastSeenAt ?? null, minutes: cfg.boardUnseenMinutes, slotsOpen: open, suspended };
}

/**
 * Run on the arrivals schedule: notes when watching started and, when the board has gone unseen with
 * suspension switched on, suspends new bookings at every active service not already suspended, with the
 * reason recorded. Returns the number of suspensions made.
 */
export async function checkBoardUnseen(now = clockNow(), cfg: ArrivalsConfig = arrivalsConfig()): Promise<number> {
  await db().appState.upsert({ where: { key: WATCH_STARTED }, create: { key: WATCH_STARTED, value: now.toISOString() }, update: {} });
  const status = await boardUnseenStatus(now, cfg);
  if (!status.unseen || !cfg.boardUnseenSuspend || !status.slotsOpen) return 0;
  const services = await db().healthcareService.findMany({
    where: { active: true, suspensions: { none: { liftedAt: null, startsAt: { lte: now }, endsAt: { gt: now } } } },
    select: { id: true, name: true },
  });
  const reason = `${AUTO_SUSPENSION_REASON} for ${cfg.boardUnseenMinutes} minutes, so new bookings could go unseen`;
  let made = 0;
  for (const s of services) {
    const created = await db().$transaction(async (tx) => {
      // Lock the service row first: another instance running the same check waits here, then sees our
      // suspension below and makes none of its own.
      const { tx: bookable } = await withAvailabilityChange(tx, s.id);
      if (await tx.suspension.count({ where: { serviceId: s.id, liftedAt: null, startsAt: { lte: now }, endsAt: { gt: now } } })) return false;
      const suspension = await bookable.suspension.create({ data: { serviceId: s.id, startsAt: now, endsAt: new Date(now.getTime() + 24 * 3600_000), reason, createdAt: now } });
      await recordAudit(SYSTEM, { action: "suspension.create", entityType: "Suspension", entityId: suspension.id, reason, detail: { serviceId: s.id, automatic: true } }, tx);
      return true;
    });
    if (created) made++;
  }
  if (made) logger().warn({ services: made, minutes: cfg.boardUnseenMinutes }, "new bookings suspended: arrivals board unseen");
  return made;
}

/** The board is being watched again: lift the suspensions this check made (never one a person made). */
async function liftAutomaticSuspensions(actor: StaffActor, now: Date): Promise<number> {
  const active = await db().suspension.findMany({ where: { reason: { startsWith: AUTO_SUSPENSION_REASON }, liftedAt: null, endsAt: { gt: now } }, select: { id: true, serviceId: true, version: true } });
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
