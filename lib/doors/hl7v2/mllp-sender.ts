import net from "node:net";
import { MllpFramer, mllpFrame } from "./mllp-framer";
import { decodeFrame, headerOf, parseMessage } from "./hl7-wire";

export type SendOutcome = { ok: true; ackCode: string } | { ok: false; error: string; ackCode?: string | null; final?: boolean };

/**
 * Sends one message on a fresh connection and waits for its acknowledgement (MSA-2 = our control id). AA or CA is
 * delivered; AE (the ED record refused the content) is final; AR, CE, CR, no answer or no connection are retried.
 */
export function sendAndAwaitAck(o: { host: string; port: number; message: string; controlId: string; timeoutMs: number }): Promise<SendOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: o.host, port: o.port });
    const framer = new MllpFramer({ maxMessageBytes: 1024 * 1024, maxNoiseBytes: 64 * 1024 });
    let settled = false;
    const done = (r: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done({ ok: false, error: `No acknowledgement within ${o.timeoutMs} ms` }), o.timeoutMs);
    socket.on("error", (e) => done({ ok: false, error: `Connection failed: ${e.message}` }));
    socket.on("close", () => done({ ok: false, error: "The ED record closed the connection without acknowledging" }));
    socket.on("connect", () => {
      socket.setNoDelay(true);
      socket.write(mllpFrame(o.message));
    });
    socket.on("data", (chunk: Buffer) => {
      for (const ev of framer.push(chunk)) {
        if (ev.kind !== "frame") continue;
        const text = decodeFrame(ev.bytes).text;
        const m = text ? parseMessage(text) : null;
        const msa = m?.getSegment("MSA");
        if (!m || headerOf(m).messageCode !== "ACK" || !msa) continue;
        if (msa.getComponent(2, 1) !== o.controlId) continue;
        const code = (msa.getComponent(1, 1) ?? "").toUpperCase();
        const reason = msa.getComponent(3, 1) || m.getSegment("ERR")?.getComponent(3, 2) || code;
        if (code === "AA" || code === "CA") done({ ok: true, ackCode: code });
        else if (code === "AE") done({ ok: false, error: `The ED record refused the message: ${reason}`, ackCode: code, final: true });
        else done({ ok: false, error: `The ED record could not take the message now (${code}): ${reason}`, ackCode: code });
      }
    });
  });
}
