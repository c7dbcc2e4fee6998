import { NextResponse } from "next/server";
import { withStaff } from "@/lib/auth/with-staff";
import { exportReport } from "@/lib/reports/export-report";

/** CSV of one provider report for a London date range: counts only, small counts suppressed, audited. */
export const GET = withStaff(["manager", "admin"], async (req, staff, ctx: { params: Promise<{ report: string }> }) => {
  const { report } = await ctx.params;
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const { filename, csv } = await exportReport(report, params, staff);
  return new NextResponse(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"` },
  });
});
