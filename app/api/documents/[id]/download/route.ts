import { withStaff } from "@/lib/auth/with-staff";
import { downloadClinicalDocument } from "@/lib/clinical/download-document";
import { NON_PAGE_CONTENT_SECURITY_POLICY } from "@/lib/security/content-security-policy";

export const dynamic = "force-dynamic";

/** The original 111 report as received. Clinicians only (clerks are refused and the refusal audited); always a download, never rendered. */
export const GET = withStaff<{ params: Promise<{ id: string }> }>(["clinician", "clerk"], async (_req, staff, ctx) => {
  const { id } = await ctx.params;
  const file = await downloadClinicalDocument(id, staff);
  return new Response(file.content, {
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": NON_PAGE_CONTENT_SECURITY_POLICY,
    },
  });
});
