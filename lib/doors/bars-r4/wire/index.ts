/**
 * The BaRS door's FHIR R4 wire layer: read, validate and write R4 resources in JSON and XML, and negotiate the
 * format. Pure functions over strings and JSON values: no database, no HTTP objects, no framework.
 */
export { parseR4Body, serialiseR4, serialiseR4WithWarnings, type SerialiseOptions } from "./body";
export { jsonDepth, parseR4Json } from "./json-read";
export {
  acceptedFormat, acceptVersionR4, negotiateR4Format, r4FormatParameter, R4_CONTENT_TYPE, requestBodyFormatR4,
  type AcceptVersion, type R4NegotiationInput,
} from "./negotiate";
export { DEFAULT_R4_LIMITS, type ParseR4Result, type R4Format, type R4Issue, type R4IssueKind, type R4Limits, type R4Resource } from "./types";
export { validateR4, type R4ValidationResult } from "./validate";
export { FHIR_NAMESPACE, parseR4Xml, typedPrimitive } from "./xml-read";
export { R4WriteError, writeR4Xml, type XmlWriteResult } from "./xml-write";
export { normaliseXhtmlString, XHTML_NAMESPACE } from "./xhtml";
export { isR4ResourceType, R4_FHIR_VERSION, R4_RESOURCE_TYPES } from "../model";
export * from "./typed";
