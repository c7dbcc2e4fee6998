import { describe, expect, it } from "vitest";
import { contentTypeFor, normaliseFormatParameter, requestBodyFormat, responseFormat } from "./negotiate";

/** What the edge would read from a URL: URLSearchParams decoding, as in a route handler. */
const formatFrom = (query: string) => new URLSearchParams(query).get("_format");

describe("responseFormat", () => {
  it.each([
    ["_format=json", "json"],
    ["_format=xml", "xml"],
    ["_format=application/fhir%2Bjson", "json"],
    ["_format=application/fhir%2Bxml", "xml"],
    ["_format=application/fhir+xml", "xml"], // unencoded + decodes to a space
    ["_format=application/json+fhir", "json"],
    ["_format=application/xml%2Bfhir", "xml"],
    ["_format=application%2Ffhir%252Bxml", "xml"], // doubly encoded
    ["_format=XML", "xml"],
    ["_format=text/xml", "xml"],
    ["_format=application/json", "json"],
  ] as const)("%s -> %s", (query, format) => {
    expect(responseFormat({ format: formatFrom(query) })).toEqual({ ok: true, format });
  });

  it("lets _format override a disagreeing Accept header (TKW EB_Capability)", () => {
    expect(responseFormat({ format: "application/fhir+xml", accept: "application/fhir+json" })).toEqual({ ok: true, format: "xml" });
    expect(responseFormat({ format: "application/fhir+json", accept: "application/fhir+xml" })).toEqual({ ok: true, format: "json" });
  });

  it("follows Accept when there is no _format, honouring q values and order", () => {
    expect(responseFormat({ accept: "application/fhir+xml" })).toEqual({ ok: true, format: "xml" });
    expect(responseFormat({ accept: "application/fhir+xml;q=0.5, application/fhir+json" })).toEqual({ ok: true, format: "json" });
    expect(responseFormat({ accept: "application/xml+fhir, application/json+fhir" })).toEqual({ ok: true, format: "xml" });
    expect(responseFormat({ accept: "text/html, application/fhir+xml;q=0.9, */*;q=0.8" })).toEqual({ ok: true, format: "xml" });
  });

  it("falls back to the request Content-Type, then JSON", () => {
    expect(responseFormat({ contentType: "application/fhir+xml;charset=utf-8" })).toEqual({ ok: true, format: "xml" });
    expect(responseFormat({ accept: "*/*", contentType: "application/fhir+xml" })).toEqual({ ok: true, format: "xml" });
    expect(responseFormat({ contentType: "application/xml" })).toEqual({ ok: true, format: "json" });
    expect(responseFormat({})).toEqual({ ok: true, format: "json" });
    expect(responseFormat({ format: "", accept: "" })).toEqual({ ok: true, format: "json" });
  });

  it("refuses a format it cannot produce", () => {
    expect(responseFormat({ format: "ttl" })).toMatchObject({ ok: false, reason: "unsupported-format", detail: "_format=ttl" });
    expect(responseFormat({ accept: "text/html" })).toMatchObject({ ok: false, reason: "unsupported-format" });
    expect(responseFormat({ accept: "application/fhir+json;q=0" })).toMatchObject({ ok: false });
  });
});

describe("requestBodyFormat", () => {
  it.each([
    ["application/fhir+json", "json"],
    ["application/fhir+json; charset=UTF-8", "json"],
    ["application/fhir+xml;charset=utf-8", "xml"],
    ["application/json+fhir", "json"],
    ["application/xml+fhir", "xml"],
    ["Application/FHIR+JSON", "json"],
    ["application/json", "json"],
  ] as const)("%s -> %s", (contentType, format) => {
    expect(requestBodyFormat(contentType)).toEqual({ ok: true, format });
  });

  it("refuses application/xml and other types with 415 (TKW BookAppointment_UnsupportedMediaType)", () => {
    expect(requestBodyFormat("application/xml")).toMatchObject({ ok: false, reason: "unsupported-media-type" });
    expect(requestBodyFormat("text/xml")).toMatchObject({ ok: false, reason: "unsupported-media-type" });
    expect(requestBodyFormat("text/plain")).toMatchObject({ ok: false, reason: "unsupported-media-type" });
  });

  it("refuses a missing Content-Type and non-UTF-8 charsets", () => {
    expect(requestBodyFormat(null)).toMatchObject({ ok: false, reason: "missing-content-type" });
    expect(requestBodyFormat(" ")).toMatchObject({ ok: false, reason: "missing-content-type" });
    expect(requestBodyFormat("application/fhir+json; charset=iso-8859-1")).toMatchObject({ ok: false, reason: "unsupported-charset" });
  });
});

describe("contentTypeFor", () => {
  it("declares UTF-8 with no space before charset, matching TKW's ^application/fhir\\+json.*$", () => {
    expect(contentTypeFor("json")).toBe("application/fhir+json;charset=utf-8");
    expect(contentTypeFor("xml")).toBe("application/fhir+xml;charset=utf-8");
    expect(contentTypeFor("json")).toMatch(/^application\/fhir\+json.*$/);
  });
});

describe("normaliseFormatParameter", () => {
  it("restores a + decoded to a space and drops parameters", () => {
    expect(normaliseFormatParameter("application/fhir json")).toBe("application/fhir+json");
    expect(normaliseFormatParameter("application/fhir+json; fhirVersion=3.0")).toBe("application/fhir+json");
  });
});
