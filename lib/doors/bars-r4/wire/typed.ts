/**
 * TypeScript types for R4 resources, from @medplum/fhirtypes (type declarations only; nothing of it runs).
 * The wire layer itself works on plain FHIR JSON (R4Resource); once a resource has been validated, the door
 * narrows it with isR4ResourceOf to read it with the full R4 types.
 * Caveats of these types (see README): no `_name` primitive companions (read them through R4Resource), and
 * Meta carries some Medplum-only optional fields (project, author, account…) that are not R4 and must not be written.
 */
import type { Resource as AnyFhirResource } from "@medplum/fhirtypes";
import type { R4Resource } from "./types";

export type {
  AllergyIntolerance, Appointment, Bundle, BundleEntry, CapabilityStatement, CarePlan, CodeableConcept, Coding, Communication,
  Condition, Consent, ContactPoint, Device, DocumentReference, Encounter, Endpoint, EpisodeOfCare, Extension, Flag,
  HealthcareService, HumanName, Identifier, List, Location, Medication, MedicationStatement, MessageDefinition, MessageHeader,
  Observation, OperationOutcome, OperationOutcomeIssue, Organization, Parameters, Patient, PatientContact, Practitioner,
  PractitionerRole, Procedure, Questionnaire, QuestionnaireResponse, Reference, RelatedPerson, Schedule, ServiceRequest, Slot, Task,
} from "@medplum/fhirtypes";

/** The resource types of the BaRS R4 model (the same list as R4_RESOURCE_TYPES, checked by a test). */
export type BarsResourceType =
  | "AllergyIntolerance" | "Appointment" | "Bundle" | "CapabilityStatement" | "CarePlan" | "Communication" | "Condition" | "Consent"
  | "Device" | "DocumentReference" | "Encounter" | "Endpoint" | "EpisodeOfCare" | "Flag" | "HealthcareService" | "List" | "Location"
  | "Medication" | "MedicationStatement" | "MessageDefinition" | "MessageHeader" | "Observation" | "OperationOutcome" | "Organization"
  | "Parameters" | "Patient" | "Practitioner" | "PractitionerRole" | "Procedure" | "Questionnaire" | "QuestionnaireResponse"
  | "RelatedPerson" | "Schedule" | "ServiceRequest" | "Slot" | "Task";

/** The R4 type of one resource type, e.g. R4ResourceOf<"Patient">. */
export type R4ResourceOf<T extends BarsResourceType> = Extract<AnyFhirResource, { resourceType: T }>;

/** Narrows validated JSON to its R4 type. It checks the resourceType only: call validateR4 first. */
export function isR4ResourceOf<T extends BarsResourceType>(resource: R4Resource | unknown, type: T): resource is R4ResourceOf<T> {
  return typeof resource === "object" && resource !== null && (resource as { resourceType?: unknown }).resourceType === type;
}
