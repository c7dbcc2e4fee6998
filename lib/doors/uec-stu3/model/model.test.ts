import { describe, expect, expectTypeOf, it } from "vitest";
import { choiceJsonName, elementForms, isPrimitiveType, type Elements, type TypeRef } from "./define";
import { primitiveFromXml, primitiveProblem } from "./primitives";
import { DATATYPES, isDatatypeName, isResourceName, RESOURCES, type Appointment, type Bundle, type Extension, type Patient } from "./registry";

const names = (e: Elements) => Object.keys(e);

describe("the model's element order", () => {
  it("lists Appointment's elements in STU3's fixed order", () => {
    expect(names(RESOURCES.Appointment.elements)).toEqual([
      "id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension",
      "identifier", "status", "serviceCategory", "serviceType", "specialty", "appointmentType", "reason", "indication", "priority",
      "description", "supportingInformation", "start", "end", "minutesDuration", "slot", "created", "comment", "incomingReferral",
      "participant", "requestedPeriod",
    ]);
  });

  it("starts every DomainResource with the DomainResource elements, and Bundle with Resource's only", () => {
    for (const def of Object.values(RESOURCES)) {
      const expected = def.name === "Bundle" ? ["id", "meta", "implicitRules", "language"] : ["id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension"];
      expect(names(def.elements).slice(0, expected.length), def.name).toEqual(expected);
    }
    expect(names(RESOURCES.Bundle.elements)).not.toContain("text");
  });

  it("starts every datatype with id (an XML attribute) and extension; Extension has url as an attribute", () => {
    for (const def of Object.values(DATATYPES)) {
      expect(names(def.elements).slice(0, 2), def.name).toEqual(["id", "extension"]);
      expect(def.elements.id.xmlAttribute).toBe(true);
    }
    expect(names(DATATYPES.Extension.elements).slice(0, 3)).toEqual(["id", "extension", "url"]);
    expect(DATATYPES.Extension.elements.url).toMatchObject({ min: 1, max: 1, xmlAttribute: true });
  });

  it("gives backbone elements id, extension and modifierExtension first", () => {
    const participant = RESOURCES.Appointment.elements.participant.type;
    if (typeof participant !== "object" || participant.kind !== "backbone") throw new Error("expected a backbone");
    expect(names(participant.elements)).toEqual(["id", "extension", "modifierExtension", "type", "actor", "required", "status"]);
  });

  it("keeps the STU3 base cardinalities (profiles are checked elsewhere)", () => {
    expect(RESOURCES.Slot.elements.identifier).toMatchObject({ min: 0, max: "*" });
    expect(RESOURCES.Appointment.elements.participant).toMatchObject({ min: 1, max: "*" });
    expect(RESOURCES.Patient.elements.communication).toMatchObject({ max: "*" });
    expect(RESOURCES.Location.elements.address).toMatchObject({ max: 1 });
  });

  it("refers only to datatypes and resources it defines", () => {
    const missing: string[] = [];
    const walk = (elements: Elements, path: string) => {
      for (const [name, def] of Object.entries(elements)) {
        const check = (t: TypeRef) => {
          if (typeof t === "string") {
            if (!isPrimitiveType(t) && t !== "Resource" && !isDatatypeName(t)) missing.push(`${path}.${name}: ${t}`);
          } else if (t.kind === "choice") t.types.forEach(check);
          else walk(t.elements, `${path}.${name}`);
        };
        check(def.type);
      }
    };
    for (const def of [...Object.values(RESOURCES), ...Object.values(DATATYPES)]) walk(def.elements, def.name);
    expect(missing).toEqual([]);
    expect(isResourceName("Encounter")).toBe(false);
    expect(isResourceName("Slot")).toBe(true);
  });
});

describe("elementForms", () => {
  it("expands choice elements into their JSON/XML names, sharing one position in the order", () => {
    const forms = elementForms(RESOURCES.Patient.elements);
    expect(forms.get("deceasedBoolean")).toMatchObject({ elementName: "deceased", type: "boolean" });
    expect(forms.get("deceasedDateTime")!.index).toBe(forms.get("deceasedBoolean")!.index);
    expect(forms.has("deceased")).toBe(false);
    expect(elementForms(DATATYPES.Extension.elements).get("valueCodeableConcept")).toMatchObject({ type: "CodeableConcept" });
    expect(choiceJsonName("value", "base64Binary")).toBe("valueBase64Binary");
  });
});

describe("primitives", () => {
  it.each<[Parameters<typeof primitiveProblem>[0], unknown, boolean]>([
    ["boolean", true, true],
    ["boolean", "true", false],
    ["integer", -3, true],
    ["integer", 1.5, false],
    ["unsignedInt", 0, true],
    ["unsignedInt", -1, false],
    ["positiveInt", 0, false],
    ["decimal", 0.1, true],
    ["decimal", Number.NaN, false],
    ["id", "a-b.c", true],
    ["id", "a_b", false],
    ["code", "in person", true],
    ["code", "in  person", false],
    ["date", "2026", true],
    ["date", "2026-02-30", true],
    ["date", "2026-13", false],
    ["dateTime", "2026-03-03T10:00:00+01:00", true],
    ["dateTime", "2026-03-03T10:00+01:00", false],
    ["instant", "2026-03-03T10:00:00.123Z", true],
    ["instant", "2026-03-03", false],
    ["time", "23:59:60", true],
    ["uri", "urn:oid:1.2", true],
    ["uri", "has space", false],
    ["oid", "urn:oid:2.16.840.1", true],
    ["base64Binary", "aGk=", true],
    ["string", "", false],
    ["string", " padded ", true],
  ])("%s %j valid: %s", (type, value, valid) => {
    expect(primitiveProblem(type, value) === null).toBe(valid);
  });

  it("types XML values: numbers, booleans and strings", () => {
    expect(primitiveFromXml("positiveInt", "2")).toEqual({ value: 2 });
    expect(primitiveFromXml("integer", "-0")).toEqual({ value: -0 });
    expect(primitiveFromXml("decimal", "1.50")).toEqual({ value: 1.5 });
    expect(primitiveFromXml("boolean", "false")).toEqual({ value: false });
    expect(primitiveFromXml("code", "booked")).toEqual({ value: "booked" });
    expect(primitiveFromXml("integer", "1.0")).toHaveProperty("error");
    expect(primitiveFromXml("integer", "007")).toHaveProperty("error");
    expect(primitiveFromXml("boolean", "True")).toHaveProperty("error");
    expect(primitiveFromXml("decimal", "1,5")).toHaveProperty("error");
  });
});

describe("derived TypeScript types", () => {
  it("follow the definitions: required, repeating, choice and companion elements", () => {
    expectTypeOf<Appointment["status"]>().toEqualTypeOf<string>();
    expectTypeOf<Appointment["participant"]>().toBeArray();
    expectTypeOf<Appointment>().toHaveProperty("_start");
    expectTypeOf<Patient>().toHaveProperty("deceasedBoolean");
    expectTypeOf<NonNullable<Patient["deceasedBoolean"]>>().toEqualTypeOf<boolean>();
    expectTypeOf<NonNullable<Patient["telecom"]>[number]["rank"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Extension["url"]>().toEqualTypeOf<string>();
    expectTypeOf<Extension>().not.toHaveProperty("_url");
    expectTypeOf<NonNullable<Bundle["entry"]>[number]["resource"]>().toMatchTypeOf<{ resourceType: string } | undefined>();
  });
});
