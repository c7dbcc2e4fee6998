import { describe, expect, it } from "vitest";
import { call, SCOPES, sspHeaders } from "./client";
import { auth, slotQuery, tkwWindow } from "./helpers";

const headers = (extra: Record<string, string> = {}) => ({ ...sspHeaders("slot"), ...auth(SCOPES.slotRead), ...extra });
type Entry = { fullUrl: string; resource: Record<string, any>; search?: { mode: string } };

describe("EB_SearchForFreeSlots: GET /Slot", () => {
  it("SFFSWithValidParameters: 200 searchset with free slots in the window and all six includes resolved", async () => {
    const res = await call(slotQuery("999999999"), { headers: headers() });
    expect(res.status).toBe(200);
    const bundle = res.json();
    expect(bundle).toMatchObject({ resourceType: "Bundle", type: "searchset" });
    const entries = bundle.entry as Entry[];
    const slots = entries.filter((e) => e.resource.resourceType === "Slot");
    // The seed's own count in this window is checked in lib/seed/assurance.int.test.ts; here other files of the suite
    // (run in an order vitest chooses) have booked some of them, so only "plenty" is stable.
    expect(slots.length).toBeGreaterThanOrEqual(40);
    expect(bundle.total).toBe(slots.length);
    const { ge, le } = tkwWindow();
    for (const s of slots) {
      expect(s.resource.status).toBe("free");
      expect(Date.parse(s.resource.start)).toBeGreaterThanOrEqual(Date.parse(ge));
      expect(Date.parse(s.resource.start)).toBeLessThanOrEqual(Date.parse(le));
      expect(s.resource.schedule.reference).toMatch(/^Schedule\/[^/]+$/);
      expect(s.search?.mode).toBe("match");
    }
    const types = new Set(entries.map((e) => e.resource.resourceType));
    for (const t of ["Schedule", "HealthcareService", "Practitioner", "PractitionerRole", "Organization", "Location"]) expect(types).toContain(t);
    // Every reference resolves inside the Bundle; every Organization is a providedBy; the role id pairs with the practitioner.
    const byRef = new Map(entries.map((e) => [`${e.resource.resourceType}/${e.resource.id}`, e.resource]));
    for (const s of slots) expect(byRef.has(s.resource.schedule.reference)).toBe(true);
    const services = entries.filter((e) => e.resource.resourceType === "HealthcareService").map((e) => e.resource);
    const providedBy = new Set(services.map((h) => h.providedBy?.reference));
    for (const o of entries.filter((e) => e.resource.resourceType === "Organization")) expect(providedBy).toContain(`Organization/${o.resource.id}`);
    const practitioner = entries.find((e) => e.resource.resourceType === "Practitioner")!.resource;
    const roleProfile = practitioner.identifier.find((i: { system: string }) => i.system === "https://fhir.nhs.uk/Id/sds-role-profile-id").value;
    expect(entries.some((e) => e.resource.resourceType === "PractitionerRole" && e.resource.id === roleProfile)).toBe(true);
    expect(services[0].identifier[0]).toMatchObject({ value: "999999999" });
  });

  it("SFFSWithValidParameters_parameter_xml / header_xml: the same search in XML", async () => {
    for (const extra of [{ q: "&_format=xml", h: {} as Record<string, string> }, { q: "", h: { Accept: "application/fhir+xml" } as Record<string, string> }]) {
      const res = await call(slotQuery("999999999", extra.q), { headers: headers(extra.h) });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/fhir\+xml/);
      expect(res.text).toContain("<Bundle");
      expect(res.text).toContain('<type value="searchset"/>');
    }
  });

  it("_count is ignored: the same slots as without it, total equal to the Slot entries, and no next link", async () => {
    const all = await call(slotQuery("999999999"), { headers: headers() });
    const counted = await call(slotQuery("999999999", "&_count=1"), { headers: headers() });
    expect(counted.status).toBe(200);
    const ids = (r: typeof all) => (r.json().entry as Entry[]).filter((e) => e.resource.resourceType === "Slot").map((e) => e.resource.id);
    expect(ids(counted).length).toBeGreaterThan(1);
    expect(ids(counted)).toEqual(ids(all));
    expect(counted.json().total).toBe(ids(counted).length);
    expect((counted.json().link as { relation: string; url: string }[]).map((l) => l.relation)).toEqual(["self"]);
    expect(counted.json().link[0].url).not.toContain("_count");
  });

  it("SFFSWithValidParameters_JWT_NoPractitioner: a token without requesting_practitioner is fine", async () => {
    const res = await call(slotQuery("999999999"), { headers: { ...sspHeaders("slot"), ...auth(SCOPES.slotRead, { scope: SCOPES.slotRead, practitioner: false }) } });
    expect(res.status).toBe(200);
  });

  it("SFFSWithValidParameters_includes_slots_only: a service whose schedule has only the service as actor", async () => {
    const res = await call(slotQuery("999999993"), { headers: headers() });
    expect(res.status).toBe(200);
    const entries = res.json().entry as Entry[];
    expect(entries.filter((e) => e.resource.resourceType === "Slot").length).toBeGreaterThanOrEqual(20);
    expect(entries.some((e) => e.resource.resourceType === "Practitioner")).toBe(false);
  });

  it("SFFSNoSlots_HappyPath: a known service with no free slots gives 200 and total 0", async () => {
    const res = await call(slotQuery("999999998"), { headers: headers() });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ resourceType: "Bundle", total: 0 });
  });

  it("an unknown service id: 404 NO_RECORD_FOUND", async () => {
    const res = await call(slotQuery("123456789"), { headers: headers() });
    expect(res.status).toBe(404);
  });

  it("SFFSInvalid: an unknown parameter is 400 INVALID_PARAMETER", async () => {
    const res = await call(`${slotQuery("999999999")}&startXXXXXXX=2026-01-01`, { headers: headers() });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json())).toContain("INVALID_PARAMETER");
  });

  it("SFFSForbidden: a wrong audience, then a write scope, are both 403", async () => {
    const badAud = await call(slotQuery("999999999"), { headers: { ...sspHeaders("slot"), ...auth(SCOPES.slotRead, { scope: SCOPES.slotRead, aud: "notanendpoint" }) } });
    expect(badAud.status).toBe(403);
    const wrongScope = await call(slotQuery("999999999"), { headers: { ...sspHeaders("slot"), ...auth(SCOPES.write) } });
    expect(wrongScope.status).toBe(403);
    expect(wrongScope.json().resourceType).toBe("OperationOutcome");
  });

  it("SFFSWrongMethod: POST to /Slot is 405", async () => {
    const res = await call(slotQuery("999999999"), { method: "POST", headers: headers() });
    expect(res.status).toBe(405);
    expect(res.json().resourceType).toBe("OperationOutcome");
  });

  it("SFFSWithBusySlots / SFFSWithFreeAndBusySlots / RevIncludes / no includes / gzip: 200 Bundles", async () => {
    for (const q of [slotQuery("999999999").replace("status=free", "status=busy"), slotQuery("999999999").replace("status=free", "status=free%2Cbusy"), `${slotQuery("999999999", "", [])}&_revinclude=Schedule:actor`, slotQuery("999999993", "", [])]) {
      const res = await call(q, { headers: headers() });
      expect(res.status, q).toBe(200);
      expect(res.json().resourceType).toBe("Bundle");
    }
    const gz = await fetch(`${process.env.API_BASE_URL}/STU3/1${slotQuery("999999999")}`, { headers: { ...headers(), "Accept-Encoding": "gzip" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
  });

  it("accepts every offset form for start: Z, +00:00, %2B01%3A00 and a space where + was decoded", async () => {
    const { ge, le } = tkwWindow();
    const variants = [
      [ge, le],
      [ge.replace("Z", "+00:00"), le.replace("Z", "+00:00")],
      [ge.replace("Z", " 00:00"), le.replace("Z", " 00:00")],
    ];
    for (const [a, b] of variants) {
      const res = await call(`/Slot?service=999999999&status=free&start=ge${encodeURIComponent(a)}&start=le${encodeURIComponent(b)}`, { headers: headers() });
      expect(res.status, a).toBe(200);
      expect(res.json().total).toBeGreaterThan(0);
    }
  });

  it("a start in year 9999 (or 0001) is a 400 OperationOutcome, never a 500", async () => {
    for (const start of ["le9999", "le9999-12-31T23:59:59Z", "ge0001"]) {
      const res = await call(`/Slot?service=999999999&status=free&start=${start}`, { headers: headers() });
      expect(res.status, start).toBe(400);
      expect(res.json().resourceType).toBe("OperationOutcome");
      expect(res.headers.get("x-request-id")).toBeTruthy();
    }
  });
});
