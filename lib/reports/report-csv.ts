import type { Report, ReportRow } from "./provider-reports";
import { cellKey, isSmallCount, suppressedCells, type Suppression } from "./small-number-suppression";

/** Small numbers could identify a patient: in exports a count of 1 to 4 is shown as "<5". */
export function suppressCount(n: number | null): string {
  if (n === null) return "";
  return isSmallCount(n) ? "<5" : String(n);
}

/** What a secondarily suppressed count is shown as, and the line explaining it. */
export const SECONDARY_MARK = "*";
export const SECONDARY_NOTE = "* Withheld so that a count under 5 cannot be worked out from the other figures";

/**
 * A row's cells for export: counts of 1 to 4 shown as "<5", counts withheld so a small one cannot be worked out by
 * subtraction shown as "*" (lib/reports/small-number-suppression.ts), and a percentage withheld when either of its
 * counts is. `row` is the index in report.rows, or -1 for the total.
 */
export function exportCells(report: Report, row: ReportRow, rowIndex = report.rows.indexOf(row), hidden: Map<string, Suppression> = suppressedCells(report)): string[] {
  const mark = (key: string): string | null => {
    const h = hidden.get(cellKey(rowIndex, key));
    return h === "primary" ? "<5" : h === "secondary" ? SECONDARY_MARK : null;
  };
  return report.columns.map((c) => {
    const v = row.values[c.key];
    if (!c.percentOf) return mark(c.key) ?? (v === null ? "" : String(v));
    const withheld = mark(c.percentOf.numerator) ?? mark(c.percentOf.denominator);
    if (withheld) return "<5";
    return v === null ? "" : v.toFixed(1);
  });
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? "'" : "") + s.replace(/"/g, '""')}"` : s;
}

/**
 * The report as CSV: one row per London date (YYYY-MM-DD) or per labelled row (hour, bucket, reason), then the
 * total, then any single figures (a median), withheld when they rest on fewer than 5 counts, then the note on "*"
 * when any count was withheld to protect a small one.
 */
export function reportCsv(report: Report): string {
  const hidden = suppressedCells(report);
  const lines = [[report.rowHeading ?? "Date", ...report.columns.map((c) => c.label)]];
  report.rows.forEach((row, i) => lines.push([row.label ?? row.date, ...exportCells(report, row, i, hidden)]));
  lines.push([report.total.label ?? report.total.date, ...exportCells(report, report.total, -1, hidden)]);
  for (const s of report.summary ?? []) lines.push([`${s.label}${s.unit ? ` (${s.unit})` : ""}`, isSmallCount(s.basedOn) ? "<5" : s.value === null ? "" : String(s.value)]);
  if ([...hidden.values()].includes("secondary")) lines.push([SECONDARY_NOTE]);
  return lines.map((l) => l.map(csvField).join(",")).join("\r\n") + "\r\n";
}
