/** Properties of the limits engine over random services, around both clock changes and ordinary days. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { londonBuckets } from "./london-keys";
import { checkBookable, normaliseOds, rebookExemptionApplies, slotsAsSeenBy, slotsOfferedTo } from "./limits";
import { PATIENT_P, PATIENT_Q } from "./limits-test-helpers";
import { COUNTED_REASONS, type CandidateSlot, type CapacityContext, type ExistingBooking } from "./limit-types";
import { patientKey } from "./patient-key";

const QUARTER = 15 * 60_000;
const ORGS = ["NR3", "RYA", "X26"] as const;
const PATIENTS = [PATIENT_P, PATIENT_Q, patientKey({ family: "Brown", birthDate: "2001-01-01" })];
const NEWCOMER = patientKey({ family: "Newcomer", birthDate: "1970-07-07" });
/** Just before both 2026 clock changes, a summer morning and a winter morning. */
const ANCHORS = ["2026-03-28T22:00:00Z", "2026-10-24T21:00:00Z", "2026-07-01T08:00:00Z", "2026-01-14T10:00:00Z"].map(Date.parse);

const quarters = (min: number, max: number) => fc.integer({ min, max });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const scenarioArb = fc
  .record({
    anchor: fc.constantFrom(...ANCHORS),
    nowMinutes: fc.integer({ min: 0, max: 240 }),
    limits: fc.record({
      minNoticeMinutes: fc.integer({ min: 0, max: 180 }),
      maxAheadHours: maybe(fc.integer({ min: 1, max: 48 })),
      capPerHour: maybe(fc.integer({ min: 0, max: 3 })),
      capPerDay: maybe(fc.integer({ min: 0, max: 12 })),
    }),
    slots: fc.array(fc.record({ q: quarters(-8, 200), status: fc.constantFrom("free", "free", "free", "busy", "blocked") }), { maxLength: 40 }),
    suspensions: fc.array(fc.record({ q: quarters(-16, 200), len: quarters(1, 24), lifted: maybe(quarters(-16, 40)) }), { maxLength: 2 }),
    quotas: fc.array(fc.record({ org: fc.constantFrom(...ORGS), perHour: maybe(fc.integer({ min: 0, max: 2 })), perDay: maybe(fc.integer({ min: 0, max: 4 })) }), {
      maxLength: 3,
    }),
    bookings: fc.array(
      fc.record({
        q: quarters(-96, 200),
        org: maybe(fc.constantFrom(...ORGS, "nr3")),
        patient: fc.constantFrom(...PATIENTS, null),
        status: fc.constantFrom("booked", "booked", "cancelled", "entered-in-error"),
      }),
      { maxLength: 20 },
    ),
    consumer: fc.constantFrom(...ORGS),
  })
  .map((r) => {
    const t = (q: number) => new Date(r.anchor + q * QUARTER);
    const slots: CandidateSlot[] = r.slots.map((s, i) => ({ id: `s${i}`, start: t(s.q), end: t(s.q + 2), status: s.status as CandidateSlot["status"] }));
    const ctx: CapacityContext = {
      now: new Date(r.anchor + r.nowMinutes * 60_000),
      limits: r.limits,
      suspensions: r.suspensions.map((s) => ({ startsAt: t(s.q), endsAt: t(s.q + s.len), liftedAt: s.lifted === null ? null : t(s.lifted), reason: "Surge" })),
      quotas: r.quotas.map((q) => ({ orgOds: q.org, perHour: q.perHour, perDay: q.perDay })),
      bookings: r.bookings.map((b) => ({ start: t(b.q), orgOds: b.org, patient: b.patient, status: b.status as ExistingBooking["status"] })),
    };
    return { slots, ctx, consumer: { odsCode: r.consumer as string }, anchor: r.anchor };
  });

const offeredIds = (ctx: CapacityContext, slots: CandidateSlot[], org: string) => new Set(slotsOfferedTo({ odsCode: org }, slots, ctx).offered.map((s) => s.id));
const isSubset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));

