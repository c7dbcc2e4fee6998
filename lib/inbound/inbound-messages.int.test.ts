/**
 * The X-Request-Id claim on a real database (SQLite here; PostgreSQL in `npm run test:postgres`): stored whole before
 * processing, a retry of a processed message a duplicate, of one in progress "too early", of a failed or abandoned
 * one processed again; a Bundle.id reused only when an earlier message that succeeded used it for something new.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { claimInboundMessage, finishInboundMessage, type InboundMessage } from "./inbound-messages";

const T0 = new Date("2027-03-26T23:59:30Z");

function message(over: Partial<InboundMessage> = {}): InboundMessage {
  return {
    requestId: randomUUID(),
    correlationId: randomUUID(),
    format: "json",
    body: '{"resourceType":"Bundle","id":"b","type":"message"}\n',
    serviceDosId: "999999999",
    senderOds: "X26",
    headers: { endUserOrganisation: { odsCode: "X26" } },
    ...over,
  };
}

async function claimed(m: InboundMessage, at = T0): Promise<string> {
  const c = await claimInboundMessage(m, at);
  if (c.kind !== "claimed") throw new Error(`expected a claim, got ${c.kind}`);
  return c.id;
}

describe("inbound message claims", () => {
  it("stores the message whole before processing, and its outcome after", async () => {
    const m = message({ body: '{ "resourceType" : "Bundle",\n "id": "é" }' });
    const id = await claimed(m);
    const row = await db().barsMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ requestId: m.requestId, correlationId: m.correlationId, body: m.body, state: "processing", serviceDosId: "999999999", senderOds: "X26", format: "json" });
    expect(row.receivedAt.toISOString()).toBe(T0.toISOString());
    expect(JSON.parse(row.headersJson)).toEqual(m.headers);
    await finishInboundMessage(id, { state: "done", httpStatus: 200, bundleId: "é", event: "booking-request", reason: "new", appointmentId: "appt-1" }, new Date(T0.getTime() + 250));
    const done = await db().barsMessage.findUniqueOrThrow({ where: { id } });
    expect(done).toMatchObject({ state: "done", httpStatus: 200, recCode: null, bundleId: "é", event: "booking-request", reason: "new", appointmentId: "appt-1", referralId: null });
    expect(done.finishedAt?.toISOString()).toBe("2027-03-26T23:59:30.250Z");
  });

  it("answers a retry in progress 'in flight', a processed one 'duplicate', and processes a failed one again under the same row", async () => {
    const m = message();
    const id = await claimed(m);
    expect((await claimInboundMessage({ ...m, correlationId: randomUUID() }, new Date(T0.getTime() + 1000))).kind).toBe("in-flight");
    await finishInboundMessage(id, { state: "failed", httpStatus: 503, recCode: "REC_UNAVAILABLE" });
    const retryAt = new Date(T0.getTime() + 5000);
    const retry = await claimInboundMessage({ ...m, body: "second attempt" }, retryAt);
    expect(retry).toEqual({ kind: "claimed", id, bundleIdUsedBefore: false });
    const row = await db().barsMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ state: "processing", body: "second attempt", httpStatus: null, recCode: null, finishedAt: null });
    expect(row.receivedAt.toISOString()).toBe(retryAt.toISOString());
    await finishInboundMessage(id, { state: "done", httpStatus: 200, appointmentId: "appt-2" });
    expect(await claimInboundMessage(m, new Date(T0.getTime() + 9000))).toEqual({ kind: "duplicate", appointmentId: "appt-2", referralId: null });
    expect(await db().barsMessage.count({ where: { requestId: m.requestId } })).toBe(1);
  });

  it("lets a retry take over a claim abandoned for over a minute, once", async () => {
    const m = message();
    const id = await claimed(m);
    expect((await claimInboundMessage(m, new Date(T0.getTime() + 59_000))).kind).toBe("in-flight");
    const later = new Date(T0.getTime() + 61_000);
    const [a, b] = await Promise.all([claimInboundMessage(m, later), claimInboundMessage(m, later)]);
    expect([a.kind, b.kind].sort()).toEqual(["claimed", "in-flight"]);
    expect(a.kind === "claimed" ? a.id : b.kind === "claimed" ? b.id : null).toBe(id);
  });

  it("of parallel first deliveries of one request id, exactly one claims it", async () => {
    const m = message();
    const answers = await Promise.all(Array.from({ length: 6 }, () => claimInboundMessage(m, T0)));
    expect(answers.filter((a) => a.kind === "claimed")).toHaveLength(1);
    expect(answers.filter((a) => a.kind === "in-flight")).toHaveLength(5);
  });

  it("says a Bundle.id was used before only when another message that succeeded used it for something new", async () => {
    const bundleId = randomUUID();
    const first = await claimed(message({ bundleId }));
    // Still being processed, then failed: not a use.
    expect(await claimInboundMessage(message({ bundleId }))).toMatchObject({ kind: "claimed", bundleIdUsedBefore: false });
    await finishInboundMessage(first, { state: "failed", httpStatus: 400, bundleId, reason: "new" });
    expect(await claimInboundMessage(message({ bundleId }))).toMatchObject({ kind: "claimed", bundleIdUsedBefore: false });
    await finishInboundMessage(first, { state: "done", httpStatus: 200, bundleId, reason: "update" });
    expect(await claimInboundMessage(message({ bundleId }))).toMatchObject({ kind: "claimed", bundleIdUsedBefore: false });
    await finishInboundMessage(first, { state: "done", httpStatus: 200, bundleId, reason: "new" });
    expect(await claimInboundMessage(message({ bundleId }))).toMatchObject({ kind: "claimed", bundleIdUsedBefore: true });
    expect(await claimInboundMessage(message({ bundleId: randomUUID() }))).toMatchObject({ kind: "claimed", bundleIdUsedBefore: false });
    expect(await claimInboundMessage(message({ bundleId: null }))).toMatchObject({ kind: "claimed", bundleIdUsedBefore: false });
  });
});
