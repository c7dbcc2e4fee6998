import { Hl7Context, Hl7Message, Hl7Segment } from "@medplum/core";
import { isCalendarDateLike, londonWallToInstant } from "./hl7-time";

/**
 * The HL7v2 wire layer: bytes to text (honouring MSH-18), text to @medplum/core's Hl7Message, and the
 * acknowledgements we send (original mode AA/AE/AR; enhanced mode CA/CE/CR then the application ACK).
 */

export type AckCode = "AA" | "AE" | "AR" | "CA" | "CE" | "CR";

/** HL7 table 0357 (message error condition codes) that we use. */
export const HL7_ERROR = {
  segmentSequence: "100",
  requiredFieldMissing: "101",
  dataTypeError: "102",
  tableValueNotFound: "103",
  unsupportedMessageType: "200",
  unsupportedEventCode: "201",
  unsupportedProcessingId: "202",
  unsupportedVersion: "203",
  applicationInternalError: "207",
} as const;

export interface DecodedText {
  text: string | null;
  /** Why the bytes could not be read as text. */
  problem: string | null;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** MSH-18 as written in the first segment, read byte-wise (every HL7 delimiter is ASCII). */
function declaredCharset(bytes: Buffer): string {
  const end = bytes.indexOf(0x0d);
  const msh = bytes.subarray(0, end === -1 ? Math.min(bytes.length, 2048) : end).toString("latin1");
  if (!msh.startsWith("MSH") || msh.length < 4) return "";
  const fields = msh.split(msh[3]);
  // MSH-1 is the separator itself, so MSH-n is fields[n - 1].
  return (fields[17] ?? "").split(msh[4] ?? "^")[0].trim().toUpperCase();
}

/** Decodes a frame: UTF-8 unless MSH-18 names ASCII or ISO 8859-1. Invalid bytes are a problem, never guessed at. */
export function decodeFrame(bytes: Buffer): DecodedText {
  const charset = declaredCharset(bytes);
  if (charset === "8859/1" || charset === "8859/15") return { text: bytes.toString("latin1"), problem: null };
  if (charset === "ASCII") {
    return bytes.every((b) => b < 0x80) ? { text: bytes.toString("ascii"), problem: null } : { text: null, problem: "The message says it is ASCII (MSH-18) but holds other bytes" };
  }
  if (charset && charset !== "UNICODE UTF-8" && charset !== "UTF-8") return { text: null, problem: `Character set not supported (MSH-18 ${charset.slice(0, 20)})` };
  try {
    return { text: UTF8.decode(bytes), problem: null };
  } catch {
    return { text: null, problem: "The message is not valid UTF-8 and MSH-18 names no other character set" };
  }
}

/** The header fields an acknowledgement echoes, read leniently from whatever arrived. */
export interface HeaderEcho {
  sendingApplication: string;
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  controlId: string;
  event: string;
  processingId: string;
  version: string;
  acceptAckType: string;
  applicationAckType: string;
  messageCode: string;
  structure: string;
}

/** Parses text as an HL7 message (segments split on CR or LF); null when it does not begin with MSH. */
export function parseMessage(text: string): Hl7Message | null {
  const t = text.replace(/^[\r\n]+/, "");
  if (!t.startsWith("MSH") || t.length < 8) return null;
  const fieldSep = t[3];
  if (/[A-Za-z0-9\r\n]/.test(fieldSep)) return null;
  try {
    const m = Hl7Message.parse(t.replace(/[\r\n]+$/, ""));
    return m.segments.length ? m : null;
  } catch {
    return null;
  }
}

export function headerOf(m: Hl7Message | null): HeaderEcho {
  const h = m?.header;
  const f = (n: number, c = 1) => (h ? (h.getComponent(n, c) ?? "") : "").slice(0, 200);
  return {
    sendingApplication: f(3),
    sendingFacility: f(4),
    receivingApplication: f(5),
    receivingFacility: f(6),
    messageCode: f(9, 1).toUpperCase(),
    event: f(9, 2).toUpperCase(),
    structure: f(9, 3).toUpperCase(),
    controlId: f(10),
    processingId: f(11),
    version: f(12),
    acceptAckType: f(15).toUpperCase(),
    applicationAckType: f(16).toUpperCase(),
  };
}

/** Reads a header from the first bytes of a message too large to parse whole. */
export function headerFromHead(head: Buffer): HeaderEcho {
  const text = head.toString("latin1");
  const firstSegment = text.split(/[\r\n]/)[0];
  return headerOf(parseMessage(firstSegment));
}

/** Whether the sender asked for enhanced acknowledgement (MSH-15 or MSH-16 valued). */
export function isEnhancedMode(h: HeaderEcho): boolean {
  return h.acceptAckType !== "" || h.applicationAckType !== "";
}

/** Whether an acknowledgement of this kind is wanted under AL | NE | ER | SU (default AL). */
export function wanted(condition: string, success: boolean): boolean {
  if (condition === "NE") return false;
  if (condition === "ER") return !success;
  if (condition === "SU") return success;
  return true;
}

const CONTEXT = new Hl7Context();

/** Escapes HL7 delimiters in free text (HL7 2.x escape sequences). */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, "\\E\\")
    .replace(/\|/g, "\\F\\")
    .replace(/\^/g, "\\S\\")
    .replace(/~/g, "\\R\\")
    .replace(/&/g, "\\T\\")
    .replace(/[\r\n]+/g, " ");
}

