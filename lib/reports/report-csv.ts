import type { Report, ReportRow } from "./provider-reports";

/** Small numbers could identify a patient: in exports a count of 1 to 4 is shown as "<5". */
export function suppressCount(n: number | null): string {
  if (n === null) return "";
  return n >= 1 && n <= 4 ? "<5" : String(n);
}

function isSmall(n: number | null | undefined): boolean {
  return typeof n === "number" && n >= 1 && n <= 4;
}

/** A row's cells for export: counts suppressed, and a percentage withheld when either of its counts is small. */
export function exportCells(report: Report, row: ReportRow): string[] {
  return report.columns.map((c) => {
    const v = row.values[c.key];
    if (!c.percentOf) return suppressCount(v);
    if (isSmall(row.values[c.percentOf.numerator]) || isSmall(row.values[c.percentOf.denominator])) return "<5";
    return v === null ? "" : v.toFixed(1);
  });
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? "'" : "") + s.replace(/"/g, '""')}"` : s;
}

/**
 * The report as CSV: one row per London date (YYYY-MM-DD) or per labelled row (hour, bucket, reason), then the
 * total, then any single figures (a median), withheld when they rest on fewer than 5 counts.
 */
export function reportCsv(report: Report): string {
  const lines = [[report.rowHeading ?? "Date", ...report.columns.map((c) => c.label)]];
  for (const row of [...report.rows, report.total]) lines.push([row.label ?? row.date, ...exportCells(report, row)]);
  for (const s of report.summary ?? []) lines.push([`${s.label}${s.unit ? ` (${s.unit})` : ""}`, isSmall(s.basedOn) ? "<5" : s.value === null ? "" : String(s.value)]);
  return lines.map((l) => l.map(csvField).join(",")).join("\r\n") + "\r\n";
}
