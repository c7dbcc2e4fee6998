import { describe, expect, it } from "vitest";
import { checkBookable, countingWindowStart, slotsAsSeenBy, slotsOfferedTo, suspensionApplies, suspensionsInForce } from "./limits";
import { at, booking, context, ids, PATIENT_P, PATIENT_Q, slot, slotsFrom, suspension } from "./limits-test-helpers";
import type { CandidateSlot, CapacityContext, ConsumerContext } from "./limit-types";

const NOW = "2026-01-14T10:00:00Z"; // a winter Wednesday: London time = UTC
const ORG_A: ConsumerContext = { odsCode: "NR3" };
const ORG_B: ConsumerContext = { odsCode: "RYA" };
const fresh = (org: string) => ({ orgOds: org, patient: PATIENT_Q });

function offeredIds(ctx: CapacityContext, slots: CandidateSlot[], consumer: ConsumerContext = ORG_A) {
  return ids(slotsOfferedTo(consumer, slots, ctx).offered);
}
function reasonOf(ctx: CapacityContext, s: CandidateSlot, consumer: ConsumerContext = ORG_A) {
  const w = slotsOfferedTo(consumer, [s], ctx).withheld[0];
  return w?.reason ?? null;
}

describe("slot state", () => {
  it("offers every free future slot when there are no limits", () => {
    const slots = slotsFrom("2026-01-14T10:00:00Z", 6);
    expect(slotsOfferedTo(ORG_A, slots, context(NOW)).offered).toEqual(slots);
  });

  it("never offers a blocked slot, and a busy slot is taken", () => {
    const ctx = context(NOW);
    expect(reasonOf(ctx, slot("2026-01-14T11:00:00Z", { status: "blocked" }))).toBe("blocked");
    expect(reasonOf(ctx, slot("2026-01-14T11:00:00Z", { status: "busy" }))).toBe("taken");
    expect(checkBookable(slot("2026-01-14T11:00:00Z", { status: "blocked" }), fresh("NR3"), ctx)).toMatchObject({ ok: false, reason: "blocked" });
  });

  it("treats a slot with an active booking as taken even if its row still says free", () => {
    const s = slot("2026-01-14T11:00:00Z", { id: "s1" });
    expect(reasonOf(context(NOW, { bookings: [booking("2026-01-14T11:00:00Z", { slotId: "s1" })] }), s)).toBe("taken");
    expect(reasonOf(context(NOW, { bookings: [booking("2026-01-14T11:00:00Z", { slotId: "s1", status: "cancelled" })] }), s)).toBeNull();
  });

  it("refuses a slot that has started; a slot starting exactly now is still bookable", () => {
    const ctx = context(NOW);
    expect(reasonOf(ctx, slot("2026-01-14T09:59:00Z"))).toBe("past");
    expect(reasonOf(ctx, slot("2026-01-14T10:00:00Z"))).toBeNull();
  });
});

describe("minimum notice", () => {
  const ctx = context(NOW, { limits: { minNoticeMinutes: 30 } });

  it("refuses a slot starting one minute inside the notice and allows one exactly at it", () => {
    expect(reasonOf(ctx, slot("2026-01-14T10:29:00Z"))).toBe("min-notice");
    expect(reasonOf(ctx, slot("2026-01-14T10:30:00Z"))).toBeNull();
    expect(checkBookable(slot("2026-01-14T10:29:59Z"), fresh("NR3"), ctx)).toMatchObject({ ok: false, reason: "min-notice" });
    expect(checkBookable(slot("2026-01-14T10:30:00Z"), fresh("NR3"), ctx)).toEqual({ ok: true, rebookExemptionApplied: false });
  });

  it("reports a started slot as past rather than min-notice", () => {
    expect(slotsOfferedTo(ORG_A, [slot("2026-01-14T09:45:00Z")], ctx).withheld[0].reasons).toEqual(["past"]);
  });
});

describe("booking horizon", () => {
  const ctx = context(NOW, { limits: { maxAheadHours: 4 } });

  it("allows a slot exactly at the horizon and refuses one a minute beyond it", () => {
    expect(reasonOf(ctx, slot("2026-01-14T14:00:00Z"))).toBeNull();
    expect(reasonOf(ctx, slot("2026-01-14T14:01:00Z"))).toBe("beyond-horizon");
    expect(checkBookable(slot("2026-01-14T14:00:00Z"), fresh("NR3"), ctx).ok).toBe(true);
    expect(checkBookable(slot("2026-01-14T14:00:01Z"), fresh("NR3"), ctx)).toMatchObject({ ok: false, reason: "beyond-horizon" });
  });

  it("has no horizon when maxAheadHours is null", () => {
    expect(reasonOf(context(NOW), slot("2026-03-14T14:00:00Z"))).toBeNull();
  });
});