/** HL7 DTM in UTC with an explicit offset: YYYYMMDDHHMMSS+0000. */
export function hl7Timestamp(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, "").slice(0, 14) + "+0000";
}

export interface OurIdentity {
  application: string;
  facility: string;
}

/** An acknowledgement (ACK) of one message; `error` adds ERR (HL7 error code and text) and MSA-3. */
export function buildAck(o: { to: HeaderEcho; code: AckCode; us: OurIdentity; controlId: string; at: Date; error?: { code: string; text: string } }): string {
  const h = o.to;
  const type = ["ACK", h.event && /^[A-Z0-9]{3}$/.test(h.event) ? h.event : "", "ACK"].filter((x, i) => x || i === 0);
  const seg = (fields: string[]) => new Hl7Segment(fields, CONTEXT);
  const msh = seg([
    "MSH",
    CONTEXT.getMsh2(),
    escapeText(o.us.application),
    escapeText(o.us.facility),
    escapeText(h.sendingApplication),
    escapeText(h.sendingFacility),
    hl7Timestamp(o.at),
    "",
    type.length === 3 ? type.join("^") : "ACK",
    o.controlId,
    /^[PTD]$/.test(h.processingId) ? h.processingId : "P",
    /^2\.\d(\.\d)?$/.test(h.version) ? h.version : "2.5.1",
  ]);
  const msa = seg(["MSA", o.code, escapeText(h.controlId), o.error ? escapeText(o.error.text.slice(0, 80)) : ""]);
  const segments = [msh, msa];
  if (o.error) segments.push(seg(["ERR", "", "", `${o.error.code}^${escapeText(o.error.text.slice(0, 200))}^HL70357`, o.code.endsWith("R") ? "F" : "E"]));
  return new Hl7Message(segments, CONTEXT).toString();
}

/** An HL7 timestamp (DTM) as an instant: with an offset as given, without one as London wall-clock time. Null when not a time. */
export function parseHl7Time(value: string | undefined | null): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?(?:\.\d{1,4})?([+-]\d{4})?$/.exec((value ?? "").trim());
  if (!m) return null;
  const [, y, mo, d, hh = "00", mi = "00", ss = "00", offset] = m;
  if (!isCalendarDateLike(`${y}-${mo}-${d}`) || Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return null;
  if (offset) {
    const sign = offset[0] === "-" ? -1 : 1;
    const mins = Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5));
    return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mi), Number(ss)) - sign * mins * 60_000);
  }
  return londonWallToInstant(`${y}-${mo}-${d}`, `${hh}:${mi}`, Number(ss));
}
