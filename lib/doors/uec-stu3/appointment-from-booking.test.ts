import { describe, expect, it } from "vitest";
import { appointmentFromBooking, type BookingResourceInput } from "./appointment-from-booking";
import { validateBookingRequest } from "./booking-request";
import { validateResource } from "./validate";
import { fhirJsonToXml, fhirXmlToJson } from "./xml";

const input: BookingResourceInput = {
  slot: { id: "6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f", scheduleId: "sched-ed-main", start: new Date("2026-03-03T10:00:00Z"), end: new Date("2026-03-03T10:15:00Z") },
  description: "Walk-in booked by reception",
  now: new Date("2026-03-03T09:12:00Z"),
  patient: {
    nhsNumber: "9999492304",
    nhsNumberStatus: "01",
    family: "Quill",
    given: "Robin",
    birthDate: "2001-02-03",
    gender: "unknown",
    phone: "01632 960789",
    addressLines: ["1 Test Lane"],
    postcode: "LS2 9ZZ",
  },
  documentId: "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f",
};

describe("appointmentFromBooking", () => {
  it("builds a valid CareConnect Appointment that survives XML", () => {
    const a = appointmentFromBooking(input);
    const result = validateResource(a);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(fhirXmlToJson(fhirJsonToXml(a))).toStrictEqual(a);
  });

  it("has the same shape as a booking made through the API", () => {
    const result = validateBookingRequest(appointmentFromBooking(input));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.request.slot).toMatchObject({ kind: "contained", slotId: input.slot.id, scheduleId: "sched-ed-main", identifier: { value: input.slot.id } });
    expect(result.request.patient).toMatchObject({ nhsNumber: "9999492304", nhsNumberVerification: { code: "01" }, primaryContact: { value: "01632 960789", rank: 1 } });
    expect(result.request.document?.cdaDocumentId).toBe(input.documentId);
  });

  it("leaves the identifiers out when there is no NHS number", () => {
    const a = appointmentFromBooking({ ...input, patient: { ...input.patient, nhsNumber: null } });
    const patient = a.contained!.find((r) => r.resourceType === "Patient")!;
    expect(patient).not.toHaveProperty("identifier");
    expect(a.participant[0].actor).not.toHaveProperty("identifier");
    expect(validateBookingRequest(a).ok).toBe(true);
  });
});
