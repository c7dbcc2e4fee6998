// TKW APP1 receiver scenarios 1–36: BaRS_Capability.tstp and BaRS_SearchForFreeSlots.tstp, over HTTP against the
// production build on the assurance data set. Test titles are TKW's scenario names.
import { describe, expect, it } from "vitest";
import {
  enc, expectJson, expectOutcome, expectXml, get, HCS, includes, INC6, integrity, javaLondon, londonWallClock,
  SERVICE, slotSearchPath, tkwHeaders, tkwWindow, WINDOW, JSON_ACCEPT, XML_ACCEPT, credentials, resourcesOf,
} from "./client";

const noAccept = () => ({ ...credentials(), ...integrity() });

describe("BaRS_Capability: GET /metadata", () => {
  it("Capability_xml_accept: 200 CapabilityStatement in XML", async () => {
    const res = await get("/metadata", tkwHeaders(XML_ACCEPT));
    expect(res.status).toBe(200);
    expectXml(res);
    expect(res.text).toMatch(/<CapabilityStatement[\s>]/);
  });
  it("Capability_json_accept: 200 CapabilityStatement in JSON", async () => {
    const res = await get("/metadata", tkwHeaders(JSON_ACCEPT));
    expect(res.status).toBe(200);
    expectJson(res);
    expect(res.json().resourceType).toBe("CapabilityStatement");
  });
  it("Capability_xml_parameter: _format XML without Accept gives XML", async () => {
    const res = await get("/metadata?_format=application%2Ffhir%2Bxml", noAccept());
    expect(res.status).toBe(200);
    expectXml(res);
    expect(res.text).toMatch(/<CapabilityStatement[\s>]/);
  });
  it("Capability_json_parameter: _format JSON without Accept gives JSON", async () => {
    const res = await get("/metadata?_format=application%2Ffhir%2Bjson", noAccept());
    expect(res.status).toBe(200);
    expectJson(res);
    expect(res.json().resourceType).toBe("CapabilityStatement");
  });
  it("Capability_xml_parameter_json_accept: _format XML overrides a JSON Accept", async () => {
    const res = await get("/metadata?_format=application%2Ffhir%2Bxml", tkwHeaders(JSON_ACCEPT));
    expect(res.status).toBe(200);
    expectXml(res);
    expect(res.text).toMatch(/<CapabilityStatement[\s>]/);
  });
  it("Capability_json_parameter_xml_accept: _format JSON overrides an XML Accept", async () => {
    const res = await get("/metadata?_format=application%2Ffhir%2Bjson", tkwHeaders(XML_ACCEPT));
    expect(res.status).toBe(200);
    expectJson(res);
    expect(res.json().resourceType).toBe("CapabilityStatement");
  });
  it("Capability_xml_accept_gzip: XML, gzipped when the sender accepts gzip", async () => {
    const res = await get("/metadata", tkwHeaders({ ...XML_ACCEPT, "Accept-Encoding": "gzip" }));
    expect(res.status).toBe(200);
    expectXml(res);
    expect(res.wasGzip).toBe(true);
    expect(res.text).toMatch(/<CapabilityStatement[\s>]/);
  });
  it("the CapabilityStatement declares $process-message, the four receiver messages and the Slot includes (IG §2.1)", async () => {
    const cs = (await get("/metadata")).json();
    expect(cs.fhirVersion).toBe("4.0.1");
    const server = cs.rest.find((r: any) => r.mode === "server");
    const types = server.resource.map((r: any) => r.type);
    for (const t of ["MessageDefinition", "Slot", "Appointment", "ServiceRequest"]) expect(types).toContain(t);
    expect(JSON.stringify(server.operation ?? [])).toContain("process-message");
    const messages = JSON.stringify(cs.messaging ?? []);
    for (const m of ["bars-message-booking-request", "bars-message-booking-request-cancelled", "bars-message-servicerequest-request-referral", "bars-message-servicerequest-request-cancelled"]) {
      expect(messages).toContain(m);
    }
  });
});

const mdPath = (context: string) => `/MessageDefinition?context=${context}`;

