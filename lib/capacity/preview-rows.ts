/**
 * "What 111 sees now" as rows for the clerk, one per start time and in one list only: a time with any place 111
 * can book is Offered (with how many of its places are free), even when its other places are booked or held;
 * a time with no place 111 can book is Not offered, with the reason. Parallel places share a start time, so
 * without this a half-booked time was listed as both offered and not offered.
 */
import type { WhatOneOneOneSees } from "./preview-what-111-sees";

export interface OfferedRow {
  id: string;
  start: string;
  /** Places 111 can book at this time. */
  free: number;
  /** All places at this time, booked or withheld included. */
  places: number;
}

export interface WithheldRow {
  id: string;
  start: string;
  count: number;
  reason: string;
  otherReasons: string[];
}

export function previewRows(data: Pick<WhatOneOneOneSees, "offered" | "withheld">): { offered: OfferedRow[]; withheld: WithheldRow[] } {
  const offered = new Map<string, OfferedRow>();
  for (const s of data.offered) {
    const row = offered.get(s.start);
    if (row) {
      row.free++;
      row.places++;
    } else offered.set(s.start, { id: s.id, start: s.start, free: 1, places: 1 });
  }
  const withheld = new Map<string, WithheldRow>();
  for (const w of data.withheld) {
    const atOffered = offered.get(w.start);
    if (atOffered) {
      atOffered.places++;
      continue;
    }
    // One row per time: places at one time withheld for different reasons add theirs to "Also".
    const row = withheld.get(w.start);
    if (!row) withheld.set(w.start, { id: w.id, start: w.start, count: 1, reason: w.reason, otherReasons: [...w.otherReasons] });
    else {
      row.count++;
      for (const r of [w.reason, ...w.otherReasons]) if (r !== row.reason && !row.otherReasons.includes(r)) row.otherReasons.push(r);
    }
  }
  const byStart = <T extends { start: string }>(a: T, b: T) => a.start.localeCompare(b.start);
  return { offered: [...offered.values()].sort(byStart), withheld: [...withheld.values()].sort(byStart) };
}
