import { describe, expect, it } from "vitest";
import { healthcareServiceResource, locationResource, practitionerResource, practitionerRoleResource, scheduleResource, slotResource } from "./careconnect-resources";
import type { SlotSearchData } from "./domain-types";
import type { AnyResource, Bundle } from "./model/registry";
import { searchsetBundle, slotSearchBundle, slotSearchBundleJson } from "./search-bundle";
import { parseSlotSearchParams, type SlotSearchQuery } from "./slot-search-params";
import { validateResource } from "./validate";
import { fhirJsonToXml, fhirXmlToJson } from "./xml";

const BASE = "https://ed.example.nhs.uk/STU3/1";
const ALL = "_include=Slot:schedule&_include=Schedule:actor:Practitioner&_include=Schedule:actor:PractitionerRole&_include=Schedule:actor:HealthcareService&_include=HealthcareService.location&_include=HealthcareService.providedBy";

function query(q: string): SlotSearchQuery {
  const r = parseSlotSearchParams(new URLSearchParams(q));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.query;
}
const tkwQuery = (extra = ALL, status = "free") =>
  query(`schedule.actor:healthcareservice=2000099999&start=ge2026-03-03T00:00:00Z&start=le2026-03-06T00:00:00Z&status=${status}&${extra}`);

const data = (): SlotSearchData => ({
  slots: [
    { id: "slot-b", scheduleId: "sched-b", start: new Date("2026-03-03T11:00:00Z"), end: new Date("2026-03-03T11:15:00Z"), status: "free" },
    { id: "slot-2", scheduleId: "sched-ed-main", start: new Date("2026-03-03T10:15:00Z"), end: new Date("2026-03-03T10:30:00Z"), status: "free" },
    { id: "slot-1", uuid: "9b0e6f3a-1c2d-4e5f-8a7b-6c5d4e3f2a1b", scheduleId: "sched-ed-main", start: new Date("2026-03-03T10:00:00Z"), end: new Date("2026-03-03T10:15:00Z"), status: "free", deliveryChannel: "In-person" },
    { id: "slot-busy", scheduleId: "sched-ed-main", start: new Date("2026-03-03T10:30:00Z"), end: new Date("2026-03-03T10:45:00Z"), status: "busy" },
    { id: "slot-late", scheduleId: "sched-ed-main", start: new Date("2026-03-07T10:00:00Z"), end: new Date("2026-03-07T10:15:00Z"), status: "free" },
  ],
  schedules: [
    { id: "sched-ed-main", serviceId: "svc-ed", practitionerId: "prac-1", practitionerRoleId: "999000111222", name: "ED arrivals" },
    { id: "sched-b", serviceId: "svc-ed" },
    { id: "sched-unused", serviceId: "svc-other" },
  ],
  services: [
    { id: "svc-ed", name: "Emergency Department", dosServiceIds: ["2000099998", "2000099999"], organisationId: "org-trust", siteId: "site-general" },
    { id: "svc-other", name: "Minor injuries", dosServiceIds: ["2000011111"], organisationId: "org-other" },
  ],
  practitioners: [{ id: "prac-1", family: "Okafor", given: ["Dana"], prefix: ["Dr"], sdsUserId: "999000555666", sdsRoleProfileId: "999000111222", gender: "female" }],
  practitionerRoles: [{ id: "999000111222", practitionerId: "prac-1", organisationId: "org-trust", roleCode: "R0090", roleDisplay: "Consultant" }],
  organisations: [
    { id: "org-trust", odsCode: "XZZ", name: "Example Teaching Hospitals NHS Trust" },
    { id: "org-other", odsCode: "XYY", name: "Another Trust" },
  ],
  sites: [{ id: "site-general", name: "Example General Hospital", odsSiteCode: "XZZ01", addressLines: ["Infirmary Road", "Hillside"], town: "Leeds", postcode: "LS9 7ZZ", phone: "01632 960000", organisationId: "org-trust" }],
});

const resources = (b: Bundle) => (b.entry ?? []).map((e) => e.resource as AnyResource);
const ofType = <T extends AnyResource["resourceType"]>(b: Bundle, t: T) => resources(b).filter((r): r is Extract<AnyResource, { resourceType: T }> => r.resourceType === t);
const unique = (xs: unknown[]) => new Set(xs).size === xs.length;