describe("BaRS_Capability: GET /MessageDefinition", () => {
  it("GetMessageDefinition_xml_accept: 200 Bundle in XML with total > 0", async () => {
    const res = await get(mdPath(`https%3A%2F%2Ffhir.nhs.uk%2FId%2Fdos-service-id%7C${SERVICE}`), tkwHeaders(XML_ACCEPT));
    expect(res.status).toBe(200);
    expectXml(res);
    expect(res.text).toMatch(/<Bundle[\s>]/);
    const total = /<total value="(\d+)"/.exec(res.text);
    expect(Number(total?.[1] ?? 0)).toBeGreaterThan(0);
  });
  it("GetMessageDefinition_json_accept: 200 Bundle with the four APP1 receiver MessageDefinitions, both useContext forms and a1t1", async () => {
    const res = await get(mdPath(`https%3A%2F%2Ffhir.nhs.uk%2FId%2Fdos-service-id%7C${SERVICE}`), tkwHeaders(JSON_ACCEPT));
    expect(res.status).toBe(200);
    expectJson(res);
    const b = res.json();
    expect(b.resourceType).toBe("Bundle");
    expect(b.total).toBeGreaterThan(0);
    const mds = resourcesOf(b, "MessageDefinition");
    const urls = mds.map((m) => m.url);
    for (const u of ["booking-request", "booking-request-cancelled", "servicerequest-request-referral", "servicerequest-request-cancelled"]) {
      expect(urls).toContain(`https://fhir.nhs.uk/MessageDefinition/bars-message-${u}`);
    }
    for (const md of mds) {
      const ctx = JSON.stringify(md.useContext ?? []);
      // Old form: code = the dos-service-id; new form: usage-context-type|workflow with the service id as the value.
      expect(ctx).toMatch(new RegExp(`"code":\\{"system":"https://fhir.nhs.uk/Id/dos-service-id","code":"${SERVICE}"`));
      expect(ctx).toContain("usage-context-type");
      expect(ctx).toContain('"code":"a1t1"');
    }
  });
  it("each MessageDefinition's focus list is the IG's (uk.nhsdigital.bars.r4 MessageDefinitions; RelatedPerson from APP1 2.1.0)", async () => {
    // The IG's focus entries as published: [resource type, min, max]. Its referral definition names Location (0..1
    // and 0..*) and Flag twice; a receiver reads those together as 0..*.
    const IG: Record<string, [string, number, string][]> = {
      "booking-request": [["Bundle", 1, "1"], ["MessageHeader", 1, "1"], ["ServiceRequest", 0, "1"], ["Patient", 1, "1"], ["Location", 0, "1"], ["Organization", 2, "*"], ["Practitioner", 0, "*"], ["PractitionerRole", 0, "*"], ["Consent", 0, "*"], ["HealthcareService", 1, "1"], ["Appointment", 1, "1"], ["Slot", 1, "1"], ["Schedule", 1, "1"]],
      "booking-request-cancelled": [["Bundle", 1, "1"], ["MessageHeader", 1, "1"], ["Patient", 1, "1"], ["Organization", 2, "*"], ["Appointment", 1, "1"]],
      "servicerequest-request-referral": [["Bundle", 1, "1"], ["MessageHeader", 1, "1"], ["ServiceRequest", 1, "1"], ["Patient", 1, "1"], ["Encounter", 1, "1"], ["CarePlan", 1, "1"], ["Location", 0, "*"], ["Organization", 2, "*"], ["Practitioner", 1, "*"], ["PractitionerRole", 1, "*"], ["Observation", 0, "*"], ["Flag", 0, "*"], ["MedicationStatement", 0, "*"], ["AllergyIntolerance", 0, "*"], ["Questionnaire", 0, "*"], ["QuestionnaireResponse", 0, "*"], ["Consent", 1, "*"], ["HealthcareService", 1, "1"], ["Condition", 0, "*"], ["Task", 0, "*"], ["Communication", 0, "*"], ["Procedure", 0, "*"], ["RelatedPerson", 0, "*"]],
      "servicerequest-request-cancelled": [["Bundle", 1, "1"], ["MessageHeader", 1, "1"], ["ServiceRequest", 1, "1"], ["Patient", 1, "1"], ["Organization", 2, "*"]],
    };
    const res = await get(mdPath(`https%3A%2F%2Ffhir.nhs.uk%2FId%2Fdos-service-id%7C${SERVICE}`), tkwHeaders(JSON_ACCEPT));
    expect(res.status).toBe(200);
    const mds = resourcesOf(res.json(), "MessageDefinition");
    for (const [name, focus] of Object.entries(IG)) {
      const md = mds.find((m) => m.url === `https://fhir.nhs.uk/MessageDefinition/bars-message-${name}`);
      expect(md, name).toBeDefined();
      const served = new Map(((md!.focus ?? []) as { code: string; min: number; max: string }[]).map((f) => [f.code, [f.min, f.max]]));
      for (const [code, min, max] of focus) expect(served.get(code), `${name} ${code}`).toEqual([min, max]);
      // Anything else served is optional: a sender following the IG is never refused for leaving it out.
      for (const [code, [min]] of served) if (!focus.some(([c]) => c === code)) expect(min, `${name} ${code}`).toBe(0);
    }
  });
  it("GetMessageDefinition_no_context_parameter: 400 required REC_BAD_REQUEST", async () => {
    const res = await get("/MessageDefinition", tkwHeaders(JSON_ACCEPT));
    expectJson(res);
    expectOutcome(res, 400, "required", "REC_BAD_REQUEST");
  });
  it("GetMessageDefinition_context_does_not_exist: http:// system and an unknown service, 404 not-found REC_NOT_FOUND", async () => {
    const res = await get(mdPath("http%3A%2F%2Ffhir.nhs.uk%2FId%2Fdos-service-id%7C99999999999999"), tkwHeaders(JSON_ACCEPT));
    expectJson(res);
    expectOutcome(res, 404, "not-found", "REC_NOT_FOUND");
  });
  it("GetMessageDefinition_context_is_invalid: context=XXXXXXX, 400 value or invalid REC_BAD_REQUEST", async () => {
    const res = await get(mdPath("XXXXXXX"), tkwHeaders(JSON_ACCEPT));
    expectJson(res);
    expectOutcome(res, 400, ["value", "invalid"], "REC_BAD_REQUEST");
  });
  it("the use-case variant TKW sends (one context whose decoded value holds `&context=`) and a bare service id both answer 200 (IG §2.2)", async () => {
    const oneParam = enc(`https://fhir.nhs.uk/CodeSystem/usecases-categories-bars|a1t1&context=http://fhir.nhs.uk/Id/dos-service-id|${SERVICE}`);
    const a = await get(mdPath(oneParam));
    expect(a.status, a.text.slice(0, 300)).toBe(200);
    expect(a.json().total).toBeGreaterThan(0);
    const b = await get(mdPath(SERVICE));
    expect(b.status, b.text.slice(0, 300)).toBe(200);
  });
});

