import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { seedDemo } from "../../seed/demo";
import { bookTestPatient } from "../../testing/book-test-patient";
import { adtMessage, connectMllp, msaOf } from "../../testing/hl7-messages";
import { testNhsNumber } from "../../nhs/nhs-number";
import { mllpFrame } from "./mllp-framer";
import { startMllpListener, type RunningListener } from "./mllp-listener";
import { readHl7Config } from "./hl7-config";

// The listener over a real loopback socket: framing, ACK codes, redelivery, bounds. Matching rules: ed-record-arrivals.int.test.ts.
let listener: RunningListener;
const MAX = 4096;

beforeAll(async () => {
  await seedDemo(db());
  listener = await startMllpListener({ ...readHl7Config({ HL7_MLLP_PORT: "0" }), port: 0, host: "127.0.0.1", maxMessageBytes: MAX, maxNoiseBytes: 2048 });
});
afterAll(async () => {
  await listener.close();
});

let seq = 0;
const cid = (p: string) => `${p}-${++seq}`;

async function bookedPatient(n: number) {
  const nhsNumber = testNhsNumber(810000 + n * 7);
  const b = await bookTestPatient({ patient: { nhsNumber, given: "Iris", family: `Marlow${n}`, birthDate: "1990-04-0" + ((n % 9) + 1) } });
  const a = await db().appointment.findUniqueOrThrow({ where: { id: b.appointmentId } });
  return { id: b.appointmentId, start: a.start, patient: { nhsNumber, given: "Iris", family: `Marlow${n}`, birthDate: "1990-04-0" + ((n % 9) + 1), sex: "F" } };
}

