import { describe, expect, it } from "vitest";
import { dosIdOfEndpoint, hasSafeguardingConcernFlag } from "./feedback-message";

const flag = (category: string, codes: string[]) => ({ resource: { resourceType: "Flag", category: [{ coding: [{ code: category }] }], code: { coding: codes.map((code) => ({ code })) } } });

describe("feedback message rules", () => {
  it("reads the DoS id from any spelling of the dos-service-id endpoint, and nothing else", () => {
    expect(dosIdOfEndpoint("https://fhir.nhs.uk/Id/dos-service-id|2222222222")).toBe("2222222222");
    expect(dosIdOfEndpoint("https://fhir.nhs.uk/id/dos-service-id|2000000099")).toBe("2000000099");
    expect(dosIdOfEndpoint("http://fhir.nhs.uk/Id/dos-service-id|123")).toBe("123");
    expect(dosIdOfEndpoint("https://fhir.nhs.uk/Id/ods-organization-code|A1001")).toBeNull();
    expect(dosIdOfEndpoint("https://sender.example/fhir")).toBeNull();
    expect(dosIdOfEndpoint(null)).toBeNull();
  });

  it("a safeguarding concern is an SG Flag whose codes are not all 'no safeguarding issues identified'", () => {
    expect(hasSafeguardingConcernFlag({ entry: [flag("SG", ["766561000000109"])] })).toBe(true);
    expect(hasSafeguardingConcernFlag({ entry: [flag("SG", ["U"])] })).toBe(true);
    expect(hasSafeguardingConcernFlag({ entry: [flag("SG", [])] })).toBe(true);
    expect(hasSafeguardingConcernFlag({ entry: [flag("SG", ["861931000000100"])] })).toBe(false);
    expect(hasSafeguardingConcernFlag({ entry: [flag("RA", ["766561000000109"])] })).toBe(false);
    expect(hasSafeguardingConcernFlag({ entry: [] })).toBe(false);
  });
});
