import { describe, expect, it } from "vitest";
import { DuplicateRequest, InvalidInput, NotFound, SlotUnavailable, Throttled, VersionConflict } from "@/lib/errors";
import { FHIR_ERROR_KINDS, fhirErrorFor, fhirErrorKindForDomainError, fhirErrorResponse, operationOutcome, type FhirErrorKind } from "./operation-outcome";
import { isSpineCode, SPINE_CODES, spineCoding } from "./spine-codes";
import { validateResource } from "./validate";
import { fhirJsonToXml, fhirXmlToJson } from "./xml";

describe("Spine code list", () => {
  it("holds the whole code system (44 codes) with the exact displays", () => {
    expect(Object.keys(SPINE_CODES)).toHaveLength(44);
    expect(SPINE_CODES["ACCESS DENIED"]).toBe("Access has been denied to process this request");
    expect(SPINE_CODES.INVALID_RESOURCE).toBe("Invalid validation of resource");
    expect(SPINE_CODES.INTERNAL_SERVER_ERROR).toBe("Unexpected internal server error");
    expect(SPINE_CODES.UNSUPPORTED_MEDIA_TYPE).toBe("Unsupported media type");
    expect(isSpineCode("SLOT_NOT_FREE")).toBe(false);
  });

  it("codes use the CodeSystem URL, not the ValueSet URL", () => {
    expect(spineCoding("NO_RECORD_FOUND").system).toBe("https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1");
  });
});

describe("operationOutcome", () => {
  const oo = operationOutcome(
    { code: "invalid", spineCode: "INVALID_PARAMETER", diagnostics: "Unknown parameter startXXXXXXX", location: ["startXXXXXXX"] },
    { id: "fixed-id" },
  );

  it("follows the Spine profile: id, profile, one coding with code and display, no expression", () => {
    expect(oo).toEqual({
      resourceType: "OperationOutcome",
      id: "fixed-id",
      meta: { profile: ["https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1"] },
      issue: [
        {
          severity: "error",
          code: "invalid",
          details: { coding: [{ system: "https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1", code: "INVALID_PARAMETER", display: "Invalid parameter" }] },
          diagnostics: "Unknown parameter startXXXXXXX",
          location: ["startXXXXXXX"],
        },
      ],
    });
    expect(JSON.stringify(oo)).not.toContain("expression");
  });

  it("is a valid resource in JSON and XML", () => {
    expect(validateResource(oo).valid).toBe(true);
    expect(fhirXmlToJson(fhirJsonToXml(oo))).toEqual(oo);
  });

  it("generates a UUID id when none is given, and needs at least one issue", () => {
    expect(operationOutcome({ code: "exception", spineCode: "INTERNAL_SERVER_ERROR" }).id).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => operationOutcome([])).toThrow();
  });

  it("omits empty diagnostics and locations", () => {
    const issue = operationOutcome({ code: "not-found", spineCode: "NO_RECORD_FOUND", location: [] }).issue[0];
    expect(issue).not.toHaveProperty("location");
    expect(issue).not.toHaveProperty("diagnostics");
  });
});

