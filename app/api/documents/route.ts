import { NextResponse } from "next/server";
import { withStaff } from "@/lib/auth/with-staff";
import { readBody } from "@/lib/doors/http/read-body";
import { MAX_UPLOADED_DOCUMENT_BYTES, receiveUploadedDocument } from "@/lib/clinical/receive-clinical-document";
import { DOCUMENT_STATE_TEXT, REVIEW_REASON_TEXT } from "@/lib/clinical/store/document-states";

export const dynamic = "force-dynamic";

/**
 * A clerk uploads a 111 report received another way (e-mail, a failed ITK delivery): the body is one bare
 * ClinicalDocument XML. It goes through the same receiving as ITK. Malformed XML or a DOCTYPE is refused (400).
 */
export const POST = withStaff(["clerk"], async (req, staff) => {
  const body = await readBody(req, MAX_UPLOADED_DOCUMENT_BYTES);
  if (!body.ok) return NextResponse.json({ error: body.problem.kind === "too-large" ? "The file is too large (5 MB at most)" : body.problem.detail }, { status: body.problem.kind === "too-large" ? 413 : 400 });
  if (!body.text.trim()) return NextResponse.json({ error: "Choose a ClinicalDocument XML file to upload" }, { status: 400 });
  const r = await receiveUploadedDocument(body.text, { actor: staff });
  const message =
    r.outcome === "duplicate"
      ? "This report was already received. Nothing new was stored."
      : r.state === "needs-review"
        ? `Stored. It needs checking: ${r.reviewReason ? REVIEW_REASON_TEXT[r.reviewReason] : "see the list"}.`
        : `Stored. ${DOCUMENT_STATE_TEXT[r.state]}.`;
  return NextResponse.json({ ...r, message }, { status: r.outcome === "duplicate" ? 200 : 201 });
});
