import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { makeService } from "../testing/capacity-fixtures";
import { withAvailabilityChange } from "./availability-change";
import { insertFreeSlots } from "./insert-slots";

const NOW = new Date("2026-11-24T09:00:00Z");

describe("bulk insert of generated places", () => {
  it("stores instants exactly as Prisma does (equality and range queries find them) and skips places that exist", async () => {
    const s = await makeService(NOW, { start: "10:00", end: "11:00" });
    const start = new Date("2026-11-26T10:00:00Z");
    const spec = { scheduleId: s.scheduleId, serviceId: s.serviceId, ruleId: s.ruleId, start, end: new Date(start.getTime() + 30 * 60_000), seq: 0 };
    const viaPrisma = await db().slot.create({ data: { ...spec, start: new Date("2026-11-26T10:30:00Z"), end: new Date("2026-11-26T11:00:00Z") } });
    const inserted = await db().$transaction(async (tx) => insertFreeSlots((await withAvailabilityChange(tx, s.serviceId)).tx, [spec, spec, { ...spec, seq: 1 }], NOW));
    expect(inserted).toBe(2);
    const raw = await db().slot.findFirstOrThrow({ where: { scheduleId: s.scheduleId, start, seq: 0 } });
    expect(raw).toMatchObject({ status: "free", version: 1, end: spec.end, ruleId: s.ruleId });
    const inRange = await db().slot.findMany({ where: { serviceId: s.serviceId, start: { gte: start, lt: new Date("2026-11-26T11:00:00Z") } }, orderBy: [{ start: "asc" }, { seq: "asc" }] });
    expect(inRange.map((x) => [x.start.toISOString(), x.seq])).toEqual([
      ["2026-11-26T10:00:00.000Z", 0],
      ["2026-11-26T10:00:00.000Z", 1],
      ["2026-11-26T10:30:00.000Z", 0],
    ]);
    expect(inRange[2].id).toBe(viaPrisma.id);
  });
});
