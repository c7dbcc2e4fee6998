import { describe, expect, it } from "vitest";
import { capabilityStatement } from "./capability-statement";
import type { CapabilityStatement } from "./model/registry";
import { fixtureJson, fixtureXml } from "../../testing/fixtures/stu3/load";
import { canonicalIncludes } from "./slot-search-params";
import { validateResource } from "./validate";
import { fhirJsonToXml, fhirXmlToJson } from "./xml";

const cs = capabilityStatement({
  publicBaseUrl: "https://ed.example.nhs.uk/STU3/1/",
  softwareVersion: "1.4.0",
  date: new Date("2026-03-01T00:00:00Z"),
  softwareReleaseDate: "2026-02-20",
  publisher: "Example Teaching Hospitals NHS Trust",
});

const unique = (xs: unknown[]) => new Set(xs).size === xs.length;
const PROFILE_RE = /^https:\/\/fhir\.hl7\.org\.uk\/STU3\/StructureDefinition\/CareConnect-(Slot|HealthcareService|Schedule|Appointment|Patient|DocumentReference|Practitioner|PractitionerRole|Organization|Location)-1$/;
const INCLUDE_RE = /^Slot.schedule|Schedule:actor:Practitioner|Schedule:actor:PractitionerRole|Schedule:actor:HealthcareService|HealthcareService.providedBy|HealthcareService.location$/;

/** The checks TKW's validator (SUBSET capability) and EB_Capability.tstp make, restated over JSON. */
function tkwCapabilityFailures(c: CapabilityStatement): string[] {
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => ok || failures.push(what);
  check(!!c.publisher, "publisher");
  check(!!c.fhirVersion, "fhirVersion");
  check(c.format.includes("application/fhir+json"), "json format");
  check(c.format.includes("application/fhir+xml"), "xml format");
  const profiles = (c.profile ?? []).map((p) => p.reference);
  check(profiles.length === 10, "profile count 10");
  check(unique(profiles), "profiles unique");
  profiles.forEach((p, i) => check(PROFILE_RE.test(p ?? ""), `profile ${i + 1} valid`));
  const resources = c.rest?.flatMap((r) => r.resource ?? []) ?? [];
  check(resources.length === 2, "rest resource count 2");
  check(unique(resources.map((r) => r.type)), "rest resources unique");
  resources.forEach((r, i) => check(/^Appointment|Slot$/.test(r.type), `rest resource ${i + 1} valid`));
  const appt = resources.find((r) => r.type === "Appointment");
  const apptCodes = appt?.interaction.map((i) => i.code) ?? [];
  check(apptCodes.length >= 3, "appointment interactions >= 3");
  check(unique(apptCodes), "appointment interactions unique");
  for (const code of ["read", "create", "search-type"]) check(apptCodes.includes(code), `appointment ${code}`);
  const apptParams = appt?.searchParam ?? [];
  check(apptParams.length === 3, "appointment searchParam count 3");
  check(unique(apptParams.map((p) => p.name)), "appointment searchParams unique");
  apptParams.forEach((p, i) => {
    check(/^identifier|_id|version$/.test(p.name), `appointment searchParam ${i + 1} valid`);
    check(!!p.documentation, `appointment searchParam ${i + 1} documentation`);
  });
  const slot = resources.find((r) => r.type === "Slot");
  check(slot?.interaction.length === 1, "slot interaction count 1");
  check(slot?.interaction.some((i) => i.code === "search-type") ?? false, "slot search-type");
  const slotParams = slot?.searchParam ?? [];
  check(slotParams.length === 3, "slot searchParam count 3");
  const param = (name: string) => slotParams.find((p) => p.name === name);
  check(param("service")?.type === "token", "service token");
  check(!!param("service")?.documentation, "service documentation");
  check(param("status")?.type === "token", "status token");
  check(param("start")?.type === "date", "start date");
  const includes = slot?.searchInclude ?? [];
  check(includes.length === 6, "searchInclude count 6");
  check(unique(includes), "searchIncludes unique");
  includes.forEach((inc, i) => check(INCLUDE_RE.test(inc), `searchInclude ${i + 1} valid`));
  check(!!c.software?.name, "software name");
  check(!!c.software?.version, "software version");
  return failures;
}

describe("capabilityStatement", () => {
  it("passes every TKW capability check, in JSON and after a trip through XML", () => {
    expect(tkwCapabilityFailures(cs)).toEqual([]);
    expect(tkwCapabilityFailures(fhirXmlToJson(fhirJsonToXml(cs)) as CapabilityStatement)).toEqual([]);
  });

  it("matches the fixture kept for review (same inputs)", () => {
    const fixed = capabilityStatement({ publicBaseUrl: "https://ed.example.nhs.uk/STU3/1", softwareVersion: "1.4.0", date: "2026-03-01", softwareReleaseDate: "2026-02-20", publisher: "Example Teaching Hospitals NHS Trust" });
    expect(fixed).toStrictEqual(fixtureJson("capability-statement"));
    expect(fhirJsonToXml(fixed, { pretty: true }) + "\n").toBe(fixtureXml("capability-statement"));
  });

  it("is a valid STU3 resource that round-trips through XML unchanged", () => {
    const result = validateResource(cs);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const xml = fhirJsonToXml(cs, { pretty: true });
    expect(fhirXmlToJson(xml)).toStrictEqual(cs);
    expect(fhirJsonToXml(fhirXmlToJson(xml), { pretty: true })).toBe(xml);
  });

  it("lists the six includes exactly as published, each understood by the search parser", () => {
    const slot = cs.rest![0].resource![1];
    expect(slot.searchInclude).toEqual([
      "Slot.schedule",
      "Schedule:actor:Practitioner",
      "Schedule:actor:PractitionerRole",
      "Schedule:actor:HealthcareService",
      "HealthcareService.providedBy",
      "HealthcareService:location",
    ]);
    expect(slot.searchInclude!.flatMap(canonicalIncludes)).toHaveLength(6);
  });

  it("says on the Slot resource that paging is not offered and _count is ignored, and lists no _count parameter", () => {
    const slot = cs.rest![0].resource![1];
    expect(slot.documentation).toMatch(/Paging is not offered.*_count is accepted and ignored/);
    expect(slot.searchParam!.map((p) => p.name)).not.toContain("_count");
  });

  it("declares the interactions the API serves, including vread and update for cancel", () => {
    const appt = cs.rest![0].resource![0];
    expect(appt.interaction.map((i) => i.code)).toEqual(["read", "vread", "create", "update", "search-type"]);
    expect(appt.updateCreate).toBe(false);
  });

  it("fills the template fields from its inputs", () => {
    expect(cs).toMatchObject({
      url: "https://ed.example.nhs.uk/STU3/1/metadata",
      name: "Care Connect",
      status: "active",
      kind: "capability",
      date: "2026-03-01T00:00:00+00:00",
      fhirVersion: "3.0.1",
      acceptUnknown: "both",
      publisher: "Example Teaching Hospitals NHS Trust",
      software: { name: "ed-capacity", version: "1.4.0", releaseDate: "2026-02-20" },
      implementation: { url: "https://ed.example.nhs.uk/STU3/1" },
      rest: [{ mode: "server", security: { cors: true } }],
    });
  });

  it("catches a statement that would fail TKW (the check itself works)", () => {
    const broken = structuredClone(cs);
    broken.rest![0].resource![1].searchParam!.push({ name: "end", type: "date" });
    broken.profile!.pop();
    expect(tkwCapabilityFailures(broken)).toEqual(["profile count 10", "slot searchParam count 3"]);
  });
});
