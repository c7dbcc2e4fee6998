import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseR4Body, R4_RESOURCE_TYPES, serialiseR4, serialiseR4WithWarnings, validateR4, type R4Issue, type R4Resource } from ".";
import { bookingBundle } from "./fixtures/booking";

const referralXml = readFileSync(path.join(__dirname, "fixtures/referral-full.xml"), "utf8");

function parsed(text: string, format: "json" | "xml"): R4Resource {
  const r = parseR4Body(text, format);
  if (!r.ok) throw new Error(`${r.kind}: ${r.detail}`);
  return r.resource;
}

describe("R4 round trips", () => {
  it("reads the full-size referral (about 60 KB of XML) with no warnings and no validation errors", () => {
    expect(referralXml.length).toBeGreaterThan(50_000);
    const r = parseR4Body(referralXml, "xml");
    expect(r.ok && r.warnings).toEqual([]);
    const bundle = parsed(referralXml, "xml");
    expect(validateR4(bundle)).toEqual({ errors: [], warnings: [] });
    const entries = bundle.entry as { resource: R4Resource }[];
    expect(entries.length).toBe(28);
    expect(entries[0].resource.resourceType).toBe("MessageHeader");
    const patient = entries.find((e) => e.resource.resourceType === "Patient")!.resource;
    expect(patient).toMatchObject({ active: true, deceasedBoolean: false, _birthDate: { id: "dob" } });
    expect((patient.contact as { extension: { valuePositiveInt: number }[] }[]).map((c) => c.extension[0].valuePositiveInt)).toEqual([1, 2, 3]);
  });

  it("referral XML -> JSON -> XML -> JSON gives the same JSON", () => {
    const first = parsed(referralXml, "xml");
    const xml = serialiseR4(first, "xml");
    expect(parsed(xml, "xml")).toEqual(first);
    const json = serialiseR4(first, "json");
    expect(parsed(serialiseR4(parsed(json, "json"), "xml"), "xml")).toEqual(first);
  });

  it("booking JSON -> XML -> JSON gives the same JSON, with no warnings", () => {
    const booking = bookingBundle();
    expect(validateR4(booking).errors).toEqual([]);
    const { text, warnings } = serialiseR4WithWarnings(booking, "xml");
    expect(warnings).toEqual([]);
    expect(parsed(text, "xml")).toEqual(booking);
  });

  it("writes XML in FHIR element order whatever the JSON key order", () => {
    const xml = serialiseR4({ resourceType: "Patient", birthDate: "1990-07-21", gender: "female", name: [{ given: ["Jo"], family: "EXAMPLE" }], id: "p1", active: true }, "xml", { declaration: false });
    expect(xml).toBe('<Patient xmlns="http://hl7.org/fhir"><id value="p1"/><active value="true"/><name><family value="EXAMPLE"/><given value="Jo"/></name><gender value="female"/><birthDate value="1990-07-21"/></Patient>');
  });

  it("writes id and url as attributes, primitive extensions, the narrative and escapes values", () => {
    const xml = serialiseR4({
      resourceType: "Patient",
      text: { status: "generated", div: "<div xmlns='http://www.w3.org/1999/xhtml'>A &amp; B<br></br></div>" },
      extension: [{ url: "http://example.org/a\"b", valueString: "<x> & \"y\"" }],
      name: [{ id: "n1", given: ["Jo", null], _given: [null, { id: "g2" }] }],
    }, "xml", { declaration: false });
    expect(xml).toBe('<Patient xmlns="http://hl7.org/fhir"><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml">A &amp; B<br/></div></text>' +
      '<extension url="http://example.org/a&quot;b"><valueString value="&lt;x&gt; &amp; &quot;y&quot;"/></extension><name id="n1"><given value="Jo"/><given id="g2"/></name></Patient>');
  });

  it("carries unknown elements in JSON, drops them from XML and says so", () => {
    const resource = { resourceType: "Patient", active: true, favouriteColour: "blue", name: [{ family: "EXAMPLE", nickname: "J" }], _active: { id: "a" }, _name: {} };
    const warnings: R4Issue[] = [];
    const xml = serialiseR4(resource, "xml", { declaration: false, onWarning: (w) => warnings.push(w) });
    expect(xml).toBe('<Patient xmlns="http://hl7.org/fhir"><active id="a" value="true"/><name><family value="EXAMPLE"/></name></Patient>');
    expect(warnings.map((w) => w.path)).toEqual(["Patient.favouriteColour", "Patient._name", "Patient.name[0].nickname"]);
    expect(JSON.parse(serialiseR4(resource, "json"))).toEqual(resource);
  });

  it("writes and reads back every resource type in the model", () => {
    for (const type of R4_RESOURCE_TYPES) {
      const resource: R4Resource = { resourceType: type, id: "x1", meta: { lastUpdated: "2026-11-02T09:15:02.1234567+00:00" } };
      // Bundle and Parameters are not DomainResources: they cannot contain resources.
      if (!["Bundle", "Parameters"].includes(type)) resource.contained = [{ resourceType: "Organization", id: "o1", name: "Example" }];
      expect(parsed(serialiseR4(resource, "xml"), "xml"), type).toEqual(resource);
    }
  });

  it("round-trips resources held in typed elements and contentReference elements (Parameters.part, Questionnaire.item.item)", () => {
    const outcome = { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "invalid", diagnostics: "The booking this request relates to does not exist" }] };
    const cases: R4Resource[] = [
      { resourceType: "Bundle", type: "batch-response", entry: [{ response: { status: "400", outcome } }] },
      { resourceType: "Parameters", parameter: [{ name: "a", resource: outcome }, { name: "b", part: [{ name: "c", valueBoolean: true }, { name: "d", part: [{ name: "e", valueDecimal: 1.5 }] }] }] },
      { resourceType: "Questionnaire", status: "active", item: [{ linkId: "1", type: "group", item: [{ linkId: "1.1", type: "boolean", enableWhen: [{ question: "1", operator: "exists", answerBoolean: true }] }] }] },
    ];
    for (const resource of cases) {
      expect(validateR4(resource).errors, resource.resourceType).toEqual([]);
      const xml = serialiseR4(resource, "xml");
      expect(parsed(xml, "xml"), resource.resourceType).toEqual(resource);
    }
    expect(serialiseR4(cases[0], "xml", { declaration: false })).toContain("<outcome><OperationOutcome xmlns=\"http://hl7.org/fhir\"><issue>");
  });

  it("refuses to write a resource type the model does not know, or a narrative that is not safe XHTML", () => {
    expect(() => serialiseR4({ resourceType: "Basic" }, "xml")).toThrow(/not an R4 resource/);
    expect(() => serialiseR4({ resourceType: "Patient", text: { status: "generated", div: "<div xmlns=\"http://www.w3.org/1999/xhtml\"><script/></div>" } }, "xml")).toThrow(/script/);
    expect(() => serialiseR4({ resourceType: "Patient", text: { status: "generated", div: "<div>unclosed" } }, "xml")).toThrow(/narrative/);
  });
});