function counts(bookings: readonly ExistingBooking[]) {
  const hour = new Map<string, number>();
  const day = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const b of bookings) {
    if (b.status !== "booked") continue;
    const k = londonBuckets(b.start);
    const org = normaliseOds(b.orgOds) ?? "-";
    bump(hour, k.hour);
    bump(day, k.day);
    bump(hour, `${org} ${k.hour}`);
    bump(day, `${org} ${k.day}`);
  }
  return { hour, day };
}

describe("limits properties", () => {
  it("every offered slot is bookable by a fresh booking of that organisation, and every withheld one is refused for the same reasons", () => {
    fc.assert(
      fc.property(scenarioArb, ({ slots, ctx, consumer }) => {
        const offer = slotsOfferedTo(consumer, slots, ctx);
        const request = { orgOds: consumer.odsCode, patient: NEWCOMER };
        for (const s of offer.offered) expect(checkBookable(s, request, ctx)).toEqual({ ok: true, rebookExemptionApplied: false });
        for (const w of offer.withheld) expect(checkBookable(w.slot, request, ctx)).toEqual({ ok: false, reason: w.reason, reasons: w.reasons });
        expect(offer.offered.length + offer.withheld.length).toBe(slots.length);
      }),
      { numRuns: 300 },
    );
  });

  it("adding a limit or a booking never increases what is offered", () => {
    const tighten = fc.oneof(
      fc.record({ kind: fc.constant("suspension" as const), q: quarters(-8, 200), len: quarters(1, 24) }),
      fc.record({ kind: fc.constant("quota" as const), perHour: maybe(fc.integer({ min: 0, max: 2 })), perDay: maybe(fc.integer({ min: 0, max: 4 })) }),
      fc.record({ kind: fc.constant("cap" as const), hour: maybe(fc.integer({ min: 0, max: 3 })), day: maybe(fc.integer({ min: 0, max: 12 })) }),
      fc.record({ kind: fc.constant("notice" as const), extraMinutes: fc.integer({ min: 0, max: 120 }) }),
      fc.record({ kind: fc.constant("horizon" as const), hours: fc.integer({ min: 0, max: 48 }) }),
      fc.record({ kind: fc.constant("booking" as const), q: quarters(-8, 200), org: fc.constantFrom(...ORGS) }),
    );
    fc.assert(
      fc.property(scenarioArb, tighten, ({ slots, ctx, consumer, anchor }, change) => {
        const t = (q: number) => new Date(anchor + q * QUARTER);
        const lower = (current: number | null, proposed: number | null) => (proposed === null ? current : current === null ? proposed : Math.min(current, proposed));
        let tighter: CapacityContext = ctx;
        if (change.kind === "suspension") tighter = { ...ctx, suspensions: [...ctx.suspensions, { startsAt: t(change.q), endsAt: t(change.q + change.len), liftedAt: null, reason: "More" }] };
        if (change.kind === "quota") tighter = { ...ctx, quotas: [...ctx.quotas, { orgOds: consumer.odsCode, perHour: change.perHour, perDay: change.perDay }] };
        if (change.kind === "cap") tighter = { ...ctx, limits: { ...ctx.limits, capPerHour: lower(ctx.limits.capPerHour, change.hour), capPerDay: lower(ctx.limits.capPerDay, change.day) } };
        if (change.kind === "notice") tighter = { ...ctx, limits: { ...ctx.limits, minNoticeMinutes: ctx.limits.minNoticeMinutes + change.extraMinutes } };
        if (change.kind === "horizon") tighter = { ...ctx, limits: { ...ctx.limits, maxAheadHours: lower(ctx.limits.maxAheadHours, change.hours) } };
        if (change.kind === "booking") tighter = { ...ctx, bookings: [...ctx.bookings, { start: t(change.q), orgOds: change.org, patient: null, status: "booked" }] };
        expect(isSubset(offeredIds(tighter, slots, consumer.odsCode), offeredIds(ctx, slots, consumer.odsCode))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("searching and booking offered slots one at a time never takes an hour, a day or a quota past its limit", () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.constantFrom(...ORGS), { minLength: 1, maxLength: 30 }), ({ slots, ctx }, callers) => {
        let current = { ...ctx, bookings: [...ctx.bookings] };
        let live = slots.map((s) => ({ ...s }));
        const before = counts(ctx.bookings);
        for (const org of callers) {
          const first = slotsOfferedTo({ odsCode: org }, live, current).offered[0];
          if (!first) continue;
          const check = checkBookable(first, { orgOds: org, patient: NEWCOMER }, current);
          expect(check.ok).toBe(true);
          current = { ...current, bookings: [...current.bookings, { start: first.start, orgOds: org, patient: NEWCOMER, status: "booked", slotId: first.id }] };
          live = live.map((s) => (s.id === first.id ? { ...s, status: "busy" as const } : s));
          // the slot just booked is now refused to everyone
          expect(checkBookable(first, { orgOds: org, patient: NEWCOMER }, current)).toMatchObject({ ok: false, reason: "taken" });
        }
        const after = counts(current.bookings);
        const within = (m: Map<string, number>, was: Map<string, number>, key: string, limit: number | null) =>
          limit === null || (m.get(key) ?? 0) <= Math.max(limit, was.get(key) ?? 0);
        for (const b of current.bookings.slice(ctx.bookings.length)) {
          const k = londonBuckets(b.start);
          expect(within(after.hour, before.hour, k.hour, ctx.limits.capPerHour)).toBe(true);
          expect(within(after.day, before.day, k.day, ctx.limits.capPerDay)).toBe(true);
          for (const q of ctx.quotas.filter((x) => normaliseOds(x.orgOds) === b.orgOds)) {
            expect(within(after.hour, before.hour, `${b.orgOds} ${k.hour}`, q.perHour)).toBe(true);
            expect(within(after.day, before.day, `${b.orgOds} ${k.day}`, q.perDay)).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("the rebook exemption only ever waives caps and quotas", () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom(...PATIENTS), ({ slots, ctx, consumer }, patient) => {
        const exempt = rebookExemptionApplies({ orgOds: consumer.odsCode, patient }, ctx);
        for (const s of slots) {
          const strict = checkBookable(s, { orgOds: consumer.odsCode, patient: NEWCOMER }, ctx);
          const asRebook = checkBookable(s, { orgOds: consumer.odsCode, patient }, ctx);
          const strictReasons = strict.ok ? [] : strict.reasons;
          const expected = exempt ? strictReasons.filter((r) => !COUNTED_REASONS.includes(r)) : strictReasons;
          expect(asRebook.ok ? [] : asRebook.reasons).toEqual(expected);
          if (asRebook.ok) expect(asRebook.rebookExemptionApplied).toBe(!strict.ok);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a quota hides slots only from its own organisation", () => {
    fc.assert(
      fc.property(scenarioArb, ({ slots, ctx, consumer }) => {
        const others = ORGS.filter((o) => o !== consumer.odsCode);
        const withoutOwn = { ...ctx, quotas: ctx.quotas.filter((q) => normaliseOds(q.orgOds) !== consumer.odsCode) };
        const withoutAny = { ...ctx, quotas: [] };
        expect(offeredIds(withoutOwn, slots, consumer.odsCode)).toEqual(offeredIds(withoutAny, slots, consumer.odsCode));
        for (const o of others) expect(isSubset(offeredIds(ctx, slots, o), offeredIds(withoutAny, slots, o))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("a slot looks free to an organisation exactly when it is offered to it", () => {
    fc.assert(
      fc.property(scenarioArb, ({ slots, ctx, consumer }) => {
        const seen = slotsAsSeenBy(consumer, slots, ctx);
        const offered = offeredIds(ctx, slots, consumer.odsCode);
        expect(seen).toHaveLength(slots.length);
        for (const s of seen) expect(s.status === "free").toBe(offered.has(s.slot.id));
        expect(slotsAsSeenBy(consumer, slots, ctx, ["free"]).every((s) => s.status === "free")).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
