import { describe, expect, it } from "vitest";
import { parseFhirBody, serializeFhir } from "./body";
import { fixtureJson, fixtureXml } from "../../testing/fixtures/stu3/load";
import type { AnyResource } from "./model/registry";

describe("parseFhirBody", () => {
  it("reads the same booking from JSON and from XML", () => {
    const json = parseFhirBody(JSON.stringify(fixtureJson("booking-request")), "json");
    const xml = parseFhirBody(fixtureXml("booking-request"), "xml");
    expect(json).toEqual({ ok: true, resource: fixtureJson("booking-request"), warnings: [] });
    expect(xml).toEqual(json);
  });

  it("answers the XML body of TKW BookAppointment_Invalid (language after participant) with invalid-body", () => {
    const outOfOrder = fixtureXml("booking-request").replace('  <language value="en-GB"/>\n', "").replace("</participant>\n", '</participant>\n  <language value="en-GB"/>\n');
    expect(parseFhirBody(outOfOrder, "xml")).toMatchObject({ ok: false, kind: "invalid-body", message: expect.stringContaining("<language> is out of order") });
  });

  it("sorts failures into malformed-body, invalid-body and body-too-large", () => {
    expect(parseFhirBody("{not json", "json")).toMatchObject({ ok: false, kind: "malformed-body" });
    expect(parseFhirBody("   ", "json")).toMatchObject({ ok: false, kind: "malformed-body" });
    expect(parseFhirBody("[1]", "json")).toMatchObject({ ok: false, kind: "invalid-body" });
    expect(parseFhirBody('{"status":"booked"}', "json")).toMatchObject({ ok: false, kind: "invalid-body" });
    expect(parseFhirBody("<Appointment", "xml")).toMatchObject({ ok: false, kind: "malformed-body" });
    expect(parseFhirBody('<!DOCTYPE a><Appointment xmlns="http://hl7.org/fhir"/>', "xml")).toMatchObject({ ok: false, kind: "malformed-body" });
    expect(parseFhirBody("<Appointment/>", "xml")).toMatchObject({ ok: false, kind: "invalid-body" });
    expect(parseFhirBody(JSON.stringify(fixtureJson("booking-request")), "json", { maxBytes: 100 })).toMatchObject({ ok: false, kind: "body-too-large" });
  });

  it("ignores a byte-order mark and passes on XML warnings", () => {
    expect(parseFhirBody(`\uFEFF${JSON.stringify({ resourceType: "Slot" })}`, "json").ok).toBe(true);
    const r = parseFhirBody('<Slot xmlns="http://hl7.org/fhir"><colour value="red"/></Slot>', "xml");
    expect(r).toEqual({ ok: true, resource: { resourceType: "Slot" }, warnings: [{ path: "Slot.colour", message: "unknown element <colour> ignored" }] });
  });
});

describe("serializeFhir", () => {
  it("writes JSON or XML that reads back as the same resource", () => {
    const oo = fixtureJson("operation-outcome") as AnyResource;
    expect(JSON.parse(serializeFhir(oo, "json"))).toEqual(oo);
    const xml = serializeFhir(oo, "xml");
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><OperationOutcome xmlns="http://hl7.org/fhir">')).toBe(true);
    expect(parseFhirBody(xml, "xml")).toMatchObject({ ok: true, resource: oo });
    expect(serializeFhir(oo, "json", { pretty: true })).toContain('\n  "resourceType"');
  });
});
