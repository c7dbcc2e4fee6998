import type { Report } from "./provider-reports";

/**
 * Small-number suppression for report downloads, primary and secondary (HAZ-097).
 *
 * Primary: a count of 1 to 4 could identify a patient, so it is shown as "<5". That alone is not enough: in a row
 * where Bookings is 10 and Unknown is 9, the hidden "With a deadline" is 1 by subtraction, and the same holds down a
 * column against the total row. Secondary: wherever a sum (a row's total and its parts, or a column's rows and its
 * total) would have exactly one hidden count, the smallest other count in it is hidden too ("*"), preferring a
 * non-zero part to a zero or to the total, and repeated until no sum has exactly one hidden count. Then no hidden
 * count can be worked out by subtraction from the ones shown.
 */
export type Suppression = "primary" | "secondary";

/** A cell: the row's index in `report.rows`, or -1 for the total row, and the column key. */
export const cellKey = (row: number, column: string) => `${row}:${column}`;

export function isSmallCount(n: number | null | undefined): boolean {
  return typeof n === "number" && n >= 1 && n <= 4;
}

/** The sums a report's cells obey: each row's declared totals, and each count column down the rows to the total. */
export function reportEquations(report: Report): string[][] {
  const counts = report.columns.filter((c) => !c.percentOf).map((c) => c.key);
  const rows = [...report.rows.map((_, i) => i), -1];
  const equations: string[][] = [];
  for (const r of rows) for (const s of report.sums ?? []) equations.push([s.total, ...s.parts].map((k) => cellKey(r, k)));
  if (report.rows.length > 0) for (const k of counts) equations.push(rows.map((r) => cellKey(r, k)));
  return equations;
}

function valueOf(report: Report, key: string): number {
  const [r, column] = [Number(key.slice(0, key.indexOf(":"))), key.slice(key.indexOf(":") + 1)];
  const row = r === -1 ? report.total : report.rows[r];
  return row?.values[column] ?? 0;
}

/** Which count cells a download hides, and why. Percentages are handled by the caller (hidden with either count). */
export function suppressedCells(report: Report): Map<string, Suppression> {
  const hidden = new Map<string, Suppression>();
  const counts = report.columns.filter((c) => !c.percentOf).map((c) => c.key);
  [...report.rows, report.total].forEach((row, i) => {
    const r = i === report.rows.length ? -1 : i;
    for (const k of counts) if (isSmallCount(row.values[k])) hidden.set(cellKey(r, k), "primary");
  });
  if (hidden.size === 0) return hidden;
  const equations = reportEquations(report);
  // Each pass hides at least one more cell, so this ends within the number of cells.
  for (let changed = true; changed; ) {
    changed = false;
    for (const eq of equations) {
      const hiddenHere = eq.filter((k) => hidden.has(k));
      if (hiddenHere.length !== 1) continue;
      const pick = eq
        .filter((k) => !hidden.has(k))
        .map((k) => ({ k, v: valueOf(report, k), total: isTotalCell(eq, k) }))
        .sort((a, b) => Number(a.v === 0) - Number(b.v === 0) || Number(a.total) - Number(b.total) || a.v - b.v)[0];
      if (!pick) continue;
      hidden.set(pick.k, "secondary");
      changed = true;
    }
  }
  return hidden;
}

/** The total of a sum: a row sum's first cell, or a column's total row. */
function isTotalCell(eq: string[], key: string): boolean {
  return key === eq[0] || key.startsWith("-1:");
}
