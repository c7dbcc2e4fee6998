import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { cancelAppointment } from "../booking/cancel-appointment";
import { bookTestPatient, TEST_CONSUMER } from "../testing/book-test-patient";
import { testReportXml } from "../testing/test-report";
import { receiveUploadedDocument } from "../clinical/receive-clinical-document";
import { downloadClinicalDocument } from "../clinical/download-document";
import { linkDocumentToBooking } from "../clinical/review-document";
import type { StaffActor } from "../auth/actor";
import { Forbidden, InvalidInput, VersionConflict } from "../errors";
import { loadBoard } from "./load-board";
import { viewBooking } from "./view-booking";
import { markArrived } from "./mark-arrived";
import { markDidNotAttend, reviewDidNotAttend } from "./mark-did-not-attend";
import { listDidNotAttendForReview } from "./list-dna-reviews";
import { cancelBookingByEd } from "./cancel-booking-by-ed";
import { closeContactTask, closeContactTaskInput, createContactTasks, ensureContactTasksForEdCancellations, recordContactAttempt } from "./contact-tasks";
import { addBookingNote } from "./add-booking-note";
import { boardUnseenStatus, checkBoardUnseen, recordBoardPresence, AUTO_SUSPENSION_REASON } from "./board-presence";
import { exportBoardCsv } from "./board-export";
import { writeBoardSnapshot } from "./downtime-snapshot";
import { arrivalsConfig } from "./arrivals-config";

const clinician: StaffActor = { type: "staff", id: "clin-1", name: "Dr Test", role: "clinician" };
const clinician2: StaffActor = { type: "staff", id: "clin-2", name: "Dr Other", role: "clinician" };
const clerk: StaffActor = { type: "staff", id: "clerk-1", name: "Sam Clerk", role: "clerk" };
const today = { kind: "hours" as const, hours: 72 };

const fhirVersion = async (id: string) => (await db().appointment.findUniqueOrThrow({ where: { id } })).fhirVersion;

