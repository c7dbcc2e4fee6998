import { describe, expect, it } from "vitest";
import { applyFilters, matchesSearch } from "@/components/arrivals/ArrivalsBoard";
import { ageAgainstService, allergyText, deadlineText, dispositionText, groupByHour, rowTime, statusWords, summaryText } from "./board-text";
import { bookingDeadline, type BoardRow } from "./load-board";
import { formatLondonDate } from "../time/london";

function row(over: Partial<BoardRow> & { start: string }): BoardRow {
  return {
    id: over.start,
    serviceId: "s1",
    serviceName: "Emergency Department",
    siteId: "site1",
    siteName: "General",
    status: "booked",
    arrivedAt: null,
    cancelledAt: null,
    cancelledBy: null,
    description: "Chest pain",
    bookingOrg: "NZZ01",
    patient: { name: "Olivia HARTWELL", birthDate: "1984-03-12", age: 42, gender: "female", nhsNumber: "9990010005", nhsNumberStatus: "01" },
    summary: { state: "not-received", receivedAt: null, replacedAt: null, chase: null },
    summaryChange: null,
    summaryChangedAfterRead: null,
    disposition: null,
    flags: null,
    unseen: null,
    openedByAnyone: false,
    moved: { to: null, from: null },
    otherActiveBookings: [],
    due: { dueAt: null, overdueAt: null, overdue: false, slotAfterDue: false },
    ...over,
  };
}

