import { describe, expect, it } from "vitest";
import { canonicalIncludes, CANONICAL_INCLUDES, parseSlotSearchParams, slotSearchSelfQuery, slotStartMatches, slotStartWindow, type SlotSearchQuery } from "./slot-search-params";

/** Parses a raw query string exactly as a route handler would (URLSearchParams decoding). */
function parse(query: string, now?: Date) {
  return parseSlotSearchParams(new URLSearchParams(query), { now });
}
function ok(query: string): SlotSearchQuery {
  const r = parse(query);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.query;
}

const TKW_INCLUDES =
  "_include=Slot%3Aschedule&_include=Schedule%3Aactor%3APractitioner&_include=Schedule%3Aactor%3APractitionerRole&_include=Schedule%3Aactor%3AHealthcareService&_include=HealthcareService.location&_include=HealthcareService.providedBy";
const TKW_QUERY = `schedule.actor%3Ahealthcareservice=2000099999&start=ge2026-03-03T00:00:00Z&start=le2026-03-06T00:00:00Z&status=free&${TKW_INCLUDES}`;

describe("parseSlotSearchParams: the assurance query", () => {
  it("understands the TKW happy-path search", () => {
    const q = ok(TKW_QUERY);
    expect(q.serviceId).toBe("2000099999");
    expect(q.serviceParameter).toBe("schedule.actor:healthcareservice");
    expect(q.statuses).toEqual(["free"]);
    expect(q.includes).toEqual(CANONICAL_INCLUDES);
    expect(q.ignoredIncludes).toEqual([]);
    expect(slotStartWindow(q)).toEqual({ from: new Date("2026-03-03T00:00:00Z"), until: new Date("2026-03-06T00:00:01Z") });
  });

  it("ignores _revinclude (TKW sends all six and expects 200) and _format", () => {
    const revincludes = TKW_INCLUDES.replace(/_include/g, "_revinclude");
    const q = ok(`${TKW_QUERY}&${revincludes}&_format=json`);
    expect(q.includes).toHaveLength(6);
  });

  it("returns slots with no includes at all", () => {
    expect(ok("schedule.actor%3Ahealthcareservice=1&status=free").includes).toEqual([]);
  });

  it("rejects the misspelt startXXXXXXX parameter, naming it (TKW SFFSInvalid)", () => {
    const r = parse(TKW_QUERY.replace("start=ge", "startXXXXXXX=ge"));
    expect(r).toEqual({ ok: false, errors: [{ parameter: "startXXXXXXX", kind: "unknown-parameter", message: "Unknown search parameter 'startXXXXXXX'" }] });
  });
});

describe("service", () => {
  it.each(["service", "schedule.actor:healthcareservice", "Schedule.actor:HealthcareService", "schedule.actor%3AHealthcareService", "SCHEDULE.ACTOR:HEALTHCARESERVICE"])(
    "accepts %s",
    (name) => {
      expect(ok(`${name}=918999198999`).serviceId).toBe("918999198999");
    },
  );

  it("accepts a system|value token", () => {
    const q = ok("service=https://fhir.nhs.uk/Id/dos-service-id%7C2000099999");
    expect(q).toMatchObject({ serviceId: "2000099999", serviceSystem: "https://fhir.nhs.uk/Id/dos-service-id" });
  });

  it("requires a service, and only one", () => {
    expect(parse("status=free")).toMatchObject({ ok: false, errors: [{ parameter: "service", kind: "missing-parameter" }] });
    expect(parse("service=")).toMatchObject({ ok: false, errors: [{ parameter: "service", kind: "invalid-value" }] });
    expect(parse("service=1&schedule.actor:healthcareservice=2")).toMatchObject({ ok: false, errors: [{ kind: "conflicting-values" }] });
    expect(parse("service=1,2")).toMatchObject({ ok: false, errors: [{ kind: "invalid-value" }] });
    expect(ok("service=1&schedule.actor:healthcareservice=1").serviceParameter).toBe("service");
  });
});

describe("status", () => {
  it("accepts single codes, comma lists (OR) and intersects repeats (AND)", () => {
    expect(ok("service=1&status=busy").statuses).toEqual(["busy"]);
    expect(ok("service=1&status=free%2Cbusy").statuses).toEqual(["free", "busy"]);
    expect(ok("service=1&status=free,busy&status=busy").statuses).toEqual(["busy"]);
    expect(ok("service=1&status=free&status=busy").statuses).toEqual([]);
    expect(ok("service=1").statuses).toBeNull();
  });

  it("refuses codes that are not slot statuses", () => {
    expect(parse("service=1&status=available")).toMatchObject({ ok: false, errors: [{ parameter: "status", kind: "invalid-value" }] });
    expect(parse("service=1&status=free,")).toMatchObject({ ok: false });
  });
});