/** The checks TKW's validator (SUBSET slots) and EB_SearchForFreeSlots.tstp make on a search answer. */
function tkwSlotBundleFailures(b: Bundle): string[] {
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => ok || failures.push(what);
  for (const t of ["Schedule", "HealthcareService", "Practitioner", "PractitionerRole", "Location"] as const) check(unique(ofType(b, t).map((r) => r.id)), `${t} ids unique`);
  const ids = (t: AnyResource["resourceType"]) => new Set(resources(b).filter((r) => r.resourceType === t).map((r) => r.id));
  for (const s of ofType(b, "Slot")) {
    check(s.meta?.profile?.includes("https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Slot-1") ?? false, "slot profile");
    check(s.schedule.reference?.startsWith("Schedule/") ?? false, "slot schedule reference");
    check(s.start <= s.end, "slot end after start");
    check(s.identifier?.length === 1, "slot identifier 1..1");
  }
  for (const s of ofType(b, "Schedule")) {
    const refs = s.actor.map((a) => a.reference ?? "");
    check(refs.length >= 1 && refs.length <= 3, "schedule actors 1..3");
    check(refs.filter((r) => r.startsWith("HealthcareService/")).length === 1, "one HealthcareService actor");
    check(refs.filter((r) => r.startsWith("Practitioner/")).length <= 1, "0..1 Practitioner actor");
    check(refs.filter((r) => r.startsWith("PractitionerRole/")).length <= 1, "0..1 PractitionerRole actor");
    for (const r of refs.filter((r) => r.startsWith("Practitioner/"))) check(ids("Practitioner").has(r.slice(13)), "practitioners returned");
    for (const r of refs.filter((r) => r.startsWith("HealthcareService/"))) check(ids("HealthcareService").has(r.slice(18)), "healthcare services returned");
  }
  for (const h of ofType(b, "HealthcareService")) {
    check((h.location ?? []).length <= 1, "0..1 location");
    check((h.identifier ?? []).length > 0, "service identifier");
  }
  for (const p of ofType(b, "Practitioner")) {
    const role = p.identifier?.find((i) => i.system === "https://fhir.nhs.uk/Id/sds-role-profile-id")?.value;
    check(!!role && ids("PractitionerRole").has(role), "practitioner roles returned");
  }
  const providers = new Set(ofType(b, "HealthcareService").map((h) => h.providedBy?.reference?.slice(13)));
  for (const o of ofType(b, "Organization")) check(providers.has(o.id), "organizations are providedBy targets");
  return failures;
}

