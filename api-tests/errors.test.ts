import { describe, expect, it } from "vitest";
import { call, consumerJwt, SCOPES, sspHeaders } from "./client";
import { auth } from "./helpers";

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

  it("no Ssp-From: 400 MISSING_OR_INVALID_HEADER, after the token is checked; an ASID never seen before is served", async () => {
    const { "Ssp-From": _from, ...withoutFrom } = sspHeaders("slot");
    const missing = await call("/Slot?schedule.actor:healthcareservice=918999198999&status=free", { headers: { ...withoutFrom, Authorization: `Bearer ${consumerJwt({ scope: SCOPES.slotRead })}` } });
    expect(missing.status).toBe(400);
    expectSpineOutcome(missing.json(), "MISSING_OR_INVALID_HEADER");
    expect(missing.headers.get("x-request-id")).toBeTruthy();
    // The token comes first: no token and no Ssp-From is 403.
    expect((await call("/Slot?schedule.actor:healthcareservice=918999198999&status=free", { headers: withoutFrom })).status).toBe(403);
    const fresh = await call("/Appointment/95e58add-0b10-4a8c-817c-2729eb0cab75", { headers: { ...sspHeaders("read"), "Ssp-From": "918999100999", Authorization: `Bearer ${consumerJwt({ scope: SCOPES.read })}` } });
    expect(fresh.status).toBe(404);
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

describe("every answer under the FHIR base is an OperationOutcome with our X-Request-ID", () => {
  const expectOutcome = (res: { status: number; headers: Headers; json: () => any }, status: number, what: string) => {
    expect(res.status, what).toBe(status);
    expect(res.headers.get("content-type"), what).toMatch(/^application\/fhir\+json/);
    expect(res.json().resourceType, what).toBe("OperationOutcome");
    expect(res.headers.get("x-request-id"), what).toMatch(/^[0-9a-f-]{36}$/);
  };

  it("an address that is not an interaction is 404, for every method", async () => {
    for (const [method, path] of [["GET", "/Patient"], ["GET", "/Appointment/abc/nonsense"], ["POST", "/Slot/extra"], ["DELETE", "/"], ["GET", "/metadata/x"]] as const) {
      const res = await call(path, { method, headers: { ...sspHeaders("read"), ...auth(SCOPES.read), "X-Request-ID": "3f1c2d4e-0000-4000-8000-000000000001" } });
      expectOutcome(res, 404, `${method} ${path}`);
      expect(res.headers.get("x-correlation-id")).toBe("3f1c2d4e-0000-4000-8000-000000000001");
    }
  });

  it("OPTIONS is 405 naming the methods the path has, as the other 405s do", async () => {
    const res = await call("/Slot", { method: "OPTIONS", headers: sspHeaders("slot") });
    expectOutcome(res, 405, "OPTIONS /Slot");
    expect(res.headers.get("allow")).toBe("GET");
  });

  it("a trailing slash gets an answer from the API, not a bodiless redirect", async () => {
    const res = await call("/metadata/", { headers: sspHeaders("metadata") });
    expect(res.status).not.toBe(308);
    expect(["CapabilityStatement", "OperationOutcome"]).toContain(res.json().resourceType);
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("an address over 16 KB is 414 with an OperationOutcome", async () => {
    const res = await call(`/Slot?service=999999999&status=free&x=${"a".repeat(20_000)}`, { headers: { ...sspHeaders("slot"), ...auth(SCOPES.slotRead) } });
    expectOutcome(res, 414, "long address");
  });
});
