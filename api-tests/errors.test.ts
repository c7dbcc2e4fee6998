import { describe, expect, it } from "vitest";
import { call, consumerJwt, SCOPES, sspHeaders } from "./client";

const SPINE = "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1";

function expectSpineOutcome(body: Record<string, unknown>, code: string) {
  expect(body.resourceType).toBe("OperationOutcome");
  expect((body.meta as { profile: string[] }).profile).toContain("https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1");
  const issue = (body.issue as Record<string, unknown>[])[0];
  const coding = (issue.details as { coding: { system: string; code: string; display: string }[] }).coding;
  expect(coding).toHaveLength(1);
  expect(coding[0]).toMatchObject({ system: SPINE, code });
  expect(coding[0].display).toBeTruthy();
  expect(issue).not.toHaveProperty("expression");
}

describe("errors are Spine OperationOutcomes with the standard's status codes", () => {
  it("ReadNonExistentAppointment: 404 NO_RECORD_FOUND, in XML when asked", async () => {
    const res = await call("/Appointment/95e58add-0b10-4a8c-817c-2729eb0cab75?_format=json", {
      headers: { ...sspHeaders("read"), Authorization: `Bearer ${consumerJwt({ scope: SCOPES.read })}` },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/fhir\+json/);
    expectSpineOutcome(res.json(), "NO_RECORD_FOUND");
    const xml = await call("/Appointment/95e58add-0b10-4a8c-817c-2729eb0cab75", {
      headers: { ...sspHeaders("read"), Accept: "application/fhir+xml", Authorization: `Bearer ${consumerJwt({ scope: SCOPES.read })}` },
    });
    expect(xml.status).toBe(404);
    expect(xml.headers.get("content-type")).toMatch(/^application\/fhir\+xml/);
    expect(xml.text).toContain("<OperationOutcome");
    expect(xml.text).toContain('value="NO_RECORD_FOUND"');
  });

  it("no JWT, a wrong audience or an expired token: 403 ACCESS DENIED", async () => {
    for (const auth of [undefined, `Bearer ${consumerJwt({ scope: SCOPES.read, aud: "notanendpoint" })}`, `Bearer ${consumerJwt({ scope: SCOPES.read, expOffsetSeconds: -600 })}`]) {
      const res = await call("/Appointment/95e58add-0b10-4a8c-817c-2729eb0cab75", { headers: { ...sspHeaders("read"), ...(auth ? { Authorization: auth } : {}) } });
      expect(res.status).toBe(403);
      expectSpineOutcome(res.json(), "ACCESS DENIED");
    }
  });

  it("every answer echoes X-Request-ID as X-Correlation-ID, carries its own X-Request-ID and is not cached", async () => {
    const headers = sspHeaders("read");
    const res = await call("/Appointment/95e58add-0b10-4a8c-817c-2729eb0cab75", { headers: { ...headers, Authorization: `Bearer ${consumerJwt({ scope: SCOPES.read })}` } });
    expect(res.headers.get("x-correlation-id")).toBe(headers["X-Request-ID"]);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-request-id")).not.toBe(headers["X-Request-ID"]);
    expect(res.headers.get("cache-control")).toContain("no-store");
  });

  it("wrong method: 405 with an OperationOutcome", async () => {
    const res = await call("/Appointment/95e58add-0b10-4a8c-817c-2729eb0cab75", { method: "DELETE", headers: sspHeaders("update") });
    expect(res.status).toBe(405);
    expectSpineOutcome(res.json(), "BAD_REQUEST");
  });
});