describe("suspensions (surge switch)", () => {
  const sus = suspension("2026-01-14T12:00:00Z", "2026-01-14T14:00:00Z");

  it("covers slots starting from its start up to (not including) its end", () => {
    const ctx = context(NOW, { suspensions: [sus] });
    const slots = [slot("2026-01-14T11:59:00Z"), slot("2026-01-14T12:00:00Z"), slot("2026-01-14T13:59:00Z"), slot("2026-01-14T14:00:00Z")];
    expect(offeredIds(ctx, slots)).toEqual(["2026-01-14T11:59:00.000Z", "2026-01-14T14:00:00.000Z"]);
    expect(checkBookable(slots[1], fresh("NR3"), ctx)).toMatchObject({ ok: false, reason: "suspended" });
  });

  it("applies to every organisation alike", () => {
    const ctx = context(NOW, { suspensions: [sus] });
    expect(reasonOf(ctx, slot("2026-01-14T12:30:00Z"), ORG_B)).toBe("suspended");
    expect(reasonOf(ctx, slot("2026-01-14T12:30:00Z"), { odsCode: null })).toBe("suspended");
  });

  it("applies now to a future range planned in advance", () => {
    const planned = suspension("2026-01-15T08:00:00Z", "2026-01-15T12:00:00Z");
    expect(reasonOf(context(NOW, { suspensions: [planned] }), slot("2026-01-15T09:00:00Z"))).toBe("suspended");
  });

  it("reopens by itself once its end has passed, with no job to run", () => {
    const running = suspension("2026-01-14T09:00:00Z", "2026-01-14T11:00:00Z");
    const s = slot("2026-01-14T11:00:00Z");
    const before = slot("2026-01-14T10:45:00Z");
    expect(reasonOf(context("2026-01-14T10:30:00Z", { suspensions: [running] }), before)).toBe("suspended");
    expect(reasonOf(context("2026-01-14T11:00:00Z", { suspensions: [running] }), s)).toBeNull();
    expect(suspensionsInForce([running], at("2026-01-14T10:59:59Z"))).toHaveLength(1);
    expect(suspensionsInForce([running], at("2026-01-14T11:00:00Z"))).toHaveLength(0);
  });

  it("stops applying from the moment it is lifted", () => {
    const lifted = suspension("2026-01-14T12:00:00Z", "2026-01-14T14:00:00Z", "2026-01-14T10:00:00Z");
    expect(reasonOf(context(NOW, { suspensions: [lifted] }), slot("2026-01-14T12:30:00Z"))).toBeNull();
    expect(suspensionApplies(lifted, at("2026-01-14T12:30:00Z"), at("2026-01-14T09:59:00Z"))).toBe(true);
    expect(suspensionsInForce([lifted], at(NOW))).toEqual([]);
  });
});

