import { addDays, isLondonDate, londonParts, wallClockToInstants, wallMinutes, weekdayOf, type LondonDate } from "../time/london";

/** A weekly capacity pattern as the generator needs it (London wall-clock). */
export interface RuleSpec {
  id: string;
  serviceId: string;
  scheduleId: string;
  daysOfWeek: number[];
  startTime: string;
  /** "24:00" allowed for the end of the day */
  endTime: string;
  slotMinutes: number;
  perSlot: number;
  effectiveFrom: LondonDate;
  effectiveTo: LondonDate | null;
}

export interface OverrideSpec {
  date: LondonDate;
  kind: "closed" | "hours";
  startTime?: string | null;
  endTime?: string | null;
  slotMinutes?: number | null;
  perSlot?: number | null;
}

/** A different number of places per slot time for slots starting in one London time band on one date. */
export interface BandOverrideSpec {
  date: LondonDate;
  startTime: string;
  /** "24:00" allowed for the end of the day */
  endTime: string;
  /** 0 closes the band */
  perSlot: number;
}

export interface SlotSpec {
  scheduleId: string;
  serviceId: string;
  ruleId: string;
  start: Date;
  end: Date;
  seq: number;
}

function endMinutes(t: string): number {
  return t === "24:00" ? 24 * 60 : wallMinutes(t);
}

/**
 * The slots the rules define whose start falls in [from, to). Pure: no clock, no database.
 * Wall-clock times in the March gap produce no slot; times in the October fold produce a slot at each
 * occurrence (the department is open for both real hours). Slot length is real elapsed time.
 * A band override sets the places per slot time for slots whose wall-clock start falls in its band (both
 * occurrences in the October fold); where band overrides overlap, the one starting latest wins.
 */
export function expandRules(rules: RuleSpec[], overrides: OverrideSpec[], from: Date, to: Date, bands: BandOverrideSpec[] = []): SlotSpec[] {
  const out: SlotSpec[] = [];
  if (to <= from) return out;
  const byDate = new Map(overrides.map((o) => [o.date, o]));
  const bandsByDate = new Map<LondonDate, BandOverrideSpec[]>();
  for (const b of [...bands].sort((x, y) => wallMinutes(x.startTime) - wallMinutes(y.startTime))) {
    bandsByDate.set(b.date, [...(bandsByDate.get(b.date) ?? []), b]);
  }
  const placesAt = (date: LondonDate, minute: number, normal: number): number => {
    let places = normal;
    for (const b of bandsByDate.get(date) ?? []) {
      if (wallMinutes(b.startTime) <= minute && minute < endMinutes(b.endTime)) places = b.perSlot;
    }
    return places;
  };
  // A London day can start up to an hour before its UTC date: begin one day early to be safe.
  let date = addDays(londonParts(from).date, -1);
  const last = londonParts(to).date;
  for (; date <= last; date = addDays(date, 1)) {
    const override = byDate.get(date);
    if (override?.kind === "closed") continue;
    const weekday = weekdayOf(date);
    for (const rule of rules) {
      if (!isLondonDate(rule.effectiveFrom) || date < rule.effectiveFrom) continue;
      if (rule.effectiveTo && date > rule.effectiveTo) continue;
      if (!rule.daysOfWeek.includes(weekday)) continue;
      let bandStart = wallMinutes(rule.startTime);
      let bandEnd = endMinutes(rule.endTime);
      let length = rule.slotMinutes;
      let perSlot = rule.perSlot;
      if (override?.kind === "hours") {
        if (override.startTime) bandStart = Math.max(bandStart, wallMinutes(override.startTime));
        if (override.endTime) bandEnd = Math.min(bandEnd, endMinutes(override.endTime));
        if (override.slotMinutes) length = override.slotMinutes;
        if (override.perSlot != null) perSlot = override.perSlot;
      }
      if (length <= 0 || perSlot <= 0) continue;
      for (let m = bandStart; m + length <= bandEnd; m += length) {
        const wall = `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
        const places = placesAt(date, m, perSlot);
        for (const start of wallClockToInstants(date, wall)) {
          if (start < from || start >= to) continue;
          const end = new Date(start.getTime() + length * 60_000);
          for (let seq = 0; seq < places; seq++) {
            out.push({ scheduleId: rule.scheduleId, serviceId: rule.serviceId, ruleId: rule.id, start, end, seq });
          }
        }
      }
    }
  }
  return out;
}

export function parseDaysOfWeek(s: string): number[] {
  return s
    .split(",")
    .map((d) => Number(d.trim()))
    .filter((d) => Number.isInteger(d) && d >= 1 && d <= 7);
}
