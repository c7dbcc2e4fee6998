import { describe, expect, it } from "vitest";
import { jsonWithEntries } from "./search-slots";

describe("the slot search's JSON from cached entries", () => {
  it("is byte for byte what JSON.stringify of the whole Bundle gives", () => {
    const entry = [
      { fullUrl: "http://x/R4/Slot/1", resource: { resourceType: "Slot", id: "1", status: "free", start: "2027-06-16T08:00:00+01:00" }, search: { mode: "match" } },
      { fullUrl: "http://x/R4/Schedule/2", resource: { resourceType: "Schedule", id: "2", actor: [{ reference: "HealthcareService/3" }] }, search: { mode: "include" } },
    ];
    const bundle = { resourceType: "Bundle", id: "b", meta: { lastUpdated: "2027-06-15T08:30:00.0000000Z" }, type: "searchset", total: 1, link: [{ relation: "self", url: "http://x/R4/Slot?a=b" }], entry };
    expect(jsonWithEntries(bundle, entry.map((e) => JSON.stringify(e)).join(","))).toBe(JSON.stringify(bundle));
  });
});
