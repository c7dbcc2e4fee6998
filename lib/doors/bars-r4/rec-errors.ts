/**
 * The BaRS door's one error table: every refusal is a kind, and each kind has its HTTP status, its code from the
 * NHS http-error-codes CodeSystem (REC_*) and its FHIR issue code (BARS-RECEIVER §7.3). Every error answer is an
 * OperationOutcome with exactly one issue carrying exactly one coding: the assurance tool reads
 * `issue.code` and `issue.details.coding.code` as single values.
 */
import { randomUUID } from "node:crypto";
import { DomainError, DuplicateRequest, Forbidden, InvalidInput, NotFound, SlotUnavailable, VersionConflict } from "../../errors";

/** As published by NHS England and used by senders and the assurance tool (sic: `Codesystem`), §12 D15. */
export const BARS_ERROR_SYSTEM = "https://fhir.nhs.uk/Codesystem/http-error-codes";
export const UKCORE_OPERATION_OUTCOME = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-OperationOutcome";

export type RecCode =
  | "REC_BAD_REQUEST" | "REC_UNAUTHORIZED" | "REC_FORBIDDEN" | "REC_NOT_FOUND" | "REC_METHOD_NOT_ALLOWED" | "REC_NOT_ACCEPTABLE"
  | "REC_TIMEOUT" | "REC_CONFLICT" | "REC_TOO_EARLY" | "REC_UNPROCESSABLE_ENTITY" | "REC_TOO_MANY_REQUESTS" | "REC_SERVER_ERROR"
  | "REC_NOT_IMPLEMENTED" | "REC_UNAVAILABLE";

const REC_STATUS: Record<RecCode, number> = {
  REC_BAD_REQUEST: 400, REC_UNAUTHORIZED: 401, REC_FORBIDDEN: 403, REC_NOT_FOUND: 404, REC_METHOD_NOT_ALLOWED: 405,
  REC_NOT_ACCEPTABLE: 406, REC_TIMEOUT: 408, REC_CONFLICT: 409, REC_TOO_EARLY: 425, REC_UNPROCESSABLE_ENTITY: 422,
  REC_TOO_MANY_REQUESTS: 429, REC_SERVER_ERROR: 500, REC_NOT_IMPLEMENTED: 501, REC_UNAVAILABLE: 503,
};

const REC_DISPLAY: Record<RecCode, string> = {
  REC_BAD_REQUEST: "400: The Receiver was unable to process the request.",
  REC_UNAUTHORIZED: "401: The Receiver requires authentication to process the request.",
  REC_FORBIDDEN: "403: The Receiver refused to process the request.",
  REC_NOT_FOUND: "404: The Receiver was unable to find the specified resource.",
  REC_METHOD_NOT_ALLOWED: "405: The method is not allowed.",
  REC_NOT_ACCEPTABLE: "406: The Receiver cannot answer in the version or format asked for.",
  REC_TIMEOUT: "408: The Receiver has timed out.",
  REC_CONFLICT: "409: The Receiver has detected a conflict.",
  REC_TOO_EARLY: "425: The Receiver is still processing an earlier copy of this request.",
  REC_UNPROCESSABLE_ENTITY: "422: The Receiver was unable to process the request.",
  REC_TOO_MANY_REQUESTS: "429: The Receiver has received too many requests.",
  REC_SERVER_ERROR: "500: The Receiver has encountered an error processing the request.",
  REC_NOT_IMPLEMENTED: "501: The Receiver does not support the functionality required.",
  REC_UNAVAILABLE: "503: The Receiver is currently unavailable.",
};

/** FHIR IssueType codes used by the door. */
export type IssueCode =
  | "required" | "value" | "invalid" | "invariant" | "structure" | "not-supported" | "not-found" | "duplicate" | "conflict"
  | "too-costly" | "business-rule" | "processing" | "forbidden" | "security" | "exception" | "transient" | "timeout" | "too-long" | "throttled";

export class BarsError extends Error {
  constructor(
    readonly rec: RecCode,
    readonly issue: IssueCode,
    message: string,
    readonly headers: Record<string, string> = {},
    /** A status other than the code's own (413 and 415 have no REC_ code of their own). */
    readonly statusOverride?: number,
  ) {
    super(message);
    this.name = "BarsError";
  }
  get status(): number {
    return this.statusOverride ?? REC_STATUS[this.rec];
  }
}

export const bad = (issue: IssueCode, message: string) => new BarsError("REC_BAD_REQUEST", issue, message);
export const unprocessable = (issue: IssueCode, message: string) => new BarsError("REC_UNPROCESSABLE_ENTITY", issue, message);
export const notFound = (message: string) => new BarsError("REC_NOT_FOUND", "not-found", message);
export const conflict = (message: string) => new BarsError("REC_CONFLICT", "conflict", message);

export function operationOutcome(rec: RecCode, issue: IssueCode, diagnostics: string, severity: "error" | "information" = "error"): Record<string, unknown> {
  return {
    resourceType: "OperationOutcome",
    id: randomUUID(),
    meta: { profile: [UKCORE_OPERATION_OUTCOME] },
    issue: [{ severity, code: issue, details: { coding: [{ system: BARS_ERROR_SYSTEM, code: rec, display: REC_DISPLAY[rec] }] }, diagnostics }],
  };
}

/**
 * A domain error from the core in the BaRS dialect. A slot that is taken, suspended or over a limit is 409
 * `conflict` on this door (the STU3 door answers 422), §12 D19.
 */
export function barsErrorForDomainError(e: unknown): BarsError | null {
  if (e instanceof BarsError) return e;
  if (e instanceof DuplicateRequest) return new BarsError("REC_CONFLICT", "duplicate", "This X-Request-Id has already been processed");
  if (e instanceof SlotUnavailable) return conflict(`The slot cannot be booked: ${e.message}`);
  if (e instanceof VersionConflict) return conflict(e.message);
  if (e instanceof NotFound) return notFound(e.message);
  if (e instanceof Forbidden) return new BarsError("REC_UNAUTHORIZED", "forbidden", e.message);
  if (e instanceof InvalidInput) return unprocessable("business-rule", e.message);
  if (e instanceof DomainError && e.name === "DatabaseUnavailable") return new BarsError("REC_UNAVAILABLE", "transient", "The service is temporarily unavailable: try again shortly", { "Retry-After": "5" });
  return null;
}
