import net from "node:net";
import { MllpFramer, mllpFrame } from "../doors/hl7v2/mllp-framer";
import { hl7Timestamp } from "../doors/hl7v2/hl7-wire";

/**
 * Test, simulator and benchmark support: ADT messages as an ED patient record sends them, and a small MLLP client
 * that writes bytes and collects the acknowledgements. Invented patients only.
 */
export interface AdtPatient {
  nhsNumber?: string | null;
  localId?: string;
  family?: string;
  given?: string;
  birthDate?: string;
  sex?: string;
  postcode?: string | null;
}

export function adtMessage(o: {
  event: string;
  controlId: string;
  patient: AdtPatient;
  at?: Date;
  visitNumber?: string;
  patientClass?: string;
  enhanced?: { accept: string; application: string };
  mergeFrom?: string;
  version?: string;
  sender?: string;
}): string {
  const p = o.patient;
  const ts = o.at ? hl7Timestamp(o.at) : "";
  const ids = [p.nhsNumber ? `${p.nhsNumber}^^^NHS^NH` : "", `${p.localId ?? "L" + o.controlId}^^^RXX^MR`].filter(Boolean).join("~");
  const dob = (p.birthDate ?? "").replace(/-/g, "");
  const structure = o.event === "A40" ? "ADT_A39" : o.event === "A03" ? "ADT_A03" : o.event === "A11" ? "ADT_A09" : "ADT_A01";
  const msh = `MSH|^~\\&|${o.sender ?? "EPR"}|RXX|ED-CAPACITY|RXX|${ts || "20270101000000"}||ADT^${o.event}^${structure}|${o.controlId}|P|${o.version ?? "2.5.1"}${o.enhanced ? `|||${o.enhanced.accept}|${o.enhanced.application}` : ""}`;
  const segs = [
    msh,
    `EVN|${o.event}|${ts}||||${ts}`,
    `PID|1||${ids}||${p.family ?? ""}^${p.given ?? ""}||${dob}|${p.sex ?? ""}|||1 Orchard Way^^Wessex^^${p.postcode ?? ""}`,
  ];
  if (o.event === "A40") segs.push(`MRG|${o.mergeFrom ?? ""}`);
  const pv1 = new Array(46).fill("");
  pv1[0] = "PV1";
  pv1[1] = "1";
  pv1[2] = o.patientClass ?? "E";
  pv1[19] = o.visitNumber ?? "";
  if (o.event === "A03") pv1[45] = ts;
  else pv1[44] = ts;
  if (o.event !== "A40") segs.push(pv1.join("|"));
  return segs.join("\r");
}

export interface MllpTestClient {
  /** Writes bytes as they are (frame them yourself, or use sendMessage). */
  write(bytes: Buffer | string): void;
  sendMessage(text: string): void;
  /** Waits for `count` acknowledgements (in order), or fails after timeoutMs. */
  acks(count: number, timeoutMs?: number): Promise<string[]>;
  /** Resolves when the server closes the connection. */
  closed: Promise<void>;
  close(): void;
}

export async function connectMllp(port: number, host = "127.0.0.1"): Promise<MllpTestClient> {
  const socket = net.connect({ port, host });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.on("error", () => undefined);
  const framer = new MllpFramer({ maxMessageBytes: 10 * 1024 * 1024, maxNoiseBytes: 1024 * 1024 });
  const received: string[] = [];
  let wake: (() => void) | null = null;
  socket.on("data", (chunk: Buffer) => {
    for (const ev of framer.push(chunk)) if (ev.kind === "frame") received.push(ev.bytes.toString("utf8"));
    wake?.();
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return {
    write: (b) => socket.write(b),
    sendMessage: (text) => socket.write(mllpFrame(text)),
    async acks(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline || socket.destroyed) throw new Error(`Expected ${count} acknowledgements, got ${received.length}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return received.splice(0, count);
    },
    closed,
    close: () => socket.destroy(),
  };
}

/** MSA-1 and MSA-2 of an acknowledgement. */
export function msaOf(ack: string): { code: string; controlId: string; text: string; err: string | null } {
  const segs = ack.split("\r");
  const msa = (segs.find((s) => s.startsWith("MSA|")) ?? "MSA").split("|");
  return { code: msa[1] ?? "", controlId: msa[2] ?? "", text: msa[3] ?? "", err: segs.find((s) => s.startsWith("ERR|")) ?? null };
}
