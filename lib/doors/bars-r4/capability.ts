/**
 * `GET /metadata` and `GET /MessageDefinition?context=` (BARS-RECEIVER §2.1, §2.2): what this receiver accepts,
 * published at version 1.0.0 (what senders and the assurance tool negotiate against, §12 D1).
 */
import type { HostedService } from "../../services/find-service-by-dos-id";
import { DOS_SERVICE_ID_SYSTEM } from "./service-id";
import { APP1_USE_CASES, USE_CASE_SYSTEM, offeredUseCases } from "./use-cases";

const MD = "https://fhir.nhs.uk/MessageDefinition/";
const EVENTS = "https://fhir.nhs.uk/CodeSystem/message-events-bars";
export const PUBLISHED_VERSION = "1.0.0";

export const MESSAGE_DEFINITIONS = {
  bookingRequest: `${MD}bars-message-booking-request`,
  bookingCancelled: `${MD}bars-message-booking-request-cancelled`,
  referral: `${MD}bars-message-servicerequest-request-referral`,
  referralCancelled: `${MD}bars-message-servicerequest-request-cancelled`,
  referralResponse: `${MD}bars-message-servicerequest-response-referral`,
} as const;

type Focus = [code: string, min: number, max: string];

/** What each message we receive must contain: resource type, min, max (the IG's MessageDefinitions, APP1 2.1.0). */
export const FOCUS: Record<"bookingRequest" | "bookingCancelled" | "referral" | "referralCancelled", Focus[]> = {
  bookingRequest: [["Bundle", 1, "1"], ["MessageHeader", 1, "1"], ["ServiceRequest", 0, "1"], ["Patient", 1, "1"], ["Location", 0, "1"], ["Organization", 2, "*"], ["Practitioner", 0, "*"], ["PractitionerRole", 0, "*"], ["Consent", 0, "*"], ["HealthcareService", 1, "1"], ["Appointment", 1, "1"], ["Slot", 1, "1"], ["Schedule", 1, "1"]],
  bookingCancelled: [["Bundle", 1, "1"], ["MessageHeader", 1, "1"], ["Patient", 1, "1"], ["Organization", 2, "*"], ["Appointment", 1, "1"]],
  referral: [["Bundle", 1, "1"], ["MessageHeader", 1, "1"], ["ServiceRequest", 1, "1"], ["Patient", 1, "1"], ["Encounter", 1, "1"], ["CarePlan", 1, "1"], ["Location", 0, "*"], ["Organization", 2, "*"], ["Practitioner", 1, "*"], ["PractitionerRole", 1, "*"], ["Observation", 0, "*"], ["Flag", 0, "*"], ["MedicationStatement", 0, "*"], ["AllergyIntolerance", 0, "*"], ["Questionnaire", 0, "*"], ["QuestionnaireResponse", 0, "*"], ["Consent", 1, "*"], ["HealthcareService", 1, "1"], ["Condition", 0, "*"], ["Task", 0, "*"], ["Communication", 0, "*"], ["Procedure", 0, "*"], ["Device", 0, "1"], ["RelatedPerson", 0, "*"]],
  referralCancelled: [["Bundle", 1, "1"], ["MessageHeader", 1, "1"], ["ServiceRequest", 1, "1"], ["Patient", 1, "1"], ["Organization", 2, "*"]],
};