describe("fhirErrorFor: the one error table", () => {
  const expected: Record<FhirErrorKind, [number, string, string]> = {
    "auth-failed": [403, "forbidden", "ACCESS DENIED"],
    forbidden: [403, "forbidden", "ACCESS DENIED"],
    "missing-header": [400, "required", "MISSING_OR_INVALID_HEADER"],
    "malformed-body": [400, "structure", "MESSAGE_NOT_WELL_FORMED"],
    "invalid-body": [400, "invalid", "INVALID_PARAMETER"],
    "bad-parameter": [400, "invalid", "INVALID_PARAMETER"],
    "missing-parameter": [400, "required", "INVALID_PARAMETER"],
    "search-window-in-past": [400, "invalid", "INVALID_PARAMETER"],
    "not-found": [404, "not-found", "NO_RECORD_FOUND"],
    "service-not-found": [404, "not-found", "NO_RECORD_FOUND"],
    "slot-unavailable": [422, "processing", "DUPLICATE_REJECTED"],
    "slot-not-found": [422, "processing", "REFERENCE_NOT_FOUND"],
    "duplicate-request": [409, "duplicate", "DUPLICATE_REJECTED"],
    "version-conflict": [409, "conflict", "CONFLICTING_VALUES"],
    "missing-if-match": [412, "required", "MISSING_OR_INVALID_HEADER"],
    "cancel-differences": [422, "business-rule", "INVALID_RESOURCE"],
    "unsupported-media-type": [415, "not-supported", "UNSUPPORTED_MEDIA_TYPE"],
    "method-not-allowed": [405, "not-supported", "BAD_REQUEST"],
    "body-too-large": [413, "too-long", "BAD_REQUEST"],
    "uri-too-long": [414, "too-long", "BAD_REQUEST"],
    "unknown-path": [404, "not-supported", "BAD_REQUEST"],
    "invalid-resource": [422, "invalid", "INVALID_RESOURCE"],
    "invalid-nhs-number": [422, "value", "INVALID_NHS_NUMBER"],
    "client-assigned-id": [422, "invalid", "MSG_RESOURCE_ID_FAIL"],
    "consumer-ceiling": [429, "throttled", "ACCESS DENIED"],
    "database-unavailable": [503, "transient", "INTERNAL_SERVER_ERROR"],
    "server-error": [500, "exception", "INTERNAL_SERVER_ERROR"],
  };

  it.each(FHIR_ERROR_KINDS)("%s", (kind) => {
    const spec = fhirErrorFor(kind);
    expect([spec.status, spec.issueCode, spec.spineCode]).toEqual(expected[kind]);
    expect(spec.defaultDiagnostics.length).toBeGreaterThan(0);
  });

  it("covers every kind in the table above", () => {
    expect([...FHIR_ERROR_KINDS].sort()).toEqual(Object.keys(expected).sort());
  });

  it("answers a taken slot with 422 and the SCAL P29 wording, or 409 when configured", () => {
    const { status, body } = fhirErrorResponse("slot-unavailable");
    expect(status).toBe(422);
    expect(body.issue[0]).toMatchObject({ severity: "error", code: "processing", diagnostics: "Slot no longer available" });
    expect(fhirErrorFor("slot-unavailable", { slotUnavailableStatus: 409 }).status).toBe(409);
    expect(fhirErrorFor("duplicate-request", { slotUnavailableStatus: 409 }).status).toBe(409);
  });

  it("never writes an empty location (found by the HTTP fuzz: a query parameter with no name, \"=x\")", () => {
    const { body } = fhirErrorResponse("bad-parameter", { diagnostics: "Unknown parameter ''", location: ["", " ", "start"] });
    expect(body.issue[0].location).toEqual(["(empty)", "(empty)", "start"]);
  });

  it("builds the response body with caller diagnostics and location", () => {
    const { status, body } = fhirErrorResponse("bad-parameter", { diagnostics: "Unknown parameter 'startXXXXXXX'", location: ["startXXXXXXX"], id: "e1" });
    expect(status).toBe(400);
    expect(body).toMatchObject({ id: "e1", issue: [{ diagnostics: "Unknown parameter 'startXXXXXXX'", location: ["startXXXXXXX"] }] });
    expect(validateResource(body).valid).toBe(true);
  });
});

describe("fhirErrorKindForDomainError", () => {
  it("maps the use cases' errors", () => {
    expect(fhirErrorKindForDomainError(new SlotUnavailable("taken"))).toBe("slot-unavailable");
    expect(fhirErrorKindForDomainError(new VersionConflict("v"))).toBe("version-conflict");
    expect(fhirErrorKindForDomainError(new DuplicateRequest("again"))).toBe("duplicate-request");
    expect(fhirErrorKindForDomainError(new NotFound("no"))).toBe("not-found");
    expect(fhirErrorKindForDomainError(new InvalidInput("bad"))).toBe("invalid-resource");
    expect(fhirErrorKindForDomainError(new Throttled("slow down", 5))).toBe("server-error");
    expect(fhirErrorKindForDomainError(new Error("boom"))).toBe("server-error");
  });
});
