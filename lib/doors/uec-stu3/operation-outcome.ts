/**
 * OperationOutcome for every 4xx/5xx answer, in the Spine profile (Spine-OperationOutcome-1): an id, the profile
 * in meta, and per issue exactly one details.coding from Spine-ErrorOrWarningCode-1 with code AND display;
 * no issue.expression (forbidden by the profile) — `location` and `diagnostics` carry the detail instead.
 *
 * `fhirErrorFor(kind)` is the one table from error kind to HTTP status, issue.code and Spine code
 * (UEC-BOOKING §4.3 as corrected by §11). Decisions where the sources disagree:
 *  - JWT problems of any kind: 403 ACCESS DENIED (NBA + TKW), not 401 (SCAL text) or 400 (UEC table).
 *  - Slot no longer free: 422 (NBA, SCAL P29, TKW) with issue.code `processing` and diagnostics
 *    "Slot no longer available"; 409 on request (`slotUnavailableStatus`) for partners following the UEC table.
 *    Spine code DUPLICATE_REJECTED (GP Connect's choice for the same case; there is no SLOT_NOT_FREE).
 *  - Cancel with other changes: 422 INVALID_RESOURCE (TKW's disabled check named REFERENCE_NOT_FOUND, which
 *    describes a missing reference, not a changed field).
 *  - Unparseable body: 400 MESSAGE_NOT_WELL_FORMED; parseable but not a valid resource (including XML elements out
 *    of order, TKW BookAppointment_Invalid): 400 INVALID_PARAMETER, as TKW intended for that test.
 *  - Wrong method: 405 with issue.code `not-supported` and BAD_REQUEST (the TKW check names both).
 *  - Above the per-consumer abuse ceiling (searches and reads only): 429 with issue.code `throttled` and ACCESS DENIED.
 *  - The database unavailable (refused, timed out, cannot write): 503 with `Retry-After`, issue.code `transient`.
 */
import type { OperationOutcome, OperationOutcomeIssue } from "./model/registry";
import { spineCoding, type SpineCode } from "./spine-codes";
import { PROFILE } from "./systems";
import { DatabaseUnavailable, DomainError, DuplicateRequest, Forbidden, InvalidInput, NotFound, SlotUnavailable, VersionConflict } from "@/lib/errors";

/** FHIR STU3 issue-type codes (http://hl7.org/fhir/issue-type). */
export type IssueType =
  | "invalid" | "structure" | "required" | "value" | "invariant" | "security" | "login" | "unknown" | "expired"
  | "forbidden" | "suppressed" | "processing" | "not-supported" | "duplicate" | "not-found" | "too-long"
  | "code-invalid" | "extension" | "too-costly" | "business-rule" | "conflict" | "incomplete" | "transient"
  | "lock-error" | "no-store" | "exception" | "timeout" | "throttled" | "informational";

export type IssueSeverity = "fatal" | "error" | "warning" | "information";

export interface OutcomeIssue {
  severity?: IssueSeverity;
  code: IssueType;
  spineCode: SpineCode;
  diagnostics?: string;
  /** Where the problem is: a FHIRPath-like element path, a query parameter or a header name. */
  location?: string[];
}

/** Builds a Spine-profiled OperationOutcome. Pass `id` for a deterministic id; a UUID otherwise. */
export function operationOutcome(issues: OutcomeIssue | OutcomeIssue[], options: { id?: string } = {}): OperationOutcome {
  const list = Array.isArray(issues) ? issues : [issues];
  if (list.length === 0) throw new Error("an OperationOutcome needs at least one issue");
  return {
    resourceType: "OperationOutcome",
    id: options.id ?? crypto.randomUUID(),
    meta: { profile: [PROFILE.operationOutcome] },
    issue: list.map(toIssue),
  };
}

function toIssue(i: OutcomeIssue): OperationOutcomeIssue {
  const issue: OperationOutcomeIssue = { severity: i.severity ?? "error", code: i.code, details: { coding: [spineCoding(i.spineCode)] } };
  if (i.diagnostics) issue.diagnostics = i.diagnostics;
  // FHIR allows no empty strings: a location named by the caller may be empty (e.g. a query parameter "=x").
  const location = i.location?.map((l) => (l.trim() === "" ? "(empty)" : l));
  if (location?.length) issue.location = location;
  return issue;
}

