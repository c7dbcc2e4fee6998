import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import type { StaffActor } from "../auth/actor";
import { bookTestPatient } from "../testing/book-test-patient";
import { testReportXml } from "../testing/test-report";
import { receiveUploadedDocument } from "../clinical/receive-clinical-document";
import { londonParts } from "../time/london";
import { loadBoard } from "./load-board";
import { viewBooking } from "./view-booking";
import { exportBoardCsv } from "./board-export";

const clinician: StaffActor = { type: "staff", id: "clin-deadline", name: "Dr Deadline", role: "clinician" };
const clerk: StaffActor = { type: "staff", id: "clerk-deadline", name: "Sam Clerk", role: "clerk" };

/** An HL7 TS in UTC: 20270112143000+0000. */
const hl7 = (d: Date) => `${d.toISOString().replace(/[-:T]/g, "").slice(0, 14)}+0000`;

describe("111's disposition deadline on the board and the booking page", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("shows 111's deadline, flags a slot later than it, and turns 'Overdue: not arrived' once the arrival time plus the window has passed", async () => {
    const documentId = randomUUID();
    const b = await bookTestPatient({ documentRefId: documentId, patient: { nhsNumber: "9990013527", given: "Dara", family: "Deadline" } });
    const slot = await db().appointment.findUniqueOrThrow({ where: { id: b.appointmentId } });
    // 111 finished triage three hours before the booked slot and said "within 1 hour": the slot is two hours late.
    const callStart = new Date(slot.start.getTime() - 3 * 3600_000);
    await receiveUploadedDocument(
      testReportXml({ documentId, nhsNumber: "9990013527", given: "Dara", family: "Deadline", callStart: hl7(callStart), callEnd: hl7(new Date(callStart.getTime() + 20 * 60_000)), disposition: { code: "Dx02", displayName: "Attend an Emergency Treatment Centre within 1 hour" }, callDetails: true }),
      { actor: clerk },
    );
    const window = { kind: "date" as const, date: londonParts(slot.start).date };
    const dueAt = new Date(callStart.getTime() + 60 * 60_000).toISOString();
    const overdueAt = new Date(slot.start.getTime() + 60 * 60_000);

    const before = (await loadBoard(window, clerk, new Date(slot.start.getTime() - 60_000))).rows.find((r) => r.id === b.appointmentId)!;
    expect(before.due).toEqual({ dueAt, overdueAt: overdueAt.toISOString(), overdue: false, slotAfterDue: true });
    const late = (await loadBoard(window, clerk, new Date(overdueAt.getTime() + 60_000))).rows.find((r) => r.id === b.appointmentId)!;
    expect(late.due.overdue).toBe(true);
    // "Next 24 hours" starts an hour back: a patient still expected from before then stays on it, overdue.
    const next24 = (await loadBoard({ kind: "hours", hours: 24 }, clerk, new Date(slot.start.getTime() + 3 * 3600_000))).rows.find((r) => r.id === b.appointmentId);
    expect(next24?.due.overdue).toBe(true);

    // The CSV has no hour headings: every time in it carries its date, and the deadline has its own column.
    const csv = await exportBoardCsv(window, clinician, new Date(overdueAt.getTime() + 60_000));
    expect(csv.split("\r\n")[0]).toContain('"111 deadline"');
    const line = csv.split("\r\n").find((l) => l.includes("DEADLINE"))!;
    expect(line).toMatch(/"Received [A-Z][a-z]{2},? \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d"/);
    expect(line).toContain("Overdue: not arrived");

    const view = await viewBooking(b.appointmentId, clinician, { now: new Date(overdueAt.getTime() + 60_000) });
    expect(view.deadline).toEqual({ dueAt, overdueAt: overdueAt.toISOString(), overdue: true, slotAfterDue: true });
    // The call's own details reach the summary model.
    expect(view.clinical?.encounter?.start?.instant?.toISOString()).toBe(new Date(Math.floor(callStart.getTime() / 1000) * 1000).toISOString());
    expect(view.clinical?.informants[0]).toMatchObject({ name: "Marta Quell", relationship: "Mother" });
    expect(view.clinical?.callBack?.telecoms[0].display).toBe("01632960999");
  });
});