describe("slotSearchBundle", () => {
  const bundle = slotSearchBundle(data(), tkwQuery(), { baseUrl: `${BASE}/`, id: "b1", now: new Date("2026-03-02T09:30:00Z") });

  it("is a searchset of the matching Slots in start order, total counting Slots only", () => {
    expect(bundle).toMatchObject({ resourceType: "Bundle", id: "b1", type: "searchset", total: 3, meta: { lastUpdated: "2026-03-02T09:30:00.000Z" } });
    expect(ofType(bundle, "Slot").map((s) => s.id)).toEqual(["slot-1", "slot-2", "slot-b"]);
    expect(bundle.entry!.filter((e) => e.search?.mode === "match")).toHaveLength(3);
  });

  it("includes each related resource once, only for returned Slots", () => {
    expect(bundle.entry!.slice(3).map((e) => [e.fullUrl, e.search?.mode])).toEqual([
      [`${BASE}/Schedule/sched-ed-main`, "include"],
      [`${BASE}/Schedule/sched-b`, "include"],
      [`${BASE}/HealthcareService/svc-ed`, "include"],
      [`${BASE}/Practitioner/prac-1`, "include"],
      [`${BASE}/PractitionerRole/999000111222`, "include"],
      [`${BASE}/Organization/org-trust`, "include"],
      [`${BASE}/Location/site-general`, "include"],
    ]);
    expect(bundle.entry![0].fullUrl).toBe(`${BASE}/Slot/slot-1`);
  });

  it("passes the assurance checks and is valid STU3 in JSON and XML", () => {
    expect(tkwSlotBundleFailures(bundle)).toEqual([]);
    const result = validateResource(bundle);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(fhirXmlToJson(fhirJsonToXml(bundle))).toStrictEqual(bundle);
  });

  it("links to the canonical query", () => {
    expect(bundle.link).toEqual([
      {
        relation: "self",
        url:
          `${BASE}/Slot?schedule.actor%3Ahealthcareservice=2000099999&start=ge2026-03-03T00%3A00%3A00Z&start=le2026-03-06T00%3A00%3A00Z&status=free` +
          "&_include=Slot%3Aschedule&_include=Schedule%3Aactor%3APractitioner&_include=Schedule%3Aactor%3APractitionerRole&_include=Schedule%3Aactor%3AHealthcareService" +
          "&_include=HealthcareService%3AprovidedBy&_include=HealthcareService%3Alocation",
      },
    ]);
  });

  it("returns an empty Bundle with total 0 and nothing else when no Slot matches", () => {
    const empty = slotSearchBundle({ ...data(), slots: [] }, tkwQuery(), { baseUrl: BASE });
    expect(empty.total).toBe(0);
    expect(empty.entry).toBeUndefined();
    expect(validateResource(empty).valid).toBe(true);
  });

  it("returns only Slots without includes, and honours status", () => {
    expect(resources(slotSearchBundle(data(), tkwQuery(""), { baseUrl: BASE })).map((r) => r.resourceType)).toEqual(["Slot", "Slot", "Slot"]);
    expect(ofType(slotSearchBundle(data(), tkwQuery("", "busy"), { baseUrl: BASE }), "Slot").map((s) => s.id)).toEqual(["slot-busy"]);
    expect(slotSearchBundle(data(), tkwQuery("", "free,busy"), { baseUrl: BASE }).total).toBe(4);
  });

  it("ignores _count: every matching slot is answered, total equals the Slot entries, and there is no next link", () => {
    const b = slotSearchBundle(data(), tkwQuery(`${ALL}&_count=1`), { baseUrl: BASE });
    expect(b.total).toBe(3);
    expect(ofType(b, "Slot")).toHaveLength(3);
    expect(b.link?.map((l) => l.relation)).toEqual(["self"]);
    expect(b.link?.[0].url).not.toContain("_count");
    const fixed = { baseUrl: BASE, id: "b1", now: new Date("2026-03-02T09:30:00Z") };
    expect(slotSearchBundle(data(), tkwQuery(`${ALL}&_count=1`), fixed)).toEqual(slotSearchBundle(data(), tkwQuery(ALL), fixed));
  });

  it("leaves out includes whose data is not held", () => {
    const d = data();
    delete d.practitioners;
    d.sites = [];
    const b = slotSearchBundle(d, tkwQuery(), { baseUrl: BASE });
    expect(ofType(b, "Practitioner")).toEqual([]);
    expect(ofType(b, "Location")).toEqual([]);
    expect(ofType(b, "Slot")).toHaveLength(3);
  });
});

describe("CareConnect mappers", () => {
  const d = data();

  it("Slot: profile, UUID identifier, relative schedule, delivery channel only when known", () => {
    expect(slotResource(d.slots[2])).toEqual({
      resourceType: "Slot",
      id: "slot-1",
      meta: { profile: ["https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Slot-1"] },
      extension: [{ url: "https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-DeliveryChannel-1", valueCode: "In-person" }],
      identifier: [{ system: "https://tools.ietf.org/html/rfc4122", value: "9b0e6f3a-1c2d-4e5f-8a7b-6c5d4e3f2a1b" }],
      schedule: { reference: "Schedule/sched-ed-main" },
      status: "free",
      start: "2026-03-03T10:00:00.000Z",
      end: "2026-03-03T10:15:00.000Z",
    });
    expect(slotResource(d.slots[1])).not.toHaveProperty("extension");
    expect(slotResource(d.slots[1]).identifier).toEqual([{ system: "https://tools.ietf.org/html/rfc4122", value: "slot-2" }]);
  });

  it("Schedule: identifier, HealthcareService actor first, optional practitioner actors", () => {
    expect(scheduleResource(d.schedules[0], { baseUrl: BASE })).toEqual({
      resourceType: "Schedule",
      id: "sched-ed-main",
      meta: { profile: ["https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Schedule-1"] },
      identifier: [{ system: `${BASE}/Id/schedule`, value: "sched-ed-main" }],
      actor: [{ reference: "HealthcareService/svc-ed" }, { reference: "Practitioner/prac-1" }, { reference: "PractitionerRole/999000111222" }],
      comment: "ED arrivals",
    });
  });

  it("HealthcareService: one DoS identifier, the searched one when it is ours", () => {
    expect(healthcareServiceResource(d.services[0], { searchedDosId: "2000099999" }).identifier).toEqual([{ system: "https://fhir.nhs.uk/Id/dos-service-id", value: "2000099999" }]);
    expect(healthcareServiceResource(d.services[0], { searchedDosId: "123" }).identifier).toEqual([{ system: "https://fhir.nhs.uk/Id/dos-service-id", value: "2000099998" }]);
    expect(healthcareServiceResource(d.services[0])).toMatchObject({ providedBy: { reference: "Organization/org-trust" }, location: [{ reference: "Location/site-general" }], name: "Emergency Department" });
  });

  it("Practitioner and PractitionerRole pair through the SDS role profile id", () => {
    const p = practitionerResource(d.practitioners![0]);
    const r = practitionerRoleResource(d.practitionerRoles![0]);
    expect(p.identifier).toEqual([
      { system: "https://fhir.nhs.uk/Id/sds-user-id", value: "999000555666" },
      { system: "https://fhir.nhs.uk/Id/sds-role-profile-id", value: "999000111222" },
    ]);
    expect(r.id).toBe(p.identifier![1].value);
    expect(r.code).toEqual([{ coding: [{ system: "https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1", code: "R0090", display: "Consultant" }] }]);
  });

  it("Location: the hospital site with its full address and ODS site code", () => {
    expect(locationResource(d.sites![0])).toMatchObject({
      identifier: [{ system: "https://fhir.nhs.uk/Id/ods-site-code", value: "XZZ01" }],
      name: "Example General Hospital",
      address: { line: ["Infirmary Road", "Hillside"], city: "Leeds", postalCode: "LS9 7ZZ", text: "Infirmary Road, Hillside, Leeds, LS9 7ZZ" },
      managingOrganization: { reference: "Organization/org-trust" },
    });
  });
});

