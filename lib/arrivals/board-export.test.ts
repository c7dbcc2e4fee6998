import { describe, expect, it } from "vitest";
import { boardCsv, boardHtml, csvCell } from "./board-export";
import type { BoardData, BoardRow } from "./load-board";

const base: BoardRow = {
  id: "b1",
  start: "2027-01-12T10:40:00Z",
  serviceId: "s1",
  serviceName: "Emergency Department",
  siteId: "site1",
  siteName: "General",
  status: "booked",
  arrivedAt: null,
  cancelledAt: null,
  cancelledBy: null,
  description: "Fall at home",
  bookingOrg: "NZZ01",
  patient: { name: "Nell HARROWBY", birthDate: "1952-11-03", age: 74, gender: "female", nhsNumber: "9998793092", nhsNumberStatus: "01" },
  summary: { state: "received", receivedAt: "2027-01-12T09:00:00Z", replacedAt: null, chase: null },
  summaryChange: null,
  summaryChangedAfterRead: null,
  disposition: null,
  flags: { allergies: "recorded", safeguarding: "possible-concern", adjustments: ["=HYPERLINK(\"http://x\")", "Speak facing the patient"], otherFlags: [] },
  door: "bars",
  unseen: null,
  openedByAnyone: true,
  moved: { to: null, from: null },
  otherActiveBookings: ["b2"],
  samePatient: [{ bookingId: "b2", start: "2027-01-12T11:20:00Z", how: "verified-nhs-number", by: null }],
  possibleSamePatient: [],
  due: { dueAt: null, overdueAt: null, overdue: false, slotAfterDue: false },
};
const data = (rows: BoardRow[], seesClinical = true): BoardData => ({ window: { kind: "hours", hours: 12 }, from: "", to: "", fetchedAt: "2027-01-12T09:30:00Z", rows, services: [], seesClinical, comingNext: null });
const cells = (line: string) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replace(/""/g, '"'));

describe("the board as CSV", () => {
  it("carries 111's reasonable adjustments for clinicians, formulas defused, and never shows a missing summary as none", () => {
    const [header, ...lines] = boardCsv(data([base, { ...base, id: "b3", flags: { allergies: "recorded", safeguarding: "none-recorded", adjustments: [] } }, { ...base, id: "b4", summary: { ...base.summary, state: "not-received" }, flags: { allergies: "no-summary", safeguarding: "no-summary" } }])).trim().split("\r\n");
    const col = cells(header).indexOf("Reasonable adjustments");
    expect(col).toBeGreaterThan(0);
    expect(cells(lines[0])[col]).toBe(`'=HYPERLINK("http://x"); Speak facing the patient`);
    expect(cells(lines[1])[col]).toBe("None sent by 111");
    expect(cells(lines[2])[col]).toBe("111 summary not received");
    // Clerks' copies have no clinical columns.
    expect(cells(boardCsv(data([base], false)).split("\r\n")[0])).not.toContain("Reasonable adjustments");
  });

  it("says when the same patient has another active booking, and a possible match as not confirmed", () => {
    const [header, line, possible] = boardCsv(data([base, { ...base, samePatient: [], otherActiveBookings: [], possibleSamePatient: [{ bookingId: "b2", start: "2027-01-12T11:20:00Z" }] }], false)).split("\r\n");
    const col = cells(header).indexOf("Same patient");
    expect(cells(line)[col]).toMatch(/^Same patient has another active booking at .+ \(NHS number verified on both\)$/);
    expect(cells(possible)[col]).toMatch(/^Possibly the same patient as the booking at .+: not confirmed$/);
  });

  it("puts the same-patient line on the downtime copy too, under the patient, escaped", () => {
    const html = boardHtml(data([base, { ...base, id: "b5", patient: { ...base.patient, name: "Ann <b>QUILL</b>" }, samePatient: [], otherActiveBookings: [], possibleSamePatient: [{ bookingId: "b2", start: "2027-01-12T11:20:00Z" }] }], false), "Expected arrivals");
    expect(html).toMatch(/Nell HARROWBY<br>[^<]*<br><span class="warn">Same patient has another active booking at [^<]+ \(NHS number verified on both\)<\/span><\/td>/);
    expect(html).toMatch(/Ann &lt;b&gt;QUILL&lt;\/b&gt;<br>[^<]*<br><span class="warn">Possibly the same patient as the booking at [^<]+: not confirmed<\/span>/);
    const none = boardHtml(data([{ ...base, samePatient: [], otherActiveBookings: [] }], false), "Expected arrivals");
    expect(none).not.toMatch(/same patient/i);
  });

  it("defuses formulas after leading spaces or line breaks and in full-width forms", () => {
    for (const v of ["=1+1", "  =1+1", "\n@SUM(A1)", "\t-2", "＝1+1", "+44 7700"]) expect(csvCell(v).startsWith(`"'`), v).toBe(true);
    expect(csvCell("Speak = slowly")).toBe('"Speak = slowly"');
  });
});
