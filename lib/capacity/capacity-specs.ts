/**
 * A service's stored capacity (active rules, date overrides, band overrides) as the pure expander needs it.
 * Shared by slot generation and by the clean-up that follows a reduction, so both read the rules the same way.
 */
import type { CapacityBandOverride, CapacityOverride, CapacityRule } from "../db/generated/sqlite/client";
import type { Tx } from "../db/client";
import { expandRules, parseDaysOfWeek, type BandOverrideSpec, type OverrideSpec, type RuleSpec, type SlotSpec } from "./expand-rules";

export interface CapacitySpecs {
  rules: RuleSpec[];
  overrides: OverrideSpec[];
  bands: BandOverrideSpec[];
}

export function ruleSpecOf(r: CapacityRule): RuleSpec {
  return {
    id: r.id,
    serviceId: r.serviceId,
    scheduleId: r.scheduleId,
    daysOfWeek: parseDaysOfWeek(r.daysOfWeek),
    startTime: r.startTime,
    endTime: r.endTime,
    slotMinutes: r.slotMinutes,
    perSlot: r.perSlot,
    effectiveFrom: r.effectiveFrom,
    effectiveTo: r.effectiveTo,
  };
}

export function specsOf(rules: CapacityRule[], overrides: CapacityOverride[], bands: CapacityBandOverride[]): CapacitySpecs {
  return {
    rules: rules.filter((r) => r.active).map(ruleSpecOf),
    overrides: overrides.map((o) => ({
      date: o.date,
      kind: o.kind === "closed" ? "closed" : "hours",
      startTime: o.startTime,
      endTime: o.endTime,
      slotMinutes: o.slotMinutes,
      perSlot: o.perSlot,
    })),
    bands: bands.map((b) => ({ date: b.date, startTime: b.startTime, endTime: b.endTime, perSlot: b.perSlot })),
  };
}

/** Loads one service's capacity specs (active rules only; overrides from `fromDate` on). */
export async function loadCapacitySpecs(tx: Tx, serviceId: string, fromDate: string): Promise<CapacitySpecs> {
  const [rules, overrides, bands] = await Promise.all([
    tx.capacityRule.findMany({ where: { serviceId, active: true } }),
    tx.capacityOverride.findMany({ where: { serviceId, date: { gte: fromDate } } }),
    tx.capacityBandOverride.findMany({ where: { serviceId, date: { gte: fromDate } } }),
  ]);
  return specsOf(rules, overrides, bands);
}

export function expandSpecs(specs: CapacitySpecs, from: Date, to: Date): SlotSpec[] {
  return expandRules(specs.rules, specs.overrides, from, to, specs.bands);
}

/** The identity of a generated place: schedule, start instant and place number. */
export function placeKey(s: { scheduleId: string; start: Date; seq: number }): string {
  return `${s.scheduleId}|${s.start.getTime()}|${s.seq}`;
}