describe("caps per service", () => {
  it("refuses every slot of a London hour once it holds capPerHour active bookings", () => {
    const ctx = context(NOW, {
      limits: { capPerHour: 2 },
      bookings: [booking("2026-01-14T11:00:00Z"), booking("2026-01-14T11:40:00Z", { org: "X26" })],
    });
    const slots = slotsFrom("2026-01-14T10:30:00Z", 4); // 10:30, 11:00, 11:30, 12:00
    const offer = slotsOfferedTo(ORG_A, slots, ctx);
    expect(ids(offer.offered)).toEqual(["2026-01-14T10:30:00.000Z", "2026-01-14T12:00:00.000Z"]);
    expect(offer.withheld.map((w) => w.reason)).toEqual(["cap-hour", "cap-hour"]);
  });

  it("counts only active bookings: cancelled and entered-in-error do not count", () => {
    const ctx = context(NOW, {
      limits: { capPerHour: 1 },
      bookings: [booking("2026-01-14T11:00:00Z", { status: "cancelled" }), booking("2026-01-14T11:10:00Z", { status: "entered-in-error" })],
    });
    expect(reasonOf(ctx, slot("2026-01-14T11:30:00Z"))).toBeNull();
  });

  it("counts by the hour the slot starts in, whatever the number of slots published", () => {
    const ctx = context(NOW, { limits: { capPerHour: 1 }, bookings: [booking("2026-01-14T10:59:00Z")] });
    expect(reasonOf(ctx, slot("2026-01-14T10:30:00Z"))).toBe("cap-hour");
    expect(reasonOf(ctx, slot("2026-01-14T11:00:00Z"))).toBeNull();
  });

  it("refuses every slot of a London day once it holds capPerDay bookings, and counts by London date in summer", () => {
    const summer = context("2026-07-01T08:00:00Z", {
      limits: { capPerDay: 2 },
      // 23:30 UTC on 1 Jul is 00:30 BST on 2 Jul
      bookings: [booking("2026-07-01T09:00:00Z"), booking("2026-07-01T22:30:00Z"), booking("2026-07-01T23:30:00Z")],
    });
    expect(reasonOf(summer, slot("2026-07-01T15:00:00Z"))).toBe("cap-day");
    expect(reasonOf(summer, slot("2026-07-02T10:00:00Z"))).toBeNull();
    expect(checkBookable(slot("2026-07-01T15:00:00Z"), fresh("NR3"), summer)).toMatchObject({ ok: false, reason: "cap-day" });
  });

  it("a cap of zero closes the hour or the day", () => {
    expect(reasonOf(context(NOW, { limits: { capPerHour: 0 } }), slot("2026-01-14T11:00:00Z"))).toBe("cap-hour");
    expect(reasonOf(context(NOW, { limits: { capPerDay: 0 } }), slot("2026-01-14T11:00:00Z"))).toBe("cap-day");
  });
});

describe("quotas per 111 organisation", () => {
  const quotas = [{ orgOds: "NR3", perHour: 1, perDay: 2 }];

  it("hides slots beyond its quota from that organisation only", () => {
    const ctx = context(NOW, { quotas, bookings: [booking("2026-01-14T11:00:00Z", { org: "NR3" })] });
    const s = slot("2026-01-14T11:30:00Z");
    expect(reasonOf(ctx, s, ORG_A)).toBe("quota-hour");
    expect(reasonOf(ctx, s, ORG_B)).toBeNull();
    expect(reasonOf(ctx, s, { odsCode: null })).toBeNull();
    expect(checkBookable(s, fresh("NR3"), ctx)).toMatchObject({ ok: false, reason: "quota-hour" });
    expect(checkBookable(s, fresh("RYA"), ctx).ok).toBe(true);
  });

  it("counts only that organisation's bookings", () => {
    const ctx = context(NOW, { quotas, bookings: [booking("2026-01-14T11:00:00Z", { org: "RYA" }), booking("2026-01-14T11:10:00Z", { org: null })] });
    expect(reasonOf(ctx, slot("2026-01-14T11:30:00Z"), ORG_A)).toBeNull();
  });

  it("applies the per-day quota across the London day", () => {
    const ctx = context(NOW, { quotas, bookings: [booking("2026-01-14T11:00:00Z", { org: "NR3" }), booking("2026-01-14T15:00:00Z", { org: "NR3" })] });
    expect(reasonOf(ctx, slot("2026-01-14T18:00:00Z"))).toBe("quota-day");
    expect(reasonOf(ctx, slot("2026-01-15T09:00:00Z"))).toBeNull();
  });

  it("compares ODS codes whatever their case or spacing", () => {
    const ctx = context(NOW, { quotas: [{ orgOds: "nr3", perHour: 1, perDay: null }], bookings: [booking("2026-01-14T11:00:00Z", { org: " Nr3 " })] });
    expect(reasonOf(ctx, slot("2026-01-14T11:30:00Z"), { odsCode: "NR3" })).toBe("quota-hour");
  });
});

