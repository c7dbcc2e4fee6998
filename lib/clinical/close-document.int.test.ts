/**
 * HAZ-080: a report that needs checking and belongs to nobody here can be closed by a clinician with "no further
 * action" and a reason. It never vanishes: it is listed as closed, its history says who closed it and why, and it
 * can still be attached to a booking.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { bookTestPatient } from "../testing/book-test-patient";
import { testReportXml } from "../testing/test-report";
import type { StaffActor } from "../auth/actor";
import { Forbidden, InvalidInput, VersionConflict } from "../errors";
import { closeDocumentInput, closeDocumentNoFurtherAction } from "./close-document";
import { documentHistory } from "./document-history";
import { listDocumentsNeedingAttention, viewDocumentForReview } from "./list-documents";
import { receiveUploadedDocument } from "./receive-clinical-document";
import { linkDocumentToBooking } from "./review-document";

const clerk: StaffActor = { type: "staff", id: "clerk-80", name: "Sam Clerk", role: "clerk" };
const clinician: StaffActor = { type: "staff", id: "clin-80", name: "Dr Nadia Close", role: "clinician" };

/** A report without an NHS number for a booking that has one: it goes for a person to check. */
async function reportNeedingReview() {
  const doc = randomUUID();
  const booking = await bookTestPatient({ documentRefId: doc });
  const r = await receiveUploadedDocument(testReportXml({ documentId: doc, nhsNumber: null }), { actor: clerk });
  expect(r.state).toBe("needs-review");
  const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: r.recordId } });
  return { recordId: row.id, version: row.version, bookingId: booking.appointmentId };
}

beforeAll(async () => {
  await seedDemo(db());
});

describe("closing a report that needs checking with no further action (HAZ-080)", () => {
  it("a clinician closes it with a reason: audited, in its history, and listed as closed, not gone", async () => {
    const { recordId, version } = await reportNeedingReview();
    const before = await listDocumentsNeedingAttention(clinician);
    expect(before.needsReview.map((d) => d.id)).toContain(recordId);

    await closeDocumentNoFurtherAction({ recordId, expectedVersion: version, reason: "Test message from 111, confirmed by phone" }, clinician);

    const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: recordId } });
    expect(row).toMatchObject({ state: "closed-no-action", resolution: "no-further-action", resolutionNote: "Test message from 111, confirmed by phone", resolvedById: clinician.id });
    const audit = await db().auditEvent.findMany({ where: { action: "document.close-no-action", entityId: recordId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: clinician.id, reason: "Test message from 111, confirmed by phone" });

    const lists = await listDocumentsNeedingAttention(clinician);
    expect(lists.needsReview.map((d) => d.id)).not.toContain(recordId);
    const closed = lists.closedNoAction.find((d) => d.id === recordId);
    expect(closed?.closedNoAction).toMatchObject({ reason: "Test message from 111, confirmed by phone" });
    // A clerk sees the closed list too: nothing vanishes from anyone's view.
    expect((await listDocumentsNeedingAttention(clerk)).closedNoAction.map((d) => d.id)).toContain(recordId);

    const { entries } = await documentHistory(recordId);
    expect(entries.at(-1)).toMatchObject({ what: "Closed by a clinician: no further action", by: "Dr Nadia Close (clinician)", reason: "Test message from 111, confirmed by phone" });
  });

  it("needs a reason, and refuses a clerk; neither changes the report", async () => {
    const { recordId, version } = await reportNeedingReview();
    expect(closeDocumentInput.safeParse({ recordId, expectedVersion: version, reason: "   " }).success).toBe(false);
    await expect(closeDocumentNoFurtherAction({ recordId, expectedVersion: version, reason: " " }, clinician)).rejects.toBeInstanceOf(InvalidInput);
    await expect(closeDocumentNoFurtherAction({ recordId, expectedVersion: version, reason: "Not ours" }, clerk)).rejects.toBeInstanceOf(Forbidden);
    expect(await db().clinicalDocument.findUniqueOrThrow({ where: { id: recordId } })).toMatchObject({ state: "needs-review", version });
    expect(await db().auditEvent.count({ where: { action: "document.close-no-action", entityId: recordId } })).toBe(0);
  });

  it("refuses a stale version or a report already dealt with", async () => {
    const { recordId, version } = await reportNeedingReview();
    await expect(closeDocumentNoFurtherAction({ recordId, expectedVersion: version + 5, reason: "Duplicate" }, clinician)).rejects.toBeInstanceOf(VersionConflict);
    await closeDocumentNoFurtherAction({ recordId, expectedVersion: version, reason: "Duplicate" }, clinician);
    await expect(closeDocumentNoFurtherAction({ recordId, expectedVersion: version + 1, reason: "Duplicate again" }, clinician)).rejects.toBeInstanceOf(VersionConflict);
    expect(await db().auditEvent.count({ where: { action: "document.close-no-action", entityId: recordId } })).toBe(1);
  });

  it("a closed report can still be attached to its booking; the close stays in its history", async () => {
    const { recordId, version, bookingId } = await reportNeedingReview();
    await closeDocumentNoFurtherAction({ recordId, expectedVersion: version, reason: "Thought to be a duplicate" }, clinician);
    await linkDocumentToBooking({ recordId, bookingId, expectedVersion: version + 1, confirmed: true, note: "It was this patient after all" }, clinician);
    const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: recordId } });
    expect(row).toMatchObject({ state: "linked", appointmentId: bookingId, resolution: null, resolvedAt: null });
    expect((await listDocumentsNeedingAttention(clinician)).closedNoAction.map((d) => d.id)).not.toContain(recordId);
    const review = await viewDocumentForReview(recordId, clinician);
    expect(review.history.entries.map((e) => e.what)).toEqual(expect.arrayContaining(["Closed by a clinician: no further action", "Linked to a booking by a member of staff"]));
  });
});
