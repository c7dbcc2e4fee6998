/**
 * Slot generation and what 111 is offered take "now" from the injected clock (lib/time/clock.ts) when no caller gives
 * one. Set just before each UK clock change, they follow it: no place in the March gap, both October 01:00 hours.
 * Sunday 28 March and Sunday 31 October 2027 are the last Sundays of those months; London changes at 01:00 UTC.
 */
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { makeService } from "../testing/capacity-fixtures";
import { now, setClockForTests } from "../time/clock";
import { londonParts } from "../time/london";
import { findSlotsForConsumer } from "./find-slots-for-consumer";
import { generateSlots } from "./generate-slots";

const local = (d: Date) => londonParts(d).time;

async function slotStarts(serviceId: string): Promise<Date[]> {
  return (await db().slot.findMany({ where: { serviceId }, orderBy: { start: "asc" }, select: { start: true } })).map((s) => s.start);
}

async function offeredNow(dosId: string): Promise<Date[]> {
  return ((await findSlotsForConsumer({ dosId, statuses: ["free"], consumerOds: "NR1" })) ?? []).map((s) => s.start);
}

afterEach(() => setClockForTests(null));

describe("slots follow the injected clock across the UK clock changes", () => {
  it("in March: generation starts at the clock's now, skips the hour that does not exist, and 111 is offered from now on", async () => {
    setClockForTests("2027-03-28T00:30:00Z"); // 00:30 GMT
    const s = await makeService(now(), { start: "00:00", end: "24:00", minutes: 30, horizonHours: 3 });
    const starts = await slotStarts(s.serviceId);
    expect(starts.map((d) => d.toISOString())).toEqual([
      "2027-03-28T00:30:00.000Z",
      "2027-03-28T01:00:00.000Z",
      "2027-03-28T01:30:00.000Z",
      "2027-03-28T02:00:00.000Z",
      "2027-03-28T02:30:00.000Z",
      "2027-03-28T03:00:00.000Z",
    ]);
    expect(starts.map(local)).toEqual(["00:30", "02:00", "02:30", "03:00", "03:30", "04:00"]);

    setClockForTests("2027-03-28T01:10:00Z"); // 02:10 BST, an hour and ten minutes of London time later
    const offered = await offeredNow(s.dosId);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((d) => d.getTime() > now().getTime())).toBe(true);
    expect(offered.map((d) => d.toISOString())).not.toContain("2027-03-28T01:00:00.000Z");

    // The rolling horizon moves with the clock, with no argument given.
    setClockForTests("2027-03-28T03:00:00Z");
    await generateSlots();
    const later = (await slotStarts(s.serviceId)).filter((d) => d.getTime() >= Date.parse("2027-03-28T03:00:00Z"));
    expect(later.map(local)).toEqual(["04:00", "04:30", "05:00", "05:30", "06:00", "06:30"]);
  });

  it("in October: both 01:00 hours are real, and generation and 111 follow the clock through them", async () => {
    setClockForTests("2027-10-31T00:30:00Z"); // 01:30 BST
    const s = await makeService(now(), { start: "00:00", end: "24:00", minutes: 30, horizonHours: 3 });
    const starts = await slotStarts(s.serviceId);
    expect(starts.map((d) => d.toISOString())).toEqual([
      "2027-10-31T00:30:00.000Z",
      "2027-10-31T01:00:00.000Z",
      "2027-10-31T01:30:00.000Z",
      "2027-10-31T02:00:00.000Z",
      "2027-10-31T02:30:00.000Z",
      "2027-10-31T03:00:00.000Z",
    ]);
    expect(starts.map(local)).toEqual(["01:30", "01:00", "01:30", "02:00", "02:30", "03:00"]);

    setClockForTests("2027-10-31T01:10:00Z"); // 01:10 GMT, the second 01:00 hour
    const offered = await offeredNow(s.dosId);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((d) => d.getTime() > now().getTime())).toBe(true);
    // The first 01:30 (BST) has gone; the second (GMT) is still to come.
    expect(offered.map((d) => d.toISOString())).not.toContain("2027-10-31T00:30:00.000Z");

    setClockForTests("2027-10-31T03:00:00Z");
    await generateSlots();
    const later = (await slotStarts(s.serviceId)).filter((d) => d.getTime() >= Date.parse("2027-10-31T03:00:00Z"));
    expect(later.map(local)).toEqual(["03:00", "03:30", "04:00", "04:30", "05:00", "05:30"]);
  });
});
