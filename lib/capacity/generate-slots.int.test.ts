import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { generateSlots } from "./generate-slots";
import { seedDemo } from "../seed/demo";

describe("generateSlots", () => {
  const now = new Date();
  beforeAll(async () => {
    await seedDemo(db(), now);
  });

  it("is idempotent: a second run creates nothing and leaves booked slots as they were", async () => {
    const before = await db().slot.count();
    const booked = await db().slot.findMany({ where: { status: "busy" }, orderBy: { id: "asc" } });
    expect(booked.length).toBeGreaterThan(0);
    const again = await generateSlots(now);
    expect(again.created).toBe(0);
    expect(await db().slot.count()).toBe(before);
    expect(await db().slot.findMany({ where: { status: "busy" }, orderBy: { id: "asc" } })).toEqual(booked);
  });

  it("fills the rolling horizon as time moves on, without duplicates", async () => {
    const later = new Date(now.getTime() + 6 * 3600_000);
    const r = await generateSlots(later);
    expect(r.created).toBeGreaterThan(0);
    const dupes = await db().slot.groupBy({ by: ["scheduleId", "start", "seq"], _count: { _all: true }, having: { scheduleId: { _count: { gt: 1 } } } });
    expect(dupes).toEqual([]);
  });

  it("runs safely on two instances at once", async () => {
    const later = new Date(now.getTime() + 12 * 3600_000);
    const [a, b] = await Promise.all([generateSlots(later), generateSlots(later)]);
    expect(a.created + b.created).toBeGreaterThan(0);
    const dupes = await db().slot.groupBy({ by: ["scheduleId", "start", "seq"], _count: { _all: true }, having: { scheduleId: { _count: { gt: 1 } } } });
    expect(dupes).toEqual([]);
  });
});
