import { describe, expect, it } from "vitest";
import { validateR4 } from ".";
import { bookingBundle } from "./fixtures/booking";

function errors(resource: unknown) {
  return validateR4(resource).errors.map((e) => ({ kind: e.kind, path: e.path }));
}

describe("validateR4", () => {
  it("passes a valid booking Bundle", () => {
    expect(validateR4(bookingBundle())).toEqual({ errors: [], warnings: [] });
  });

  it("reports an unknown resource type, at the root and inside a Bundle", () => {
    expect(errors({ resourceType: "Basic" })).toEqual([{ kind: "unknown-resource", path: "Basic" }]);
    const b = bookingBundle();
    (b.entry as { resource: unknown }[])[1].resource = { resourceType: "Appointmnet" };
    expect(errors(b)).toEqual([{ kind: "unknown-resource", path: "Bundle.entry[1].resource" }]);
    expect(errors({ id: "x" })).toEqual([{ kind: "required", path: "Resource" }]);
  });

  it("reports wrong JSON types and bad primitive values with the FHIR path", () => {
    expect(errors({ resourceType: "Patient", active: "true", birthDate: "21/07/1990", gender: "" })).toEqual([
      { kind: "type", path: "Patient.active" },
      { kind: "value", path: "Patient.birthDate" },
      { kind: "value", path: "Patient.gender" },
    ]);
    expect(errors({ resourceType: "Patient", contact: [{ telecom: [{ rank: 0 }] }], multipleBirthInteger: 1.5 })).toEqual([
      { kind: "value", path: "Patient.contact[0].telecom[0].rank" },
      { kind: "value", path: "Patient.multipleBirthInteger" },
    ]);
    expect(errors({ resourceType: "Slot", schedule: { reference: "Schedule/1" }, status: "free", start: "2026-11-02T10:00:00", end: "2026-11-02T10:30:00Z" })).toEqual([
      { kind: "value", path: "Slot.start" },
    ]);
  });

  it("checks cardinality: arrays for repeating elements, single values otherwise, and required elements", () => {
    expect(errors({ resourceType: "Patient", name: { family: "EXAMPLE" }, gender: ["female"] })).toEqual([
      { kind: "cardinality", path: "Patient.name" },
      { kind: "cardinality", path: "Patient.gender" },
    ]);
    expect(errors({ resourceType: "Bundle" })).toEqual([{ kind: "required", path: "Bundle.type" }]);
    expect(errors({ resourceType: "Observation", status: "final" })).toEqual([{ kind: "required", path: "Observation.code" }]);
    expect(errors({ resourceType: "Patient", name: [], address: [{}], telecom: [null] })).toEqual([
      { kind: "empty", path: "Patient.name" },
      { kind: "empty", path: "Patient.address[0]" },
      { kind: "empty", path: "Patient.telecom[0]" },
    ]);
  });

  it("allows one variant of a choice type and checks its type", () => {
    expect(errors({ resourceType: "Patient", deceasedBoolean: true, deceasedDateTime: "2020-01-01" })).toEqual([{ kind: "choice", path: "Patient" }]);
    expect(errors({ resourceType: "Observation", status: "final", code: { text: "x" }, valueQuantity: { value: "18" } })).toEqual([
      { kind: "type", path: "Observation.valueQuantity.value" },
    ]);
    expect(errors({ resourceType: "Observation", status: "final", code: { text: "x" }, valueInteger: 18 })).toEqual([]);
  });

  it("checks _name companions, contained resources, narrative and contentReference elements", () => {
    expect(errors({ resourceType: "Patient", name: [{ given: ["Jo", null], _given: [null, { id: "g2" }] }] })).toEqual([]);
    expect(errors({ resourceType: "Patient", _birthDate: "1990" })).toEqual([{ kind: "type", path: "Patient._birthDate" }]);
    expect(errors({ resourceType: "Patient", contained: [{ resourceType: "Organization", active: 1 }] })).toEqual([{ kind: "type", path: "Patient.contained[0].active" }]);
    expect(errors({ resourceType: "Patient", text: { status: "generated", div: "<div xmlns=\"http://www.w3.org/1999/xhtml\"><script/></div>" } })).toEqual([
      { kind: "value", path: "Patient.text.div" },
    ]);
    const q = { resourceType: "Questionnaire", status: "active", item: [{ linkId: "1", type: "group", item: [{ linkId: "1.1", type: 7 }] }] };
    expect(errors(q)).toEqual([{ kind: "type", path: "Questionnaire.item[0].item[0].type" }]);
  });

  it("makes unknown elements warnings, not errors", () => {
    const r = validateR4({ resourceType: "Patient", favouriteColour: "blue", name: [{ family: "EXAMPLE", nickname: "J" }], _name: {} });
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => [w.kind, w.path])).toEqual([
      ["unknown-element", "Patient.favouriteColour"],
      ["unknown-element", "Patient.name[0].nickname"],
      ["unknown-element", "Patient._name"],
    ]);
  });

  it("lists at most 200 issues of a kind, and says there were more", () => {
    const r = validateR4({ resourceType: "Patient", name: Array.from({ length: 500 }, () => ({ family: 1, nickname: "x" })) });
    expect(r.errors).toHaveLength(201);
    expect(r.warnings).toHaveLength(201);
    expect(r.errors[200].message).toContain("more than 200 issues");
  });

  it("refuses to walk objects nested deeper than its limit", () => {
    let ext: Record<string, unknown> = { url: "x", valueString: "deep" };
    for (let i = 0; i < 5_000; i++) ext = { url: "x", extension: [ext] };
    const r = validateR4({ resourceType: "Patient", extension: [ext] });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toContain("deeper than 128");
  });
});
