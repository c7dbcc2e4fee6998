import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { seedDemo } from "../../seed/demo";
import { bookTestPatient, TEST_CONSUMER } from "../../testing/book-test-patient";
import { cancelAppointment } from "../../booking/cancel-appointment";
import { startFakeEdRecord, type FakeEdRecord } from "../../testing/fake-ed-record";
import { testNhsNumber } from "../../nhs/nhs-number";
import type { StaffActor } from "../../auth/actor";
import { listUndeliverableExpectedPatients, retryUndeliverable } from "../../outbox/hl7-outbox";
import { captureExpectedPatients, deliverExpectedPatients, readOutboundConfig, type OutboundConfig } from "./expected-patients";

// Expected patients out to a loopback ED record (HAZ-112): one message per change, in order per patient, ACK-checked.
let epr: FakeEdRecord;
let config: OutboundConfig;
const clerk: StaffActor = { type: "staff", id: "clerk-1", name: "Sam Clerk", role: "clerk" };

beforeAll(async () => {
  await seedDemo(db());
  epr = await startFakeEdRecord();
  config = readOutboundConfig({ HL7_EPR_HOST: "127.0.0.1", HL7_EPR_PORT: String(epr.port), HL7_ACK_TIMEOUT_SECONDS: "1" })!;
  await captureExpectedPatients(config); // the first run starts the watermark: history is not replayed
});
afterAll(async () => {
  await epr.close();
});

const pump = async () => {
  await captureExpectedPatients(config);
  return deliverExpectedPatients(config);
};
const forceDue = () => db().hl7OutboxMessage.updateMany({ where: { state: "pending" }, data: { nextAttemptAt: new Date(0) } });

describe("expected patients to the ED record", () => {
  it("a booking, then its cancellation: S12 then S15, each once, in order, with the arrival time, patient and 111 as referrer", async () => {
    epr.received.length = 0;
    const nhs = testNhsNumber(850011);
    const b = await bookTestPatient({ patient: { nhsNumber: nhs, given: "Olive", family: "Sender" } });
    await cancelAppointment({ appointmentId: b.appointmentId, expectedVersion: 1, by: "consumer", newResource: (r) => ({ ...r, status: "cancelled" }) }, TEST_CONSUMER);
    const r = await pump();
    expect(r.sent).toBe(2);
    const mine = epr.received.filter((m) => m.text.includes(nhs));
    expect(mine.map((m) => m.event)).toEqual(["S12", "S15"]);
    // One at a time per patient: the cancel went only after the booking was acknowledged.
    const sentAt = (await db().hl7OutboxMessage.findMany({ where: { appointmentId: b.appointmentId }, orderBy: { sequence: "asc" } })).map((m) => m.sentAt!.getTime());
    expect(mine[1].at).toBeGreaterThanOrEqual(sentAt[0]);
    const a = await db().appointment.findUniqueOrThrow({ where: { id: b.appointmentId } });
    expect(mine[0].text).toContain(a.start.toISOString().replace(/[-:T]/g, "").slice(0, 14));
    expect(mine[0].text).toContain("Sender^Olive");
    expect(mine[0].text).toContain("NZZ01^Wessex Vale NHS 111 (demo)");
    expect(mine[1].text).toContain("Cancelled");
    // Captured again: nothing new, nothing sent twice.
    expect((await pump()).sent).toBe(0);
    expect(await db().hl7OutboxMessage.count({ where: { appointmentId: b.appointmentId } })).toBe(2);
    expect(await db().auditEvent.count({ where: { action: "hl7.expected-patient.sent", entityId: b.appointmentId } })).toBe(2);
  });

  it("retries until acknowledged when the ED record answers AR or not at all, and never lets a later change overtake", async () => {
    epr.received.length = 0;
    const nhs = testNhsNumber(850022);
    let calls = 0;
    epr.answer = () => (++calls === 1 ? "AR" : calls === 2 ? "none" : "AA");
    const b = await bookTestPatient({ patient: { nhsNumber: nhs, given: "Pip", family: "Retry" } });
    await cancelAppointment({ appointmentId: b.appointmentId, expectedVersion: 1, by: "consumer", newResource: (r) => ({ ...r, status: "cancelled" }) }, TEST_CONSUMER);
    expect((await pump()).failed).toBe(1);
    await forceDue();
    expect((await pump()).failed).toBe(1); // no answer within the timeout
    await forceDue();
    await pump();
    await forceDue();
    await pump();
    const events = epr.received.filter((m) => m.text.includes(nhs)).map((m) => m.event);
    expect(events).toEqual(["S12", "S12", "S12", "S15"]);
    const rows = await db().hl7OutboxMessage.findMany({ where: { appointmentId: b.appointmentId }, orderBy: { sequence: "asc" } });
    expect(rows.map((m) => [m.state, m.attempts])).toEqual([["sent", 3], ["sent", 1]]);
    epr.answer = () => "AA";
  });

  it("a message the ED record refuses (AE) is undeliverable and shown to clerks, who can send it again", async () => {
    const nhs = testNhsNumber(850033);
    epr.answer = (text) => (text.includes(nhs) ? "AE" : "AA");
    const b = await bookTestPatient({ patient: { nhsNumber: nhs, given: "Rue", family: "Refused" } });
    await pump();
    const list = await listUndeliverableExpectedPatients(clerk);
    const row = list.find((r) => r.booking?.id === b.appointmentId)!;
    expect(row.lastError).toContain("refused");
    epr.answer = () => "AA";
    await retryUndeliverable(row.id, clerk);
    await pump();
    expect((await db().hl7OutboxMessage.findUniqueOrThrow({ where: { id: row.id } })).state).toBe("sent");
    expect((await listUndeliverableExpectedPatients(clerk)).some((r) => r.id === row.id)).toBe(false);
  });

  it("ADT^A05 when configured, with the booked arrival time in PV2-8", async () => {
    epr.received.length = 0;
    const a05 = { ...config, kind: "A05" as const };
    const nhs = testNhsNumber(850044);
    await bookTestPatient({ patient: { nhsNumber: nhs, given: "Sid", family: "Preadmit" } });
    await captureExpectedPatients(a05);
    await deliverExpectedPatients(a05);
    const m = epr.received.find((x) => x.text.includes(nhs))!;
    expect(m.event).toBe("A05");
    expect(m.text).toMatch(/\rPV2\|(?:[^|]*\|){7}\d{14}\+0000/);
  });
});
