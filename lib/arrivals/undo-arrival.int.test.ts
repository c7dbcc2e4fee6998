import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { bookTestPatient } from "../testing/book-test-patient";
import { SYSTEM, type StaffActor } from "../auth/actor";
import { InvalidInput } from "../errors";
import { markArrived, undoMarkArrived, undoMarkArrivedInput } from "./mark-arrived";
import { recordArrival } from "./record-arrival";
import { loadForWorkflow } from "./workflow-update";

const clerk: StaffActor = { type: "staff", id: "clerk-undo", name: "Sam Clerk", role: "clerk" };

const booking = (id: string) => db().appointment.findUniqueOrThrow({ where: { id } });

describe("undoing an arrival marked by mistake", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("undoes a staff arrival with its reason in the audit log, and the patient is expected again", async () => {
    const b = await bookTestPatient({});
    const start = (await booking(b.appointmentId)).start;
    await markArrived({ bookingId: b.appointmentId, expectedWorkflowVersion: (await booking(b.appointmentId)).workflowVersion }, clerk, start);
    expect(await booking(b.appointmentId)).toMatchObject({ edStatus: "arrived", arrivalSource: "staff" });

    const change = await undoMarkArrived({ bookingId: b.appointmentId, expectedWorkflowVersion: (await booking(b.appointmentId)).workflowVersion, reason: "Marked the wrong patient" }, clerk);
    expect(change).toBe("undone");
    expect(await booking(b.appointmentId)).toMatchObject({ edStatus: "expected", arrivedAt: null, arrivalSource: null });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "booking.arrival-undone", entityId: b.appointmentId } });
    expect(audit.actorId).toBe(clerk.id);
    expect(JSON.parse(audit.detail ?? "{}")).toMatchObject({ source: "staff", change: "undone", reason: "Marked the wrong patient" });
  });

  it("refuses to undo an arrival the ED record registered, and needs a reason", async () => {
    expect(undoMarkArrivedInput.safeParse({ bookingId: "x", expectedWorkflowVersion: 1, reason: "  " }).error?.issues[0]?.message).toBe("Enter why you are undoing this arrival");
    const b = await bookTestPatient({});
    const start = (await booking(b.appointmentId)).start;
    await db().$transaction(async (tx) => {
      const a = await loadForWorkflow(tx, b.appointmentId, (await booking(b.appointmentId)).workflowVersion);
      await recordArrival(tx, a, { source: "ed-record", at: start, actor: SYSTEM });
    });
    const version = (await booking(b.appointmentId)).workflowVersion;
    await expect(undoMarkArrived({ bookingId: b.appointmentId, expectedWorkflowVersion: version, reason: "Not here" }, clerk)).rejects.toThrow(InvalidInput);
    expect(await booking(b.appointmentId)).toMatchObject({ edStatus: "arrived", arrivalSource: "ed-record" });
    expect(await db().auditEvent.count({ where: { action: "booking.arrival-undone", entityId: b.appointmentId } })).toBe(0);
  });
});