describe("combined limits", () => {
  const ctx = context(NOW, {
    limits: { minNoticeMinutes: 30, maxAheadHours: 8, capPerHour: 2, capPerDay: 10 },
    suspensions: [suspension("2026-01-14T13:00:00Z", "2026-01-14T14:00:00Z")],
    quotas: [{ orgOds: "NR3", perHour: 1, perDay: null }],
    bookings: [booking("2026-01-14T11:00:00Z", { org: "NR3" }), booking("2026-01-14T12:00:00Z"), booking("2026-01-14T12:15:00Z")],
  });
  const slots = [
    slot("2026-01-14T10:15:00Z"), // min notice
    slot("2026-01-14T11:30:00Z"), // NR3 quota for 11:xx
    slot("2026-01-14T12:30:00Z"), // cap for 12:xx
    slot("2026-01-14T13:30:00Z"), // suspended
    slot("2026-01-14T14:30:00Z", { status: "blocked" }),
    slot("2026-01-14T15:00:00Z"), // bookable
    slot("2026-01-14T18:30:00Z"), // beyond horizon
  ];

  it("offers only slots that pass every limit, with the reason for each other slot", () => {
    const offer = slotsOfferedTo(ORG_A, slots, ctx);
    expect(ids(offer.offered)).toEqual(["2026-01-14T15:00:00.000Z"]);
    expect(offer.withheld.map((w) => w.reason)).toEqual(["min-notice", "quota-hour", "cap-hour", "suspended", "blocked", "beyond-horizon"]);
    expect(ids(slotsOfferedTo(ORG_B, slots, ctx).offered)).toEqual(["2026-01-14T11:30:00.000Z", "2026-01-14T15:00:00.000Z"]);
  });

  it("lists every reason that applies, most fundamental first", () => {
    const messy = slot("2026-01-14T12:20:00Z", { status: "busy" });
    const tight = { ...ctx, suspensions: [suspension("2026-01-14T12:00:00Z", "2026-01-14T13:00:00Z")] };
    expect(slotsOfferedTo(ORG_A, [messy], tight).withheld[0]).toMatchObject({ reason: "taken", reasons: ["taken", "suspended", "cap-hour"] });
    expect(checkBookable(messy, fresh("NR3"), tight)).toEqual({ ok: false, reason: "taken", reasons: ["taken", "suspended", "cap-hour"] });
  });

  it("does not let an offered slot consume the cap: each is individually bookable, the second then refused", () => {
    const c = context(NOW, { limits: { capPerHour: 2 }, bookings: [booking("2026-01-14T11:00:00Z")] });
    const hour = slotsFrom("2026-01-14T11:15:00Z", 3, 15); // 11:15, 11:30, 11:45
    expect(slotsOfferedTo(ORG_A, hour, c).offered).toHaveLength(3);
    const after = { ...c, bookings: [...c.bookings, booking("2026-01-14T11:15:00Z", { slotId: hour[0].id })] };
    expect(checkBookable(hour[1], fresh("NR3"), after)).toMatchObject({ ok: false, reason: "cap-hour" });
  });
});

describe("slotsAsSeenBy (search status filter)", () => {
  const ctx = context(NOW, { quotas: [{ orgOds: "NR3", perHour: 1, perDay: null }], bookings: [booking("2026-01-14T11:00:00Z", { org: "NR3" })] });
  const slots = [slot("2026-01-14T10:30:00Z"), slot("2026-01-14T11:30:00Z"), slot("2026-01-14T12:00:00Z", { status: "busy" })];

  it("shows a slot free only to organisations that could book it, busy to the others", () => {
    expect(slotsAsSeenBy(ORG_A, slots, ctx).map((s) => s.status)).toEqual(["free", "busy", "busy"]);
    expect(slotsAsSeenBy(ORG_B, slots, ctx).map((s) => s.status)).toEqual(["free", "free", "busy"]);
  });

  it("keeps only the statuses asked for (status=free, status=busy, status=free,busy)", () => {
    expect(ids(slotsAsSeenBy(ORG_A, slots, ctx, ["free"]).map((s) => s.slot))).toEqual(["2026-01-14T10:30:00.000Z"]);
    expect(slotsAsSeenBy(ORG_A, slots, ctx, ["busy"])).toHaveLength(2);
    expect(slotsAsSeenBy(ORG_A, slots, ctx, ["free", "busy"])).toHaveLength(3);
  });

  it("agrees with slotsOfferedTo and checkBookable for the same organisation", () => {
    const free = slotsAsSeenBy(ORG_A, slots, ctx, ["free"]).map((s) => s.slot);
    expect(free).toEqual(slotsOfferedTo(ORG_A, slots, ctx).offered);
    for (const s of free) expect(checkBookable(s, { orgOds: "NR3", patient: PATIENT_P }, ctx).ok).toBe(true);
  });
});

describe("countingWindowStart", () => {
  it("is the start of today in London, so the day's earlier bookings still count", () => {
    expect(countingWindowStart(at("2026-01-14T10:00:00Z")).toISOString()).toBe("2026-01-14T00:00:00.000Z");
    expect(countingWindowStart(at("2026-07-01T23:30:00Z")).toISOString()).toBe("2026-07-01T23:00:00.000Z");
    expect(countingWindowStart(at("2026-10-25T12:00:00Z")).toISOString()).toBe("2026-10-24T23:00:00.000Z");
  });
});