// ---- the error table ---------------------------------------------------------------------------------

export type FhirErrorKind =
  | "auth-failed" | "forbidden" | "missing-header" | "malformed-body" | "invalid-body" | "bad-parameter" | "missing-parameter"
  | "search-window-in-past" | "not-found" | "service-not-found" | "slot-unavailable" | "slot-not-found" | "duplicate-request"
  | "version-conflict" | "missing-if-match" | "cancel-differences" | "unsupported-media-type" | "method-not-allowed"
  | "body-too-large" | "uri-too-long" | "unknown-path" | "invalid-resource" | "invalid-nhs-number" | "client-assigned-id" | "consumer-ceiling"
  | "database-unavailable" | "server-error";

export interface FhirErrorSpec {
  status: number;
  issueCode: IssueType;
  spineCode: SpineCode;
  /** Said when the caller gives no diagnostics of its own. */
  defaultDiagnostics: string;
}

export interface FhirErrorOptions {
  /** Status for a slot that is no longer free: 422 by default (TKW, SCAL P29); 409 for partners who expect it. */
  slotUnavailableStatus?: 409 | 422;
}

const TABLE: Readonly<Record<FhirErrorKind, FhirErrorSpec>> = {
  "auth-failed": { status: 403, issueCode: "forbidden", spineCode: "ACCESS DENIED", defaultDiagnostics: "Access denied: the bearer token is missing or invalid" },
  forbidden: { status: 403, issueCode: "forbidden", spineCode: "ACCESS DENIED", defaultDiagnostics: "Access denied by local policy" },
  "missing-header": { status: 400, issueCode: "required", spineCode: "MISSING_OR_INVALID_HEADER", defaultDiagnostics: "A required header is missing or invalid" },
  "malformed-body": { status: 400, issueCode: "structure", spineCode: "MESSAGE_NOT_WELL_FORMED", defaultDiagnostics: "The request body could not be parsed" },
  "invalid-body": { status: 400, issueCode: "invalid", spineCode: "INVALID_PARAMETER", defaultDiagnostics: "The request body is not a valid FHIR resource" },
  "bad-parameter": { status: 400, issueCode: "invalid", spineCode: "INVALID_PARAMETER", defaultDiagnostics: "Invalid search parameter" },
  "missing-parameter": { status: 400, issueCode: "required", spineCode: "INVALID_PARAMETER", defaultDiagnostics: "A required search parameter is missing" },
  "search-window-in-past": { status: 400, issueCode: "invalid", spineCode: "INVALID_PARAMETER", defaultDiagnostics: "The search window ends in the past" },
  "not-found": { status: 404, issueCode: "not-found", spineCode: "NO_RECORD_FOUND", defaultDiagnostics: "No record found" },
  "service-not-found": { status: 404, issueCode: "not-found", spineCode: "NO_RECORD_FOUND", defaultDiagnostics: "The healthcare service is not known here" },
  "slot-unavailable": { status: 422, issueCode: "processing", spineCode: "DUPLICATE_REJECTED", defaultDiagnostics: "Slot no longer available" },
  "slot-not-found": { status: 422, issueCode: "processing", spineCode: "REFERENCE_NOT_FOUND", defaultDiagnostics: "The referenced slot does not exist" },
  "duplicate-request": { status: 409, issueCode: "duplicate", spineCode: "DUPLICATE_REJECTED", defaultDiagnostics: "This X-Request-ID has already been used" },
  "version-conflict": { status: 409, issueCode: "conflict", spineCode: "CONFLICTING_VALUES", defaultDiagnostics: "If-Match does not match the current version" },
  "missing-if-match": { status: 412, issueCode: "required", spineCode: "MISSING_OR_INVALID_HEADER", defaultDiagnostics: "If-Match header is required" },
  "cancel-differences": { status: 422, issueCode: "business-rule", spineCode: "INVALID_RESOURCE", defaultDiagnostics: "Only the status may change when cancelling" },
  "unsupported-media-type": { status: 415, issueCode: "not-supported", spineCode: "UNSUPPORTED_MEDIA_TYPE", defaultDiagnostics: "Unsupported media type" },
  "method-not-allowed": { status: 405, issueCode: "not-supported", spineCode: "BAD_REQUEST", defaultDiagnostics: "Method not allowed" },
  "body-too-large": { status: 413, issueCode: "too-long", spineCode: "BAD_REQUEST", defaultDiagnostics: "The request body is too large" },
  "uri-too-long": { status: 414, issueCode: "too-long", spineCode: "BAD_REQUEST", defaultDiagnostics: "The request address is too long" },
  "unknown-path": { status: 404, issueCode: "not-supported", spineCode: "BAD_REQUEST", defaultDiagnostics: "There is nothing at this address on the FHIR API" },
  "invalid-resource": { status: 422, issueCode: "invalid", spineCode: "INVALID_RESOURCE", defaultDiagnostics: "The resource does not meet the booking profile" },
  "invalid-nhs-number": { status: 422, issueCode: "value", spineCode: "INVALID_NHS_NUMBER", defaultDiagnostics: "Invalid NHS number" },
  "client-assigned-id": { status: 422, issueCode: "invalid", spineCode: "MSG_RESOURCE_ID_FAIL", defaultDiagnostics: "Client is not permitted to assign an id" },
  // Spine-ErrorOrWarningCode-1 has no rate-limit code: ACCESS DENIED ("Access has been denied to process this
  // request") is the closest, with FHIR's own issue.code `throttled` saying why (docs/fhir-conformance.md).
  "consumer-ceiling": { status: 429, issueCode: "throttled", spineCode: "ACCESS DENIED", defaultDiagnostics: "Too many requests from this consumer: try again later" },
  // The database is down, hung or cannot write (DatabaseUnavailable): 503 with Retry-After, so 111 tries again or
  // sends the patient on, instead of reading a 500 as a fault in what it sent. Spine-ErrorOrWarningCode-1 has no
  // "unavailable" code: INTERNAL_SERVER_ERROR, with FHIR's own issue.code `transient` saying it will pass.
  "database-unavailable": { status: 503, issueCode: "transient", spineCode: "INTERNAL_SERVER_ERROR", defaultDiagnostics: "The service is temporarily unavailable: try again shortly" },
  "server-error": { status: 500, issueCode: "exception", spineCode: "INTERNAL_SERVER_ERROR", defaultDiagnostics: "Unexpected internal server error" },
};

