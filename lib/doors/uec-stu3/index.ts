/**
 * The FHIR STU3 library for the UEC Booking API at /STU3/1: pure functions and types, no database, no HTTP.
 * See README.md in this folder for the order in which the route handlers use them.
 */
export * from "./model";
export { validateResource, isValidResource, assertValidResource, type ValidationIssue, type ValidationIssueKind, type ValidationResult } from "./validate";
export { fhirXmlToJson, fhirJsonToXml, readFhirXml, FhirXmlError, type FhirXmlErrorKind, type FhirXmlWarning, type FhirXmlWriteOptions } from "./xml";
export { parseFhirBody, serializeFhir, type ParsedBody } from "./body";
export { responseFormat, requestBodyFormat, contentTypeFor, FHIR_CONTENT_TYPE, type FhirFormat, type NegotiationResult } from "./negotiate";
export {
  operationOutcome,
  fhirErrorFor,
  fhirErrorResponse,
  fhirErrorKindForDomainError,
  FHIR_ERROR_KINDS,
  type FhirErrorKind,
  type FhirErrorSpec,
  type FhirErrorOptions,
  type OutcomeIssue,
  type IssueType,
} from "./operation-outcome";
export { SPINE_CODES, spineCoding, isSpineCode, type SpineCode } from "./spine-codes";
export { checkConsumerJwt, ACCEPTED_SCOPES, SCOPE, type FhirInteraction, type ConsumerProvenance, type JwtCheck, type JwtCheckOptions, type JwtFailureReason } from "./jwt";
export {
  parseSlotSearchParams,
  slotSearchSelfQuery,
  slotStartMatches,
  slotStartWindow,
  canonicalIncludes,
  CANONICAL_INCLUDES,
  type SlotSearchQuery,
  type SlotSearchParamError,
  type CanonicalInclude,
  type SlotStatus,
} from "./slot-search-params";
export { capabilityStatement, type CapabilityStatementInput } from "./capability-statement";
export {
  validateBookingRequest,
  cancelDifferences,
  validateCancelRequest,
  type CancelValidation,
  type BookingRequest,
  type BookingValidation,
  type BookingProblem,
  type BookingWarning,
  type BookingSlotReference,
  type BookingPatient,
} from "./booking-request";
export { storedAppointment, weakEtag, versionFromIfMatch, appointmentLocation, appointmentUrl, type AppointmentStamp } from "./appointment-response";
export { slotSearchBundle, searchsetBundle, slotRowMatches } from "./search-bundle";
export * from "./careconnect-resources";
export type * from "./domain-types";
export { appointmentFromBooking, type BookingResourceInput } from "./appointment-from-booking";
export { PROFILE, SYSTEM, EXTENSION, IUC_REPORT_TYPE, FHIR_NAMESPACE, XHTML_NAMESPACE, type DeliveryChannel } from "./systems";