export function capabilityStatement(baseUrl: string, softwareVersion: string, date: string): Record<string, unknown> {
  const supported = (mode: "receiver" | "sender", key: keyof typeof MESSAGE_DEFINITIONS) => ({ mode, definition: MESSAGE_DEFINITIONS[key] });
  return {
    resourceType: "CapabilityStatement",
    id: "ed-capacity-bars-receiver",
    url: `${baseUrl}/metadata`,
    version: PUBLISHED_VERSION,
    name: "EdCapacityBarsReceiver",
    title: "ed-capacity: Booking and Referral Standard receiver",
    status: "active",
    date,
    publisher: "ed-capacity",
    kind: "instance",
    software: { name: "ed-capacity", version: softwareVersion },
    implementation: { description: "Emergency Department arrival times and referrals (BaRS Application 1)", url: baseUrl },
    fhirVersion: "4.0.1",
    format: ["application/fhir+json", "application/fhir+xml"],
    rest: [
      {
        mode: "server",
        security: { service: [{ text: "Certificates" }], description: "Requests reach this receiver only through the NHS England BaRS proxy (mutual TLS)." },
        resource: [
          { type: "CapabilityStatement", interaction: [{ code: "read" }] },
          { type: "MessageDefinition", interaction: [{ code: "search-type" }], searchParam: [{ name: "context", type: "token" }, { name: "useContext:identifier", type: "token" }] },
          { type: "Appointment", interaction: [{ code: "read" }, { code: "search-type" }], searchParam: [{ name: "patient:identifier", type: "token" }] },
          { type: "ServiceRequest", interaction: [{ code: "read" }, { code: "search-type" }], searchParam: [{ name: "patient:identifier", type: "token" }, { name: "identifier", type: "token" }] },
          {
            type: "Slot",
            interaction: [{ code: "search-type" }],
            searchInclude: ["Slot:schedule", "Schedule:actor:Practitioner", "Schedule:actor:PractitionerRole", "Schedule:actor:HealthcareService", "HealthcareService:providedBy", "HealthcareService:location"],
            searchParam: [{ name: "start", type: "date" }, { name: "status", type: "token" }, { name: "Schedule.actor:HealthcareService", type: "token" }],
          },
        ],
        operation: [{ name: "process-message", definition: "http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message" }],
      },
      { mode: "client", security: { service: [{ text: "OAuth" }] } },
    ],
    messaging: [
      {
        supportedMessage: [
          supported("receiver", "bookingRequest"),
          supported("receiver", "bookingCancelled"),
          supported("receiver", "referral"),
          supported("receiver", "referralCancelled"),
          supported("sender", "referralResponse"),
        ],
      },
    ],
  };
}

/** The four APP1 receiver MessageDefinitions of one hosted service, each with both `useContext` shapes. */
export function messageDefinitions(service: HostedService, date: string, useCaseFilter?: string): Record<string, unknown>[] {
  const useCases = offeredUseCases(service.kind).filter((u) => !useCaseFilter || u === useCaseFilter);
  const defs: [keyof typeof FOCUS, string, string][] = [
    ["bookingRequest", "booking-request", "Booking request"],
    ["bookingCancelled", "booking-request", "Booking request: cancelled"],
    ["referral", "servicerequest-request", "Referral request"],
    ["referralCancelled", "servicerequest-request", "Referral request: cancelled"],
  ];
  return defs.map(([key, event, title]) => ({
    resourceType: "MessageDefinition",
    id: `${service.dosId}-${MESSAGE_DEFINITIONS[key].slice(MD.length)}`,
    url: MESSAGE_DEFINITIONS[key],
    version: PUBLISHED_VERSION,
    name: MESSAGE_DEFINITIONS[key].slice(MD.length).replace(/-/g, "_"),
    title,
    status: "active",
    date,
    publisher: "ed-capacity",
    useContext: [
      { code: { system: DOS_SERVICE_ID_SYSTEM, code: service.dosId }, valueCodeableConcept: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/variant-state", code: "positive" }] } },
      { code: { system: "http://terminology.hl7.org/CodeSystem/usage-context-type", code: "workflow" }, valueCodeableConcept: { coding: [{ system: DOS_SERVICE_ID_SYSTEM, code: service.dosId }] } },
      ...useCases.map((u) => ({
        code: { system: "http://terminology.hl7.org/CodeSystem/usage-context-type", code: "workflow" },
        valueCodeableConcept: { coding: [{ system: USE_CASE_SYSTEM, code: u, display: APP1_USE_CASES[u] }] },
      })),
    ],
    eventCoding: { system: EVENTS, code: event },
    category: "notification",
    focus: FOCUS[key].map(([code, min, max]) => ({ code, min, max })),
  }));
}
