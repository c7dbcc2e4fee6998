import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { testNhsNumber } from "../nhs/nhs-number";
import { bookTestPatient } from "../testing/book-test-patient";
import { testReportXml } from "../testing/test-report";
import type { StaffActor } from "../auth/actor";
import { loadBoard } from "../arrivals/load-board";
import { summaryChangeText } from "../arrivals/board-text";
import { viewBooking } from "../arrivals/view-booking";
import { receiveUploadedDocument } from "./receive-clinical-document";
import { linkDocumentToBooking } from "./review-document";
import { viewDocumentForReview } from "./list-documents";

/**
 * Issue 12, point 2: a report that changes what a clinician has seen re-alerts, and a changed replacement of a
 * report already attached to a booking goes to a person to confirm. SQLite and, with TEST_POSTGRES_URL, PostgreSQL.
 */
const clinician: StaffActor = { type: "staff", id: "clin-chg", name: "Dr Reader", role: "clinician" };
const clinician2: StaffActor = { type: "staff", id: "clin-chg2", name: "Dr Other", role: "clinician" };
const clerk: StaffActor = { type: "staff", id: "clerk-chg", name: "Sam Clerk", role: "clerk" };
const window72 = { kind: "hours" as const, hours: 72 };
const boardRow = async (id: string, actor: StaffActor = clinician) => (await loadBoard(window72, actor)).rows.find((r) => r.id === id)!;
const documentOf = (recordId: string) => db().clinicalDocument.findUniqueOrThrow({ where: { id: recordId } });

const patientFor = (seed: number) => ({ nhsNumber: testNhsNumber(713_000 + seed), family: `Brightwell${"abcdefghij"[seed]}`, given: "Alex", birthDate: "1979-08-21" });

describe("changed or late 111 reports re-alert", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("sends a changed replacement of a report a clinician has read to a person, keeps the earlier one shown, and highlights the booking with what changed until the clinician opens it again", async () => {
    const p = patientFor(1);
    const documentId = randomUUID();
    const setId = randomUUID();
    const b = await bookTestPatient({ documentRefId: documentId, patient: p });
    const report = (o: { documentId: string; versionNumber: number; allergiesXml: string }) => testReportXml({ ...o, setId, nhsNumber: p.nhsNumber, family: p.family, given: p.given, birthDate: p.birthDate });
    const v1 = await receiveUploadedDocument(report({ documentId, versionNumber: 1, allergiesXml: "No known allergies" }), { actor: clerk });
    expect(v1.state).toBe("linked");
    await viewBooking(b.appointmentId, clinician);
    expect((await boardRow(b.appointmentId)).unseen).toBeNull();

    const v2 = await receiveUploadedDocument(report({ documentId: randomUUID(), versionNumber: 2, allergiesXml: "Penicillin: anaphylaxis" }), { actor: clerk });
    expect(v2).toMatchObject({ redelivery: "replacement", state: "needs-review", reviewReason: "replaces-linked-report", bookingId: null });
    expect(await documentOf(v1.recordId)).toMatchObject({ state: "linked", appointmentId: b.appointmentId });
    expect((await documentOf(v2.recordId)).candidateIds).toBe(b.appointmentId);

    const waiting = await boardRow(b.appointmentId);
    expect(waiting).toMatchObject({ unseen: "changed", summaryChange: { kind: "replacement-waiting", parts: ["allergies"] } });
    expect(waiting.flags?.allergies).toBe("no-known-allergies");
    expect((await boardRow(b.appointmentId, clerk)).summaryChange).toEqual({ kind: "replacement-waiting", parts: [] });
    const page = await viewBooking(b.appointmentId, clinician);
    expect(page.documents.shown?.recordId).toBe(v1.recordId);
    expect(page.documents.pendingReplacement).toMatchObject({ recordId: v2.recordId, parts: ["allergies"] });
    expect((await viewDocumentForReview(v2.recordId, clinician)).replaces).toMatchObject({ recordId: v1.recordId, bookingId: b.appointmentId, parts: ["allergies"] });

    // A person confirms: the new version is current, the earlier kept as superseded.
    await linkDocumentToBooking({ recordId: v2.recordId, bookingId: b.appointmentId, expectedVersion: (await documentOf(v2.recordId)).version, confirmed: true, note: "" }, clerk);
    expect(await documentOf(v2.recordId)).toMatchObject({ state: "linked", appointmentId: b.appointmentId });
    expect(await documentOf(v1.recordId)).toMatchObject({ state: "superseded", supersededById: v2.recordId });

    const changed = await boardRow(b.appointmentId);
    expect(changed).toMatchObject({ unseen: "changed", summaryChange: { kind: "replaced", parts: ["allergies"] }, flags: { allergies: "recorded" } });
    expect(summaryChangeText(changed.summaryChange!).title).toBe("Summary changed since you opened it");
    expect(summaryChangeText(changed.summaryChange!).detail).toBe("What changed: allergies.");
    const reopened = await viewBooking(b.appointmentId, clinician);
    expect(reopened.summaryChange).toMatchObject({ kind: "replaced", parts: ["allergies"] });
    expect(reopened.documents.shown?.recordId).toBe(v2.recordId);
    expect(await boardRow(b.appointmentId)).toMatchObject({ unseen: null, summaryChange: null });
    // Someone who never opened it sees it as new, not as changed.
    expect(await boardRow(b.appointmentId, clinician2)).toMatchObject({ unseen: "new", summaryChange: null });
  });

  it("replaces automatically, without alerting, a later version that says the same thing clinically", async () => {
    const p = patientFor(2);
    const documentId = randomUUID();
    const setId = randomUUID();
    const b = await bookTestPatient({ documentRefId: documentId, patient: p });
    const report = (id: string, versionNumber: number) => testReportXml({ documentId: id, setId, versionNumber, allergiesXml: "Latex: rash", nhsNumber: p.nhsNumber, family: p.family, given: p.given, birthDate: p.birthDate });
    const v1 = await receiveUploadedDocument(report(documentId, 1), { actor: clerk });
    await viewBooking(b.appointmentId, clinician);
    const v2 = await receiveUploadedDocument(report(randomUUID(), 2), { actor: clerk });
    expect(v2).toMatchObject({ state: "linked", bookingId: b.appointmentId });
    expect((await documentOf(v1.recordId)).state).toBe("superseded");
    expect(await boardRow(b.appointmentId)).toMatchObject({ unseen: null, summaryChange: null });
  });

  it("highlights a booking whose report arrived after the clinician opened it", async () => {
    const p = patientFor(3);
    const documentId = randomUUID();
    const b = await bookTestPatient({ documentRefId: documentId, patient: p });
    const before = await viewBooking(b.appointmentId, clinician);
    expect(before.documents.shown).toBeNull();
    await receiveUploadedDocument(testReportXml({ documentId, nhsNumber: p.nhsNumber, family: p.family, given: p.given, birthDate: p.birthDate }), { actor: clerk });
    expect(await boardRow(b.appointmentId)).toMatchObject({ unseen: "changed", summaryChange: { kind: "arrived-after-open" } });
    expect((await viewBooking(b.appointmentId, clinician)).summaryChange).toMatchObject({ kind: "arrived-after-open" });
    expect(await boardRow(b.appointmentId)).toMatchObject({ unseen: null, summaryChange: null });
  });
});
