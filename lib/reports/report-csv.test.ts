import { describe, expect, it } from "vitest";
import { reportCsv, SECONDARY_NOTE, suppressCount } from "./report-csv";
import { londonDays } from "./report-filter";
import type { Report } from "./provider-reports";

describe("report exports", () => {
  it("shows counts of 1 to 4 as <5, and 0 and 5 as they are", () => {
    expect([0, 1, 4, 5, 120].map(suppressCount)).toEqual(["0", "<5", "<5", "5", "120"]);
  });

  it("withholds a percentage worked out from a small count", () => {
    const report: Report = {
      id: "rep-prov-02",
      title: "t",
      description: "d",
      notes: [],
      columns: [
        { key: "received", label: "Referrals received" },
        { key: "linked", label: "Linked" },
        { key: "pct", label: "Linked (%)", percentOf: { numerator: "linked", denominator: "received" } },
      ],
      rows: [
        { date: "2026-03-29", values: { received: 10, linked: 3, pct: 30 } },
        { date: "2026-03-30", values: { received: 10, linked: 5, pct: 50 } },
        { date: "2026-03-31", values: { received: 0, linked: 0, pct: null } },
      ],
      total: { date: "Total", values: { received: 20, linked: 8, pct: 40 } },
    };
    expect(reportCsv(report).split("\r\n")).toEqual([
      "Date,Referrals received,Linked,Linked (%)",
      "2026-03-29,10,<5,<5",
      // 5 is withheld too: otherwise the total's 8 - 5 - 0 gives away the 3.
      "2026-03-30,10,*,<5",
      "2026-03-31,0,0,",
      "Total,20,8,40.0",
      SECONDARY_NOTE,
      "",
    ]);
  });
});

describe("London days", () => {
  it("gives 23 and 25 hour days at the clock changes", () => {
    const hours = (from: string) => londonDays(from, from).map((d) => (d.end.getTime() - d.start.getTime()) / 3_600_000)[0];
    expect(hours("2026-03-29")).toBe(23);
    expect(hours("2026-10-25")).toBe(25);
    expect(hours("2026-06-01")).toBe(24);
    expect(londonDays("2026-03-28", "2026-03-30").map((d) => d.start.toISOString())).toEqual([
      "2026-03-28T00:00:00.000Z",
      "2026-03-29T00:00:00.000Z",
      "2026-03-29T23:00:00.000Z",
    ]);
  });
});
