import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { testNhsNumber } from "../nhs/nhs-number";
import { bookTestPatient } from "../testing/book-test-patient";
import { testReportXml } from "../testing/test-report";
import type { StaffActor } from "../auth/actor";
import { receiveUploadedDocument } from "../clinical/receive-clinical-document";
import { linkDocumentToBooking } from "../clinical/review-document";
import { arrivalsConfig } from "./arrivals-config";
import { boardHtml, exportBoardCsv, printBoard } from "./board-export";
import { paperSummaryChangeText } from "./board-text";
import { writeBoardSnapshot } from "./downtime-snapshot";
import { viewBooking } from "./view-booking";

/**
 * HAZ-081: the board tells the person who read a 111 summary that it has since changed; paper copies (the print
 * view, the CSV and the downtime snapshot) are read by others, so they say the summary changed after someone read it.
 */
const reader: StaffActor = { type: "staff", id: "clin-paper", name: "Dr Reader", role: "clinician" };
const other: StaffActor = { type: "staff", id: "clin-paper2", name: "Dr Other", role: "clinician" };
const clerk: StaffActor = { type: "staff", id: "clerk-paper", name: "Sam Clerk", role: "clerk" };
const window = { kind: "hours" as const, hours: 24 };
const p = { nhsNumber: testNhsNumber(714_001), family: "Papercroft", given: "Alex", birthDate: "1979-08-21" };

async function paperCopies(bookingId: string) {
  const printed = await printBoard(window, clerk);
  const clerkRow = printed.rows.find((r) => r.id === bookingId)!;
  const csv = await exportBoardCsv(window, other);
  const dir = mkdtempSync(join(tmpdir(), "ed-paper-"));
  const files = await writeBoardSnapshot(new Date(), { ...arrivalsConfig(), snapshotDir: dir });
  const csvLine = csv.split("\r\n").find((l) => l.includes("PAPERCROFT")) ?? "";
  return { print: paperSummaryChangeText(clerkRow), printHtml: boardHtml(printed, "Print"), csvLine, csvHeader: csv.split("\r\n")[0], snapshotHtml: readFileSync(files[0], "utf8"), snapshotCsv: readFileSync(files[1], "utf8") };
}

describe("the summary-changed signal on paper (HAZ-081)", () => {
  let bookingId: string;
  const setId = randomUUID();
  const report = (o: { documentId: string; versionNumber: number; allergiesXml: string }) => testReportXml({ ...o, setId, nhsNumber: p.nhsNumber, family: p.family, given: p.given, birthDate: p.birthDate });

  beforeAll(async () => {
    await seedDemo(db());
    const documentId = randomUUID();
    bookingId = (await bookTestPatient({ documentRefId: documentId, patient: p })).appointmentId;
    expect((await receiveUploadedDocument(report({ documentId, versionNumber: 1, allergiesXml: "No known allergies" }), { actor: clerk })).state).toBe("linked");
  });

  it("says nothing while the summary someone read is still the current one", async () => {
    await viewBooking(bookingId, reader);
    const copies = await paperCopies(bookingId);
    expect(copies.print).toBe("");
    expect(copies.csvHeader).toContain('"Summary changed"');
    expect(copies.snapshotHtml).toContain("PAPERCROFT");
    expect(copies.snapshotHtml).not.toContain("Summary changed after it was read");
    expect(copies.snapshotHtml).not.toContain("waiting to be confirmed");
  });

  it("a changed version waiting to be confirmed, then confirmed, shows on the print view, the CSV and the snapshot", async () => {
    const v2 = await receiveUploadedDocument(report({ documentId: randomUUID(), versionNumber: 2, allergiesXml: "Penicillin: anaphylaxis" }), { actor: clerk });
    expect(v2.state).toBe("needs-review");
    let copies = await paperCopies(bookingId);
    expect(copies.print).toBe("Changed summary from 111 waiting to be confirmed. Read the booking before acting on this copy");
    expect(copies.snapshotHtml).toContain("Changed summary from 111 waiting to be confirmed: allergies changed");

    await linkDocumentToBooking({ recordId: v2.recordId, bookingId, expectedVersion: (await db().clinicalDocument.findUniqueOrThrow({ where: { id: v2.recordId } })).version, confirmed: true, note: "" }, clerk);
    copies = await paperCopies(bookingId);
    // The clerk's copy says the summary changed, without the clinical detail of what (HAZ-074).
    expect(copies.print).toBe("Summary changed after it was read. Read the current summary");
    expect(copies.printHtml).toContain('<span class="warn">Summary changed after it was read. Read the current summary</span>');
    // A clinician who never opened it still gets the signal on paper: the reader's colleagues work from the copy.
    expect(copies.csvLine).toContain('"Summary changed after it was read: allergies changed. Read the current summary"');
    expect(copies.snapshotHtml).toContain("Summary changed after it was read: allergies changed. Read the current summary");
    expect(copies.snapshotCsv).toContain("Summary changed after it was read: allergies changed");
  });

  it("clears once everyone who read the earlier version has opened the new one", async () => {
    await viewBooking(bookingId, reader);
    const copies = await paperCopies(bookingId);
    expect(copies.print).toBe("");
    expect(copies.csvLine).not.toContain("Summary changed after it was read");
    expect(copies.snapshotHtml).not.toContain("Summary changed after it was read");
  });
});
