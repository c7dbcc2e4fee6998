import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { viewBooking } from "./view-booking";
import { loadBoard } from "./load-board";
import { Forbidden } from "../errors";
import type { StaffActor } from "../auth/actor";

const clinician: StaffActor = { type: "staff", id: "c1", name: "Dr Test", role: "clinician" };
const manager: StaffActor = { type: "staff", id: "m1", name: "Manager Test", role: "manager" };

describe("opening a patient's booking", () => {
  let id: string;
  beforeAll(async () => {
    await seedDemo(db());
    id = (await db().appointment.findFirstOrThrow()).id;
  });

  it("audits every opening with who opened it", async () => {
    const b = await viewBooking(id, clinician);
    expect(b.patient.nhsNumber).toMatch(/^999/);
    const events = await db().auditEvent.findMany({ where: { action: "booking.view", entityId: id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: "c1", actorRole: "clinician", outcome: "success", patientNhsNumber: b.patient.nhsNumber });
  });

  it("refuses a manager (aggregates only) and records the refusal", async () => {
    await expect(viewBooking(id, manager)).rejects.toBeInstanceOf(Forbidden);
    await expect(loadBoard({ kind: "date", date: "2026-11-23" }, manager)).rejects.toBeInstanceOf(Forbidden);
    expect(await db().auditEvent.count({ where: { action: "booking.view", entityId: id, actorId: "m1", outcome: "refused" } })).toBe(1);
  });
});
