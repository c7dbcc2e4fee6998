import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { Forbidden, NotFound } from "../errors";
import { BARS_SOURCE } from "./bars/stored-bars-summary";

/**
 * The original report as received (the stored XML). Clinicians only; every download is audited with who
 * took it. Served as an attachment so the browser never renders it.
 */
export async function downloadClinicalDocument(recordId: string, actor: StaffActor): Promise<{ filename: string; content: string }> {
  if (actor.role !== "clinician") {
    await recordAudit(actor, { action: "document.download", entityType: "ClinicalDocument", entityId: recordId, outcome: "refused" });
    throw new Forbidden("Only clinicians can download the original 111 report");
  }
  const row = await db().clinicalDocument.findUnique({ where: { id: recordId }, select: { id: true, documentId: true, content: true, nhsNumber: true, appointmentId: true, state: true, source: true } });
  if (!row) throw new NotFound("No clinical document with that reference");
  await recordAudit(actor, { action: "document.download", entityType: "ClinicalDocument", entityId: row.id, patientNhsNumber: row.nhsNumber, detail: { bookingId: row.appointmentId, state: row.state } });
  // A BaRS referral: the message Bundle as 111 sent it (JSON, whichever format it came in).
  if (row.source === BARS_SOURCE) return { filename: `nhs111-referral-${row.documentId.replace(/[^A-Za-z0-9-]/g, "")}.json`, content: JSON.stringify((JSON.parse(row.content) as { bundle: unknown }).bundle, null, 2) };
  return { filename: `nhs111-report-${row.documentId.replace(/[^A-Za-z0-9-]/g, "")}.xml`, content: row.content };
}
