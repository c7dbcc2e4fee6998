/**
 * BaRS messages as a sender builds them, for tests and the 111 simulator: a booking of a slot found by a BaRS
 * slot search, its cancellation, a referral and its revocation. Synthetic patients only.
 */
import { randomUUID } from "node:crypto";

type Json = Record<string, unknown>;
const urn = () => `urn:uuid:${randomUUID()}`;
const ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
const RANK = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactRank";
export const USE_CASE = { system: "https://fhir.nhs.uk/CodeSystem/usecases-categories-bars", code: "a1t1", display: "111 to ED" };

export interface TestPatient {
  nhsNumber?: string | null;
  family: string;
  given: string;
  birthDate: string;
  gender?: string;
  phone?: string;
  postcode?: string;
}

export const BARS_TEST_PATIENT: TestPatient = { nhsNumber: "9990000018", family: "Fielding", given: "Ada", birthDate: "1961-04-12", gender: "female", phone: "01632 960001", postcode: "LS1 4AP" };

export function patientResource(p: TestPatient, gpUrl: string): Json {
  return {
    resourceType: "Patient",
    meta: { lastUpdated: new Date().toISOString() },
    identifier: p.nhsNumber
      ? [{
          system: "https://fhir.nhs.uk/Id/nhs-number",
          value: p.nhsNumber,
          extension: [{ url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus", valueCodeableConcept: { coding: [{ system: "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus", code: "number-present-and-verified", display: "Number present and verified" }] } }],
        }]
      : undefined,
    name: [{ use: "official", family: p.family, given: [p.given] }],
    gender: p.gender ?? "female",
    birthDate: p.birthDate,
    address: [{ use: "home", line: ["1 Test Street"], city: "Leeds", postalCode: p.postcode ?? "LS1 4AP" }],
    contact: [
      {
        extension: [{ url: RANK, valuePositiveInt: 1 }],
        relationship: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-RoleCode", code: "ONESELF", display: "self" }] }],
        telecom: [{ system: "phone", value: p.phone ?? "01632 960001", use: "mobile", rank: 1 }],
      },
    ],
    generalPractitioner: [{ reference: gpUrl }],
  };
}

function organisation(ods: string, name: string): Json {
  return { resourceType: "Organization", identifier: [{ system: ODS, value: ods }], name };
}

function header(event: string, reason: string, definition: string, serviceId: string, focusUrl: string, receiverUrl: string, senderUrl: string): Json {
  return {
    resourceType: "MessageHeader",
    eventCoding: { system: "https://fhir.nhs.uk/CodeSystem/message-events-bars", code: event },
    destination: [{ endpoint: `https://fhir.nhs.uk/Id/dos-service-id|${serviceId}`, receiver: { reference: receiverUrl } }],
    sender: { reference: senderUrl },
    source: { name: "Test 111", software: "ed-capacity tests", endpoint: "https://fhir.nhs.uk/Id/dos-service-id|2000000099" },
    reason: { coding: [{ system: "https://fhir.nhs.uk/CodeSystem/message-reason-bars", code: reason }] },
    focus: [{ reference: focusUrl }],
    definition: `https://fhir.nhs.uk/MessageDefinition/${definition}`,
  };
}

/** The slot search answer's resources a booking carries back (by id). */
export interface FoundForBooking {
  slot: Json;
  schedule?: Json;
  healthcareService?: Json;
  location?: Json;
  practitioner?: Json;
  practitionerRole?: Json;
}

export function findForBooking(searchset: Json, index = 0): FoundForBooking {
  const entries = ((searchset.entry as Json[]) ?? []).map((e) => e.resource as Json);
  const slots = entries.filter((r) => r.resourceType === "Slot" && r.status === "free");
  const slot = slots[index];
  if (!slot) throw new Error("No free slot in the search answer");
  const scheduleId = String((slot.schedule as Json).reference).split("/")[1];
  const of = (t: string) => entries.find((r) => r.resourceType === t);
  return { slot, schedule: entries.find((r) => r.resourceType === "Schedule" && r.id === scheduleId), healthcareService: of("HealthcareService"), location: of("Location"), practitioner: of("Practitioner"), practitionerRole: of("PractitionerRole") };
}

export function bookingMessage(found: FoundForBooking, options: { serviceId?: string; patient?: TestPatient; basedOn?: string; bundleId?: string } = {}): Json {
  const serviceId = options.serviceId ?? "999999999";
  const [h, appt, pat, slot, sched, hcs, gp, recv, send] = [urn(), urn(), urn(), urn(), urn(), urn(), urn(), urn(), urn()];
  const entries: { fullUrl: string; resource: Json }[] = [
    { fullUrl: h, resource: header("booking-request", "new", "bars-message-booking-request", serviceId, appt, recv, send) },
    {
      fullUrl: appt,
      resource: {
        resourceType: "Appointment",
        status: "booked",
        serviceCategory: [{ coding: [USE_CASE] }],
        description: "Chest pain, advised to attend within 1 hour",
        start: found.slot.start,
        end: found.slot.end,
        slot: [{ reference: slot }],
        created: new Date().toISOString(),
        participant: [{ actor: { reference: pat }, status: "accepted" }],
        ...(options.basedOn ? { basedOn: [{ reference: `ServiceRequest/${options.basedOn}` }] } : {}),
      },
    },
    { fullUrl: pat, resource: patientResource(options.patient ?? BARS_TEST_PATIENT, gp) },
    { fullUrl: slot, resource: { ...found.slot, status: "busy" } },
    { fullUrl: sched, resource: found.schedule ?? { resourceType: "Schedule", id: String((found.slot.schedule as Json).reference).split("/")[1], actor: [{ reference: hcs }] } },
    { fullUrl: hcs, resource: found.healthcareService ?? { resourceType: "HealthcareService", name: "Emergency Department" } },
    { fullUrl: gp, resource: organisation("Y00001", "Test Surgery") },
    { fullUrl: recv, resource: organisation("RXX", "Receiving trust") },
    { fullUrl: send, resource: organisation("A1001", "Test 111 service") },
  ];
  return { resourceType: "Bundle", id: options.bundleId ?? randomUUID(), meta: { versionId: "1.0.0", lastUpdated: new Date().toISOString() }, type: "message", timestamp: new Date().toISOString(), entry: entries };
}

/** The booking's cancellation, built from the receiver's answer to the booking (as the assurance tool does). */
export function cancelBookingMessage(bookingAnswer: Json, status: "cancelled" | "entered-in-error" = "cancelled"): Json {
  const entries = JSON.parse(JSON.stringify(bookingAnswer.entry)) as { fullUrl: string; resource: Json }[];
  const keep = entries.filter((e) => !["Slot", "Schedule", "HealthcareService", "Practitioner", "PractitionerRole", "Location"].includes(String(e.resource.resourceType)));
  const hdr = keep[0].resource;
  hdr.reason = { coding: [{ system: "https://fhir.nhs.uk/CodeSystem/message-reason-bars", code: "update" }] };
  hdr.definition = "https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request-cancelled";
  for (const e of keep) if (e.resource.resourceType === "Appointment") e.resource.status = status;
  return { ...bookingAnswer, id: randomUUID(), entry: keep };
}

export function referralMessage(options: { serviceId?: string; patient?: TestPatient; appointmentId?: string; bundleId?: string } = {}): Json {
  const serviceId = options.serviceId ?? "999999999";
  const [h, sr, pat, enc, cp, prac, role, cons, hcs, gp, recv, send] = Array.from({ length: 12 }, urn);
  const entries: { fullUrl: string; resource: Json }[] = [
    { fullUrl: h, resource: { ...header("servicerequest-request", "new", "bars-message-servicerequest-request-referral", serviceId, sr, recv, send), extension: [{ url: "https://fhir.nhs.uk/StructureDefinition/CDSSExtension", extension: [{ url: "RequesterCDSSsoftware", valueString: "Pathways" }, { url: "RequesterCDSSversion", valueString: "30.2.0" }] }] } },
    {
      fullUrl: sr,
      resource: {
        resourceType: "ServiceRequest",
        status: "active",
        intent: "plan",
        category: [{ coding: [{ system: "https://fhir.nhs.uk/CodeSystem/message-category-servicerequest", code: "referral", display: "Transfer of Care" }] }, { coding: [USE_CASE] }],
        subject: { reference: pat },
        encounter: { reference: enc },
        occurrencePeriod: { start: new Date().toISOString(), end: new Date(Date.now() + 3_600_000).toISOString() },
        requester: { reference: role },
        performer: [{ reference: hcs }],
        basedOn: [{ reference: cp }],
        patientInstruction: "Go to the Emergency Department within 1 hour",
        ...(options.appointmentId ? { supportingInfo: [{ reference: `Appointment/${options.appointmentId}` }] } : {}),
      },
    },
    { fullUrl: pat, resource: patientResource(options.patient ?? BARS_TEST_PATIENT, gp) },
    { fullUrl: enc, resource: { resourceType: "Encounter", status: "finished", class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "EMER", display: "emergency" }, identifier: [{ system: "https://sender.example/Id/case-number", value: "CASE-0001" }], subject: { reference: pat }, episodeOfCare: [{ reference: `EpisodeOfCare/${randomUUID()}` }] } },
    {
      fullUrl: cp,
      resource: {
        resourceType: "CarePlan",
        status: "completed",
        intent: "plan",
        subject: { reference: pat },
        activity: [{ outcomeCodeableConcept: [{ coding: [{ system: "https://fhir.nhs.uk/CodeSystem/pathways-dx-codes", code: "DX02", display: "Attend an emergency treatment centre within 1 hour" }], text: "Chest pain for 20 minutes, no radiation." }] }],
      },
    },
    { fullUrl: prac, resource: { resourceType: "Practitioner", identifier: [{ system: "https://fhir.nhs.uk/Id/sds-user-id", value: "555555555555" }], name: [{ family: "Clinician", given: ["Test"] }] } },
    { fullUrl: role, resource: { resourceType: "PractitionerRole", practitioner: { reference: prac }, organization: { reference: send } } },
    { fullUrl: cons, resource: { resourceType: "Consent", status: "active", scope: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/consentscope", code: "patient-privacy" }] }, category: [{ coding: [{ system: "https://fhir.nhs.uk/CodeSystem/consent-categories-bars", code: "DRC", display: "Direct Care" }] }], patient: { reference: pat }, policyRule: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "IMPLIED" }] } } },
    { fullUrl: hcs, resource: { resourceType: "HealthcareService", identifier: [{ system: "https://fhir.nhs.uk/Id/dos-service-id", value: serviceId }], name: "Emergency Department" } },
    { fullUrl: gp, resource: organisation("Y00001", "Test Surgery") },
    { fullUrl: recv, resource: organisation("RXX", "Receiving trust") },
    { fullUrl: send, resource: organisation("A1001", "Test 111 service") },
  ];
  return { resourceType: "Bundle", id: options.bundleId ?? randomUUID(), meta: { versionId: "1.0.0", lastUpdated: new Date().toISOString() }, type: "message", timestamp: new Date().toISOString(), entry: entries };
}

export function revokeReferralMessage(referralAnswer: Json, status: "revoked" | "entered-in-error" = "revoked"): Json {
  const entries = JSON.parse(JSON.stringify(referralAnswer.entry)) as { fullUrl: string; resource: Json }[];
  const keep = entries.filter((e) => ["MessageHeader", "ServiceRequest", "Patient", "Organization"].includes(String(e.resource.resourceType)));
  const hdr = keep[0].resource;
  hdr.reason = { coding: [{ system: "https://fhir.nhs.uk/CodeSystem/message-reason-bars", code: "update" }] };
  hdr.definition = "https://fhir.nhs.uk/MessageDefinition/bars-message-servicerequest-request-cancelled";
  for (const e of keep) if (e.resource.resourceType === "ServiceRequest") e.resource.status = status;
  return { ...referralAnswer, id: randomUUID(), entry: keep };
}

export function barsHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const b64 = (o: Json) => Buffer.from(JSON.stringify(o)).toString("base64");
  return {
    Accept: "application/fhir+json; version=1.0.0",
    "Content-Type": "application/fhir+json",
    "X-Request-ID": randomUUID(),
    "X-Correlation-ID": randomUUID(),
    "NHSD-Target-Identifier": b64({ value: "999999999", system: "https://fhir.nhs.uk/Id/dos-service-id" }),
    "NHSD-End-User-Organisation": b64({ resourceType: "Organization", identifier: [{ system: ODS, value: "A1001" }], name: "Test 111 service" }),
    "NHSD-Requesting-Software": b64({ resourceType: "Device", identifier: [{ system: "https://consumer.example/Id/device", value: "TEST-1" }], deviceName: [{ name: "Test sender", type: "manufacturer-name" }] }),
    ...extra,
  };
}
