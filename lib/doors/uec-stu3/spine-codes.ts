/**
 * Spine-ErrorOrWarningCode-1 (NHSD.Assets.STU3 1.6.0): every code with its display, exactly as the code system
 * defines them. The Spine OperationOutcome profile requires details.coding to carry both, from this system.
 * NB "ACCESS DENIED" really is written with a space.
 */
import { SYSTEM } from "./systems";

export const SPINE_CODE_SYSTEM = SYSTEM.spineErrorOrWarningCode;

export const SPINE_CODES = {
  NO_RECORD_FOUND: "No record found",
  PATIENT_NOT_FOUND: "Patient not found",
  INVALID_NHS_NUMBER: "Invalid NHS number",
  INVALID_CODE_SYSTEM: "Invalid code system",
  INVALID_CODE_VALUE: "Invalid code value",
  INVALID_VALUE: "An input field has an invalid value for its type",
  INVALID_IDENTIFIER_SYSTEM: "Invalid identifier system",
  INVALID_IDENTIFIER_VALUE: "Invalid identifier value",
  CONFLICTING_VALUES: "Conflicting values have been specified in different fields",
  INVALID_ELEMENT: "Invalid element",
  AUTHOR_CREDENTIALS_ERROR: "Author credentials error",
  INVALID_PARAMETER: "Invalid parameter",
  REQUEST_UNMATCHED: "Request does not match authorisation token",
  MESSAGE_NOT_WELL_FORMED: "Message not well formed",
  NO_PATIENT_CONSENT: "Patient has not provided consent to share data",
  NO_ORGANISATIONAL_CONSENT: "Organisation has not provided consent to share data",
  BAD_REQUEST: "Bad request",
  INVALID_RESOURCE: "Invalid validation of resource",
  ORGANISATION_NOT_FOUND: "Organisation not found",
  PRACTITIONER_NOT_FOUND: "Practitioner not found",
  PATIENT_SENSITIVE: "Patient sensitive",
  NO_RELATIONSHIP: "No legitimate relationship exists with this patient",
  FHIR_CONSTRAINT_VIOLATION: "FHIR constraint violated",
  FLAG_ALREADY_SET: "Flag value was already set",
  INVALID_REQUEST_STATE: "The request exists but is not in an appropriate state for the call to succeed",
  INVALID_REQUEST_TYPE: "The type of request is not supported by the API call",
  "ACCESS DENIED": "Access has been denied to process this request",
  ASID_CHECK_FAILED: "The sender or receiver's ASID is not authorised for this interaction",
  MISSING_OR_INVALID_HEADER: "There is a required header missing or invalid",
  ACCESS_DENIED_SSL: "SSL Protocol or Cipher requirements not met",
  MSG_RESOURCE_ID_FAIL: "Client is not permitted to assign an id",
  DUPLICATE_REJECTED: "Create would lead to creation of a duplicate resource",
  RESOURCE_CREATED: "New resource created",
  RESOURCE_DELETED: "Resource removed",
  RESOURCE_UPDATED: "Resource has been successfully updated",
  INVALID_REQUEST_MESSAGE: "Invalid request message",
  INTERNAL_SERVER_ERROR: "Unexpected internal server error",
  INVALID_PATIENT_DEMOGRAPHICS: "Invalid patient demographics",
  NOT_IMPLEMENTED: "Not implemented",
  REFERENCE_NOT_FOUND: "Reference not found",
  DEPRECATED: "Event message type has been deprecated",
  NO_LONGER_SUPPORTED: "Event message type is no longer supported",
  WITHDRAWN: "Event message type has been withdrawn",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported media type",
} as const;

export type SpineCode = keyof typeof SPINE_CODES;

export function isSpineCode(code: string): code is SpineCode {
  return Object.prototype.hasOwnProperty.call(SPINE_CODES, code);
}

/** The single coding the Spine profile allows in issue.details. */
export function spineCoding(code: SpineCode): { system: string; code: SpineCode; display: string } {
  return { system: SPINE_CODE_SYSTEM, code, display: SPINE_CODES[code] };
}
