import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixtureJson, fixtureXml, type FixtureName } from "../../testing/fixtures/stu3/load";
import { FhirXmlError, fhirJsonToXml, fhirXmlToJson, readFhirXml } from "./xml";

type Json = Record<string, any>;  
const FIXTURES: FixtureName[] = ["booking-request", "search-bundle", "operation-outcome", "appointment-read", "capability-statement"];
const F = 'xmlns="http://hl7.org/fhir"';

function xmlError(text: string): FhirXmlError {
  try {
    fhirXmlToJson(text);
  } catch (e) {
    if (e instanceof FhirXmlError) return e;
    throw e;
  }
  throw new Error("expected a FhirXmlError");
}

describe("XML <-> JSON round trips on the fixtures", () => {
  it.each(FIXTURES)("%s: XML -> JSON gives the JSON fixture", (name) => {
    expect(fhirXmlToJson(fixtureXml(name))).toStrictEqual(fixtureJson(name));
  });

  it.each(FIXTURES)("%s: JSON -> XML gives the XML fixture", (name) => {
    expect(fhirJsonToXml(fixtureJson(name), { pretty: true }) + "\n").toBe(fixtureXml(name));
  });

  it.each(FIXTURES)("%s: XML -> JSON -> XML and JSON -> XML -> JSON are identical", (name) => {
    const xml = fixtureXml(name);
    expect(fhirJsonToXml(fhirXmlToJson(xml), { pretty: true }) + "\n").toBe(xml);
    const json = fixtureJson(name);
    expect(fhirXmlToJson(fhirJsonToXml(json))).toStrictEqual(json);
  });

  it("writes elements in FHIR order whatever the JSON key order", () => {
    const json = fixtureJson<Json>("booking-request");
    const reversed = Object.fromEntries(Object.entries(json).reverse());
    reversed.contained = json.contained.map((r: Json) => Object.fromEntries(Object.entries(r).reverse()));
    expect(fhirJsonToXml(reversed)).toBe(fhirJsonToXml(json));
  });

  it("produces JSON whose keys follow FHIR order, resourceType first", () => {
    const json = fhirXmlToJson(fixtureXml("booking-request")) as Json;
    expect(Object.keys(json)).toEqual(["resourceType", "meta", "language", "contained", "status", "description", "supportingInformation", "start", "end", "slot", "created", "participant"]);
  });

  it("compact output has no whitespace between elements and reads back the same", () => {
    const compact = fhirJsonToXml(fixtureJson("search-bundle"));
    expect(compact).not.toMatch(/>\s+</);
    expect(fhirXmlToJson(compact)).toStrictEqual(fixtureJson("search-bundle"));
  });

  it("can start with an XML declaration", () => {
    expect(fhirJsonToXml(fixtureJson("operation-outcome"), { declaration: true })).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><OperationOutcome /);
  });

  it("survives any text in strings (escaping both ways)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((s) => s.trim() === s && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(s) && !/[\ud800-\udfff]/.test(s)), (text) => {
        const json = fixtureJson<Json>("operation-outcome");
        json.issue[0].diagnostics = text;
        json.issue[0].location = [text, "x"];
        expect(fhirXmlToJson(fhirJsonToXml(json))).toStrictEqual(json);
      }),
      { numRuns: 200 },
    );
  });
});

