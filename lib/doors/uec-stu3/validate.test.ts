import { describe, expect, it } from "vitest";
import { fixtureJson, type FixtureName } from "../../testing/fixtures/stu3/load";
import { assertValidResource, isValidResource, validateResource } from "./validate";

type Json = Record<string, any>;  

const booking = () => fixtureJson<Json>("booking-request");
const patientOf = (a: Json) => a.contained.find((r: Json) => r.resourceType === "Patient");

describe("validateResource", () => {
  it.each<FixtureName>(["booking-request", "search-bundle", "operation-outcome", "appointment-read", "capability-statement"])("accepts the %s fixture without warnings", (name) => {
    const result = validateResource(fixtureJson(name));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("reports unknown elements as warnings with their path, and stays valid", () => {
    const a = booking();
    a.priorityLevel = "high";
    patientOf(a).favouriteColour = "blue";
    const result = validateResource(a);
    expect(result.valid).toBe(true);
    expect(result.warnings.map((w) => [w.kind, w.path])).toEqual([
      ["unknown-element", "Appointment.contained[2].favouriteColour"],
      ["unknown-element", "Appointment.priorityLevel"],
    ]);
  });

  it("reports a wrong primitive type with a FHIRPath-like location", () => {
    const a = booking();
    patientOf(a).telecom[0].rank = "1";
    const { errors } = validateResource(a);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: "type", path: "Appointment.contained[2].telecom[0].rank" });
    expect(errors[0].message).toMatch(/positiveInt/);
  });

  it("checks numeric ranges: positiveInt is 1 or more", () => {
    const a = booking();
    patientOf(a).telecom[0].rank = 0;
    expect(validateResource(a).errors[0].message).toMatch(/1 or more/);
  });

  it("reports cardinality in both directions: scalar for a repeating element, array for a single one", () => {
    const a = booking();
    a.meta.profile = a.meta.profile[0];
    patientOf(a).gender = ["other"];
    const { errors } = validateResource(a);
    expect(errors.map((e) => [e.kind, e.path])).toEqual([
      ["cardinality", "Appointment.meta.profile"],
      ["cardinality", "Appointment.contained[2].gender"],
    ]);
  });

  it("reports missing required elements, including inside backbone elements and contained resources", () => {
    const a = booking();
    delete a.participant[0].status;
    delete a.contained[1].start;
    delete a.status;
    const paths = validateResource(a).errors.map((e) => `${e.kind} ${e.path}`);
    expect(paths).toEqual(
      expect.arrayContaining(["required Appointment.status", "required Appointment.participant[0].status", "required Appointment.contained[1].start"]),
    );
  });

  it("treats an empty participant array as missing", () => {
    const a = booking();
    a.participant = [];
    expect(validateResource(a).errors.map((e) => e.path)).toContain("Appointment.participant");
  });

  it("allows one variant of a choice element only", () => {
    const a = booking();
    patientOf(a).deceasedBoolean = false;
    patientOf(a).deceasedDateTime = "2020-01-01";
    const { errors } = validateResource(a);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: "choice", path: "Appointment.contained[2].deceased[x]" });
  });

  it("checks the lexical form of dates, instants, ids and codes", () => {
    const a = booking();
    a.start = "2026-03-03T10:00:00"; // no zone: not an instant
    patientOf(a).birthDate = "14/07/1986";
    a.contained[0].id = "doc 1";
    a.status = " booked";
    const paths = validateResource(a).errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(["Appointment.start", "Appointment.contained[2].birthDate", "Appointment.contained[0].id", "Appointment.status"]),
    );
  });

  it("accepts created as an instant (older consumers) because every instant is a dateTime", () => {
    const a = booking();
    a.created = "2026-03-02T09:41:17.123Z";
    expect(validateResource(a).valid).toBe(true);
  });

  it("rejects empty strings", () => {
    const a = booking();
    a.description = "";
    expect(validateResource(a).errors[0]).toMatchObject({ path: "Appointment.description" });
  });

  it("understands _primitive companions and nulls in repeating primitives", () => {
    expect(validateResource(fixtureJson("appointment-read")).valid).toBe(true);
    const a = fixtureJson<Json>("appointment-read");
    delete a.contained[0].name[0]._given;
    expect(validateResource(a).errors[0]).toMatchObject({ path: "Appointment.contained[0].name[0].given[1]" });
  });

  it("rejects a _companion whose length does not match its array", () => {
    const a = fixtureJson<Json>("appointment-read");
    a.contained[0].name[0]._given = [null];
    expect(validateResource(a).errors).toContainEqual(expect.objectContaining({ kind: "cardinality", path: "Appointment.contained[0].name[0]._given" }));
  });

  it("rejects nested contained resources (dom-2) and warns about narrative in contained resources (dom-1)", () => {
    const a = booking();
    patientOf(a).contained = [{ resourceType: "Organization", id: "gp" }];
    patientOf(a).text = { status: "generated", div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' };
    const result = validateResource(a);
    expect(result.errors.map((e) => e.kind)).toEqual(["invariant"]);
    expect(result.warnings.map((w) => w.path)).toEqual(["Appointment.contained[2].text"]);
  });

  it("rejects unknown resource types and a missing resourceType", () => {
    expect(validateResource({ resourceType: "Encounter" }).errors[0].message).toMatch(/not supported/);
    expect(validateResource({ id: "x" }).errors[0].message).toMatch(/resourceType is missing/);
    expect(validateResource("Appointment").errors[0].kind).toBe("type");
  });

  it("checks the expected resource type when asked", () => {
    const result = validateResource(fixtureJson("operation-outcome"), { expectedType: "Appointment" });
    expect(result.valid).toBe(false);
    expect(result.errors[0].message).toBe("expected resourceType Appointment, got resourceType OperationOutcome");
    expect(isValidResource(booking(), "Appointment")).toBe(true);
  });

  it("refuses narrative with scripts or event handlers", () => {
    const a = fixtureJson<Json>("appointment-read");
    a.text.div = '<div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div>';
    expect(validateResource(a).errors[0].path).toBe("Appointment.text.div");
    a.text.div = '<div xmlns="http://www.w3.org/1999/xhtml"><p onclick="x()">hi</p></div>';
    expect(validateResource(a).errors[0].message).toMatch(/event handler/);
    a.text.div = "<div>no namespace</div>";
    expect(validateResource(a).errors[0].message).toMatch(/XHTML namespace/);
  });

  it("warns about an extension with both a value and nested extensions (ext-1)", () => {
    const a = booking();
    a.extension = [{ url: "https://example.org/x", valueString: "a", extension: [{ url: "b", valueString: "c" }] }];
    const result = validateResource(a);
    expect(result.valid).toBe(true);
    expect(result.warnings[0].message).toMatch(/ext-1/);
  });

  it("requires Extension.url", () => {
    const a = booking();
    a.extension = [{ valueString: "a" }];
    expect(validateResource(a).errors[0]).toMatchObject({ kind: "required", path: "Appointment.extension[0].url" });
  });

  it("validates Bundle entries as resources of their own type", () => {
    const b = fixtureJson<Json>("search-bundle");
    b.entry[0].resource.status = 3;
    b.entry[2].resource.actor = [];
    const paths = validateResource(b).errors.map((e) => e.path);
    expect(paths).toEqual(["Bundle.entry[0].resource.status", "Bundle.entry[2].resource.actor"]);
  });

  it("assertValidResource throws with every problem listed", () => {
    const a = booking();
    delete a.status;
    expect(() => assertValidResource(a as never)).toThrow(/Appointment.status required element is missing/);
  });
});