type XmlSlot = { status: string; start: string };
const xmlSlots = (xml: string): XmlSlot[] =>
  [...xml.matchAll(/<Slot(?:\s[^>]*)?>([\s\S]*?)<\/Slot>/g)].map((m) => ({
    status: /<status value="([^"]+)"/.exec(m[1])?.[1] ?? "",
    start: /<start value="([^"]+)"/.exec(m[1])?.[1] ?? "",
  }));

describe("BaRS_SearchForFreeSlots: GET /Slot", () => {
  it("SFFSWithValidParameters_parameter_json: _format=json, 200 Bundle with total > 0", async () => {
    const res = await get(slotSearchPath("free", "&_format=json"));
    expect(res.status).toBe(200);
    expectJson(res);
    const b = res.json();
    expect(b.resourceType).toBe("Bundle");
    expect(b.total).toBeGreaterThan(0);
  });
  it("SFFSWithValidParameters_header_json: Accept JSON, 200 Bundle with total > 0, Slots that TKW can book", async () => {
    const res = await get(slotSearchPath());
    expect(res.status).toBe(200);
    expectJson(res);
    const b = res.json();
    expect(b.type).toBe("searchset");
    const slots = resourcesOf(b, "Slot");
    expect(b.total).toBe(slots.length);
    expect(slots.length).toBeGreaterThan(0);
    for (const s of slots) {
      // TKW keeps the first 36 characters of the id and drops the first 9 of Slot.schedule.reference.
      expect(s.id).toMatch(/^[0-9a-f-]{36}$/i);
      expect(s.schedule.reference).toMatch(/^Schedule\/[^/]+$/);
    }
    // TKW extracts these without [1]: exactly one of each.
    expect(resourcesOf(b, "HealthcareService")).toHaveLength(1);
    expect(resourcesOf(b, "Location")).toHaveLength(1);
    for (const t of ["Schedule", "Practitioner", "PractitionerRole", "Organization"]) expect(resourcesOf(b, t).length).toBeGreaterThan(0);
  });
  it("SFFSWithValidParameters_parameter_xml: _format=xml, all Slots free and inside the window, total > 0", async () => {
    const res = await get(slotSearchPath("free", "&_format=xml"), tkwHeaders(XML_ACCEPT));
    expect(res.status).toBe(200);
    expectXml(res);
    expect(res.text).toMatch(/<Bundle[\s>]/);
    expect(Number(/<total value="(\d+)"/.exec(res.text)?.[1] ?? 0)).toBeGreaterThan(0);
    const { geInstant, leInstant } = tkwWindow();
    const slots = xmlSlots(res.text);
    expect(slots.length).toBeGreaterThan(0);
    for (const s of slots) {
      expect(s.status).toBe("free");
      // TKW compares strings; instants are what the window means (the seed's daytime slots make both agree).
      expect(Date.parse(s.start)).toBeGreaterThanOrEqual(geInstant.getTime());
      expect(Date.parse(s.start)).toBeLessThanOrEqual(leInstant.getTime());
    }
  });
  it("SFFSWithValidParameters_header_xml: Accept XML, 200 Bundle with total > 0", async () => {
    const res = await get(slotSearchPath(), tkwHeaders(XML_ACCEPT));
    expect(res.status).toBe(200);
    expectXml(res);
    expect(Number(/<total value="(\d+)"/.exec(res.text)?.[1] ?? 0)).toBeGreaterThan(0);
  });
  it("SFFSNoSlots_HappyPath: tomorrow 03:00–04:00 Europe/London, 200 Bundle with total 0", async () => {
    const ge = javaLondon(londonWallClock(1, 3, 0));
    const le = javaLondon(londonWallClock(1, 4, 0));
    const res = await get(`/Slot?${HCS()}&start=ge${enc(ge)}&start=le${enc(le)}&status=free&${includes()}`);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    const b = res.json();
    expect(b.resourceType).toBe("Bundle");
    expect(b.total).toBe(0);
    expect(resourcesOf(b, "Slot")).toHaveLength(0);
  });
  it("SFFSInvalid: startXXXXXXX=ge… (misspelt lower bound), 400 OperationOutcome", async () => {
    const w = tkwWindow();
    const res = await get(`/Slot?${HCS()}&startXXXXXXX=ge${enc(w.ge)}&start=le${enc(w.le)}&status=free&${includes()}`);
    expectOutcome(res, 400, undefined, "REC_BAD_REQUEST");
  });
  it("SFFSWithBusySlots: status=busy, 200 Bundle", async () => {
    const res = await get(slotSearchPath("busy"));
    expect(res.status).toBe(200);
    expect(res.json().resourceType).toBe("Bundle");
    for (const s of resourcesOf(res.json(), "Slot")) expect(s.status).toBe("busy");
  });
  it("SFFSWithNoIncludes: 400 required REC_BAD_REQUEST", async () => {
    expectOutcome(await get(`/Slot?${HCS()}&${WINDOW()}&status=free`), 400, "required", "REC_BAD_REQUEST");
  });
  it("SFFSWithNoIncludeSchedule: without Slot:schedule, 400 required REC_BAD_REQUEST", async () => {
    const inc = includes(INC6.filter((i) => i !== "Slot:schedule"));
    expectOutcome(await get(`/Slot?${HCS()}&${WINDOW()}&status=free&${inc}`), 400, "required", "REC_BAD_REQUEST");
  });
  it("SFFSWithNoIncludePractitioner: without Schedule:actor:Practitioner, 400 required REC_BAD_REQUEST", async () => {
    const inc = includes(INC6.filter((i) => i !== "Schedule:actor:Practitioner"));
    expectOutcome(await get(`/Slot?${HCS()}&${WINDOW()}&status=free&${inc}`), 400, "required", "REC_BAD_REQUEST");
  });
  it("SFFSWithNoIncludeHealthcareService: without Schedule:actor:HealthcareService, 400 required REC_BAD_REQUEST", async () => {
    const inc = includes(INC6.filter((i) => i !== "Schedule:actor:HealthcareService"));
    expectOutcome(await get(`/Slot?${HCS()}&${WINDOW()}&status=free&${inc}`), 400, "required", "REC_BAD_REQUEST");
  });
  it("SFFSWithFreeAndBusySlots: status=free,busy, 200 Bundle", async () => {
    const res = await get(slotSearchPath("free%2Cbusy"));
    expect(res.status).toBe(200);
    expect(res.json().resourceType).toBe("Bundle");
    for (const s of resourcesOf(res.json(), "Slot")) expect(["free", "busy"]).toContain(s.status);
  });
  it("SFFSWithFreeSlotsWithGzipEncoding: Accept-Encoding gzip, 200 Bundle, gzipped", async () => {
    const res = await get(slotSearchPath(), tkwHeaders({ "Accept-Encoding": "gzip" }));
    expect(res.status).toBe(200);
    expect(res.wasGzip).toBe(true);
    expect(res.json().resourceType).toBe("Bundle");
  });
  it("SFFSWithNoHealthcareService: 400 required SEND_/REC_BAD_REQUEST", async () => {
    expectOutcome(await get(`/Slot?${WINDOW()}&status=free&${includes()}`), 400, "required", /^(SEND|REC)_BAD_REQUEST$/);
  });
  it("SFFSWithInvalidHealthcareService: XXXXXXX, 400 value or invariant REC_BAD_REQUEST", async () => {
    expectOutcome(await get(`/Slot?${HCS("XXXXXXX")}&${WINDOW()}&status=free&${includes()}`), 400, ["value", "invariant"], "REC_BAD_REQUEST");
  });
  it("SFFSWithHealthcareServiceNotFound: 9999999999999999999, 404 not-found REC_NOT_FOUND", async () => {
    expectOutcome(await get(`/Slot?${HCS("9999999999999999999")}&${WINDOW()}&status=free&${includes()}`), 404, "not-found", "REC_NOT_FOUND");
  });
  it("SFFSWithNoStartDate: 400 required SEND_/REC_BAD_REQUEST", async () => {
    expectOutcome(await get(`/Slot?${HCS()}&status=free&${includes()}`), 400, "required", /^(SEND|REC)_BAD_REQUEST$/);
  });
  it("SFFSWithOneStartDate: only start=ge…, 400 required SEND_/REC_BAD_REQUEST", async () => {
    expectOutcome(await get(`/Slot?${HCS()}&start=ge${enc(tkwWindow().ge)}&status=free&${includes()}`), 400, "required", /^(SEND|REC)_BAD_REQUEST$/);
  });
  it("SFFSWithThreeStartDates: ge, le, le, 400 required SEND_/REC_BAD_REQUEST", async () => {
    expectOutcome(await get(`/Slot?${HCS()}&${WINDOW()}&start=le${enc(tkwWindow().le)}&status=free&${includes()}`), 400, "required", /^(SEND|REC)_BAD_REQUEST$/);
  });
  it("SFFSWithNoStatus: 400 required SEND_/REC_BAD_REQUEST", async () => {
    expectOutcome(await get(`/Slot?${HCS()}&${WINDOW()}&${includes()}`), 400, "required", /^(SEND|REC)_BAD_REQUEST$/);
  });
  it("SFFSWithInvalidStatus: status=xxxx, 400 value SEND_/REC_BAD_REQUEST", async () => {
    expectOutcome(await get(slotSearchPath("xxxx")), 400, "value", /^(SEND|REC)_BAD_REQUEST$/);
  });
  it("SFFSWithDateRangeTooWide: lower bound a year back, 422 too-costly REC_UNPROCESSABLE_ENTITY", async () => {
    const ge = javaLondon(londonWallClock(-365));
    const res = await get(`/Slot?${HCS()}&start=ge${enc(ge)}&start=le${enc(tkwWindow().le)}&status=free&${includes()}`);
    expectOutcome(res, 422, "too-costly", "REC_UNPROCESSABLE_ENTITY");
  });
  // TKW 1.0.19 sends `start=ge&<datetime>`: an empty `ge` and a stray parameter named after the datetime (fixed in
  // 1.0.21 to `start=ge<datetime>`). Both forms are sent here; both must be 400 `value`.
  const tomorrow = () => javaLondon(londonWallClock(1)).slice(0, 19);
  it("SFFSWithDateMissingTimezone: no offset, 400 value SEND_/REC_BAD_REQUEST (the garbled 1.0.19 request and the fixed 1.0.21 one)", async () => {
    const le = enc(tkwWindow().le);
    const garbled = await get(`/Slot?${HCS()}&start=ge&${tomorrow()}&start=le${le}&status=free&${includes()}`);
    expectOutcome(garbled, 400, "value", /^(SEND|REC)_BAD_REQUEST$/);
    const fixed = await get(`/Slot?${HCS()}&start=ge${tomorrow()}&start=le${le}&status=free&${includes()}`);
    expectOutcome(fixed, 400, "value", /^(SEND|REC)_BAD_REQUEST$/);
  });
  it("SFFSWithDateWrongTimezone: US/Central offset, 400 value SEND_/REC_BAD_REQUEST (the garbled 1.0.19 request and the fixed 1.0.21 one)", async () => {
    const le = enc(tkwWindow().le);
    const central = enc(`${tomorrow()}-05:00`);
    const garbled = await get(`/Slot?${HCS()}&start=ge&${central}&start=le${le}&status=free&${includes()}`);
    expectOutcome(garbled, 400, "value", /^(SEND|REC)_BAD_REQUEST$/);
    const fixed = await get(`/Slot?${HCS()}&start=ge${central}&start=le${le}&status=free&${includes()}`);
    expectOutcome(fixed, 400, "value", /^(SEND|REC)_BAD_REQUEST$/);
  });
});

