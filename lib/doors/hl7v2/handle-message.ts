import { randomUUID } from "node:crypto";
import { now as clockNow } from "../../time/clock";
import { auditRefusedEdRecordMessage, messageWasKept, receiveEdRecordMessages, type ReadOutcome, type ReceiveResult, type StoreInput } from "../../arrivals/receive-ed-record-message";
import { logger } from "../../observability/logger";
import type { FrameEvent } from "./mllp-framer";
import { buildAck, decodeFrame, headerFromHead, headerOf, HL7_ERROR, isEnhancedMode, parseMessage, wanted, type AckCode, type HeaderEcho, type OurIdentity } from "./hl7-wire";
import { readAdt } from "./read-adt";

/**
 * One received frame to its acknowledgements. Original mode: one ACK after processing (AA, AE with the reason, AR
 * refused). Enhanced mode (MSH-15/16 valued): CA once stored (CE if it could not be, CR if refused), then the
 * application ACK as MSH-16 asks (AL always, ER on error, SU on success, NE never), both on this connection.
 * Nothing is acknowledged as accepted before it is stored.
 */
export interface HandleOptions {
  us: OurIdentity;
  maxMessageBytes: number;
  patientClasses: string[];
  peer: string | null;
}

const EMPTY: HeaderEcho = { sendingApplication: "", sendingFacility: "", receivingApplication: "", receivingFacility: "", controlId: "", event: "", processingId: "", version: "", acceptAckType: "", applicationAckType: "", messageCode: "", structure: "" };

const ackId = () => randomUUID().replace(/-/g, "").slice(0, 20);

function acks(h: HeaderEcho, us: OurIdentity, stage: "refused" | "store-failed" | "done", app: { code: "AA" | "AE" | "AR"; error?: { code: string; text: string } }): string[] {
  const at = clockNow();
  const one = (code: AckCode, error?: { code: string; text: string }) => buildAck({ to: h, code, us, controlId: ackId(), at, error });
  if (!isEnhancedMode(h)) return [one(app.code, app.error)];
  const out: string[] = [];
  const commit: AckCode = stage === "refused" ? "CR" : stage === "store-failed" ? "CE" : "CA";
  if (wanted(h.acceptAckType, commit === "CA")) out.push(one(commit, commit === "CA" ? undefined : app.error));
  if (stage === "done" && wanted(h.applicationAckType, app.code === "AA")) out.push(one(app.code, app.error));
  return out;
}

type Prepared = { replies: string[] } | { h: HeaderEcho; input: StoreInput; read: ReturnType<typeof readAdt> };

/** Everything about a frame that needs no database: a refusal's answer now, or what to store and act on. */
async function prepare(event: Exclude<FrameEvent, { kind: "noise" }>, o: HandleOptions): Promise<Prepared> {
  if (event.kind === "oversize") {
    const h = headerFromHead(event.head);
    const text = `Message larger than ${o.maxMessageBytes} bytes`;
    await auditRefusedEdRecordMessage({ reason: text, controlId: h.controlId || null, peer: o.peer, bytes: event.length }).catch(() => undefined);
    return { replies: acks(h, o.us, "refused", { code: "AR", error: { code: HL7_ERROR.applicationInternalError, text } }) };
  }
  const decoded = decodeFrame(event.bytes);
  const message = decoded.text === null ? null : parseMessage(decoded.text);
  const h = decoded.text === null ? headerFromHead(event.bytes) : headerOf(message);
  const refuse = async (errorCode: string, text: string): Promise<Prepared> => {
    await auditRefusedEdRecordMessage({ reason: text, controlId: h.controlId || null, peer: o.peer, bytes: event.bytes.length }).catch(() => undefined);
    return { replies: acks(h ?? EMPTY, o.us, "refused", { code: "AR", error: { code: errorCode, text } }) };
  };
  if (decoded.problem) return refuse(HL7_ERROR.dataTypeError, decoded.problem);
  if (!message) return refuse(HL7_ERROR.segmentSequence, "Not an HL7 message: it does not begin with an MSH segment");
  // An acknowledgement is never acknowledged.
  if (h.messageCode === "ACK") return { replies: [] };
  if (!h.controlId) return refuse(HL7_ERROR.requiredFieldMissing, "MSH-10 (message control id) missing");
  if (!/^2\.\d/.test(h.version)) return refuse(HL7_ERROR.unsupportedVersion, `HL7 version ${h.version.slice(0, 10) || "(none)"} not supported: send 2.x`);
  const read = readAdt(message, h, { patientClasses: o.patientClasses });
  const input: StoreInput = {
    controlKey: `${h.sendingApplication}^${h.sendingFacility}|${h.controlId}`,
    controlId: h.controlId,
    messageType: `${h.messageCode}^${h.event}`.slice(0, 40),
    body: decoded.text!,
    peer: o.peer,
  };
  return { h, input, read };
}

async function answer(p: Extract<Prepared, { h: HeaderEcho }>, r: ReceiveResult | Error, o: HandleOptions): Promise<string[]> {
  const { h, input, read } = p;
  if (r instanceof Error) {
    logger().error({ err: r, controlId: h.controlId }, "hl7: could not store or process a message");
    // Either it could not be stored (send again), or it was kept but not processed (a redelivery processes it).
    const kept = await messageWasKept(input.controlKey).catch(() => false);
    if (!kept) return acks(h, o.us, "store-failed", { code: "AR", error: { code: HL7_ERROR.applicationInternalError, text: "The message could not be stored: send it again" } });
    return acks(h, o.us, "done", { code: "AE", error: { code: HL7_ERROR.applicationInternalError, text: "The message was kept but could not be processed: send it again" } });
  }
  const code = (r.ackCode as "AA" | "AE" | "AR" | null) ?? "AA";
  const errorCode = !read.ok ? read.errorCode : HL7_ERROR.applicationInternalError;
  return acks(h, o.us, "done", { code, ...(code !== "AA" ? { error: { code: errorCode, text: r.outcome ?? "Refused" } } : {}) });
}

const toRead = (read: ReturnType<typeof readAdt>): ReadOutcome => (read.ok ? read : { ok: false, code: read.code, text: read.text });

/**
 * The frames that queued on one connection, answered in order: refusals at once, the rest stored and acted on
 * together in one transaction (receiveEdRecordMessages), each answered after that commit.
 */
export async function handleFrames(events: Exclude<FrameEvent, { kind: "noise" }>[], o: HandleOptions): Promise<string[][]> {
  const prepared: Prepared[] = [];
  for (const ev of events) prepared.push(await prepare(ev, o));
  const pending = prepared.filter((p): p is Extract<Prepared, { h: HeaderEcho }> => "h" in p);
  const results = pending.length ? await receiveEdRecordMessages(pending.map((p) => ({ input: p.input, read: toRead(p.read) }))) : [];
  const out: string[][] = [];
  let k = 0;
  for (const p of prepared) out.push("h" in p ? await answer(p, results[k++], o) : p.replies);
  return out;
}

export async function handleFrame(event: Exclude<FrameEvent, { kind: "noise" }>, o: HandleOptions): Promise<string[]> {
  return (await handleFrames([event], o))[0];
}
