import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { db } from "../../db/client";
import { connectMllp, msaOf } from "../../testing/hl7-messages";
import { CR, FS, MllpFramer, VT, mllpFrame } from "./mllp-framer";
import { startMllpListener, type RunningListener } from "./mllp-listener";
import { readHl7Config } from "./hl7-config";

// Malformed frames, segments and encodings at the listener: never a crash, every whole frame answered (an ACK),
// or the connection closed cleanly; the listener still answers a good message afterwards.
let listener: RunningListener;
beforeAll(async () => {
  listener = await startMllpListener({ ...readHl7Config({}), port: 0, host: "127.0.0.1", maxMessageBytes: 2048, maxNoiseBytes: 512 });
});
afterAll(async () => {
  await listener.close();
});

const segmentName = fc.constantFrom("MSH", "EVN", "PID", "PV1", "MRG", "ZZZ", "msh", "", "MS");
const field = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("ADT^A04", "ADT^A11^ADT_A09", "2.5.1", "3", "AL", "NE", "ER", "SU", "20270101120000", "9990000018^^^NHS^NH", "\\F\\", "^~\\&", "8859/1", "UNICODE UTF-8", "ASCII"));
const segment = fc.tuple(segmentName, fc.array(field, { maxLength: 20 })).map(([n, fs]) => [n, ...fs].join("|"));
const messageText = fc.oneof(
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join("\r")),
  fc.tuple(fc.array(field, { maxLength: 16 }), fc.array(segment, { maxLength: 4 }), fc.constantFrom("\r", "\n", "\r\n")).map(([h, s, sep]) => ["MSH|^~\\&|" + h.join("|"), ...s].join(sep)),
);
const payload = fc.oneof(
  messageText.map((t) => Buffer.from(t, "utf8")),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc.tuple(messageText, fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([t, bad]) => Buffer.concat([Buffer.from(t, "utf8"), Buffer.from(bad)])),
  fc.integer({ min: 2049, max: 6000 }).map((n) => Buffer.concat([Buffer.from("MSH|^~\\&|X|Y|Z|W|20270101||ADT^A04|BIG|P|2.5.1\r"), Buffer.alloc(n, 0x41)])),
);

/** How many whole frames a byte stream holds, as the listener's own framer counts them (VT/FS inside payloads included). */
function framesIn(bytes: Buffer): number {
  return new MllpFramer({ maxMessageBytes: 2048, maxNoiseBytes: Number.MAX_SAFE_INTEGER }).push(bytes).length;
}

describe("MLLP listener under malformed input", () => {
  it("answers every whole frame or closes cleanly, and keeps serving", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(payload, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 64 }), fc.boolean(), async (payloads, chunk, junkBetween) => {
        const stream = Buffer.concat(payloads.map((p) => Buffer.concat([junkBetween ? Buffer.from("xx") : Buffer.alloc(0), mllpFrame(p)])));
        const expected = framesIn(stream);
        const c = await connectMllp(listener.port);
        for (let i = 0; i < stream.length; i += chunk) c.write(stream.subarray(i, i + chunk));
        let answered = 0;
        let closed = false;
        void c.closed.then(() => (closed = true));
        // An ACK sent to us is never answered, so count the frames we expect an answer to.
        const wantAnswers = payloadsAnswerable(stream);
        try {
          const acks = await c.acks(wantAnswers, 5000);
          answered = acks.length;
          for (const a of acks) expect(["AA", "AE", "AR", "CA", "CE", "CR"]).toContain(msaOf(a).code);
        } catch {
          await Promise.race([c.closed, new Promise((r) => setTimeout(r, 500))]);
        }
        expect(answered === wantAnswers || closed).toBe(true);
        expect(expected).toBeGreaterThanOrEqual(wantAnswers);
        c.close();
      }),
      { numRuns: 60 },
    );
    const d = await connectMllp(listener.port);
    d.sendMessage("MSH|^~\\&|EPR|RXX|ED|RXX|20270101||ORU^R01|AFTER-FUZZ|P|2.5.1");
    expect(msaOf((await d.acks(1))[0])).toMatchObject({ code: "AR", controlId: "AFTER-FUZZ" });
    d.close();
    // Nothing unparseable was stored as if accepted.
    expect(await db().hl7InboundMessage.count({ where: { state: "processed", ackCode: { not: "AA" } } })).toBe(0);
  });

  it("the framer never holds more than the limit, whatever the bytes and chunking", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(Uint8Array.of(VT), Uint8Array.of(FS), Uint8Array.of(FS, CR), new Uint8Array(900))), { maxLength: 40 }), (chunks) => {
        const f = new MllpFramer({ maxMessageBytes: 1000, maxNoiseBytes: 100 });
        for (const ch of chunks) {
          for (const ev of f.push(Buffer.from(ch))) if (ev.kind === "frame") expect(ev.bytes.length).toBeLessThanOrEqual(1000);
          expect(f.buffered).toBeLessThanOrEqual(1000);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Frames the listener must answer: every whole frame except one that is itself an acknowledgement (MSH-9 ACK). */
function payloadsAnswerable(stream: Buffer): number {
  const events = new MllpFramer({ maxMessageBytes: 2048, maxNoiseBytes: Number.MAX_SAFE_INTEGER }).push(stream);
  return events.filter((e) => e.kind !== "frame" || !isAck(e.bytes)).length;
}
function isAck(bytes: Buffer): boolean {
  const t = bytes.toString("latin1").replace(/^[\r\n]+/, "");
  if (!t.startsWith("MSH") || t.length < 8) return false;
  const sep = t[3];
  const first = t.split(/[\r\n]/)[0].split(sep);
  return (first[8] ?? "").split(t[4] ?? "^")[0].toUpperCase() === "ACK";
}
