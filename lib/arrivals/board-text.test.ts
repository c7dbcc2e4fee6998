import { describe, expect, it } from "vitest";
import { applyFilters, matchesSearch } from "@/components/arrivals/ArrivalsBoard";
import { allergyText, dispositionText, groupByHour, summaryText } from "./board-text";
import type { BoardRow } from "./load-board";

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
    summary: { state: "not-received", receivedAt: null, replacedAt: null },
    summaryChange: null,
    disposition: null,
    flags: null,
    unseen: null,
    openedByAnyone: false,
    otherActiveBookings: [],
    ...over,
  };
}

describe("the board's words", () => {
  it("groups by London clock hour and tells the two 01:00 hours of the October change apart", () => {
    const groups = groupByHour([row({ start: "2026-10-25T00:15:00Z" }), row({ start: "2026-10-25T01:15:00Z" }), row({ start: "2026-10-25T02:30:00Z" })]);
    expect(groups.map((g) => g.label)).toEqual(["01:00 to 01:59 BST", "01:00 to 01:59 GMT", "02:00 to 02:59"]);
  });

  it("never shows a missing report or disposition as nothing", () => {
    expect(summaryText(row({ start: "2026-11-23T10:00:00Z" }))).toBe("Not received yet");
    expect(dispositionText(row({ start: "2026-11-23T10:00:00Z" }))).toBe("Not known until the 111 summary arrives");
    const received = row({ start: "2026-11-23T10:00:00Z", summary: { state: "received", receivedAt: "2026-11-23T09:00:00Z", replacedAt: null } });
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
