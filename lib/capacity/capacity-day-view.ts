/**
 * What the clerk's capacity page shows for one service and one London date: places per hour band (free,
 * booked, blocked, suspended), the limits in force, suspensions, per-organisation limits, date and band
 * changes, and the earliest slot 111 could book from now. JSON-ready (instants as ISO strings).
 */
import { db } from "../db/client";
import { NotFound } from "../errors";
import { addDays, londonParts, londonToday, londonZoneName, startOfLondonDay, type LondonDate } from "../time/london";
import { earliestBookable } from "./earliest-bookable";
import { SUSPENDED_UNTIL_LIFTED } from "./limit-inputs";
import { londonHourKey, suspensionApplies, suspensionsInForce, type CandidateSlot, type StoredSlotStatus } from "./limits";
import { loadCapacityContext } from "./load-capacity-context";
import { now as clockNow } from "../time/clock";

export type PlaceState = "free" | "booked" | "blocked" | "suspended";

export interface PlaceView {
  id: string;
  start: string;
  end: string;
  /** 1-based place number at this slot time */
  place: number;
  state: PlaceState;
  past: boolean;
  version: number;
  blockedReason: string | null;
}

export interface BandView {
  /** Unique per real hour (two bands on the October clock-change night share a wall-clock label). */
  key: string;
  /** "14:00 to 15:00", with "(BST)"/"(GMT)" added on clock-change days */
  label: string;
  startTime: string;
  endTime: string;
  free: number;
  booked: number;
  blocked: number;
  suspended: number;
  /** The most places at one slot time in the band. */
  placesPerSlotTime: number;
  bandOverride: { id: string; perSlot: number; reason: string; version: number } | null;
  places: PlaceView[];
}

export interface EarliestView {
  start: string | null;
  minutesFromNow: number | null;
  meetsOneHour: boolean;
  meetsFourHours: boolean;
  warning: string | null;
}

export interface SuspensionView {
  id: string;
  startsAt: string;
  /** null: until a clerk lifts it */
  endsAt: string | null;
  reason: string;
  createdBy: string | null;
  version: number;
  current: boolean;
}

export interface CapacityDayView {
  date: LondonDate;
  today: LondonDate;
  service: {
    id: string;
    name: string;
    kind: string;
    siteName: string;
    dosIds: string[];
    version: number;
    horizonHours: number;
    minNoticeMinutes: number;
    maxAheadHours: number | null;
    capPerHour: number | null;
    capPerDay: number | null;
    schedules: { id: string; name: string }[];
  };
  totals: { free: number; booked: number; blocked: number; suspended: number };
  bands: BandView[];
  suspensions: SuspensionView[];
  quotas: { id: string; odsCode: string; orgName: string | null; perHour: number | null; perDay: number | null; version: number }[];
  dateOverride: { id: string; kind: string; startTime: string | null; endTime: string | null; reason: string; version: number } | null;
  earliest: EarliestView;
}

export function earliestView(e: ReturnType<typeof earliestBookable>): EarliestView {
  return { start: e.slot ? e.slot.start.toISOString() : null, minutesFromNow: e.minutesFromNow, meetsOneHour: e.meetsOneHour, meetsFourHours: e.meetsFourHours, warning: e.warning };
}

function storedStatus(s: string): StoredSlotStatus {
  return s === "free" || s === "busy" ? s : "blocked";
}

