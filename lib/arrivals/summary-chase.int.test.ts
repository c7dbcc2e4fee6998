/**
 * HAZ-072: a 111 summary that never arrives. SUMMARY_MISSING_MINUTES after booking, the board and the booking page
 * say "111 summary not received: phone 111 on …" with the booking service's number, and one task to phone 111 is
 * raised. A clerk attaches the summary that came another way (PDF or HTML, bounded, audited); bad files are refused
 * and change nothing; HTML is only ever shown as text, a PDF only downloaded; the task closes itself.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { bookTestPatient } from "../testing/book-test-patient";
import type { StaffActor } from "../auth/actor";
import { Forbidden, InvalidInput } from "../errors";
import { arrivalsConfig } from "./arrivals-config";
import { loadBoard } from "./load-board";
import { summaryText, allergyText } from "./board-text";
import { viewBooking } from "./view-booking";
import { CHASE_TASK_KIND, chaseMissingSummaries } from "./summary-chase";
import { attachOtherRouteSummary, htmlToText, MAX_OTHER_ROUTE_BYTES, openOtherRouteSummary } from "./other-route-summary";

process.env.SUMMARY_MISSING_MINUTES = "30";
process.env.NHS111_PHONE_NUMBERS = '{"NZZ01":"0300 555 0111","bad code!":"x"}';

const clerk: StaffActor = { type: "staff", id: "clerk-72", name: "Sam Clerk", role: "clerk" };
const clinician: StaffActor = { type: "staff", id: "clin-72", name: "Dr Read", role: "clinician" };
const window = { kind: "hours" as const, hours: 72 };
const at = (t: Date, minutes: number) => new Date(t.getTime() + minutes * 60_000);
const HTML = '<html><head><style>p{color:red}</style><script>alert("x")</script></head><body><h1>NHS 111 Report</h1><p>Allergies: penicillin &amp; latex</p><img src="https://tracker.example/x.png" onerror="alert(1)"></body></html>';
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "latin1");

describe("a 111 summary that never arrives (HAZ-072)", () => {
  let bookingId: string;
  let t0: Date;

  beforeAll(async () => {
    await seedDemo(db());
    const b = await bookTestPatient({ documentRefId: randomUUID() });
    bookingId = b.appointmentId;
    t0 = (await db().appointment.findUniqueOrThrow({ where: { id: bookingId } })).createdAt;
    // The demo's own booking still awaiting its summary (booked over half an hour before) is chased first, so the
    // counts below are this test's booking's alone.
    expect(await chaseMissingSummaries(t0)).toEqual({ raised: 1, closed: 0 });
  });

  it("reads the settings: the wait, and 111 numbers by ODS code (bad entries left out)", () => {
    const cfg = arrivalsConfig();
    expect(cfg.summaryMissingMinutes).toBe(30);
    expect(cfg.nhs111Phones).toEqual({ NZZ01: "0300 555 0111" });
  });

  it("says nothing and raises nothing before SUMMARY_MISSING_MINUTES", async () => {
    expect(await chaseMissingSummaries(at(t0, 10))).toEqual({ raised: 0, closed: 0 });
    const b = await viewBooking(bookingId, clinician, { now: at(t0, 10) });
    expect(b.documents.chase).toBeNull();
  });

  it("after it, the booking and the board say to phone 111 on the booking service's number, and one task is raised", async () => {
    const later = at(t0, 31);
    expect((await chaseMissingSummaries(later)).raised).toBeGreaterThanOrEqual(1);
    expect((await chaseMissingSummaries(later)).raised).toBe(0);
    const tasks = await db().contactTask.findMany({ where: { appointmentId: bookingId, kind: CHASE_TASK_KIND } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ status: "open", phone: "0300 555 0111", reason: expect.stringContaining("111 summary not received: phone 111 on 0300 555 0111") });
    expect(await db().auditEvent.count({ where: { action: "task.create", entityId: tasks[0].id } })).toBe(1);
    const b = await viewBooking(bookingId, clerk, { now: later });
    expect(b.documents.chase).toMatchObject({ phone: "0300 555 0111", service: "Wessex Vale NHS 111 (demo)" });
    const row = (await loadBoard(window, clerk, later)).rows.find((r) => r.id === bookingId)!;
    expect(summaryText(row, null)).toBe("111 summary not received: phone 111 on 0300 555 0111");
  });

  it("refuses a file that is not what it says, too large, of another type, or without how it came, and stores nothing", async () => {
    const base = { appointmentId: bookingId, filename: "summary.pdf", receivedHow: "e-mailed by NHS 111" };
    const attempts = [
      { ...base, mediaType: "application/pdf", bytes: Buffer.from("<html>not a pdf</html>") },
      { ...base, mediaType: "application/pdf", bytes: Buffer.concat([PDF, Buffer.alloc(MAX_OTHER_ROUTE_BYTES)]) },
      { ...base, mediaType: "image/svg+xml", bytes: Buffer.from("<svg/>") },
      { ...base, mediaType: "text/html", bytes: Buffer.from([0xff, 0xfe, 0x00]) },
      { ...base, mediaType: "application/pdf", bytes: PDF, receivedHow: "  " },
      { ...base, mediaType: "application/pdf", bytes: new Uint8Array() },
    ];
    for (const a of attempts) await expect(attachOtherRouteSummary(a, clerk)).rejects.toBeInstanceOf(InvalidInput);
    expect(await db().otherRouteSummary.count()).toBe(0);
    expect(await db().auditEvent.count({ where: { action: "summary.attach-other-route" } })).toBe(0);
  });

  it("a clerk attaches an HTML summary: stored, audited, shown as received by another route, and the task closes itself", async () => {
    const row = await attachOtherRouteSummary({ appointmentId: bookingId, mediaType: "text/html; charset=utf-8", filename: "111 report.htm", receivedHow: "e-mailed by NHS 111 to the ED inbox", bytes: Buffer.from(HTML) }, clerk);
    expect(row).toMatchObject({ mediaType: "text/html", filename: "111 report.htm.html", uploadedByName: "Sam Clerk" });
    expect(await db().auditEvent.findFirst({ where: { action: "summary.attach-other-route", entityId: row.id } })).toMatchObject({ actorId: clerk.id, patientNhsNumber: "9999492304", reason: "e-mailed by NHS 111 to the ED inbox" });
    expect(await db().contactTask.findFirst({ where: { appointmentId: bookingId, kind: CHASE_TASK_KIND } })).toMatchObject({ status: "done", outcome: "summary-received" });
    await expect(attachOtherRouteSummary({ appointmentId: bookingId, mediaType: "text/html", filename: "again.html", receivedHow: "again", bytes: Buffer.from(HTML) }, clerk)).rejects.toBeInstanceOf(InvalidInput);

    const later = at(t0, 40);
    const forClerk = (await loadBoard(window, clerk, later)).rows.find((r) => r.id === bookingId)!;
    expect(forClerk.summary).toMatchObject({ state: "other-route", chase: null });
    const forClinician = (await loadBoard(window, clinician, later)).rows.find((r) => r.id === bookingId)!;
    expect(allergyText(forClinician.flags!.allergies)).toBe("Allergies: read the summary received by another route");
    const view = await viewBooking(bookingId, clerk, { now: later });
    expect(view.documents).toMatchObject({ chase: null, otherRoute: [{ id: row.id, receivedHow: "e-mailed by NHS 111 to the ED inbox" }] });
  });

  it("shows the HTML to a clinician only as text, never its script or images, audits the view, and refuses a clerk", async () => {
    const [stored] = await db().otherRouteSummary.findMany({ where: { appointmentId: bookingId } });
    const opened = await openOtherRouteSummary(stored.id, clinician, bookingId);
    expect(opened.text).toBe("NHS 111 Report\nAllergies: penicillin & latex");
    expect(opened.text).not.toMatch(/script|alert|tracker|<|onerror/);
    expect(await db().auditEvent.count({ where: { action: "summary.other-route.view", entityId: stored.id, actorId: clinician.id, outcome: "success" } })).toBe(1);
    await expect(openOtherRouteSummary(stored.id, clerk)).rejects.toBeInstanceOf(Forbidden);
    expect(await db().auditEvent.count({ where: { action: "summary.other-route.view", entityId: stored.id, actorId: clerk.id, outcome: "refused" } })).toBe(1);
  });

  it("keeps a PDF byte for byte, for download", async () => {
    const other = await bookTestPatient({ documentRefId: randomUUID(), patient: { nhsNumber: "9990001111", family: "Pdf" } });
    const row = await attachOtherRouteSummary({ appointmentId: other.appointmentId, mediaType: "application/pdf", filename: "report", receivedHow: "posted, scanned by reception", bytes: PDF }, clerk);
    expect(row.filename).toBe("report.pdf");
    const opened = await openOtherRouteSummary(row.id, clinician, other.appointmentId);
    expect(opened.pdf?.equals(PDF)).toBe(true);
    expect(opened.text).toBeNull();
  });

  it("turns HTML into text without running or loading anything", () => {
    expect(htmlToText("<p>One</p><p>Two<br>Three</p><!-- <script>x</script> --><table><tr><td>A</td><td>B</td></tr></table>&#65;&#x42;&lt;b&gt;")).toBe("One\nTwo\nThree\nA B\n\nAB<b>");
  });
});