describe("MLLP listener", () => {
  it("accepts an A04 with AA after storing it, and marks the booking arrived", async () => {
    const b = await bookedPatient(1);
    const c = await connectMllp(listener.port);
    const id = cid("A04");
    c.sendMessage(adtMessage({ event: "A04", controlId: id, patient: b.patient, at: b.start }));
    const [ack] = await c.acks(1);
    expect(msaOf(ack)).toMatchObject({ code: "AA", controlId: id });
    expect(ack.startsWith("MSH|^~\\&|ED-CAPACITY|")).toBe(true);
    expect(ack).toContain("|ACK^A04^ACK|");
    const stored = await db().hl7InboundMessage.findFirstOrThrow({ where: { controlId: id } });
    expect(stored).toMatchObject({ state: "processed", ackCode: "AA", appointmentId: b.id });
    expect(await db().auditEvent.count({ where: { action: "hl7.received", entityId: stored.id } })).toBe(1);
    c.close();
  });

  it("answers a redelivery with the same code and processes it once, whichever connection it comes on", async () => {
    const b = await bookedPatient(2);
    const id = cid("dup");
    const msg = adtMessage({ event: "A04", controlId: id, patient: b.patient, at: b.start });
    const c1 = await connectMllp(listener.port);
    const c2 = await connectMllp(listener.port);
    c1.sendMessage(msg);
    c2.sendMessage(msg);
    const [a1] = await c1.acks(1);
    const [a2] = await c2.acks(1);
    expect(msaOf(a1).code).toBe("AA");
    expect(msaOf(a2).code).toBe("AA");
    expect(await db().hl7InboundMessage.count({ where: { controlId: id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "booking.arrived", entityId: b.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "hl7.redelivered" } })).toBeGreaterThanOrEqual(1);
    c1.close();
    c2.close();
  });

  it("reads frames split byte by byte and several messages in one write, answering in order", async () => {
    const c = await connectMllp(listener.port);
    const ids = [cid("split"), cid("multi"), cid("multi")];
    const p = { nhsNumber: testNhsNumber(820001), family: "Nobody", given: "Walk", birthDate: "1980-01-01", sex: "M" };
    const first = mllpFrame(adtMessage({ event: "A04", controlId: ids[0], patient: p, at: new Date() }));
    for (const byte of first) c.write(Buffer.from([byte]));
    c.write(Buffer.concat([mllpFrame(adtMessage({ event: "A04", controlId: ids[1], patient: p, at: new Date() })), Buffer.from("noise"), mllpFrame(adtMessage({ event: "A08", controlId: ids[2], patient: p, at: new Date() }))]));
    const acks = await c.acks(3);
    expect(acks.map((a) => msaOf(a).controlId)).toEqual(ids);
    expect(acks.map((a) => msaOf(a).code)).toEqual(["AA", "AA", "AA"]);
    expect((await db().hl7InboundMessage.findFirstOrThrow({ where: { controlId: ids[0] } })).state).toBe("no-booking");
    c.close();
  });

  it("answers a burst in one write (one commit for the batch) in order, with a redelivery inside it processed once and an A11 acting on the A04 before it", async () => {
    const b = await bookedPatient(3);
    const c = await connectMllp(listener.port);
    const reg = cid("burst");
    const a04 = adtMessage({ event: "A04", controlId: reg, patient: b.patient, at: b.start, visitNumber: "VB-1" });
    const a11 = cid("burst");
    const walk = cid("burst");
    c.write(Buffer.concat([
      mllpFrame(a04),
      mllpFrame(a04),
      mllpFrame(adtMessage({ event: "A04", controlId: walk, patient: { nhsNumber: testNhsNumber(820009), family: "Walker", given: "Ann", birthDate: "1960-06-06", sex: "F" }, at: b.start })),
      mllpFrame(adtMessage({ event: "A11", controlId: a11, patient: b.patient, at: b.start, visitNumber: "VB-1" })),
    ]));
    const acks = (await c.acks(4)).map(msaOf);
    expect(acks.map((a) => [a.code, a.controlId])).toEqual([["AA", reg], ["AA", reg], ["AA", walk], ["AA", a11]]);
    expect(await db().hl7InboundMessage.count({ where: { controlId: reg } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "booking.arrived", entityId: b.id } })).toBe(1);
    expect(await db().appointment.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ edStatus: "expected", arrivalSource: null });
    c.close();
  });

  it("refuses what it does not take with AR, and what is incomplete with AE and the reason in ERR", async () => {
    const c = await connectMllp(listener.port);
    const oru = cid("oru");
    c.sendMessage(`MSH|^~\\&|LAB|RXX|ED|RXX|20270101||ORU^R01|${oru}|P|2.5.1\rPID|1`);
    c.sendMessage(`MSH|^~\\&|EPR|RXX|ED|RXX|20270101||ADT^A04|${cid("nopid")}|P|2.5.1\rEVN|A04|20270101`);
    c.sendMessage(`MSH|^~\\&|EPR|RXX|ED|RXX|20270101||ADT^A04|${cid("v3")}|P|3.0\rPID|1`);
    c.sendMessage(`MSH|^~\\&|EPR|RXX|ED|RXX|20270101||ADT^A04||P|2.5.1\rPID|1`);
    c.sendMessage("this is not HL7");
    c.sendMessage(`MSH|^~\\&|EPR|RXX|ED|RXX|20270101||ADT^A04|${cid("notime")}|P|2.5.1\rPID|1||${testNhsNumber(820002)}^^^NHS^NH||X^Y||20000101|M\rPV1|1|E`);
    const acks = (await c.acks(6)).map(msaOf);
    expect(acks.map((a) => a.code)).toEqual(["AR", "AE", "AR", "AR", "AR", "AE"]);
    expect(acks[0].err).toContain("200^");
    expect(acks[1].text).toContain("PID segment missing");
    expect(acks[2].err).toContain("203^");
    expect(acks[3].text).toContain("MSH-10");
    expect(acks[4].text).toContain("does not begin with an MSH");
    expect(acks[5].text).toContain("No registration time");
    expect((await db().hl7InboundMessage.findFirstOrThrow({ where: { controlId: oru } })).state).toBe("failed");
    c.close();
  });

  it("sends the enhanced acknowledgements MSH-15 and MSH-16 ask for: CA then AA, CA alone, AE only on error", async () => {
    const c = await connectMllp(listener.port);
    const p = { nhsNumber: testNhsNumber(820003), family: "Enh", given: "Anne", birthDate: "1970-02-02", sex: "F" };
    const al = cid("enh");
    c.sendMessage(adtMessage({ event: "A04", controlId: al, patient: p, at: new Date(), enhanced: { accept: "AL", application: "AL" } }));
    const [commit, app] = (await c.acks(2)).map(msaOf);
    expect(commit).toMatchObject({ code: "CA", controlId: al });
    expect(app).toMatchObject({ code: "AA", controlId: al });
    c.sendMessage(adtMessage({ event: "A04", controlId: cid("enh"), patient: p, at: new Date(), enhanced: { accept: "AL", application: "NE" } }));
    c.sendMessage(adtMessage({ event: "A04", controlId: cid("enh"), patient: p, at: new Date(), enhanced: { accept: "NE", application: "ER" } }));
    c.sendMessage(`MSH|^~\\&|EPR|RXX|ED|RXX|20270101||ORU^R01|${cid("enh")}|P|2.5.1|||AL|AL\rPID|1`);
    const rest = (await c.acks(3)).map(msaOf);
    // CA for the NE one; nothing for the NE/ER success; CA then AR for the refused type.
    expect(rest.map((a) => a.code)).toEqual(["CA", "CA", "AR"]);
    c.close();
  });

  it("refuses a message over the size limit and carries on reading the connection", async () => {
    const c = await connectMllp(listener.port);
    const big = cid("big");
    c.sendMessage(`MSH|^~\\&|EPR|RXX|ED|RXX|20270101||ADT^A04|${big}|P|2.5.1\rNTE|${"x".repeat(MAX * 2)}`);
    const small = cid("small");
    c.sendMessage(`MSH|^~\\&|EPR|RXX|ED|RXX|20270101||ORU^R01|${small}|P|2.5.1`);
    const acks = (await c.acks(2)).map(msaOf);
    expect(acks[0]).toMatchObject({ code: "AR", controlId: big });
    expect(acks[0].text).toContain("larger than");
    expect(acks[1]).toMatchObject({ code: "AR", controlId: small });
    expect(await db().auditEvent.count({ where: { action: "hl7.refused", reason: { contains: "larger than" } } })).toBe(1);
    c.close();
  });

  it("refuses bytes that are not valid UTF-8 when MSH-18 names no other set, and reads ISO 8859-1 when it does", async () => {
    const c = await connectMllp(listener.port);
    const bad = cid("utf");
    c.write(mllpFrame(Buffer.concat([Buffer.from(`MSH|^~\\&|EPR|RXX|ED|RXX|20270101||ADT^A04|${bad}|P|2.5.1\rPID|1||||Zo`), Buffer.from([0xeb, 0xff]), Buffer.from("^A")])));
    const latin = cid("latin");
    c.write(mllpFrame(Buffer.concat([Buffer.from(`MSH|^~\\&|EPR|RXX|ED|RXX|20270101||ADT^A04|${latin}|P|2.5.1|||||GBR|8859/1\rEVN|A04|20270101\rPID|1||L1^^^RXX^MR||Zo`), Buffer.from([0xeb]), Buffer.from("^A||20000101|F\rPV1|1|E||||||||||||||||||||||||||||||||||||||||||20270101120000+0000")])));
    const acks = (await c.acks(2)).map(msaOf);
    expect(acks[0]).toMatchObject({ code: "AR", controlId: bad });
    expect(acks[1]).toMatchObject({ code: "AA", controlId: latin });
    expect((await db().hl7InboundMessage.findFirstOrThrow({ where: { controlId: latin } })).body).toContain("Zoë");
    c.close();
  });

  it("closes a connection that sends only noise, and keeps serving others", async () => {
    const c = await connectMllp(listener.port);
    c.write(Buffer.alloc(5000, 0x41));
    await c.closed;
    const d = await connectMllp(listener.port);
    d.sendMessage(`MSH|^~\\&|EPR|RXX|ED|RXX|20270101||ORU^R01|${cid("after")}|P|2.5.1`);
    expect(msaOf((await d.acks(1))[0]).code).toBe("AR");
    d.close();
  });
});
