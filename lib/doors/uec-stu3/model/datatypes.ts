/**
 * STU3 (3.0.1) complex datatypes used by the API, each with its elements in FHIR's fixed order.
 * `id` and `extension` come first on every one of them (added by `datatype`).
 */
import { choice, datatype, extensionDatatype, many, opt, req, some } from "./define";

/**
 * Extension value[x]: the primitive types plus the complex types of this model. CareConnect extensions use
 * valueCodeableConcept (NHS number status), valueCode (delivery channel), valueString (cancellation reason),
 * valueReference (booking organisation) and nested extensions (NHSCommunication).
 */
export const ExtensionDef = extensionDatatype({
  value: opt(
    choice(
      "base64Binary", "boolean", "code", "date", "dateTime", "decimal", "id", "instant", "integer", "markdown", "oid",
      "positiveInt", "string", "time", "unsignedInt", "uri", "Address", "Attachment", "CodeableConcept", "Coding",
      "ContactPoint", "HumanName", "Identifier", "Meta", "Period", "Quantity", "Range", "Reference", "Signature",
    ),
  ),
});

export const MetaDef = datatype("Meta", {
  versionId: opt("id"),
  lastUpdated: opt("instant"),
  profile: many("uri"),
  security: many("Coding"),
  tag: many("Coding"),
});

export const NarrativeDef = datatype("Narrative", {
  status: req("code"),
  div: req("xhtml"),
});

export const CodingDef = datatype("Coding", {
  system: opt("uri"),
  version: opt("string"),
  code: opt("code"),
  display: opt("string"),
  userSelected: opt("boolean"),
});

export const CodeableConceptDef = datatype("CodeableConcept", {
  coding: many("Coding"),
  text: opt("string"),
});

export const IdentifierDef = datatype("Identifier", {
  use: opt("code"),
  type: opt("CodeableConcept"),
  system: opt("uri"),
  value: opt("string"),
  period: opt("Period"),
  assigner: opt("Reference"),
});

export const ReferenceDef = datatype("Reference", {
  reference: opt("string"),
  identifier: opt("Identifier"),
  display: opt("string"),
});

export const PeriodDef = datatype("Period", {
  start: opt("dateTime"),
  end: opt("dateTime"),
});

export const HumanNameDef = datatype("HumanName", {
  use: opt("code"),
  text: opt("string"),
  family: opt("string"),
  given: many("string"),
  prefix: many("string"),
  suffix: many("string"),
  period: opt("Period"),
});

export const ContactPointDef = datatype("ContactPoint", {
  system: opt("code"),
  value: opt("string"),
  use: opt("code"),
  rank: opt("positiveInt"),
  period: opt("Period"),
});

export const AddressDef = datatype("Address", {
  use: opt("code"),
  type: opt("code"),
  text: opt("string"),
  line: many("string"),
  city: opt("string"),
  district: opt("string"),
  state: opt("string"),
  postalCode: opt("string"),
  country: opt("string"),
  period: opt("Period"),
});

export const AttachmentDef = datatype("Attachment", {
  contentType: opt("code"),
  language: opt("code"),
  data: opt("base64Binary"),
  url: opt("uri"),
  size: opt("unsignedInt"),
  hash: opt("base64Binary"),
  title: opt("string"),
  creation: opt("dateTime"),
});

export const QuantityDef = datatype("Quantity", {
  value: opt("decimal"),
  comparator: opt("code"),
  unit: opt("string"),
  system: opt("uri"),
  code: opt("code"),
});

export const RangeDef = datatype("Range", {
  low: opt("Quantity"),
  high: opt("Quantity"),
});

export const SignatureDef = datatype("Signature", {
  type: some("Coding"),
  when: req("instant"),
  who: req(choice("uri", "Reference")),
  onBehalfOf: opt(choice("uri", "Reference")),
  contentType: opt("code"),
  blob: opt("base64Binary"),
});

export const ContactDetailDef = datatype("ContactDetail", {
  name: opt("string"),
  telecom: many("ContactPoint"),
});

export const UsageContextDef = datatype("UsageContext", {
  code: req("Coding"),
  value: req(choice("CodeableConcept", "Quantity", "Range")),
});
