import { describe, expect, it } from "vitest";
import { previewRows } from "./preview-rows";

const at = (hhmm: string) => `2027-01-12T${hhmm}:00.000Z`;
let n = 0;
const place = (hhmm: string) => ({ id: `s${++n}`, start: at(hhmm), end: at(hhmm) });
const held = (hhmm: string, reason: string) => ({ ...place(hhmm), reason, otherReasons: [] });
const TAKEN = "The slot is already booked";

describe("previewRows", () => {
  it("lists a half-booked time once, as offered, with how many of its places are free", () => {
    const rows = previewRows({ offered: [place("10:00")], withheld: [held("10:00", TAKEN)] });
    expect(rows.offered).toEqual([expect.objectContaining({ start: at("10:00"), free: 1, places: 2 })]);
    expect(rows.withheld).toEqual([]);
  });

  it("lists a fully booked time once, as not offered, with the count of places", () => {
    const rows = previewRows({ offered: [place("11:00")], withheld: [held("10:00", TAKEN), held("10:00", TAKEN)] });
    expect(rows.offered.map((r) => r.start)).toEqual([at("11:00")]);
    expect(rows.withheld).toEqual([expect.objectContaining({ start: at("10:00"), count: 2, reason: TAKEN })]);
  });

  it("never lists a start time in both lists, and keeps each list in time order", () => {
    const offered = [place("09:00"), place("12:00"), place("10:00"), place("10:00")];
    const withheld = [held("12:00", TAKEN), held("11:00", "The slot starts too soon (minimum notice)"), held("10:00", "The slot has been blocked by the department"), held("08:00", TAKEN)];
    const rows = previewRows({ offered, withheld });
    const o = rows.offered.map((r) => r.start);
    const w = rows.withheld.map((r) => r.start);
    expect(o.filter((s) => w.includes(s))).toEqual([]);
    expect(o).toEqual([at("09:00"), at("10:00"), at("12:00")]);
    expect(w).toEqual([at("08:00"), at("11:00")]);
    expect(rows.offered.find((r) => r.start === at("10:00"))).toMatchObject({ free: 2, places: 3 });
  });

  it("lists a time whose places are withheld for different reasons once, with every reason", () => {
    const rows = previewRows({ offered: [], withheld: [held("10:00", TAKEN), held("10:00", "The slot has been blocked by the department"), held("10:00", TAKEN)] });
    expect(rows.withheld).toEqual([expect.objectContaining({ start: at("10:00"), count: 3, reason: TAKEN, otherReasons: ["The slot has been blocked by the department"] })]);
  });
});
