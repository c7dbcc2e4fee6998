import net from "node:net";
import { MllpFramer, mllpFrame } from "../doors/hl7v2/mllp-framer";
import { buildAck, decodeFrame, headerOf, parseMessage, type AckCode } from "../doors/hl7v2/hl7-wire";

/**
 * Test and simulator support: an ED patient record's inbound interface on loopback. It keeps every message it
 * receives and answers each with the ACK code `answer` chooses (or none, to test a timeout).
 */
export interface FakeEdRecord {
  port: number;
  received: { text: string; controlId: string; event: string; at: number }[];
  answer: (text: string, index: number) => AckCode | "none";
  close(): Promise<void>;
}

export async function startFakeEdRecord(port = 0): Promise<FakeEdRecord> {
  const state: FakeEdRecord = { port: 0, received: [], answer: () => "AA", close: async () => undefined };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    const framer = new MllpFramer({ maxMessageBytes: 1024 * 1024, maxNoiseBytes: 1024 * 1024 });
    socket.on("data", (chunk: Buffer) => {
      for (const ev of framer.push(chunk)) {
        if (ev.kind !== "frame") continue;
        const text = decodeFrame(ev.bytes).text ?? "";
        const h = headerOf(parseMessage(text));
        const index = state.received.length;
        state.received.push({ text, controlId: h.controlId, event: h.event, at: Date.now() });
        const code = state.answer(text, index);
        if (code !== "none") socket.write(mllpFrame(buildAck({ to: h, code, us: { application: "EPR", facility: "RXX" }, controlId: `EPRACK${index}`, at: new Date(), ...(code === "AA" || code === "CA" ? {} : { error: { code: "207", text: "Simulated refusal" } }) })));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  state.port = (server.address() as net.AddressInfo).port;
  state.close = () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
  return state;
}
