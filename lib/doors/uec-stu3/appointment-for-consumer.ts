/**
 * A booking as this door serves it. One made through this door (or by staff) is served as stored; one made
 * through another standard's door (BaRS) is written as a CareConnect Appointment from what the core holds, the
 * same way every time, so a booking made through one door is visible, readable and cancellable through the other.
 */
import type { StoredAppointment } from "../../booking/read-appointment";
import { appointmentFromBooking } from "./appointment-from-booking";

function firstPhone(telecomJson: string, contactJson: string): string {
  const pick = (list: unknown): string | null => {
    for (const t of Array.isArray(list) ? list : []) {
      const v = (t as { system?: string; value?: string; rank?: number }) ?? {};
      if (v.system === "phone" && typeof v.value === "string") return v.value;
    }
    return null;
  };
  try {
    const own = pick(JSON.parse(telecomJson));
    if (own) return own;
    for (const c of JSON.parse(contactJson) as { telecom?: unknown }[]) {
      const p = pick(c?.telecom);
      if (p) return p;
    }
  } catch {
    // stored as received; an unreadable list gives no phone
  }
  return "";
}

function addressLines(addressJson: string): string[] {
  try {
    const first = (JSON.parse(addressJson) as { line?: unknown }[])[0];
    return Array.isArray(first?.line) ? first.line.filter((l): l is string => typeof l === "string") : [];
  } catch {
    return [];
  }
}

export function stu3AppointmentFromFacts(a: Pick<StoredAppointment, "id" | "versionId" | "lastUpdated" | "booking">): Record<string, unknown> {
  const b = a.booking;
  const resource = appointmentFromBooking({
    slot: { id: b.slotId, scheduleId: b.scheduleId, start: b.start, end: b.end },
    description: b.description,
    now: b.createdAt,
    documentId: b.documentRefId,
    patient: {
      nhsNumber: b.patient.nhsNumber,
      nhsNumberStatus: b.patient.nhsNumberStatus,
      family: b.patient.family,
      given: b.patient.given,
      prefix: b.patient.prefix,
      birthDate: b.patient.birthDate,
      gender: b.patient.gender,
      phone: firstPhone(b.patient.telecomJson, b.patient.contactJson),
      addressLines: addressLines(b.patient.addressJson),
      postcode: b.patient.postcode ?? "",
    },
  }) as unknown as Record<string, unknown>;
  return { ...resource, id: a.id, meta: { ...((resource.meta as object) ?? {}), versionId: String(a.versionId), lastUpdated: a.lastUpdated.toISOString() }, status: b.status === "booked" ? "booked" : b.status };
}

export function stu3Appointment(a: StoredAppointment): Record<string, unknown> {
  return a.standard === "stu3" ? a.resource : stu3AppointmentFromFacts(a);
}
