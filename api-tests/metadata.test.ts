import { describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { call, consumerJwt, SCOPES, sspHeaders } from "./client";

const headers = () => ({ ...sspHeaders("metadata"), Authorization: `Bearer ${consumerJwt({ scope: SCOPES.slotRead })}` });

describe("EB_Capability: GET /metadata", () => {
  it("returns the CapabilityStatement the assurance checks expect", async () => {
    const res = await call("/metadata", { headers: headers() });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/fhir\+json/);
    const cs = res.json() as Record<string, any>;
    expect(cs.resourceType).toBe("CapabilityStatement");
    expect(cs.fhirVersion).toBe("3.0.1");
    expect(cs.publisher).toBeTruthy();
    expect(cs.software.name).toBeTruthy();
    expect(cs.software.version).toBeTruthy();
    expect(cs.format).toEqual(expect.arrayContaining(["application/fhir+json", "application/fhir+xml"]));
    const profiles = new Set((cs.profile as { reference: string }[]).map((p) => p.reference));
    expect(profiles.size).toBe(10);
    for (const p of profiles) expect(p).toMatch(/CareConnect-(Slot|HealthcareService|Schedule|Appointment|Patient|DocumentReference|Practitioner|PractitionerRole|Organization|Location)-1$/);
    const resources = cs.rest[0].resource as Record<string, any>[];
    expect(resources.map((r) => r.type).sort()).toEqual(["Appointment", "Slot"]);
    const appt = resources.find((r) => r.type === "Appointment")!;
    expect(appt.interaction.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(["read", "create", "search-type"]));
    expect(appt.searchParam.map((p: { name: string }) => p.name).sort()).toEqual(["_id", "identifier", "version"]);
    for (const p of appt.searchParam) expect(p.documentation).toBeTruthy();
    const slot = resources.find((r) => r.type === "Slot")!;
    expect(slot.interaction.map((i: { code: string }) => i.code)).toEqual(["search-type"]);
    expect(slot.searchParam.map((p: { name: string; type: string }) => `${p.name}:${p.type}`).sort()).toEqual(["service:token", "start:date", "status:token"]);
    expect(new Set(slot.searchInclude).size).toBe(6);
  });

  it("follows _format over Accept, in every spelling the test tool uses", async () => {
    for (const [fmt, accept, want] of [
      ["xml", "application/fhir+json", "xml"],
      ["json", "application/fhir+xml", "json"],
      ["application/fhir%2Bxml", "application/fhir+json", "xml"],
      ["application/fhir%2Bjson", "application/fhir+xml", "json"],
    ] as const) {
      const res = await call(`/metadata?_format=${fmt}`, { headers: { ...headers(), Accept: accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(new RegExp(`^application/fhir\\+${want}`));
      if (want === "xml") expect(res.text).toContain('<CapabilityStatement xmlns="http://hl7.org/fhir">');
    }
  });

  it("answers in JSON by default and in XML when Accept asks", async () => {
    expect((await call("/metadata", { headers: headers() })).headers.get("content-type")).toMatch(/json/);
    expect((await call("/metadata", { headers: { ...headers(), Accept: "application/fhir+xml" } })).headers.get("content-type")).toMatch(/xml/);
  });

  it("gzips the answer when asked", async () => {
    const res = await fetch(`${process.env.API_BASE_URL}/STU3/1/metadata`, { headers: { ...headers(), "Accept-Encoding": "gzip" } });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect((await res.json()).resourceType).toBe("CapabilityStatement");
  });

  it("refuses a POST with 405 before any body or media type checks", async () => {
    const res = await call("/metadata", { method: "POST", headers: headers(), body: gzipSync("x") });
    expect(res.status).toBe(405);
  });
});
