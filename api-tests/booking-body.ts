/** Booking request bodies shaped like the assurance tool's, with synthetic patients (999-range NHS numbers). */
export interface SlotEntry {
  id: string;
  identifier?: { system: string; value: string }[];
  schedule: { reference: string };
  start: string;
  end: string;
}

export interface BodyOptions {
  nhsNumber?: string | null;
  family?: string;
  patientRank?: number;
  contactRank?: number | null;
  documentId?: string;
}

export function bookingBody(slot: SlotEntry, o: BodyOptions = {}): Record<string, any> {
  const nhsNumber = o.nhsNumber === undefined ? "9993766984" : o.nhsNumber;
  const patient: Record<string, any> = {
    resourceType: "Patient",
    id: "P1",
    meta: { profile: ["https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Patient-1"] },
    name: [{ use: "official", family: o.family ?? "Pemberton", given: ["Ellis"], prefix: ["Mx"] }],
    telecom: [{ system: "phone", value: "07700 900123", use: "home", rank: o.patientRank ?? 1 }],
    gender: "female",
    birthDate: "1974-12-25",
    address: [{ use: "home", text: "12 Orchard Way, Wessexford WX2 7QT", line: ["12 Orchard Way", "Wessexford"], city: "Wessexford", postalCode: "WX2 7QT" }],
  };
  if (nhsNumber) {
    patient.identifier = [
      {
        extension: [
          {
            url: "https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1",
            valueCodeableConcept: { coding: [{ system: "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-NHSNumberVerificationStatus-1", code: "01", display: "Number present and verified" }] },
          },
        ],
        use: "official",
        system: "https://fhir.nhs.uk/Id/nhs-number",
        value: nhsNumber,
      },
    ];
  }
  if (o.contactRank !== null) {
    patient.contact = [
      {
        relationship: [{ coding: [{ system: "http://hl7.org/fhir/v2/0131", code: "N", display: "Next-of-Kin" }] }],
        name: { use: "official", family: "Pemberton", given: ["Robin"], prefix: ["Mr"] },
        telecom: [{ system: "phone", value: "07700 900456", use: "home", rank: o.contactRank ?? 2 }],
      },
    ];
  }
  return {
    resourceType: "Appointment",
    meta: { profile: ["https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Appointment-1"] },
    language: "en-GB",
    contained: [
      {
        resourceType: "DocumentReference",
        id: "123",
        meta: { profile: ["https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-DocumentReference-1"] },
        identifier: [{ system: "https://tools.ietf.org/html/rfc4122", value: o.documentId ?? "6b9c59dd-675b-4026-98db-f608ef501e6e" }],
        status: "current",
        type: { coding: [{ system: "urn:oid:2.16.840.1.113883.2.1.3.2.4.18.17", code: "POCD_MT200001GB02", display: "Integrated Urgent Care Report" }] },
        indexed: new Date().toISOString(),
        content: [{ attachment: { contentType: "application/hl7-v3+xml", language: "en" } }],
      },
      {
        resourceType: "Slot",
        id: slot.id,
        meta: { profile: ["https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Slot-1"] },
        identifier: slot.identifier ?? [{ system: "https://tools.ietf.org/html/rfc4122", value: slot.id }],
        schedule: slot.schedule,
        status: "busy",
        start: slot.start,
        end: slot.end,
      },
      patient,
    ],
    status: "booked",
    description: "Reason for calling",
    supportingInformation: [{ reference: "#123" }],
    start: slot.start,
    end: slot.end,
    slot: [{ reference: `#${slot.id}` }],
    created: new Date().toISOString(),
    participant: [
      {
        actor: {
          reference: "#P1",
          identifier: { use: "official", system: "https://fhir.nhs.uk/Id/nhs-number", value: "9993766984" },
          display: `Ellis ${o.family ?? "Pemberton"}`,
        },
        status: "accepted",
      },
    ],
  };
}