describe("the board's words", () => {
  it("groups by London clock hour and tells the two 01:00 hours of the October change apart", () => {
    const groups = groupByHour([row({ start: "2026-10-25T00:15:00Z" }), row({ start: "2026-10-25T01:15:00Z" }), row({ start: "2026-10-25T02:30:00Z" })], "2026-10-25");
    const day = `Today (${formatLondonDate("2026-10-25")})`;
    expect(groups.map((g) => g.label)).toEqual([`${day} 01:00 to 01:59 BST`, `${day} 01:00 to 01:59 GMT`, `${day} 02:00 to 02:59`]);
  });

  it("puts the day on every hour heading, so today's 15:00 and tomorrow's 15:00 are never the same heading", () => {
    // Tuesday 12 January 2027 at 23:30 London: "Next 24 hours" runs into Wednesday.
    const today = "2027-01-12";
    const groups = groupByHour([row({ start: "2027-01-12T15:10:00Z" }), row({ start: "2027-01-12T23:40:00Z" }), row({ start: "2027-01-13T00:20:00Z" }), row({ start: "2027-01-13T15:10:00Z" })], today);
    const tue = formatLondonDate("2027-01-12");
    const wed = formatLondonDate("2027-01-13");
    expect(tue).toMatch(/^Tue,? 12 Jan 2027$/);
    expect(groups.map((g) => g.label)).toEqual([`Today (${tue}) 15:00 to 15:59`, `Today (${tue}) 23:00 to 23:59`, `Tomorrow (${wed}) 00:00 to 00:59`, `Tomorrow (${wed}) 15:00 to 15:59`]);
    expect(new Set(groups.map((g) => g.label)).size).toBe(4);
    // The first hour of each day opens that day, so a screen and a printout can break there.
    expect(groups.map((g) => g.firstOfDay)).toEqual([true, false, true, false]);
    expect(groups.map((g) => g.date)).toEqual(["2027-01-12", "2027-01-12", "2027-01-13", "2027-01-13"]);
  });

  it("gives a time its day whenever the day is not today", () => {
    const today = "2027-01-12";
    expect(rowTime("2027-01-12T15:10:00Z", today)).toBe("15:10");
    expect(rowTime("2027-01-13T15:10:00Z", today)).toMatch(/^Wed,? 13 Jan 2027, 15:10$/);
    const received = row({ start: "2027-01-13T15:10:00Z", summary: { state: "received", receivedAt: "2027-01-11T22:05:00Z", replacedAt: null, chase: null } });
    expect(summaryText(received, today)).toMatch(/^Received Mon,? 11 Jan 2027, 22:05$/);
  });

  it("says a summary came by another route, with its day when not today, and whom to phone for a missing one", () => {
    const today = "2027-01-12";
    const other = row({ start: "2027-01-12T15:10:00Z", summary: { state: "other-route", receivedAt: "2027-01-11T22:05:00Z", replacedAt: null, chase: null } });
    expect(summaryText(other, today)).toMatch(/^Received by another route Mon,? 11 Jan 2027, 22:05: read it on the booking page$/);
    expect(dispositionText(other)).toBe("Read the summary received by another route");
    const chase = { overdueSince: new Date("2027-01-12T14:00:00Z"), service: "NHS 111", phone: "0300 555 0111" };
    expect(summaryText(row({ start: "2027-01-12T15:10:00Z", summary: { state: "not-received", receivedAt: null, replacedAt: null, chase } }), today)).toBe("111 summary not received: phone 111 on 0300 555 0111");
  });

  it("says 'was not brought' for a child who did not come, and shows the age against the service", () => {
    expect(statusWords("did-not-attend", 6)).toBe("Was not brought");
    expect(statusWords("did-not-attend", 17)).toBe("Was not brought");
    expect(statusWords("did-not-attend", 18)).toBe("Did not attend");
    expect(statusWords("did-not-attend", null)).toBe("Did not attend");
    expect(ageAgainstService(6, "Emergency Department")).toBe("Child, 6 years old: check Emergency Department sees children");
    expect(ageAgainstService(42, "Emergency Department")).toBe("Adult, 42 years old");
    expect(ageAgainstService(null, "Emergency Department")).toMatch(/^Age not known/);
  });

  it("shows 111's deadline, 'Overdue: not arrived' once the arrival time plus the disposition's window has passed, and a slot later than the deadline", () => {
    const start = new Date("2027-01-12T15:00:00Z");
    const due = new Date("2027-01-12T14:30:00Z");
    const at = (iso: string) => bookingDeadline({ start, status: "booked", dispositionDueAt: due, timeframeMinutes: 60 }, new Date(iso));
    expect(at("2027-01-12T15:59:00Z")).toEqual({ dueAt: due.toISOString(), overdueAt: "2027-01-12T16:00:00.000Z", overdue: false, slotAfterDue: true });
    expect(at("2027-01-12T16:00:00Z").overdue).toBe(true);
    expect(bookingDeadline({ start, status: "arrived", dispositionDueAt: due, timeframeMinutes: 60 }, new Date("2027-01-12T18:00:00Z")).overdue).toBe(false);
    // No timeframe from 111: nothing is guessed.
    expect(bookingDeadline({ start, status: "booked", dispositionDueAt: null, timeframeMinutes: null }, new Date("2027-01-13T18:00:00Z"))).toEqual({ dueAt: null, overdueAt: null, overdue: false, slotAfterDue: false });
    const words = deadlineText({ status: "booked", due: at("2027-01-12T16:05:00Z") }, "2027-01-12");
    expect(words).toEqual(["111 deadline: 14:30", "Booked later than 111's deadline: check with 111 or see sooner", "Overdue: not arrived (expected by 16:00)"]);
  });

  it("never shows a missing report or disposition as nothing", () => {
    expect(summaryText(row({ start: "2026-11-23T10:00:00Z" }), "2026-11-23")).toBe("Not received yet");
    expect(dispositionText(row({ start: "2026-11-23T10:00:00Z" }))).toBe("Not known until the 111 summary arrives");
    const received = row({ start: "2026-11-23T10:00:00Z", summary: { state: "received", receivedAt: "2026-11-23T09:00:00Z", replacedAt: null, chase: null } });
    expect(dispositionText(received)).toBe("Not sent by 111");
    expect(dispositionText({ ...received, disposition: { code: "Dx06", text: null, timeframeMinutes: 360, timeframeText: null } })).toBe("Disposition Dx06 (within 6 hours)");
    expect(allergyText("not-sent")).toMatch(/not sent by 111/i);
    expect(allergyText("no-summary")).toMatch(/unknown/i);
  });

  it("searches by name or NHS number (with or without spaces) and filters by status", () => {
    const r = row({ start: "2026-11-23T10:00:00Z" });
    expect(matchesSearch(r, "hartw")).toBe(true);
    expect(matchesSearch(r, "999 001 0005")).toBe(true);
    expect(matchesSearch(r, "9990010006")).toBe(false);
    expect(applyFilters([r, { ...r, id: "x", status: "cancelled" }], { siteId: "", serviceId: "", status: "cancelled", search: "" }).map((x) => x.id)).toEqual(["x"]);
  });
});
