import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { bookTestPatient } from "../testing/book-test-patient";
import { addDays, londonParts, startOfLondonDay } from "../time/london";
import { comingNextText } from "./board-text";
import { queryBoard } from "./load-board";

/**
 * HAZ-060: at 23:30 the default board (today's date) is empty while patients are due at 00:00: it must say that
 * more patients are expected after midnight, with the day and time, rather than look like a quiet night.
 */
const viewer = { staffUserId: "clin-next", clinical: true };

describe("today's list late in the evening says who is coming after midnight", () => {
  let tomorrow: string;
  let slotStart: Date;
  beforeAll(async () => {
    await seedDemo(db());
    const free = await db().slot.findMany({ where: { status: "free", start: { gte: new Date(Date.now() + 24 * 3600_000) } }, orderBy: { start: "asc" }, take: 2000 });
    const slot = free.find((s) => londonParts(s.start).hour < 2)!;
    expect(slot).toBeDefined();
    slotStart = slot.start;
    tomorrow = londonParts(slot.start).date;
    await bookTestPatient({ slotId: slot.id, now: new Date(slot.start.getTime() - 3 * 3600_000) });
  });

  it("at 23:30 today's list names the patients due after midnight, with their day", async () => {
    const today = addDays(tomorrow, -1);
    const at2330 = new Date(startOfLondonDay(tomorrow).getTime() - 30 * 60_000);
    const board = await queryBoard({ kind: "date", date: today }, viewer, at2330);
    expect(board.comingNext).not.toBeNull();
    expect(board.comingNext!.count).toBeGreaterThanOrEqual(1);
    expect(Date.parse(board.comingNext!.first)).toBeLessThanOrEqual(slotStart.getTime());
    expect(comingNextText(board.comingNext!, today)).toMatch(/more patients? (is|are) expected after midnight, (at|the first at) \d\d:\d\d tomorrow \(\w{3}, \d{1,2} \w{3} \d{4}\)\. This list shows today only\./);
  });

  it("says nothing at midday, on another day's list, or on 'Next 24 hours' (which shows them)", async () => {
    const today = addDays(tomorrow, -1);
    const midday = new Date(startOfLondonDay(today).getTime() + 12 * 3600_000);
    expect((await queryBoard({ kind: "date", date: today }, viewer, midday)).comingNext).toBeNull();
    const at2330 = new Date(startOfLondonDay(tomorrow).getTime() - 30 * 60_000);
    expect((await queryBoard({ kind: "date", date: addDays(today, -1) }, viewer, at2330)).comingNext).toBeNull();
    const next24 = await queryBoard({ kind: "hours", hours: 24 }, viewer, at2330);
    expect(next24.comingNext).toBeNull();
    expect(next24.rows.some((r) => Date.parse(r.start) === slotStart.getTime())).toBe(true);
  });
});
