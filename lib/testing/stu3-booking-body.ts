/**
 * The body an NHS 111 system POSTs to book (UEC Booking Standard, FHIR STU3): an Appointment with a contained
 * DocumentReference (the 111 report's id), Slot and Patient, CareConnect profiles. One builder for the conformance
 * suite, the end-to-end tests and the 111 simulator, so a change to what a consumer sends is made once.
 */
import { now as clockNow } from "../time/clock";

/** Every `_include` a slot search may ask for; the assurance tool and the simulator ask for all of them. */
export const ALL_INCLUDES: readonly string[] = [
  "Slot:schedule",
  "Schedule:actor:Practitioner",
  "Schedule:actor:PractitionerRole",
  "Schedule:actor:HealthcareService",
  "HealthcareService.providedBy",
  "HealthcareService.location",
];

/** A free Slot as the slot search returned it (what a consumer copies into the booking). */
export interface BookingSlot {
  id: string;
  identifier?: { system: string; value: string }[];
  schedule: { reference: string };
  start: string;
  end: string;
}

export interface BookingPhone {
  value: string;
  use: "home" | "mobile" | "work";
  rank: number;
}

export interface BookingPerson {
  given: string;
  family: string;
  prefix?: string;
  phone: BookingPhone;
}

export interface BookingPatientDetails extends BookingPerson {
  /** null: a patient without an NHS number (the standard allows it). */
  nhsNumber: string | null;
  gender: "male" | "female" | "other" | "unknown";
  /** YYYY-MM-DD */
  birthDate: string;
  address: { text?: string; line: string[]; city: string; postalCode: string };
  nextOfKin?: BookingPerson;
}

export interface BookingBodyInput {
  slot: BookingSlot;
  patient: BookingPatientDetails;
  /** The DocumentReference identifier: the id the 111 report sent over ITK carries. */
  documentId: string;
  description: string;
  /** Local ids of the contained DocumentReference and Patient; they are what `#…` references point at. */
  containedIds?: { document: string; patient: string };
  /** CareConnect profiles on the contained resources (the Appointment always names its own); default true. */
  containedProfiles?: boolean;
  /** The NHS number the participant names; default the patient's. The standard keeps a differing one as sent. */
  participantNhsNumber?: string;
  /** When the body says it was made (`created`, `indexed`); default the server's clock, which a test may set. */
  now?: Date;
}

const NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
const RFC4122 = "https://tools.ietf.org/html/rfc4122";
const profile = (name: string) => ({ profile: [`https://fhir.hl7.org.uk/STU3/StructureDefinition/${name}`] });

function humanName(p: { given: string; family: string; prefix?: string }) {
  return { use: "official", family: p.family, given: [p.given], ...(p.prefix ? { prefix: [p.prefix] } : {}) };
}

const telecom = (phone: BookingPhone) => [{ system: "phone", value: phone.value, use: phone.use, rank: phone.rank }];

export function stu3BookingBody(input: BookingBodyInput): Record<string, unknown> {
  const { slot, patient: p } = input;
  const now = input.now ?? clockNow();
  const ids = input.containedIds ?? { document: "doc", patient: "patient" };
  const withProfiles = input.containedProfiles ?? true;
  const meta = (name: string) => (withProfiles ? { meta: profile(name) } : {});

  const patient: Record<string, unknown> = {
    resourceType: "Patient",
    id: ids.patient,
    ...meta("CareConnect-Patient-1"),
    name: [humanName(p)],
    telecom: telecom(p.phone),
    gender: p.gender,
    birthDate: p.birthDate,
    address: [{ use: "home", ...(p.address.text ? { text: p.address.text } : {}), line: p.address.line, city: p.address.city, postalCode: p.address.postalCode }],
  };
  if (p.nhsNumber) {
    patient.identifier = [
      {
        extension: [
          {
            url: "https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1",
            valueCodeableConcept: { coding: [{ system: "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1", code: "01", display: "Number present and verified" }] },
          },
        ],
        use: "official",
        system: NHS_NUMBER_SYSTEM,
        value: p.nhsNumber,
      },
    ];
  }
  if (p.nextOfKin) {
    patient.contact = [
      {
        relationship: [{ coding: [{ system: "http://hl7.org/fhir/v2/0131", code: "N", display: "Next-of-Kin" }] }],
        name: humanName(p.nextOfKin),
        telecom: telecom(p.nextOfKin.phone),
      },
    ];
  }

  const participantNhsNumber = input.participantNhsNumber ?? p.nhsNumber;
  return {
    resourceType: "Appointment",
    meta: profile("CareConnect-Appointment-1"),
    language: "en-GB",
    contained: [
      {
        resourceType: "DocumentReference",
        id: ids.document,
        ...meta("CareConnect-DocumentReference-1"),
        identifier: [{ system: RFC4122, value: input.documentId }],
        status: "current",
        type: { coding: [{ system: "urn:oid:2.16.840.1.113883.2.1.3.2.4.18.17", code: "POCD_MT200001GB02", display: "Integrated Urgent Care Report" }] },
        indexed: now.toISOString(),
        content: [{ attachment: { contentType: "application/hl7-v3+xml", language: "en" } }],
      },
      {
        resourceType: "Slot",
        id: slot.id,
        ...meta("CareConnect-Slot-1"),
        identifier: slot.identifier ?? [{ system: RFC4122, value: slot.id }],
        schedule: slot.schedule,
        status: "busy",
        start: slot.start,
        end: slot.end,
      },
      patient,
    ],
    status: "booked",
    description: input.description,
    supportingInformation: [{ reference: `#${ids.document}` }],
    start: slot.start,
    end: slot.end,
    slot: [{ reference: `#${slot.id}` }],
    created: now.toISOString(),
    participant: [
      {
        actor: {
          reference: `#${ids.patient}`,
          ...(participantNhsNumber ? { identifier: { use: "official", system: NHS_NUMBER_SYSTEM, value: participantNhsNumber } } : {}),
          display: `${p.given} ${p.family}`,
        },
        status: "accepted",
      },
    ],
  };
}
