import type { BookingChange } from "../../outbox/hl7-outbox";
import { escapeText, hl7Timestamp } from "./hl7-wire";

/**
 * The expected-patient message for one booking change, as the ED record's board reads it: SIU^S12 (new booking),
 * S14 (changed), S15 (cancelled); or ADT^A05 (pre-admit) and ADT^A38 (cancel pre-admit). It carries the booked
 * arrival time (a time to arrive, not an appointment: the patient is still triaged), the patient, NHS 111 as the
 * referrer, and the disposition when 111's report has arrived.
 */
export type ExpectedMessageKind = "SIU" | "A05";

export interface SenderIdentity {
  application: string;
  facility: string;
  receivingApplication: string;
  receivingFacility: string;
}

const SEX: Record<string, string> = { male: "M", female: "F", other: "O", unknown: "U" };
const e = (s: string | null | undefined) => escapeText(s ?? "");

export function expectedEventOf(kind: ExpectedMessageKind, change: Pick<BookingChange, "status" | "versionId">): { code: string; event: string; structure: string } {
  const cancelled = change.status !== "booked";
  if (kind === "A05") return cancelled ? { code: "ADT", event: "A38", structure: "ADT_A38" } : { code: "ADT", event: "A05", structure: "ADT_A05" };
  return { code: "SIU", event: cancelled ? "S15" : change.versionId === 1 ? "S12" : "S14", structure: "SIU_S12" };
}

export function expectedPatientMessage(kind: ExpectedMessageKind, c: BookingChange, o: { controlId: string; at: Date; us: SenderIdentity }): string {
  const type = expectedEventOf(kind, c);
  const p = c.patient;
  const ids = [p.nhsNumber ? `${p.nhsNumber}^^^NHS^NH` : "", `${e(p.localId)}^^^ED-CAPACITY^PI`].filter(Boolean).join("~");
  const given = p.given.split(/\s+/).filter(Boolean);
  const referrer = `${e(c.bookingOrgOds ?? "111")}^${e(c.bookingOrgName ?? "NHS 111")}`;
  const disposition = c.disposition ? `${e(c.disposition.code)}^${e(c.disposition.text)}^SNOMED-CT-or-111` : "";
  const segs = [
    `MSH|^~\\&|${e(o.us.application)}|${e(o.us.facility)}|${e(o.us.receivingApplication)}|${e(o.us.receivingFacility)}|${hl7Timestamp(o.at)}||${type.code}^${type.event}^${type.structure}|${o.controlId}|P|2.5.1|||AL|NE|GBR|UNICODE UTF-8`,
  ];
  if (kind === "SIU") {
    // SCH-1 placer id, 7 reason, 11 timing (start^end in TQ), 16 filler contact, 25 status.
    const sch = new Array(26).fill("");
    sch[0] = "SCH";
    sch[1] = `${c.appointmentId}^ED-CAPACITY`;
    sch[6] = `^${e(c.description)}`;
    sch[7] = "111^Booked by NHS 111";
    sch[11] = `^^^${hl7Timestamp(c.start)}^${hl7Timestamp(c.end)}`;
    sch[12] = referrer;
    sch[25] = c.status === "booked" ? "Booked" : "Cancelled";
    segs.push(sch.join("|"));
  } else {
    segs.push(`EVN|${type.event}|${hl7Timestamp(o.at)}`);
  }
  segs.push(`PID|1||${ids}||${e(p.family)}^${e(given[0])}^${e(given.slice(1).join(" "))}||${p.birthDate.replace(/-/g, "")}|${SEX[p.gender] ?? "U"}|||^^^^${e(p.postcode)}`);
  const pv1 = new Array(20).fill("");
  pv1[0] = "PV1";
  pv1[1] = "1";
  pv1[2] = "E";
  pv1[3] = e(c.serviceName);
  pv1[8] = referrer;
  pv1[19] = c.appointmentId;
  segs.push(pv1.join("|"));
  if (kind === "A05") {
    const pv2 = new Array(9).fill("");
    pv2[0] = "PV2";
    pv2[3] = `^${e(c.description)}`;
    pv2[8] = hl7Timestamp(c.start);
    segs.push(pv2.join("|"));
  }
  if (disposition) segs.push(`OBX|1|CE|DISPOSITION^111 disposition||${disposition}||||||F`);
  if (kind === "SIU") {
    segs.push("RGS|1");
    segs.push(`AIL|1||${e(c.serviceName)}||${hl7Timestamp(c.start)}`);
  }
  return segs.join("\r");
}
