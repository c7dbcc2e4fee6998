import type { Hl7Message, Hl7Segment } from "@medplum/core";
import { nhsNumberProblem } from "../../nhs/nhs-number";
import { HL7_ERROR, parseHl7Time, type HeaderEcho } from "./hl7-wire";
import { isCalendarDateLike } from "./hl7-time";
import type { EdRecordEvent, EdRecordEventType, EdRecordPatient } from "../../arrivals/ed-record-event";

/** The ADT events we act on. */
export const SUPPORTED_ADT_EVENTS: readonly EdRecordEventType[] = ["A01", "A03", "A04", "A08", "A11", "A40"];

export type ReadResult = { ok: true; event: EdRecordEvent } | { ok: false; code: "AE" | "AR"; errorCode: string; text: string };

const unescape = (s: string) =>
  s.replace(/\\(F|S|R|E|T)\\/g, (_, c: string) => ({ F: "|", S: "^", R: "~", E: "\\", T: "&" })[c] ?? "");

function repetitions(seg: Hl7Segment | undefined, field: number): string[][] {
  const f = seg?.getField(field);
  return f ? f.components.map((c) => c.map(unescape)) : [];
}

const SEX: Record<string, EdRecordPatient["sex"]> = { M: "male", F: "female", U: "not-known", O: "not-known", A: "not-known", N: "not-known" };

function readPatient(pid: Hl7Segment): EdRecordPatient {
  const ids = repetitions(pid, 3);
  // CX: 1 id, 4 assigning authority, 5 identifier type. NHS numbers are type NH (or authority NHS).
  const nhs = ids.find((c) => (c[4] ?? "").toUpperCase() === "NH" || (c[3] ?? "").split("&")[0].toUpperCase() === "NHS");
  const local = ids.find((c) => (c[4] ?? "").toUpperCase() === "MR") ?? ids.find((c) => c !== nhs && c[0]);
  const nhsValue = nhs?.[0]?.replace(/\s/g, "") || null;
  const names = repetitions(pid, 5);
  const name = names.find((c) => (c[6] ?? "L").toUpperCase() === "L") ?? names[0] ?? [];
  const given = [name[1], name[2]].map((s) => (s ?? "").trim()).filter(Boolean);
  const dob = (repetitions(pid, 7)[0]?.[0] ?? "").trim();
  const birthDate = /^\d{8}/.test(dob) && isCalendarDateLike(`${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6, 8)}`) ? `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6, 8)}` : null;
  const address = repetitions(pid, 11)[0] ?? [];
  return {
    nhsNumber: nhsValue ? { value: nhsValue, problem: nhsNumberProblem(nhsValue) } : null,
    localId: local?.[0]?.trim() || null,
    family: (name[0] ?? "").split("&")[0].trim() || null,
    given,
    birthDate,
    sex: SEX[(repetitions(pid, 8)[0]?.[0] ?? "").trim().toUpperCase()] ?? null,
    postcode: (address[4] ?? "").trim() || null,
  };
}

/**
 * Reads an ADT message into the core's EdRecordEvent, or says why it cannot (AR: a message type or event we do not
 * take; AE: one we take with something required missing).
 */
export function readAdt(m: Hl7Message, h: HeaderEcho, options: { patientClasses: string[] }): ReadResult {
  if (h.messageCode !== "ADT") return { ok: false, code: "AR", errorCode: HL7_ERROR.unsupportedMessageType, text: `Message type ${h.messageCode || "(none)"} is not accepted here` };
  const evn = m.getSegment("EVN");
  const event = (h.event || evn?.getComponent(1, 1) || "").toUpperCase() as EdRecordEventType;
  if (!SUPPORTED_ADT_EVENTS.includes(event)) return { ok: false, code: "AR", errorCode: HL7_ERROR.unsupportedEventCode, text: `Event ${event || "(none)"} is not accepted here` };
  const pid = m.getSegment("PID");
  if (!pid) return { ok: false, code: "AE", errorCode: HL7_ERROR.segmentSequence, text: "PID segment missing" };
  const pv1 = m.getSegment("PV1");
  const patientClass = (pv1?.getComponent(2, 1) ?? "").toUpperCase();
  const eventAt = parseHl7Time(evn?.getComponent(6, 1)) ?? parseHl7Time(evn?.getComponent(2, 1));
  const admitAt = parseHl7Time(pv1?.getComponent(44, 1));
  const dischargeAt = parseHl7Time(pv1?.getComponent(45, 1));
  const patient = readPatient(pid);
  const visitNumber = (pv1?.getComponent(19, 1) ?? "").trim() || null;
  const base = { type: event, patient, visitNumber, controlId: h.controlId } as const;
  if (event === "A40") {
    const mrg = m.getSegment("MRG");
    const prior = (mrg?.getComponent(1, 1) ?? "").trim();
    if (!prior) return { ok: false, code: "AE", errorCode: HL7_ERROR.requiredFieldMissing, text: "MRG-1 (prior patient identifier) missing" };
    if (!patient.localId) return { ok: false, code: "AE", errorCode: HL7_ERROR.requiredFieldMissing, text: "PID-3 (patient identifier) missing" };
    return { ok: true, event: { ...base, at: eventAt, priorPatientId: prior } };
  }
  if ((event === "A04" || event === "A01") && options.patientClasses.length && !options.patientClasses.includes(patientClass)) {
    // Not an ED registration (an inpatient or outpatient visit): accepted, nothing to do.
    return { ok: true, event: { ...base, type: event, at: admitAt ?? eventAt, notEmergency: true } };
  }
  if (event === "A03") {
    const at = dischargeAt ?? eventAt;
    if (!at) return { ok: false, code: "AE", errorCode: HL7_ERROR.requiredFieldMissing, text: "No discharge time (PV1-45 or EVN-6)" };
    return { ok: true, event: { ...base, at } };
  }
  const at = event === "A11" ? (eventAt ?? admitAt) : (admitAt ?? eventAt);
  if (!at) return { ok: false, code: "AE", errorCode: HL7_ERROR.requiredFieldMissing, text: "No registration time (PV1-44 or EVN-6)" };
  return { ok: true, event: { ...base, at } };
}