export const FHIR_ERROR_KINDS = Object.keys(TABLE) as FhirErrorKind[];

export function fhirErrorFor(kind: FhirErrorKind, options: FhirErrorOptions = {}): FhirErrorSpec {
  const spec = TABLE[kind];
  if (kind === "slot-unavailable" && options.slotUnavailableStatus) return { ...spec, status: options.slotUnavailableStatus };
  return spec;
}

export interface FhirErrorResponse {
  status: number;
  body: OperationOutcome;
}

/** The status and OperationOutcome body for an error kind. */
export function fhirErrorResponse(
  kind: FhirErrorKind,
  detail: { diagnostics?: string; location?: string[]; id?: string } = {},
  options: FhirErrorOptions = {},
): FhirErrorResponse {
  const spec = fhirErrorFor(kind, options);
  const body = operationOutcome(
    { code: spec.issueCode, spineCode: spec.spineCode, diagnostics: detail.diagnostics ?? spec.defaultDiagnostics, location: detail.location },
    { id: detail.id },
  );
  return { status: spec.status, body };
}

/** The error kind for a domain error thrown by a use case in lib/; anything unexpected is a server error. */
export function fhirErrorKindForDomainError(error: unknown): FhirErrorKind {
  if (error instanceof DatabaseUnavailable) return "database-unavailable";
  if (error instanceof SlotUnavailable) return "slot-unavailable";
  if (error instanceof VersionConflict) return "version-conflict";
  if (error instanceof DuplicateRequest) return "duplicate-request";
  if (error instanceof NotFound) return "not-found";
  if (error instanceof Forbidden) return "forbidden";
  if (error instanceof InvalidInput) return "invalid-resource";
  if (error instanceof DomainError) return "server-error";
  return "server-error";
}
