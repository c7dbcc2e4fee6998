import { describe, expect, it } from "vitest";
import { acceptVersionR4, negotiateR4Format, r4FormatParameter, requestBodyFormatR4 } from ".";

describe("negotiateR4Format", () => {
  it("lets _format override Accept (TKW BaRS_Capability)", () => {
    expect(negotiateR4Format({ format: "application/fhir+xml", accept: "application/fhir+json" })).toBe("xml");
    expect(negotiateR4Format({ format: "application/fhir+json", accept: "application/fhir+xml" })).toBe("json");
  });

  it("understands every _format value the door documents, as query strings deliver them", () => {
    const cases: [string, "json" | "xml"][] = [
      ["json", "json"], ["xml", "xml"], ["application/fhir+json", "json"], ["application/fhir+xml", "xml"], ["application/json", "json"],
      ["application/xml", "xml"], ["text/xml", "xml"], ["application/fhir xml", "xml"], ["application%2Bfhir%2Bjson".replace("application%2Bfhir", "application/fhir"), "json"],
      ["XML", "xml"], ["application/fhir+json;fhirVersion=4.0", "json"],
    ];
    for (const [value, format] of cases) expect(r4FormatParameter(value), value).toBe(format);
    expect(r4FormatParameter("text/html")).toBeNull();
  });

  it("then uses Accept (highest q first), then the request's Content-Type, then JSON", () => {
    expect(negotiateR4Format({ accept: "application/fhir+xml" })).toBe("xml");
    expect(negotiateR4Format({ accept: "application/fhir+json;q=0.5, application/fhir+xml;q=0.9" })).toBe("xml");
    expect(negotiateR4Format({ accept: "*/*", contentType: "application/fhir+xml" })).toBe("xml");
    expect(negotiateR4Format({ format: "html", accept: "text/html", contentType: "application/fhir+xml; charset=utf-8" })).toBe("xml");
    expect(negotiateR4Format({})).toBe("json");
    expect(negotiateR4Format({ accept: "application/fhir+json;version=1.0.0", contentType: "application/fhir+xml" })).toBe("json");
  });
});

describe("requestBodyFormatR4", () => {
  it("accepts the FHIR media types, with charset parameters", () => {
    expect(requestBodyFormatR4("application/fhir+json")).toBe("json");
    expect(requestBodyFormatR4("application/fhir+xml;charset=utf-8")).toBe("xml");
    expect(requestBodyFormatR4("Application/FHIR+JSON; charset=UTF-8")).toBe("json");
    expect(requestBodyFormatR4("application/json+fhir")).toBe("json");
    expect(requestBodyFormatR4("application/xml+fhir")).toBe("xml");
  });

  it("refuses application/xml (TKW BookAppointment_UnsupportedMediaType) and anything else that is not FHIR", () => {
    for (const ct of ["application/xml", "application/json", "text/xml", "text/plain", "", null, "application/fhir+json;charset=iso-8859-1"])
      expect(requestBodyFormatR4(ct), String(ct)).toBe("unsupported");
  });
});

describe("acceptVersionR4 (decision D2)", () => {
  it("accepts no version, 1.x and unreadable versions; refuses major 2 or above", () => {
    expect(acceptVersionR4(null)).toBe("ok");
    expect(acceptVersionR4("application/fhir+json")).toBe("ok");
    expect(acceptVersionR4("application/fhir+json;version=1.0.0")).toBe("ok");
    expect(acceptVersionR4("application/fhir+json; version=1.5")).toBe("ok");
    expect(acceptVersionR4("application/fhir+json;version=banana")).toBe("ok");
    expect(acceptVersionR4("application/fhir+json;version=2.0.0")).toBe("too-new");
    expect(acceptVersionR4("application/fhir+xml;version=10")).toBe("too-new");
    expect(acceptVersionR4("application/fhir+json;version=1.0.0, application/fhir+xml;version=3.1.0-beta")).toBe("too-new");
  });
});