describe("Slot search: window rules (IG §2.3, decisions D6)", () => {
  it("the window's width is judged (422 too-costly) before any other rule about the window", async () => {
    const cases = [
      // Wide and wholly in the past.
      [javaLondon(londonWallClock(-400)), javaLondon(londonWallClock(-340))],
      // Wide and wholly in the far future (would otherwise be an empty 200).
      [javaLondon(londonWallClock(700)), javaLondon(londonWallClock(760))],
    ];
    for (const [ge, le] of cases) {
      const res = await get(`/Slot?${HCS()}&start=ge${enc(ge)}&start=le${enc(le)}&status=free&${includes()}`);
      expectOutcome(res, 422, "too-costly", "REC_UNPROCESSABLE_ENTITY");
    }
    // Wide, with exclusive bounds.
    const gtlt = await get(`/Slot?${HCS()}&start=gt${enc(javaLondon(londonWallClock(-365)))}&start=lt${enc(tkwWindow().le)}&status=free&${includes()}`);
    expectOutcome(gtlt, 422, "too-costly", "REC_UNPROCESSABLE_ENTITY");
  });
  it("Z, +00:00, -00:00 and +01:00 bounds naming the same instants give the same Slots", async () => {
    const { geInstant, leInstant } = tkwWindow();
    const z = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
    const plus0 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "+00:00");
    const ids = async (ge: string, le: string) => {
      const res = await get(`/Slot?${HCS()}&start=ge${enc(ge)}&start=le${enc(le)}&status=free&${includes()}`);
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      return resourcesOf(res.json(), "Slot").map((s) => s.id).sort();
    };
    const java = await ids(javaLondon(geInstant), javaLondon(leInstant));
    expect(java.length).toBeGreaterThan(0);
    expect(await ids(z(geInstant), z(leInstant))).toEqual(java);
    expect(await ids(plus0(geInstant), plus0(leInstant))).toEqual(java);
    const minus0 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "-00:00");
    expect(await ids(minus0(geInstant), minus0(leInstant))).toEqual(java);
  });
});
