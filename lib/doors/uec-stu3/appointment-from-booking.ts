/**
 * Builds the CareConnect Appointment (with contained Slot, Patient and DocumentReference) for a booking
 * that did not arrive as FHIR: a booking made by staff, or demo data. A booking made through the API
 * stores what the consumer submitted instead.
 */
import type { Appointment } from "./model/registry";
import { EXTENSION, IUC_REPORT_TYPE, PROFILE, SYSTEM } from "./systems";

export { PROFILE };
export const NHS_NUMBER_SYSTEM = SYSTEM.nhsNumber;
export const NHS_NUMBER_STATUS_EXT = EXTENSION.nhsNumberVerificationStatus;
export const NHS_NUMBER_STATUS_SYSTEM = SYSTEM.nhsNumberVerificationStatus;
export const RFC4122 = SYSTEM.uuid;
export const ITK_DOC_TYPE_SYSTEM = SYSTEM.itkDocumentType;

export interface BookingResourceInput {
  slot: { id: string; scheduleId: string; start: Date; end: Date };
  description: string;
  now: Date;
  patient: {
    nhsNumber?: string | null;
    nhsNumberStatus?: string | null;
    statusDisplay?: string;
    family: string;
    given: string;
    prefix?: string | null;
    birthDate: string;
    gender: string;
    phone: string;
    addressLines: string[];
    postcode: string;
  };
  documentId?: string | null;
}

export function appointmentFromBooking(input: BookingResourceInput): Appointment {
  const p = input.patient;
  const fullName = `${p.given} ${p.family.toUpperCase()}`;
  const identifier = p.nhsNumber
    ? [
        {
          extension: [
            {
              url: NHS_NUMBER_STATUS_EXT,
              valueCodeableConcept: {
                coding: [{ system: NHS_NUMBER_STATUS_SYSTEM, code: p.nhsNumberStatus ?? "01", display: p.statusDisplay ?? "Number present and verified" }],
              },
            },
          ],
          system: NHS_NUMBER_SYSTEM,
          value: p.nhsNumber,
        },
      ]
    : undefined;
  return {
    resourceType: "Appointment",
    meta: { profile: [PROFILE.appointment] },
    language: "en-GB",
    contained: [
      {
        resourceType: "Slot",
        // As API consumers do: the contained Slot carries the provider's Slot id.
        id: input.slot.id,
        meta: { profile: [PROFILE.slot] },
        identifier: [{ system: RFC4122, value: input.slot.id }],
        schedule: { reference: `Schedule/${input.slot.scheduleId}` },
        status: "busy",
        start: input.slot.start.toISOString(),
        end: input.slot.end.toISOString(),
      },
      {
        resourceType: "Patient",
        id: "patient",
        meta: { profile: [PROFILE.patient] },
        ...(identifier ? { identifier } : {}),
        name: [{ use: "official", family: p.family, given: [p.given], ...(p.prefix ? { prefix: [p.prefix] } : {}) }],
        telecom: [{ system: "phone", value: p.phone, use: "home", rank: 1 }],
        gender: p.gender,
        birthDate: p.birthDate,
        address: [{ use: "home", line: p.addressLines, postalCode: p.postcode }],
      },
      {
        resourceType: "DocumentReference",
        id: "docref",
        meta: { profile: [PROFILE.documentReference] },
        ...(input.documentId ? { identifier: [{ system: RFC4122, value: input.documentId }] } : {}),
        status: "current",
        type: { coding: [{ ...IUC_REPORT_TYPE }] },
        indexed: input.now.toISOString(),
        content: [{ attachment: { contentType: "application/hl7-v3+xml", language: "en" } }],
      },
    ],
    status: "booked",
    description: input.description,
    supportingInformation: [{ reference: "#docref" }],
    start: input.slot.start.toISOString(),
    end: input.slot.end.toISOString(),
    created: input.now.toISOString(),
    slot: [{ reference: `#${input.slot.id}` }],
    participant: [
      {
        actor: {
          reference: "#patient",
          ...(p.nhsNumber ? { identifier: { use: "official", system: NHS_NUMBER_SYSTEM, value: p.nhsNumber } } : {}),
          display: fullName,
        },
        status: "accepted",
      },
    ],
  };
}
