import { MONITORING_REPORT_IDS, MONITORING_RUNNERS, type MonitoringReportId } from "./monitoring-reports";
import { REPORT_IDS, runReport as runProviderReport, type Report, type ReportId } from "./provider-reports";
import type { ReportFilter } from "./report-filter";

/** Every report on the reports page, in page order: the standard's five, then the monitoring reports. */
export const ALL_REPORT_IDS = [...REPORT_IDS, ...MONITORING_REPORT_IDS] as const;
export type AnyReportId = ReportId | MonitoringReportId;

export function isAnyReportId(v: string): v is AnyReportId {
  return (ALL_REPORT_IDS as readonly string[]).includes(v);
}

export function runAnyReport(id: AnyReportId, f: ReportFilter): Promise<Report> {
  return (MONITORING_REPORT_IDS as readonly string[]).includes(id) ? MONITORING_RUNNERS[id as MonitoringReportId](f) : runProviderReport(id as ReportId, f);
}

/** One after another: a year of every report stays well inside a page load without taking the whole pool. */
export async function runEveryReport(f: ReportFilter): Promise<Report[]> {
  const out: Report[] = [];
  for (const id of ALL_REPORT_IDS) out.push(await runAnyReport(id, f));
  return out;
}
