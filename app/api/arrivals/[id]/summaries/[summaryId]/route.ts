import { withStaff } from "@/lib/auth/with-staff";
import { openOtherRouteSummary } from "@/lib/arrivals/other-route-summary";
import { NON_PAGE_CONTENT_SECURITY_POLICY } from "@/lib/security/content-security-policy";

export const dynamic = "force-dynamic";

/**
 * A 111 summary received by another route, as a download only (never rendered by the browser here): a PDF as
 * itself, an HTML page as the plain text the booking page shows. Clinicians only; clerks are refused and the
 * refusal audited; every download audited.
 */
export const GET = withStaff<{ params: Promise<{ id: string; summaryId: string }> }>(["clinician", "clerk"], async (_req, staff, ctx) => {
  const { id, summaryId } = await ctx.params;
  const s = await openOtherRouteSummary(summaryId, staff, id);
  const pdf = s.pdf !== null;
  const filename = pdf ? s.row.filename : s.row.filename.replace(/\.html$/i, "") + ".txt";
  return new Response(pdf ? new Uint8Array(s.pdf!) : (s.text ?? ""), {
    headers: {
      "Content-Type": pdf ? "application/pdf" : "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/["\\\r\n]/g, "")}"`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": NON_PAGE_CONTENT_SECURITY_POLICY,
      "Cross-Origin-Resource-Policy": "same-origin",
      "Referrer-Policy": "no-referrer",
    },
  });
});