export async function capacityDayView(serviceId: string, date: LondonDate, now = clockNow()): Promise<CapacityDayView> {
  const service = await db().healthcareService.findUnique({
    where: { id: serviceId },
    include: { site: true, dosIds: { orderBy: { value: "asc" } }, schedules: { where: { active: true }, orderBy: { name: "asc" } } },
  });
  if (!service) throw new NotFound("Service not found");
  const dayStart = startOfLondonDay(date);
  const dayEnd = startOfLondonDay(addDays(date, 1));
  const [ctx, daySlots, futureSlots, quotas, orgs, dateOverride, bandOverrides, suspensionRows] = await Promise.all([
    loadCapacityContext(serviceId, now),
    db().slot.findMany({ where: { serviceId, start: { gte: dayStart, lt: dayEnd } }, orderBy: [{ start: "asc" }, { seq: "asc" }] }),
    db().slot.findMany({ where: { serviceId, start: { gte: now } }, orderBy: { start: "asc" }, select: { id: true, start: true, end: true, status: true } }),
    db().consumerQuota.findMany({ where: { serviceId }, orderBy: { odsCode: "asc" } }),
    db().consumerOrganisation.findMany({ select: { odsCode: true, name: true } }),
    db().capacityOverride.findUnique({ where: { serviceId_date: { serviceId, date } } }),
    db().capacityBandOverride.findMany({ where: { serviceId, date } }),
    db().suspension.findMany({ where: { serviceId, endsAt: { gt: now }, liftedAt: null }, orderBy: { startsAt: "asc" } }),
  ]);
  const inForce = suspensionsInForce(ctx.suspensions, now);
  const booked = new Set(ctx.bookings.map((b) => b.slotId));

  const bands = new Map<string, BandView>();
  const zones = new Set(daySlots.map((s) => londonParts(s.start).offsetMinutes));
  const totals = { free: 0, booked: 0, blocked: 0, suspended: 0 };
  for (const s of daySlots) {
    const p = londonParts(s.start);
    const key = londonHourKey(s.start);
    let band = bands.get(key);
    if (!band) {
      const startTime = `${String(p.hour).padStart(2, "0")}:00`;
      const endTime = `${String(p.hour + 1).padStart(2, "0")}:00`;
      const override = bandOverrides.find((b) => b.startTime === startTime);
      band = {
        key,
        label: `${startTime} to ${endTime}${zones.size > 1 ? ` (${londonZoneName(s.start)})` : ""}`,
        startTime,
        endTime,
        free: 0,
        booked: 0,
        blocked: 0,
        suspended: 0,
        placesPerSlotTime: 0,
        bandOverride: override ? { id: override.id, perSlot: override.perSlot, reason: override.reason, version: override.version } : null,
        places: [],
      };
      bands.set(key, band);
    }
    const status = storedStatus(s.status);
    const state: PlaceState =
      status === "busy" || booked.has(s.id) ? "booked" : status === "blocked" ? "blocked" : inForce.some((x) => suspensionApplies(x, s.start, now)) ? "suspended" : "free";
    band[state]++;
    totals[state]++;
    band.places.push({ id: s.id, start: s.start.toISOString(), end: s.end.toISOString(), place: s.seq + 1, state, past: s.start < now, version: s.version, blockedReason: s.blockedReason });
  }
  for (const band of bands.values()) {
    const perStart = new Map<string, number>();
    for (const pl of band.places) perStart.set(pl.start, (perStart.get(pl.start) ?? 0) + 1);
    band.placesPerSlotTime = Math.max(0, ...perStart.values());
  }

  const candidates: CandidateSlot[] = futureSlots.map((s) => ({ ...s, status: storedStatus(s.status) }));
  const orgName = new Map(orgs.map((o) => [o.odsCode.toUpperCase(), o.name]));
  const creators = await db().staffUser.findMany({ where: { id: { in: suspensionRows.map((s) => s.createdById).filter((x): x is string => !!x) } }, select: { id: true, name: true } });
  return {
    date,
    today: londonToday(now),
    service: {
      id: service.id,
      name: service.name,
      kind: service.kind,
      siteName: service.site.name,
      dosIds: service.dosIds.map((d) => d.value),
      version: service.version,
      horizonHours: service.horizonHours,
      minNoticeMinutes: service.minNoticeMinutes,
      maxAheadHours: service.maxAheadHours,
      capPerHour: service.capPerHour,
      capPerDay: service.capPerDay,
      schedules: service.schedules.map((s) => ({ id: s.id, name: s.name })),
    },
    totals,
    bands: [...bands.values()],
    suspensions: suspensionRows.map((s) => ({
      id: s.id,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.getTime() === SUSPENDED_UNTIL_LIFTED.getTime() ? null : s.endsAt.toISOString(),
      reason: s.reason,
      createdBy: creators.find((c) => c.id === s.createdById)?.name ?? null,
      version: s.version,
      current: s.startsAt <= now,
    })),
    quotas: quotas.map((q) => ({ id: q.id, odsCode: q.odsCode, orgName: orgName.get(q.odsCode.toUpperCase()) ?? null, perHour: q.perHour, perDay: q.perDay, version: q.version })),
    dateOverride: dateOverride ? { id: dateOverride.id, kind: dateOverride.kind, startTime: dateOverride.startTime, endTime: dateOverride.endTime, reason: dateOverride.reason, version: dateOverride.version } : null,
    earliest: earliestView(earliestBookable(candidates, ctx)),
  };
}