describe("start", () => {
  const startOf = (value: string) => ok(`service=1&start=${value}`).start[0];

  it.each([
    ["ge2026-03-03T00:00:00Z", "2026-03-03T00:00:00.000Z"],
    ["ge2026-03-03T00:00:00%2B00:00", "2026-03-03T00:00:00.000Z"],
    ["ge2026-07-03T00:00:00%2B01%3A00", "2026-07-02T23:00:00.000Z"],
    ["ge2026-07-03T00:00:00+01:00", "2026-07-02T23:00:00.000Z"], // + decoded to a space
    ["ge2019-05-09T10%3A00%3A00%2000%3A00", "2019-05-09T10:00:00.000Z"], // NBA sample: %20 for the +
    ["ge2026-07-03T00:00:00%252B01:00", "2026-07-02T23:00:00.000Z"], // doubly encoded
    ["ge2026-07-03T00:00:00-0130", "2026-07-03T01:30:00.000Z"],
    ["ge2026-03-03T10:15Z", "2026-03-03T10:15:00.000Z"],
    ["ge2026-03-03T10:15:30.250Z", "2026-03-03T10:15:30.250Z"],
    ["ge2026-07-03", "2026-07-02T23:00:00.000Z"], // a London day
    ["ge2026-01-03", "2026-01-03T00:00:00.000Z"],
    ["ge2026-07-03T09:00:00", "2026-07-03T08:00:00.000Z"], // no zone: London wall clock
  ])("start=%s starts at %s", (value, iso) => {
    expect(startOf(value).lower.toISOString()).toBe(iso);
  });

  it("gives each value the range of its precision", () => {
    const width = (v: string) => startOf(v).upper.getTime() - startOf(v).lower.getTime();
    expect(width("2026-03-03T10:00:00Z")).toBe(1000);
    expect(width("2026-03-03T10:00Z")).toBe(60_000);
    expect(width("2026-03-03T10:00:00.5Z")).toBe(100);
    expect(width("2026-03-03T10:00:00.123Z")).toBe(1);
    expect(width("2026-03-03")).toBe(24 * 3600_000);
    expect(width("2026-03-29")).toBe(23 * 3600_000); // clocks go forward
    expect(width("2026-01")).toBe(31 * 24 * 3600_000);
    expect(width("2026-03")).toBe(31 * 24 * 3600_000 - 3600_000);
    expect(startOf("2026").lower.toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  it("keeps the value for the self link with the + restored", () => {
    expect(startOf("ge2026-07-03T00:00:00+01:00").text).toBe("ge2026-07-03T00:00:00+01:00");
    expect(startOf("2026-07-03").text).toBe("2026-07-03");
    expect(startOf("eq2026-07-03").text).toBe("eq2026-07-03");
  });

  it.each(["ge2026-13-01", "ge2026-02-30T10:00:00Z", "ge03/03/2026", "ap2026-03-03", "ge2026-03-03T25:00:00Z", "ge2026-03-03T10:00:00+15:00", "ge2026-03-29T01:30:00", "tomorrow"])(
    "refuses %s",
    (value) => {
      expect(parse(`service=1&start=${value}`)).toMatchObject({ ok: false, errors: [{ parameter: "start", kind: "invalid-value" }] });
    },
  );

  it("applies FHIR prefix semantics to a slot start", () => {
    const matches = (filter: string, iso: string) => slotStartMatches(ok(`service=1&start=${filter}`), new Date(iso));
    expect(matches("le2026-03-06T00:00:00Z", "2026-03-06T00:00:00Z")).toBe(true);
    expect(matches("le2026-03-06T00:00:00Z", "2026-03-06T00:00:01Z")).toBe(false);
    expect(matches("lt2026-03-06T00:00:00Z", "2026-03-06T00:00:00Z")).toBe(false);
    expect(matches("ge2026-03-03T00:00:00Z", "2026-03-02T23:59:59Z")).toBe(false);
    expect(matches("gt2026-03-03T00:00:00Z", "2026-03-03T00:00:00.500Z")).toBe(false);
    expect(matches("gt2026-03-03T00:00:00Z", "2026-03-03T00:00:01Z")).toBe(true);
    expect(matches("2026-03-03", "2026-03-03T23:59:00Z")).toBe(true);
    expect(matches("ne2026-03-03", "2026-03-03T12:00:00Z")).toBe(false);
    expect(matches("sa2026-03-03", "2026-03-04T00:00:00Z")).toBe(true);
    expect(matches("eb2026-03-03", "2026-03-02T23:59:59Z")).toBe(true);
  });

  it("combines filters into one window for the database", () => {
    expect(slotStartWindow(ok("service=1&start=gt2026-03-03T00:00:00Z&start=lt2026-03-04T00:00:00Z&start=ne2026-03-03T12:00:00Z"))).toEqual({
      from: new Date("2026-03-03T00:00:01Z"),
      until: new Date("2026-03-04T00:00:00Z"),
    });
    expect(slotStartWindow(ok("service=1"))).toEqual({});
  });

  it("refuses a window that ends in the past when told the time", () => {
    const now = new Date("2026-03-10T12:00:00Z");
    expect(parse("service=1&start=ge2026-03-01&start=le2026-03-02", now)).toMatchObject({ ok: false, errors: [{ parameter: "start", kind: "window-in-past" }] });
    expect(parse("service=1&start=ge2026-03-01&start=le2026-03-12", now).ok).toBe(true);
  });
});

describe("_include spellings", () => {
  it.each([
    ["Slot:schedule", "Slot:schedule"],
    ["Slot.schedule", "Slot:schedule"],
    ["Slot:Schedule", "Slot:schedule"],
    ["Schedule:actor:Practitioner", "Schedule:actor:Practitioner"],
    ["Schedule.actor:PractitionerRole", "Schedule:actor:PractitionerRole"],
    ["Schedule:actor:HealthcareService", "Schedule:actor:HealthcareService"],
    ["HealthcareService.providedBy", "HealthcareService:providedBy"],
    ["HealthcareService:providedBy", "HealthcareService:providedBy"],
    ["HealthcareService:Organization", "HealthcareService:providedBy"],
    ["HealthcareService.location", "HealthcareService:location"],
    ["HealthcareService:location", "HealthcareService:location"],
  ])("%s -> %s", (value, canonical) => {
    expect(canonicalIncludes(value)).toEqual([canonical]);
  });

  it("accepts _include:iterate and _include:recurse, Schedule:actor and *", () => {
    expect(ok("service=1&_include:iterate=HealthcareService:location&_include:recurse=Slot:schedule").includes).toEqual(["Slot:schedule", "HealthcareService:location"]);
    expect(ok("service=1&_include=Schedule:actor").includes).toEqual(["Schedule:actor:Practitioner", "Schedule:actor:PractitionerRole", "Schedule:actor:HealthcareService"]);
    expect(ok("service=1&_include=*").includes).toEqual(CANONICAL_INCLUDES);
  });

  it("ignores unsupported includes without error and de-duplicates", () => {
    const q = ok("service=1&_include=Slot:schedule&_include=Slot.schedule&_include=Schedule:actor:Device&_include=Location:partof");
    expect(q.includes).toEqual(["Slot:schedule"]);
    expect(q.ignoredIncludes).toEqual(["Schedule:actor:Device", "Location:partof"]);
  });
});

describe("other parameters", () => {
  it("accepts and ignores _count, whatever its value (no paging is offered)", () => {
    expect(ok("service=1&_count=1")).toEqual(ok("service=1"));
    expect(ok("service=1&_count=lots")).toEqual(ok("service=1"));
    expect(slotSearchSelfQuery(ok("service=1&_count=1"))).toBe("service=1");
  });

  it("refuses unknown parameters, with or without an underscore, and reports every problem", () => {
    const r = parse("service=1&end=le2026-03-04&_sort=start&status=nope");
    expect(r.ok ? [] : r.errors.map((e) => e.parameter)).toEqual(["end", "_sort", "status"]);
  });
});

describe("slotSearchSelfQuery", () => {
  it("writes back what was understood, canonical includes only", () => {
    const q = ok(`${TKW_QUERY.replace("start=ge2026-03-03T00:00:00Z", "start=ge2026-07-03T00:00:00+01:00")}&_include=Schedule:actor:Device&_revinclude=Slot:schedule&_count=10`);
    expect(slotSearchSelfQuery(q)).toBe(
      "schedule.actor%3Ahealthcareservice=2000099999&start=ge2026-07-03T00%3A00%3A00%2B01%3A00&start=le2026-03-06T00%3A00%3A00Z&status=free" +
        "&_include=Slot%3Aschedule&_include=Schedule%3Aactor%3APractitioner&_include=Schedule%3Aactor%3APractitionerRole" +
        "&_include=Schedule%3Aactor%3AHealthcareService&_include=HealthcareService%3AprovidedBy&_include=HealthcareService%3Alocation",
    );
  });

  it("round-trips: parsing the self query gives the same query", () => {
    const q = ok(`${TKW_QUERY}&status=free,busy`);
    const again = ok(slotSearchSelfQuery(q));
    expect({ ...again, start: again.start.map((s) => s.text) }).toEqual({ ...q, start: q.start.map((s) => s.text) });
  });
});
