import type { StaffActor } from "../auth/actor";
import { recordAudit } from "../audit/record-audit";
import { InvalidInput, NotFound } from "../errors";
import { isAnyReportId, runAnyReport } from "./report-registry";
import { reportCsv } from "./report-csv";
import { parseReportFilter } from "./report-filter";

/** One report as a CSV download, with small counts suppressed; every export is recorded in the audit log. */
export async function exportReport(reportId: string, params: Record<string, string | undefined>, actor: StaffActor): Promise<{ filename: string; csv: string }> {
  if (!isAnyReportId(reportId)) throw new NotFound("There is no such report");
  const parsed = parseReportFilter(params);
  if (!parsed.success) {
    throw new InvalidInput(
      "Check the dates and filters",
      Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message])),
    );
  }
  const filter = parsed.data;
  const report = await runAnyReport(reportId, filter);
  await recordAudit(actor, { action: "report.export", entityType: "Report", entityId: reportId, detail: { ...filter } });
  return { filename: `${reportId}_${filter.from}_to_${filter.to}.csv`, csv: reportCsv(report) };
}
