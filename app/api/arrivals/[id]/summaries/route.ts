import { NextResponse } from "next/server";
import { withStaff } from "@/lib/auth/with-staff";
import { readBodyBytes } from "@/lib/doors/http/read-body";
import { attachOtherRouteSummary, MAX_OTHER_ROUTE_BYTES } from "@/lib/arrivals/other-route-summary";

export const dynamic = "force-dynamic";

const header = (req: Request, name: string) => {
  const v = req.headers.get(name) ?? "";
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};

/**
 * Attach a 111 summary that came another way (HAZ-072): the body is the PDF or HTML file itself, bounded while it
 * is read; `X-Summary-Filename` and `X-Summary-Received-How` (URI-encoded) say what it is and how it came.
 */
export const POST = withStaff<{ params: Promise<{ id: string }> }>(["clerk", "clinician"], async (req, staff, ctx) => {
  const { id } = await ctx.params;
  const body = await readBodyBytes(req, MAX_OTHER_ROUTE_BYTES);
  if (!body.ok) return NextResponse.json({ error: body.problem.kind === "too-large" ? "The file is too large (5 MB at most)" : body.problem.detail }, { status: body.problem.kind === "too-large" ? 413 : 400 });
  const row = await attachOtherRouteSummary(
    { appointmentId: id, mediaType: req.headers.get("content-type") ?? "", filename: header(req, "x-summary-filename"), receivedHow: header(req, "x-summary-received-how"), bytes: body.bytes },
    staff,
  );
  return NextResponse.json({ ...row, message: `Attached: ${row.filename}, received by another route.` }, { status: 201 });
});