describe("fhirXmlToJson: FHIR XML rules", () => {
  it("rejects an element out of FHIR's fixed order, naming both elements (TKW BookAppointment_Invalid)", () => {
    const xml = fixtureXml("booking-request").replace('  <language value="en-GB"/>\n', "").replace("</participant>\n", '</participant>\n  <language value="en-GB"/>\n');
    const e = xmlError(xml);
    expect(e.kind).toBe("out-of-order");
    expect(e.message).toBe("Appointment: <language> is out of order: FHIR requires it before <participant>");
  });

  it("checks order inside datatypes and contained resources too", () => {
    const xml = fixtureXml("booking-request").replace(
      '<family value="Pemberton"/>\n        <given value="Ellis"/>',
      '<given value="Ellis"/>\n        <family value="Pemberton"/>',
    );
    const e = xmlError(xml);
    expect(e.kind).toBe("out-of-order");
    expect(e.path).toBe("Appointment.contained[2].name[0]");
  });

  it("rejects a repeated element that is not allowed to repeat, and split repeats", () => {
    expect(xmlError(`<Slot ${F}><status value="free"/><status value="busy"/></Slot>`).kind).toBe("cardinality");
    const split = `<Patient ${F}><name><given value="a"/><family value="b"/><given value="c"/></name></Patient>`;
    expect(xmlError(split).kind).toBe("out-of-order");
  });

  it("types numbers and booleans per the model and refuses bad lexical values", () => {
    const json = fhirXmlToJson(`<Location ${F}><position><longitude value="-1.50"/><latitude value="53.8"/></position></Location>`) as Json;
    expect(json.position).toEqual({ longitude: -1.5, latitude: 53.8 });
    expect(xmlError(`<Patient ${F}><active value="yes"/></Patient>`)).toMatchObject({ kind: "invalid-value", path: "Patient.active" });
    expect(xmlError(`<Patient ${F}><telecom><rank value="one"/></telecom></Patient>`)).toMatchObject({ kind: "invalid-value", path: "Patient.telecom[0].rank" });
    expect(xmlError(`<Slot ${F}><start value="2026-03-03 10:00"/></Slot>`).message).toMatch(/instant/);
  });

  it("makes arrays from repeated elements and single values otherwise", () => {
    const json = fhirXmlToJson(`<Patient ${F}><name><family value="A"/><given value="B"/></name><gender value="male"/></Patient>`);
    expect(json).toEqual({ resourceType: "Patient", name: [{ family: "A", given: ["B"] }], gender: "male" });
  });

  it("reads id and url attributes and primitive extensions into _companions", () => {
    const json = fhirXmlToJson(fixtureXml("appointment-read")) as Json;
    expect(json.participant[0].actor.id).toBe("actor1");
    expect(json.contained[0]._birthDate.id).toBe("dob");
    expect(json.contained[0].name[0]).toEqual(fixtureJson<Json>("appointment-read").contained[0].name[0]);
  });

  it("keeps the narrative as an XHTML string, normalising a prefixed XHTML namespace", () => {
    const xml = `<Appointment ${F}><text><status value="generated"/><h:div xmlns:h="http://www.w3.org/1999/xhtml"><h:p class="a">Hi &amp; bye</h:p></h:div></text><status value="booked"/><participant><status value="accepted"/></participant></Appointment>`;
    const json = fhirXmlToJson(xml) as Json;
    expect(json.text.div).toBe('<div xmlns="http://www.w3.org/1999/xhtml"><p class="a">Hi &amp; bye</p></div>');
  });

  it("refuses unsafe or empty narrative", () => {
    const wrap = (div: string) => `<Appointment ${F}><text><status value="generated"/>${div}</text></Appointment>`;
    expect(xmlError(wrap('<div xmlns="http://www.w3.org/1999/xhtml"><script>x</script></div>')).kind).toBe("invalid-value");
    expect(xmlError(wrap('<div xmlns="http://www.w3.org/1999/xhtml"> </div>')).message).toMatch(/empty/);
  });

  it("drops unknown elements with a warning and does not count them for order", () => {
    const { resource, warnings } = readFhirXml(`<Slot ${F}><id value="s1"/><colour value="red"/><status value="free"/><other:x xmlns:other="urn:x"/></Slot>`);
    expect(resource).toEqual({ resourceType: "Slot", id: "s1", status: "free" });
    expect(warnings.map((w) => w.path)).toEqual(["Slot.colour", "Slot.x"]);
  });

  it("rejects non-FHIR roots, unknown resource types, DOCTYPEs and broken XML", () => {
    expect(xmlError(`<Appointment><status value="booked"/></Appointment>`).kind).toBe("not-fhir");
    expect(xmlError(`<Encounter ${F}/>`).kind).toBe("unknown-resource");
    expect(xmlError(`<!DOCTYPE x [<!ENTITY a "b">]><Slot ${F}/>`).kind).toBe("not-well-formed");
    expect(xmlError(`<Slot ${F}><status value="free"></Slot>`).kind).toBe("not-well-formed");
    expect(xmlError(`{"resourceType":"Slot"}`).kind).toBe("not-well-formed");
  });

  it("reports oversize input as too-large", () => {
    expect(() => readFhirXml(`<Slot ${F}/>`, { maxBytes: 5 })).toThrow(expect.objectContaining({ kind: "too-large" }));
  });

  it("rejects text content, value attributes on complex elements and valueless primitives", () => {
    expect(xmlError(`<Slot ${F}>free</Slot>`).kind).toBe("unexpected-content");
    expect(xmlError(`<Slot ${F}><schedule value="Schedule/1"/></Slot>`).kind).toBe("unexpected-content");
    expect(xmlError(`<Slot ${F}><status/></Slot>`).message).toMatch(/needs a value attribute/);
  });

  it("requires exactly one resource inside contained", () => {
    expect(xmlError(`<Appointment ${F}><contained/></Appointment>`).kind).toBe("unexpected-content");
    const two = `<Appointment ${F}><contained><Patient ${F}/><Slot ${F}/></contained></Appointment>`;
    expect(xmlError(two).message).toMatch(/exactly one resource/);
  });

  it("allows only one variant of a choice element", () => {
    const xml = `<Patient ${F}><deceasedBoolean value="false"/><deceasedDateTime value="2020-01-01"/></Patient>`;
    expect(xmlError(xml).kind).toBe("cardinality");
  });
});

describe("fhirJsonToXml", () => {
  it("escapes attribute values", () => {
    const xml = fhirJsonToXml({ resourceType: "OperationOutcome", issue: [{ severity: "error", code: "invalid", diagnostics: 'a < b & "c"\n' }] });
    expect(xml).toContain('<diagnostics value="a &lt; b &amp; &quot;c&quot;&#10;"/>');
  });

  it("leaves out properties the model does not know and reports them", () => {
    const unknown: string[] = [];
    const slot: Record<string, unknown> = { resourceType: "Slot", status: "free", colour: "red", _status: { id: "s" }, _schedule: {} };
    const xml = fhirJsonToXml(slot, { onUnknown: (p) => unknown.push(p) });
    expect(xml).toBe(`<Slot ${F}><status id="s" value="free"/></Slot>`);
    expect(unknown).toEqual(["Slot.colour", "Slot._schedule"]);
  });

  it("refuses something that is not a supported resource", () => {
    expect(() => fhirJsonToXml({ resourceType: "Encounter" })).toThrow(/not a supported FHIR resource/);
  });
});
