import { describe, expect, it } from "vitest";
import { parseR4Body } from ".";

const F = 'xmlns="http://hl7.org/fhir"';

function read(xml: string) {
  const r = parseR4Body(xml, "xml");
  if (!r.ok) throw new Error(`${r.kind}: ${r.detail}`);
  return r;
}

describe("parseR4Body (XML)", () => {
  it("types primitives from the model, makes arrays from max cardinality and keeps id and url attributes", () => {
    const { resource } = read(`<Patient ${F}><id value="p1"/><active value="true"/>
      <extension url="https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory"><valueString value="A"/></extension>
      <name id="n1"><family value="EXAMPLE"/><given value="Jo"/></name><multipleBirthInteger value="2"/>
      <contact><telecom><system value="phone"/><value value="07700 900123"/><rank value="1"/></telecom></contact></Patient>`);
    expect(resource).toEqual({
      resourceType: "Patient",
      id: "p1",
      active: true,
      extension: [{ url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory", valueString: "A" }],
      name: [{ id: "n1", family: "EXAMPLE", given: ["Jo"] }],
      multipleBirthInteger: 2,
      contact: [{ telecom: [{ system: "phone", value: "07700 900123", rank: 1 }] }],
    });
  });

  it("puts a primitive's id and extensions in the _name companion, aligned in arrays", () => {
    const { resource } = read(`<Patient ${F}><name><given value="Jo"/><given id="g2"><extension url="http://example.org/x"><valueCode value="y"/></extension></given></name>
      <birthDate id="b" value="1990-07-21"/></Patient>`);
    expect(resource.name).toEqual([{ given: ["Jo", null], _given: [null, { id: "g2", extension: [{ url: "http://example.org/x", valueCode: "y" }] }] }]);
    expect(resource).toMatchObject({ birthDate: "1990-07-21", _birthDate: { id: "b" } });
  });

  it("keeps the narrative div as an XHTML string", () => {
    const { resource } = read(`<Patient ${F}><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><p class="x">A &amp; B</p><br></br></div></text></Patient>`);
    expect(resource.text).toEqual({ status: "generated", div: '<div xmlns="http://www.w3.org/1999/xhtml"><p class="x">A &amp; B</p><br/></div>' });
  });

  it("reads contained resources and Bundle entries", () => {
    const { resource } = read(`<Bundle ${F}><type value="message"/><entry><fullUrl value="urn:uuid:1"/><resource><MedicationStatement>
      <contained><Medication><id value="m"/></Medication></contained><status value="active"/><medicationReference><reference value="#m"/></medicationReference>
      <subject><reference value="urn:uuid:2"/></subject></MedicationStatement></resource></entry></Bundle>`);
    expect(resource).toEqual({
      resourceType: "Bundle",
      type: "message",
      entry: [{ fullUrl: "urn:uuid:1", resource: { resourceType: "MedicationStatement", contained: [{ resourceType: "Medication", id: "m" }], status: "active", medicationReference: { reference: "#m" }, subject: { reference: "urn:uuid:2" } } }],
    });
  });

  it("does not enforce element order on input", () => {
    const { resource } = read(`<Patient ${F}><gender value="female"/><active value="false"/><name><given value="Jo"/><family value="EXAMPLE"/></name></Patient>`);
    expect(resource).toEqual({ resourceType: "Patient", gender: "female", active: false, name: [{ given: ["Jo"], family: "EXAMPLE" }] });
  });

  it("keeps elements R4 does not have, as read, and warns about them", () => {
    const r = read(`<Patient ${F}><active value="true"/><favouriteColour value="blue"/><pet><name value="Rex"/></pet></Patient>`);
    expect(r.resource).toMatchObject({ favouriteColour: "blue", pet: { name: "Rex" } });
    expect(r.warnings.map((w) => w.path)).toEqual(["Patient.favouriteColour", "Patient.pet"]);
  });

  it("keeps at most 200 warnings from one body", () => {
    const r = read(`<Patient ${F}>${"<unknownThing value=\"x\"/>".repeat(1000)}</Patient>`);
    expect(r.warnings).toHaveLength(201);
    expect(r.warnings[200].message).toBe("800 more warnings not listed");
  });

  it("ignores stray text between elements, with a warning", () => {
    const r = read(`<Patient ${F}><!-- a comment -->v<active value="true"/></Patient>`);
    expect(r.resource).toEqual({ resourceType: "Patient", active: true });
    expect(r.warnings).toMatchObject([{ kind: "dropped", path: "Patient", message: expect.stringContaining('text "v"') }]);
  });

  it("refuses a DOCTYPE, entity declarations and XML that is not well formed (structure)", () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><Patient ${F}><id value="&lol2;"/></Patient>`;
    expect(parseR4Body(bomb, "xml")).toMatchObject({ ok: false, kind: "structure" });
    expect(parseR4Body(`<!DOCTYPE Patient SYSTEM "file:///etc/passwd"><Patient ${F}/>`, "xml")).toMatchObject({ ok: false, kind: "structure" });
    expect(parseR4Body(`<Patient ${F}><active value="true"></Patient>`, "xml")).toMatchObject({ ok: false, kind: "structure" });
  });

  it("refuses XML nested deeper than the limit (structure)", () => {
    const deep = `<Patient ${F}>${'<extension url="x">'.repeat(20_000)}${"</extension>".repeat(20_000)}</Patient>`;
    expect(parseR4Body(deep, "xml")).toMatchObject({ ok: false, kind: "structure" });
  });

  it("answers invalid for content that is well formed but not R4", () => {
    const cases = [
      `<Patient xmlns="http://hl7.org/fhir/other"/>`,
      `<Basic ${F}/>`,
      `<Patient ${F}><active value="yes"/></Patient>`,
      `<Patient ${F}><multipleBirthInteger value="1.5"/></Patient>`,
      `<Patient ${F}><gender value="male"/><gender value="female"/></Patient>`,
      `<Patient ${F}><deceasedBoolean value="true"/><deceasedDateTime value="2020"/></Patient>`,
      `<Patient ${F}><name value="x"/></Patient>`,
      `<Patient ${F}><active/></Patient>`,
      `<Patient ${F}><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div></text></Patient>`,
      `<Bundle ${F}><entry><resource><Patient/><Patient/></resource></entry></Bundle>`,
    ];
    for (const xml of cases) expect(parseR4Body(xml, "xml"), xml).toMatchObject({ ok: false, kind: "invalid" });
  });
});
