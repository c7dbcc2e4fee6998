import { db } from "../db/client";
import { londonToday } from "../time/london";
import { describeDays } from "./capacity-inputs";
import { parseDaysOfWeek } from "./expand-rules";
import { now as clockNow } from "../time/clock";

export interface RuleRow {
  id: string;
  name: string;
  scheduleId: string;
  scheduleName: string;
  days: number[];
  daysText: string;
  startTime: string;
  endTime: string;
  slotMinutes: number;
  perSlot: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  active: boolean;
  version: number;
}

export interface RulesPageData {
  service: { id: string; name: string; siteName: string; schedules: { id: string; name: string }[] };
  services: { id: string; name: string; siteName: string }[];
  rules: RuleRow[];
  overrides: { id: string; date: string; kind: string; startTime: string | null; endTime: string | null; reason: string; version: number }[];
  today: string;
}

/** A service's weekly rules (active first) and its one-off date changes from today on. */
export async function listCapacityRules(serviceId: string | undefined, now = clockNow()): Promise<RulesPageData | null> {
  const services = await db().healthcareService.findMany({ where: { active: true }, include: { site: true }, orderBy: [{ site: { name: "asc" } }, { name: "asc" }] });
  const chosen = services.find((s) => s.id === serviceId) ?? services[0];
  if (!chosen) return null;
  const today = londonToday(now);
  const [schedules, rules, overrides] = await Promise.all([
    db().schedule.findMany({ where: { serviceId: chosen.id, active: true }, orderBy: { name: "asc" } }),
    db().capacityRule.findMany({ where: { serviceId: chosen.id }, include: { schedule: true }, orderBy: [{ active: "desc" }, { startTime: "asc" }, { name: "asc" }] }),
    db().capacityOverride.findMany({ where: { serviceId: chosen.id, date: { gte: today } }, orderBy: { date: "asc" } }),
  ]);
  return {
    service: { id: chosen.id, name: chosen.name, siteName: chosen.site.name, schedules: schedules.map((s) => ({ id: s.id, name: s.name })) },
    services: services.map((s) => ({ id: s.id, name: s.name, siteName: s.site.name })),
    rules: rules.map((r) => {
      const days = parseDaysOfWeek(r.daysOfWeek);
      return {
        id: r.id,
        name: r.name,
        scheduleId: r.scheduleId,
        scheduleName: r.schedule.name,
        days,
        daysText: describeDays(days),
        startTime: r.startTime,
        endTime: r.endTime,
        slotMinutes: r.slotMinutes,
        perSlot: r.perSlot,
        effectiveFrom: r.effectiveFrom,
        effectiveTo: r.effectiveTo,
        active: r.active,
        version: r.version,
      };
    }),
    overrides: overrides.map((o) => ({ id: o.id, date: o.date, kind: o.kind, startTime: o.startTime, endTime: o.endTime, reason: o.reason, version: o.version })),
    today,
  };
}
