/**
 * HAZ-074: what a clerk sees of a patient. A clerk needs who is coming, when, where, whether 111's summary is here,
 * and enough to phone the patient; not 111's reason for the call, the disposition or the flags. Clinicians see all
 * of it. Checked on the board data, the print data, the booking view and the documents lists.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { bookTestPatient } from "../testing/book-test-patient";
import { testReportXml } from "../testing/test-report";
import { receiveUploadedDocument } from "../clinical/receive-clinical-document";
import { listDocumentsNeedingAttention, listExpectedWalkIns, viewDocumentForReview } from "../clinical/list-documents";
import type { StaffActor } from "../auth/actor";
import { loadBoard } from "./load-board";
import { printBoard, boardCsv, boardHtml } from "./board-export";
import { viewBooking } from "./view-booking";

const clinician: StaffActor = { type: "staff", id: "clin-74", name: "Dr Test", role: "clinician" };
const clerk: StaffActor = { type: "staff", id: "clerk-74", name: "Sam Clerk", role: "clerk" };
const window = { kind: "hours" as const, hours: 72 };
const REASON = "Took twenty paracetamol tablets two hours ago";
const DISPOSITION = "Child protection / Vulnerable adult immediate referral";

/** The synthetic report with a sensitive disposition in place of the fixture's "Attend an Emergency Treatment Centre". */
function sensitiveReport(documentId: string, o: { nhsNumber?: string; family?: string } = {}): string {
  return testReportXml({ documentId, ...o })
    .replace(/code="Dx03" displayName="[^"]*"/, `code="Dx42" displayName="${DISPOSITION}"`)
    .replace("Attend an Emergency Treatment Centre within 4 hours (Dx03)", `${DISPOSITION} (Dx42)`);
}

describe("what a clerk sees (HAZ-074)", () => {
  let bookingId: string;
  let walkInRecord: string;

  beforeAll(async () => {
    await seedDemo(db());
    const documentId = randomUUID();
    bookingId = (await bookTestPatient({ documentRefId: documentId, description: REASON })).appointmentId;
    await receiveUploadedDocument(sensitiveReport(documentId), { actor: clerk });
    // A report with no booking (waiting for one, then an expected walk-in).
    const walkIn = await receiveUploadedDocument(sensitiveReport(randomUUID(), { nhsNumber: "9990001103", family: "Walkin" }), { actor: clerk });
    walkInRecord = walkIn.recordId;
  });

  it("the board gives a clinician the reason, the disposition and the flags", async () => {
    const row = (await loadBoard(window, clinician)).rows.find((r) => r.id === bookingId)!;
    expect(row.description).toBe(REASON);
    expect(row.disposition?.text).toBe(DISPOSITION);
    expect(row.flags).not.toBeNull();
  });

  it("the board gives a clerk who, when, where and whether the summary is here, and no clinical content", async () => {
    const data = await loadBoard(window, clerk);
    const row = data.rows.find((r) => r.id === bookingId)!;
    expect(data.seesClinical).toBe(false);
    expect(row).toMatchObject({ description: null, disposition: null, flags: null, summary: { state: "received" }, patient: { name: "Daniel FENWICK", nhsNumber: "9999492304" } });
    expect(JSON.stringify(row)).not.toContain("paracetamol");
    expect(JSON.stringify(row)).not.toContain("Child protection");
    const printed = await printBoard(window, clerk);
    const html = boardHtml(printed, "Expected arrivals");
    expect(html).not.toContain("paracetamol");
    expect(html).not.toContain("Child protection");
    expect(html).not.toContain("<th>Reason</th>");
    expect(html).toContain("Daniel FENWICK");
    const csv = boardCsv(printed);
    expect(csv).not.toContain("paracetamol");
    expect(csv.split("\r\n")[0]).not.toContain('"Reason"');
    // 111's deadline is a time, not clinical content: the clerk's copies keep it without the disposition.
    expect(csv.split("\r\n")[0]).toContain('"111 deadline"');
    expect(csv.split("\r\n")[0]).not.toContain('"Disposition"');
    expect(html).toContain("<th>111 deadline</th>");
  });

  it("the booking page gives a clerk the patient's contact details, not the reason for the call or the summary", async () => {
    const b = await viewBooking(bookingId, clerk);
    expect(b.description).toBeNull();
    expect(b.clinical).toBeNull();
    expect(b.patient.contacts.length).toBeGreaterThan(0);
    expect(b.patient.address).toContain("Orchard Way");
    expect(b.documents.shown).not.toBeNull();
    expect(JSON.stringify(b)).not.toContain("paracetamol");
    expect(JSON.stringify(b)).not.toContain("Child protection");
    const forClinician = await viewBooking(bookingId, clinician);
    expect(forClinician.description).toBe(REASON);
    expect(forClinician.clinical?.encounter?.disposition?.displayName).toBe(DISPOSITION);
  });

  it("the documents lists and a report's page give a clerk who it is about, not its disposition", async () => {
    const lists = await listDocumentsNeedingAttention(clerk);
    const walkIns = await listExpectedWalkIns(clerk);
    for (const row of [...lists.needsReview, ...lists.walkIns, ...lists.awaiting, ...lists.information, ...walkIns]) expect(row).toMatchObject({ disposition: null, safeguarding: null });
    const all = [...lists.needsReview, ...lists.walkIns, ...lists.awaiting];
    expect(all.find((w) => w.id === walkInRecord)).toMatchObject({ patientName: expect.stringContaining("Walkin"), disposition: null });
    const review = await viewDocumentForReview(walkInRecord, clerk);
    expect(review.row.disposition).toBeNull();
    expect(review.clinical).toBeNull();
    expect(JSON.stringify(review)).not.toContain("Child protection");
    const forClinician = await listDocumentsNeedingAttention(clinician);
    expect([...forClinician.needsReview, ...forClinician.walkIns, ...forClinician.awaiting].find((w) => w.id === walkInRecord)?.disposition?.text).toBe(DISPOSITION);
  });
});