describe("expected arrivals", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("highlights a booking until each person opens it, and again when it is cancelled", async () => {
    const b = await bookTestPatient({ documentRefId: randomUUID() });
    const row = async (actor: StaffActor) => (await loadBoard(today, actor)).rows.find((r) => r.id === b.appointmentId)!;
    expect((await row(clinician)).unseen).toBe("new");
    expect((await row(clinician)).openedByAnyone).toBe(false);
    await viewBooking(b.appointmentId, clinician);
    expect((await row(clinician)).unseen).toBeNull();
    expect((await row(clinician2)).unseen).toBe("new");
    expect((await row(clinician2)).openedByAnyone).toBe(true);
    await cancelAppointment({ appointmentId: b.appointmentId, expectedVersion: 1, by: "consumer", newResource: (r) => ({ ...r, status: "cancelled" }) }, TEST_CONSUMER);
    expect(await row(clinician)).toMatchObject({ unseen: "changed", status: "cancelled", cancelledBy: "consumer" });
  });

  it("shows clinicians the report's flags, never as an all-clear when it has not arrived; clerks get no flags", async () => {
    const documentId = randomUUID();
    const b = await bookTestPatient({ documentRefId: documentId });
    const before = (await loadBoard(today, clinician)).rows.find((r) => r.id === b.appointmentId)!;
    expect(before.summary.state).toBe("not-received");
    expect(before.flags).toEqual({ allergies: "no-summary", safeguarding: "no-summary" });
    await receiveUploadedDocument(testReportXml({ documentId, allergiesXml: "Penicillin: rash" }), { actor: clerk });
    const after = (await loadBoard(today, clinician)).rows.find((r) => r.id === b.appointmentId)!;
    expect(after.summary.state).toBe("received");
    expect(after.flags).toEqual({ allergies: "recorded", safeguarding: "possible-concern" });
    expect(after.disposition).toMatchObject({ code: "Dx03", timeframeMinutes: 240 });
    const forClerk = (await loadBoard(today, clerk)).rows.find((r) => r.id === b.appointmentId)!;
    expect(forClerk.flags).toBeNull();
    expect(forClerk.disposition).toBeNull();
  });

  it("flags one patient with two active bookings", async () => {
    const a = await bookTestPatient({ patient: { nhsNumber: "9990001103", family: "Twice" } });
    const b = await bookTestPatient({ patient: { nhsNumber: "9990001103", family: "Twice" } });
    const rows = (await loadBoard(today, clerk)).rows;
    expect(rows.find((r) => r.id === a.appointmentId)!.otherActiveBookings).toEqual([b.appointmentId]);
    expect(rows.find((r) => r.id === b.appointmentId)!.otherActiveBookings).toEqual([a.appointmentId]);
    // A number that fails its check digit is never matched on (HAZ-140): the two are only a possible match.
    const c = await bookTestPatient({ patient: { nhsNumber: "9990001093", family: "Thrice" } });
    const d = await bookTestPatient({ patient: { nhsNumber: "9990001093", family: "Thrice" } });
    const again = (await loadBoard(today, clerk)).rows;
    expect(again.find((r) => r.id === c.appointmentId)).toMatchObject({ otherActiveBookings: [], possibleSamePatient: [expect.objectContaining({ bookingId: d.appointmentId })] });
  });

  it("shows the booking page's contacts rank-1 first, the clinical summary to clinicians only, and a replacement with the earlier version kept", async () => {
    const documentId = randomUUID();
    const setId = randomUUID();
    const b = await bookTestPatient({
      documentRefId: documentId,
      patient: {
        contact: [{ relationship: [{ code: "MTH", display: "Mother" }], name: { text: "Ruth FENWICK", family: "Fenwick", given: ["Ruth"], prefix: [] }, telecom: [{ system: "phone", value: "07700 900999", rank: 1 }] }],
        communication: [{ languages: [{ code: "pl", display: "Polish" }], interpreterRequired: true }],
      },
    });
    await db().patient.updateMany({ where: { appointments: { some: { id: b.appointmentId } } }, data: { telecomJson: JSON.stringify([{ system: "phone", value: "07700 900417", rank: 2 }]) } });
    const v1 = await receiveUploadedDocument(testReportXml({ documentId, setId, versionNumber: 1 }), { actor: clerk });
    const v2 = await receiveUploadedDocument(testReportXml({ documentId: randomUUID(), setId, versionNumber: 2, allergiesXml: "No known allergies" }), { actor: clerk });
    // v2 says something v1 did not, so a person confirms it before it replaces v1 on the booking.
    expect(v2.state).toBe("needs-review");
    const pending = await db().clinicalDocument.findUniqueOrThrow({ where: { id: v2.recordId } });
    await linkDocumentToBooking({ recordId: v2.recordId, bookingId: b.appointmentId, expectedVersion: pending.version, confirmed: true, note: "" }, clerk);
    const view = await viewBooking(b.appointmentId, clinician);
    expect(view.patient.contacts.map((c) => c.value)).toEqual(["07700 900999", "07700 900417"]);
    expect(view.patient.contacts[0]).toMatchObject({ who: "Ruth FENWICK", relationship: "Mother" });
    expect(view.patient.communication).toEqual([{ language: "Polish", preferred: true, interpreterRequired: true }]);
    expect(view.documents.shown?.recordId).toBe(v2.recordId);
    expect(view.documents.replacedAt).not.toBeNull();
    expect(view.documents.versions.map((v) => v.recordId)).toContain(v1.recordId);
    expect(view.clinical?.sections.some((s) => s.kind === "allergies")).toBe(true);
    const earlier = await viewBooking(b.appointmentId, clinician, { documentRecordId: v1.recordId });
    expect(earlier.documents.shown?.recordId).toBe(v1.recordId);
    expect(earlier.clinical?.sections.some((s) => s.kind === "allergies")).toBe(false);
    const forClerk = await viewBooking(b.appointmentId, clerk);
    expect(forClerk.clinical).toBeNull();
    expect(await db().auditEvent.count({ where: { action: "booking.view", entityId: b.appointmentId } })).toBe(3);
  });

  it("lets only clinicians download the original report, auditing every attempt", async () => {
    const documentId = randomUUID();
    const r = await receiveUploadedDocument(testReportXml({ documentId }), { actor: clerk });
    await expect(downloadClinicalDocument(r.recordId, clerk)).rejects.toBeInstanceOf(Forbidden);
    const file = await downloadClinicalDocument(r.recordId, clinician);
    expect(file.content).toContain("<ClinicalDocument");
    expect(await db().auditEvent.count({ where: { action: "document.download", entityId: r.recordId, outcome: "refused", actorId: clerk.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "document.download", entityId: r.recordId, outcome: "success", actorId: clinician.id } })).toBe(1);
  });

  it("marks arrived without changing the FHIR version, so the consumer's cancel with its old version still works", async () => {
    const b = await bookTestPatient({});
    await markArrived({ bookingId: b.appointmentId, expectedWorkflowVersion: 1 }, clerk);
    expect(await fhirVersion(b.appointmentId)).toBe(1);
    await expect(markArrived({ bookingId: b.appointmentId, expectedWorkflowVersion: 1 }, clerk)).rejects.toBeInstanceOf(VersionConflict);
    await addBookingNote({ bookingId: b.appointmentId, text: "Came with her son" }, clerk);
    const cancelled = await cancelAppointment({ appointmentId: b.appointmentId, expectedVersion: 1, by: "consumer", newResource: (r) => ({ ...r, status: "cancelled" }) }, TEST_CONSUMER);
    expect(cancelled.versionId).toBe(2);
    expect(await db().auditEvent.count({ where: { action: "booking.arrived", entityId: b.appointmentId } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "booking.note", entityId: b.appointmentId } })).toBe(1);
  });

  it("records did-not-attend only after the grace period, then a clinician reviews it; children are flagged 'was not brought'", async () => {
    const slot = await db().slot.findFirstOrThrow({ where: { status: "free", start: { gte: new Date() } }, orderBy: [{ start: "asc" }, { id: "asc" }] });
    const b = await bookTestPatient({ slotId: slot.id, patient: { birthDate: "2019-07-30", family: "Penrose", given: "Jacob", nhsNumber: "9990003851" } });
    const grace = arrivalsConfig().dnaGraceMinutes;
    const early = new Date(slot.start.getTime() + (grace - 1) * 60_000);
    await expect(markDidNotAttend({ bookingId: b.appointmentId, expectedWorkflowVersion: 1 }, clerk, early)).rejects.toThrow(/can be recorded from/);
    await markDidNotAttend({ bookingId: b.appointmentId, expectedWorkflowVersion: 1 }, clerk, new Date(slot.start.getTime() + grace * 60_000));
    expect(await fhirVersion(b.appointmentId)).toBe(1);
    const list = await listDidNotAttendForReview(clinician);
    expect(list.find((r) => r.id === b.appointmentId)).toMatchObject({ wasNotBrought: true });
    await expect(listDidNotAttendForReview(clerk)).rejects.toBeInstanceOf(Forbidden);
    await expect(reviewDidNotAttend({ bookingId: b.appointmentId, expectedWorkflowVersion: 2, note: "x" }, clerk)).rejects.toBeInstanceOf(Forbidden);
    await reviewDidNotAttend({ bookingId: b.appointmentId, expectedWorkflowVersion: 2, note: "Rang the mother; child seen by GP" }, clinician);
    expect((await listDidNotAttendForReview(clinician)).find((r) => r.id === b.appointmentId)).toBeUndefined();
  });

  it("an ED cancellation makes a new FHIR version, frees the slot and creates a contact task with the rank-1 number that cannot be closed without who, outcome and advice", async () => {
    const b = await bookTestPatient({ patient: { phone: "07700 900321" } });
    const appt = await db().appointment.findUniqueOrThrow({ where: { id: b.appointmentId } });
    await expect(cancelBookingByEd({ bookingId: b.appointmentId, expectedVersion: 1, reason: " ", understood: true }, clerk)).rejects.toBeInstanceOf(InvalidInput);
    // Nobody has said they will phone the patient: refused, and nothing changes (HAZ-010).
    await expect(cancelBookingByEd({ bookingId: b.appointmentId, expectedVersion: 1, reason: "Department closed after a flood", understood: false as true }, clerk)).rejects.toThrow(
      "Confirm that someone will phone the patient",
    );
    expect((await db().appointment.findUniqueOrThrow({ where: { id: b.appointmentId } })).status).toBe("booked");
    const r = await cancelBookingByEd({ bookingId: b.appointmentId, expectedVersion: 1, reason: "Department closed after a flood", understood: true }, clerk);
    expect(r.versionId).toBe(2);
    const after = await db().appointment.findUniqueOrThrow({ where: { id: b.appointmentId }, include: { versions: true } });
    expect(after).toMatchObject({ status: "cancelled", cancelledBy: "ed", cancelReason: "Department closed after a flood", fhirVersion: 2, activeSlotId: null });
    expect(after.versions.map((v) => v.status)).toEqual(["booked", "cancelled"]);
    expect(JSON.parse(after.versions.find((v) => v.versionId === 2)!.resource)).toMatchObject({ status: "cancelled", meta: { versionId: "2" } });
    expect((await db().slot.findUniqueOrThrow({ where: { id: appt.slotId } })).status).toBe("free");

    const [taskId] = r.taskIds;
    const task = await db().contactTask.findUniqueOrThrow({ where: { id: taskId } });
    expect(task).toMatchObject({ status: "open", phone: "07700 900321", phoneOwner: "Patient" });
    expect(task.reason).toContain("Department closed after a flood");
    await recordContactAttempt({ taskId, expectedVersion: 1, outcome: "no-answer" }, clerk);
    expect((await db().contactTask.findUniqueOrThrow({ where: { id: taskId } })).status).toBe("open");
    expect(closeContactTaskInput.safeParse({ taskId, expectedVersion: 2, calledBy: "Sam", outcome: "spoke-to-patient", advice: "" }).success).toBe(false);
    expect(closeContactTaskInput.safeParse({ taskId, expectedVersion: 2, calledBy: "", outcome: "spoke-to-patient", advice: "Go to the UTC" }).success).toBe(false);
    await closeContactTask({ taskId, expectedVersion: 2, calledBy: "Sam Clerk", outcome: "spoke-to-patient", advice: "Attend Kingsmoor UTC instead; call 111 if worse" }, clerk);
    expect(await db().contactTask.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ status: "done", calledByName: "Sam Clerk", outcome: "spoke-to-patient" });
    expect(await db().auditEvent.count({ where: { action: { in: ["task.create", "task.attempt", "task.close"] }, entityId: taskId } })).toBe(3);
  });

  it("makes a missing contact task for an ED cancellation, and never a second one", async () => {
    const b = await bookTestPatient({});
    await cancelAppointment({ appointmentId: b.appointmentId, expectedVersion: 1, by: "ed", reason: "Test", newResource: (r) => ({ ...r, status: "cancelled" }) }, clerk);
    expect(await ensureContactTasksForEdCancellations({ type: "system", name: "test" })).toBeGreaterThanOrEqual(1);
    expect(await db().contactTask.count({ where: { appointmentId: b.appointmentId } })).toBe(1);
    expect(await ensureContactTasksForEdCancellations({ type: "system", name: "test" })).toBe(0);
    expect(await createContactTasks([b.appointmentId], "Capacity cut at 14:00", clerk)).toHaveLength(1);
    expect(await createContactTasks([b.appointmentId], "Capacity cut at 14:00", clerk)).toHaveLength(0);
  });

  it("exports the board for clinicians only, audited", async () => {
    await expect(exportBoardCsv(today, clerk)).rejects.toBeInstanceOf(Forbidden);
    const csv = await exportBoardCsv(today, clinician);
    expect(csv.split("\r\n")[0]).toContain('"Arrival time"');
    expect(csv).toContain('"Allergies"');
    expect(await db().auditEvent.count({ where: { action: "arrivals.export", actorId: clinician.id, outcome: "success" } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "arrivals.export", actorId: clerk.id, outcome: "refused" } })).toBe(1);
  });

  it("writes a rolling downtime snapshot of the board", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ed-snap-"));
    process.env.ARRIVALS_SNAPSHOT_DIR = dir;
    try {
      const files = await writeBoardSnapshot(new Date());
      expect(files.every((f) => existsSync(f))).toBe(true);
      const html = readFileSync(files.find((f) => f.endsWith(".html"))!, "utf8");
      expect(html).toContain("arrival time, not an appointment");
      expect(html).not.toContain("<script");
      for (let i = 1; i <= 9; i++) await writeBoardSnapshot(new Date(Date.now() + i * 15 * 60_000));
      expect(readdirSync(dir).filter((f) => /^arrivals-\d/.test(f) && f.endsWith(".html"))).toHaveLength(8);
      expect(existsSync(join(dir, "arrivals-latest.html"))).toBe(true);
    } finally {
      delete process.env.ARRIVALS_SNAPSHOT_DIR;
    }
  });

  it("alerts when nobody has had the board open, suspends new bookings when told to, and lifts that suspension when someone opens it", async () => {
    const cfg = { ...arrivalsConfig(), boardUnseenMinutes: 15, boardUnseenSuspend: true };
    const t0 = new Date();
    await db().boardPresence.deleteMany();
    expect(await checkBoardUnseen(t0, cfg)).toBe(0);
    expect((await boardUnseenStatus(new Date(t0.getTime() + 10 * 60_000), cfg)).unseen).toBe(false);
    const later = new Date(t0.getTime() + 16 * 60_000);
    expect((await boardUnseenStatus(later, cfg)).unseen).toBe(true);
    const services = await db().healthcareService.count({ where: { active: true } });
    const versionsBefore = await db().healthcareService.findMany({ select: { id: true, availabilityVersion: true } });
    // Two instances run the same check at the same moment: one suspension per service between them.
    const made = await Promise.all([checkBoardUnseen(later, cfg), checkBoardUnseen(later, cfg)]);
    expect(made[0] + made[1]).toBe(services);
    expect(await checkBoardUnseen(later, cfg)).toBe(0);
    const suspensions = await db().suspension.findMany({ where: { reason: { startsWith: AUTO_SUSPENSION_REASON } } });
    expect(suspensions).toHaveLength(services);
    const versionsAfter = await db().healthcareService.findMany({ select: { id: true, availabilityVersion: true } });
    for (const v of versionsAfter) expect(v.availabilityVersion).toBeGreaterThan(versionsBefore.find((x) => x.id === v.id)!.availabilityVersion);
    expect((await boardUnseenStatus(later, cfg)).suspended).toBe(true);

    // Each site's board lifts that site's suspensions (HAZ-071).
    let lifted = 0;
    for (const site of await db().site.findMany({ where: { services: { some: { active: true } } } })) {
      lifted += (await recordBoardPresence(clerk, { siteId: site.id }, new Date(later.getTime() + 60_000))).liftedSuspensions;
    }
    expect(lifted).toBe(services);
    expect(await db().suspension.count({ where: { reason: { startsWith: AUTO_SUSPENSION_REASON }, liftedAt: null } })).toBe(0);
    expect((await boardUnseenStatus(new Date(later.getTime() + 2 * 60_000), cfg)).unseen).toBe(false);
  });
});
