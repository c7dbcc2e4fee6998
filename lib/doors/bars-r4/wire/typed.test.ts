import { describe, expect, it } from "vitest";
import { isR4ResourceOf, parseR4Body, R4_RESOURCE_TYPES, validateR4, type BarsResourceType, type Bundle, type Patient } from ".";
import { bookingBundle } from "./fixtures/booking";

const ALL: Record<BarsResourceType, true> = {
  AllergyIntolerance: true, Appointment: true, Bundle: true, CapabilityStatement: true, CarePlan: true, Communication: true, Condition: true,
  Consent: true, Device: true, DocumentReference: true, Encounter: true, Endpoint: true, EpisodeOfCare: true, Flag: true, HealthcareService: true,
  List: true, Location: true, Medication: true, MedicationStatement: true, MessageDefinition: true, MessageHeader: true, Observation: true,
  OperationOutcome: true, Organization: true, Parameters: true, Patient: true, Practitioner: true, PractitionerRole: true, Procedure: true,
  Questionnaire: true, QuestionnaireResponse: true, RelatedPerson: true, Schedule: true, ServiceRequest: true, Slot: true, Task: true,
};

describe("typed R4 views (@medplum/fhirtypes)", () => {
  it("name the same resource types as the generated model", () => {
    expect(Object.keys(ALL).sort()).toEqual([...R4_RESOURCE_TYPES].sort());
  });

  it("narrow a validated resource to its R4 type", () => {
    const r = parseR4Body(JSON.stringify(bookingBundle()), "json");
    if (!r.ok) throw new Error(r.detail);
    expect(validateR4(r.resource).errors).toEqual([]);
    expect(isR4ResourceOf(r.resource, "Patient")).toBe(false);
    if (!isR4ResourceOf(r.resource, "Bundle")) throw new Error("expected a Bundle");
    const bundle: Bundle = r.resource;
    const patient = bundle.entry?.map((e) => e.resource).find((x): x is Patient => isR4ResourceOf(x, "Patient"));
    expect(patient?.identifier?.[0].value).toBe("9990000026");
    expect(patient?.contact?.[0].telecom?.[0].rank).toBe(1);
  });
});