describe("searchsetBundle", () => {
  it("de-duplicates and needs ids", () => {
    const slot = slotResource(data().slots[0]);
    const b = searchsetBundle({ baseUrl: BASE, selfUrl: `${BASE}/Slot?x=1`, matches: [slot], includes: [slot] });
    expect(b.entry).toHaveLength(1);
    expect(b.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => searchsetBundle({ baseUrl: BASE, selfUrl: "x", matches: [{ ...slot, id: undefined }] })).toThrow(/needs an id/);
  });
});

describe("slotSearchBundleJson (the slot search's JSON, assembled from kept entry texts)", () => {
  const queries = [ALL, "", "_include=Slot:schedule", "_include=Schedule:actor:HealthcareService&_include=HealthcareService.location", `${ALL}&_count=2`];
  for (const q of queries)
    for (const status of ["free", "busy", "free,busy"])
      it(`is byte for byte JSON.stringify(slotSearchBundle) for status=${status} ${q.slice(0, 40) || "(no includes)"}`, () => {
        const options = { baseUrl: BASE, id: "b1", now: new Date("2026-03-02T09:30:00Z") };
        const fragments = new Map<string, string>();
        const expected = JSON.stringify(slotSearchBundle(data(), tkwQuery(q, status), options));
        expect(slotSearchBundleJson(data(), tkwQuery(q, status), options, fragments)).toBe(expected);
        // Again from the kept texts: the same answer.
        expect(fragments.size).toBeGreaterThan(0);
        expect(slotSearchBundleJson(data(), tkwQuery(q, status), options, fragments)).toBe(expected);
      });

  it("keeps a slot's text per status, so a slot that becomes busy is never answered as free", () => {
    const options = { baseUrl: BASE, id: "b1", now: new Date("2026-03-02T09:30:00Z") };
    const fragments = new Map<string, string>();
    slotSearchBundleJson(data(), tkwQuery("", "free,busy"), options, fragments);
    const changed = data();
    changed.slots[1] = { ...changed.slots[1], status: "busy" };
    const answer = JSON.parse(slotSearchBundleJson(changed, tkwQuery("", "free,busy"), options, fragments));
    expect(answer.entry.find((e: { resource: { id: string } }) => e.resource.id === "slot-2").resource.status).toBe("busy");
    expect(JSON.stringify(answer)).toBe(JSON.stringify(slotSearchBundle(changed, tkwQuery("", "free,busy"), options)));
  });

  it("without matching slots has no entry element", () => {
    const options = { baseUrl: BASE, id: "b1", now: new Date("2026-03-02T09:30:00Z") };
    const text = slotSearchBundleJson({ ...data(), slots: [] }, tkwQuery(), options, new Map());
    expect(JSON.parse(text)).not.toHaveProperty("entry");
    expect(text).toBe(JSON.stringify(slotSearchBundle({ ...data(), slots: [] }, tkwQuery(), options)));
  });
});
