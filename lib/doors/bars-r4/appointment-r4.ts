/**
 * A booking as an R4 Appointment. One made through this door is served as stored; one made another way (the
 * STU3 door, the ED's staff) is written from what the core holds, so a booking is visible through both doors.
 * The status says what has happened since: arrived, did not attend (noshow), cancelled (§4.4).
 */
import type { StoredAppointment } from "../../booking/read-appointment";
import { instant7 } from "./slot-bundle";
import { bookingReference } from "./references";

export function r4Status(b: StoredAppointment["booking"]): string {
  if (b.status !== "booked") return b.status;
  if (b.edStatus === "arrived") return "arrived";
  if (b.edStatus === "did-not-attend") return "noshow";
  return "booked";
}

export function r4Appointment(a: StoredAppointment): Record<string, unknown> {
  const status = r4Status(a.booking);
  const meta = { versionId: String(a.versionId), lastUpdated: instant7(a.lastUpdated) };
  if (a.standard === "r4") return { ...a.resource, id: a.id, meta: { ...((a.resource.meta as object) ?? {}), ...meta }, status };
  return {
    resourceType: "Appointment",
    id: a.id,
    meta,
    identifier: [{ system: "https://fhir.nhs.uk/Id/ed-capacity-booking-reference", value: bookingReference(a.id) }],
    status,
    description: a.booking.description,
    start: a.booking.start.toISOString(),
    end: a.booking.end.toISOString(),
    slot: [{ reference: `Slot/${a.booking.slotId}` }],
    created: a.booking.createdAt.toISOString(),
    participant: [{ actor: { reference: `Patient/${a.booking.patient.localId}`, display: `${a.booking.patient.given} ${a.booking.patient.family}`.trim() }, status: "accepted" }],
  };
}
