import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Report } from "./provider-reports";
import { reportCsv, SECONDARY_NOTE } from "./report-csv";

/** The shape of the disposition-deadline report: Bookings = With a deadline + Unknown, With a deadline = Within + After. */
function deadlineReport(rows: { within: number; late: number; unknown: number }[]): Report {
  const values = (r: { within: number; late: number; unknown: number }) => ({ bookings: r.within + r.late + r.unknown, known: r.within + r.late, within: r.within, late: r.late, unknown: r.unknown });
  const sum = rows.reduce((t, r) => ({ within: t.within + r.within, late: t.late + r.late, unknown: t.unknown + r.unknown }), { within: 0, late: 0, unknown: 0 });
  return {
    id: "disposition-deadline",
    title: "t",
    description: "d",
    notes: [],
    columns: [
      { key: "bookings", label: "Bookings" },
      { key: "known", label: "With a deadline" },
      { key: "within", label: "Within" },
      { key: "late", label: "After" },
      { key: "unknown", label: "Unknown" },
      { key: "latePercent", label: "After (%)", percentOf: { numerator: "late", denominator: "known" } },
    ],
    sums: [
      { total: "bookings", parts: ["known", "unknown"] },
      { total: "known", parts: ["within", "late"] },
    ],
    rows: rows.map((r, i) => ({ date: `2026-11-${String(i + 1).padStart(2, "0")}`, values: { ...values(r), latePercent: null } })),
    total: { date: "Total", values: { ...values(sum), latePercent: null } },
  };
}

const COLS = ["bookings", "known", "within", "late", "unknown"] as const;

/** The exported grid (rows then the total), each count cell a number or null when withheld. */
function exported(report: Report): (number | null)[][] {
  const lines = reportCsv(report).split("\r\n").filter(Boolean).slice(1, report.rows.length + 2);
  return lines.map((l) => l.split(",").slice(1, 1 + COLS.length).map((c) => (/^\d+$/.test(c) ? Number(c) : null)));
}

/** Every sum a reader of the download knows holds: each row's two, and each column down to the total. */
function equations(rowCount: number): [number, number][][] {
  const col = (k: (typeof COLS)[number]) => COLS.indexOf(k);
  const eqs: [number, number][][] = [];
  for (let r = 0; r <= rowCount; r++) {
    eqs.push([[r, col("bookings")], [r, col("known")], [r, col("unknown")]]);
    eqs.push([[r, col("known")], [r, col("within")], [r, col("late")]]);
  }
  if (rowCount > 0) for (let c = 0; c < COLS.length; c++) eqs.push(Array.from({ length: rowCount + 1 }, (_, r) => [r, c] as [number, number]));
  return eqs;
}

const count = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 }));
const rowsArb = fc.array(fc.record({ within: count, late: count, unknown: count }), { minLength: 0, maxLength: 7 });

describe("small-number suppression in report downloads", () => {
  it("hides a count derivable by subtraction: 10 bookings and 9 unknown no longer give away 1 with a deadline", () => {
    const lines = reportCsv(deadlineReport([{ within: 1, late: 0, unknown: 9 }, { within: 20, late: 6, unknown: 10 }])).split("\r\n");
    const first = lines[1].split(",");
    expect(first.slice(1, 6)).not.toEqual(["10", "<5", "<5", "0", "9"]);
    expect(first[2]).toBe("<5");
    // Bookings or Unknown is withheld too, so 10 - 9 can no longer be worked out.
    expect(first[1] === "*" || first[5] === "*").toBe(true);
    expect(lines).toContain(SECONDARY_NOTE);
  });

  it("no withheld count can be worked out by subtraction from the others in its row or column, or from the total (property)", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const report = deadlineReport(rows);
        const grid = exported(report);
        const truth = [...report.rows, report.total].map((r) => COLS.map((k) => r.values[k] as number));
        // Every count of 1 to 4 is withheld; every count shown is the true count.
        truth.forEach((row, r) => row.forEach((v, c) => (v >= 1 && v <= 4 ? expect(grid[r][c]).toBeNull() : grid[r][c] !== null && expect(grid[r][c]).toBe(v))));
        // No sum has exactly one withheld cell (that cell would be the difference of the others).
        for (const eq of equations(rows.length)) expect(eq.filter(([r, c]) => grid[r][c] === null).length).not.toBe(1);
      }),
      { numRuns: 400 },
    );
  });

  it("shows every count when none is small, with no note", () => {
    const csv = reportCsv(deadlineReport([{ within: 5, late: 6, unknown: 7 }]));
    expect(csv).not.toContain("<5");
    expect(csv).not.toContain(SECONDARY_NOTE);
  });
});
