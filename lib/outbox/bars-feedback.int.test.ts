/**
 * Safeguarding did-not-attend feedback to 111 over BaRS, end to end on a real database and over real HTTP against
 * the stub NHS proxy and 111 receiver (lib/testing/bars-feedback-stub.ts): a BaRS booking and referral through the
 * door, did-not-attend, the clinician's confirmation, then the sender. Tuesday 15 June 2027, 08:30 BST.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedAssurance } from "../seed/assurance";
import { setClockForTests } from "../time/clock";
import type { StaffActor } from "../auth/actor";
import { startFeedbackStub, type FeedbackStub } from "../testing/bars-feedback-stub";
import { dnaAndReview, referredBooking } from "../testing/feedback-fixtures";
import { feedbackSender, type FeedbackSender } from "../doors/bars-r4/outbound/feedback-sender";
import type { FeedbackConfig } from "../doors/bars-r4/outbound/feedback-config";
import { feedbackStatusOfBooking, listSafeguardingFollowUps, setBarsFeedback } from "./bars-feedback-outbox";
import { FIXTURE_PATIENT } from "../testing/fixtures/bars/referral-fixtures";
import { markArrived } from "../arrivals/mark-arrived";

type Json = Record<string, unknown>;
const NOW = new Date("2027-06-15T07:30:00Z");
const FROM = new Date("2027-06-16T06:00:00Z");
const TO = new Date("2027-06-18T20:00:00Z");
let clinician: StaffActor;
let clerk: StaffActor;
let stub: FeedbackStub;
let cfg: FeedbackConfig;
let sender: FeedbackSender;
let serviceId: string;
let slot = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const received = (requestId: string) => stub.received.filter((r) => r.requestId === requestId);
const message = (appointmentId: string) => db().feedbackMessage.findFirstOrThrow({ where: { appointmentId } });

async function confirmed(o: { flag?: "concern" | "none"; confirm?: "yes" | "no" } = {}) {
  const b = await referredBooking({ from: FROM, to: TO, index: slot++, flag: o.flag ?? "concern" });
  await dnaAndReview(b.appointmentId, clinician, { confirm: o.confirm ?? "yes" });
  const a = await db().appointment.findUniqueOrThrow({ where: { id: b.appointmentId }, select: { dnaReviewedAt: true } });
  return { ...b, confirmedAt: a.dnaReviewedAt! };
}
const at = (t: Date, seconds: number) => new Date(t.getTime() + seconds * 1000);

beforeAll(async () => {
  setClockForTests(NOW);
  await seedAssurance(db(), NOW);
  const staff = await db().staffUser.findMany({ where: { role: { in: ["clinician", "clerk"] } } });
  const as = (role: "clinician" | "clerk"): StaffActor => {
    const s = staff.find((x) => x.role === role)!;
    return { type: "staff", id: s.id, name: s.name, role };
  };
  clinician = as("clinician");
  clerk = as("clerk");
  serviceId = (await db().dosServiceId.findUniqueOrThrow({ where: { value: "999999999" } })).serviceId;
  await setBarsFeedback(serviceId, true, clerk);
  stub = await startFeedbackStub();
  cfg = {
    proxyUrl: stub.proxyUrl,
    tokenUrl: stub.tokenUrl,
    clientId: stub.clientId,
    keyId: stub.keyId,
    privateKeyPem: stub.privateKeyPem,
    ods: "RXX",
    orgName: "Wessex Vale NHS Trust",
    softwareName: "ed-capacity",
    softwareVersion: "test",
    requestTimeoutMs: 1500,
    timing: { leaseMs: 60_000, baseDelayMs: 5_000, maxDelayMs: 15 * 60_000, maxAttempts: 20 },
  };
  sender = feedbackSender(cfg, "test-instance");
});

afterAll(async () => {
  await stub?.close();
});

beforeEach(() => {
  stub.tokenLifetimeSeconds = 599;
});

describe("safeguarding did-not-attend feedback to 111", () => {
  it("on 200 the message is processed once, addressed to the referring service, for this patient, as §9.3 shapes it", async () => {
    const b = await confirmed();
    const m = await message(b.appointmentId);
    expect(m.state).toBe("pending");
    expect((await feedbackStatusOfBooking(b.appointmentId))?.state).toBe("pending"); // "will be sent"
    const t = at(b.confirmedAt, 1);
    expect(await sender.deliverDue(t)).toMatchObject({ delivered: 1 });
    expect(stub.processed.get(m.requestId)).toBeDefined();
    expect(received(m.requestId)).toHaveLength(1);
    const r = received(m.requestId)[0];
    expect(r.correlationId).toBe(b.correlationId);
    expect(JSON.parse(Buffer.from(r.headers["nhsd-target-identifier"], "base64").toString())).toEqual({ value: "2000000099", system: "https://fhir.nhs.uk/Id/dos-service-id" });
    expect(r.headers["use-context"]).toBe("a1t1|referral|servicerequest-response|new");
    expect(r.headers.accept).toBe("application/fhir+json; version=1.0.0");
    expect(JSON.parse(Buffer.from(r.headers["nhsd-end-user-organisation"], "base64").toString())).toMatchObject({ identifier: [{ value: "RXX" }] });
    expect(r.headers["nhsd-requesting-software"]).toBeTruthy();

    const bundle = JSON.parse(r.body) as Json;
    const res = (bundle.entry as { resource: Json }[]).map((e) => e.resource);
    const header = res.find((x) => x.resourceType === "MessageHeader") as Json;
    expect(bundle.id).not.toBe(b.referralBundleId);
    expect(header.response).toEqual({ identifier: b.referralBundleId, code: "ok" });
    expect((header.destination as Json[])[0].endpoint).toBe(b.sourceEndpoint);
    expect((header.eventCoding as Json).code).toBe("servicerequest-response");
    const encounters = res.filter((x) => x.resourceType === "Encounter");
    expect(encounters).toHaveLength(1);
    expect(encounters[0].status).toBe("cancelled");
    const referral = await db().referral.findUniqueOrThrow({ where: { id: b.referralId } });
    expect(encounters[0].id).toBe(referral.encounterId);
    expect(res.find((x) => x.resourceType === "ServiceRequest")).toMatchObject({ id: b.referralId, status: "revoked" });
    expect(res.find((x) => x.resourceType === "Appointment")).toMatchObject({ id: b.appointmentId, status: "noshow" });
    const patient = res.find((x) => x.resourceType === "Patient") as Json;
    expect(JSON.stringify(patient.identifier)).toContain(FIXTURE_PATIENT.nhsNumber);
    expect(patient.telecom).toBeUndefined();
    expect(res.filter((x) => x.resourceType === "Flag").length).toBeGreaterThan(0);

    const after = await message(b.appointmentId);
    expect(after).toMatchObject({ state: "delivered", attempts: 1, lastStatus: 200 });
    expect((await feedbackStatusOfBooking(b.appointmentId))?.state).toBe("delivered");
    expect(await db().auditEvent.count({ where: { entityId: m.id, action: "feedback.attempt.delivered" } })).toBe(1);
    expect(await db().safeguardingTask.count({ where: { appointmentId: b.appointmentId, status: "open" } })).toBe(1);
    // Delivered means done: later passes send nothing.
    await sender.deliverDue(at(t, 3600));
    expect(received(m.requestId)).toHaveLength(1);
  });

  it("when the first answer is lost, the retry (same body and ids) gets 409 duplicate and counts as delivered: processed once", async () => {
    const b = await confirmed();
    const m = await message(b.appointmentId);
    stub.script("lose");
    const t = at(b.confirmedAt, 1);
    expect(await sender.deliverDue(t)).toMatchObject({ pending: 1 });
    expect(stub.processed.has(m.requestId)).toBe(true);
    expect((await message(b.appointmentId)).state).toBe("pending");
    expect(await sender.deliverDue(at(t, 2))).toMatchObject({ delivered: 0, pending: 0 }); // not due before the backoff
    expect(await sender.deliverDue(at(t, 6))).toMatchObject({ delivered: 1 });
    const rs = received(m.requestId);
    expect(rs.map((r) => r.answered)).toEqual(["lose", 409]);
    expect(new Set(rs.map((r) => r.body)).size).toBe(1);
    expect(new Set(rs.map((r) => r.correlationId)).size).toBe(1);
    expect((await message(b.appointmentId)).state).toBe("delivered");
    // Every attempt audited: when it was claimed, and what came of it.
    expect(await db().auditEvent.count({ where: { entityId: m.id, action: "feedback.attempt.started" } })).toBe(2);
    expect((await db().auditEvent.findMany({ where: { entityId: m.id, action: { in: ["feedback.attempt.retry", "feedback.attempt.delivered"] } }, })).map((e) => e.action).sort()).toEqual(["feedback.attempt.delivered", "feedback.attempt.retry"]);
  });

  it("408, 429, 503 and no answer at all are retried with backoff (5 s, 10 s, 20 s, 40 s), the same message every time", async () => {
    const b = await confirmed();
    const m = await message(b.appointmentId);
    stub.script(408, 429, 503, "hang");
    let t = at(b.confirmedAt, 1);
    for (const wait of [0, 5, 10, 20]) {
      t = at(t, wait);
      expect(await sender.deliverDue(t)).toMatchObject({ pending: 1 });
      t = at(t, 0.5);
    }
    const pending = await message(b.appointmentId);
    expect(pending.lastError).toMatch(/No answer within/);
    expect(pending.nextAttemptAt.getTime() - t.getTime()).toBeGreaterThan(35_000);
    t = at(t, 40);
    expect(await sender.deliverDue(t)).toMatchObject({ delivered: 1 });
    const rs = received(m.requestId);
    expect(rs.map((r) => r.answered)).toEqual([408, 429, 503, "hang", 200]);
    expect(new Set(rs.map((r) => r.body)).size).toBe(1);
    expect(stub.processed.has(m.requestId)).toBe(true);
    expect((await message(b.appointmentId)).attempts).toBe(5);
  });

  it("a 400 is a failure shown to clerks and the safeguarding lead, and is not retried", async () => {
    const b = await confirmed();
    const m = await message(b.appointmentId);
    stub.script(400);
    const t = at(b.confirmedAt, 1);
    expect(await sender.deliverDue(t)).toMatchObject({ failed: 1 });
    const failed = await message(b.appointmentId);
    expect(failed.state).toBe("failed");
    expect(failed.lastError).toMatch(/phone 111/);
    const status = await feedbackStatusOfBooking(b.appointmentId);
    expect(status?.state).toBe("failed");
    const follow = await listSafeguardingFollowUps(clerk);
    expect(follow.failedFeedback.some((f) => f.id === m.id)).toBe(true);
    expect(follow.tasks.find((x) => x.booking?.id === b.appointmentId)?.feedback).toBe("failed");
    await sender.deliverDue(at(t, 3600));
    expect(received(m.requestId)).toHaveLength(1);
    expect(stub.processed.has(m.requestId)).toBe(false);
  });

  it("a 401 refreshes the token once and sends again at once", async () => {
    const b = await confirmed();
    const m = await message(b.appointmentId);
    await sender.tokens.get(); // a token is cached, then the platform stops honouring it
    const before = stub.tokensIssued.length;
    stub.revokeTokens();
    const t = at(b.confirmedAt, 1);
    expect(await sender.deliverDue(t)).toMatchObject({ delivered: 1 });
    const rs = received(m.requestId);
    expect(rs.map((r) => r.answered)).toEqual([401, 200]);
    expect(rs[0].token).not.toBe(rs[1].token);
    expect(stub.tokensIssued.length).toBe(before + 1);
    expect((await message(b.appointmentId)).attempts).toBe(1);
  });

  it("the token is renewed shortly before it expires, without a 401", async () => {
    const first = await confirmed();
    const second = await confirmed();
    const m1 = await message(first.appointmentId);
    const m2 = await message(second.appointmentId);
    // A token that lives 1 s is renewed 0.1 s before it expires.
    await db().feedbackMessage.update({ where: { id: m2.id }, data: { nextAttemptAt: at(second.confirmedAt, 3600) } });
    stub.tokenLifetimeSeconds = 1;
    await sender.tokens.get(true);
    await sender.deliverDue(at(first.confirmedAt, 1));
    const before = stub.tokensIssued.length;
    await sleep(1000);
    await sender.deliverDue(at(second.confirmedAt, 3601));
    expect(received(m1.requestId).map((r) => r.answered)).toEqual([200]);
    expect(received(m2.requestId).map((r) => r.answered)).toEqual([200]);
    expect(stub.tokensIssued.length).toBe(before + 1);
    expect(received(m2.requestId)[0].token).toBe(stub.tokensIssued.at(-1));
  });

  it("nothing is sent when the clinician does not confirm; the local safeguarding task is made all the same", async () => {
    const b = await confirmed({ confirm: "no" });
    expect(await db().feedbackMessage.count({ where: { appointmentId: b.appointmentId } })).toBe(0);
    expect(await db().safeguardingTask.count({ where: { appointmentId: b.appointmentId } })).toBe(1);
  });

  it("the clinician must answer the question when feedback is offered", async () => {
    const b = await referredBooking({ from: FROM, to: TO, index: slot++, flag: "concern" });
    await expect(dnaAndReview(b.appointmentId, clinician)).rejects.toThrow(/Say whether to tell 111/);
    expect(await db().feedbackMessage.count({ where: { appointmentId: b.appointmentId } })).toBe(0);
  });

  it("nothing is sent when the referral's flag is 'no safeguarding issues identified' (and no safeguarding task is made)", async () => {
    const b = await confirmed({ flag: "none", confirm: undefined });
    expect(await db().feedbackMessage.count({ where: { appointmentId: b.appointmentId } })).toBe(0);
    expect(await db().safeguardingTask.count({ where: { appointmentId: b.appointmentId } })).toBe(0);
  });

  it("nothing is sent when the service's switch is off; the local task is still made", async () => {
    await setBarsFeedback(serviceId, false, clerk);
    try {
      const b = await referredBooking({ from: FROM, to: TO, index: slot++, flag: "concern" });
      await dnaAndReview(b.appointmentId, clinician); // not asked
      expect(await db().feedbackMessage.count({ where: { appointmentId: b.appointmentId } })).toBe(0);
      expect(await db().safeguardingTask.count({ where: { appointmentId: b.appointmentId } })).toBe(1);
      const n = stub.received.length;
      await sender.deliverDue(at(NOW, 7 * 24 * 3600));
      expect(stub.received.length).toBe(n);
    } finally {
      await setBarsFeedback(serviceId, true, clerk);
    }
  });

  it("a referral whose patient is not the booking's patient is not sent (wrong patient), and the local task is made", async () => {
    const b = await referredBooking({ from: FROM, to: TO, index: slot++, flag: "concern" });
    await db().referral.update({ where: { id: b.referralId }, data: { patientNhsNumber: "9990000026" } });
    await dnaAndReview(b.appointmentId, clinician); // not asked: nothing can be sent
    expect(await db().feedbackMessage.count({ where: { appointmentId: b.appointmentId } })).toBe(0);
    expect(await db().safeguardingTask.count({ where: { appointmentId: b.appointmentId } })).toBe(1);
  });

  it("one referral gets one feedback message however often it is confirmed (unique per referral)", async () => {
    const b = await confirmed();
    const m = await message(b.appointmentId);
    await expect(db().feedbackMessage.create({ data: { ...m, id: undefined, requestId: crypto.randomUUID(), bundleId: crypto.randomUUID() } })).rejects.toThrow();
  });

  it("a late arrival withdraws feedback not yet sent, so 111 is not told the patient did not come", async () => {
    const b = await confirmed();
    const m = await message(b.appointmentId);
    const a = await db().appointment.findUniqueOrThrow({ where: { id: b.appointmentId }, select: { workflowVersion: true } });
    const late = at(b.confirmedAt, 1);
    await markArrived({ bookingId: b.appointmentId, expectedWorkflowVersion: a.workflowVersion, arrivedAt: late }, clinician, late);
    expect((await message(b.appointmentId)).state).toBe("withdrawn");
    expect((await feedbackStatusOfBooking(b.appointmentId))?.state).toBe("withdrawn");
    await sender.deliverDue(at(late, 60));
    expect(received(m.requestId)).toHaveLength(0);
  });
});
