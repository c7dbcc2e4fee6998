import { NextResponse } from "next/server";
import { withStaff } from "@/lib/auth/with-staff";
import { auditCsv, auditFilter, searchAudit } from "@/lib/audit/list-audit";
import { now as clockNow } from "@/lib/time/clock";

export const dynamic = "force-dynamic";

/** CSV export of an audit search (admins). The export itself is audited; a bad filter is a 400 with the reason. */
export const GET = withStaff(["admin"], async (req, staff) => {
  const parsed = auditFilter.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return NextResponse.json({ error: parsed.error.issues[0]?.message ?? "Check the filter" }, { status: 400 });
  // The export is recorded by the search itself (audit.export, with the patient's NHS number when searched by it).
  const rows = await searchAudit(parsed.data, staff, 5000, "export");
  return new NextResponse(auditCsv(rows), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="audit-${clockNow().toISOString().slice(0, 10)}.csv"` },
  });
});
