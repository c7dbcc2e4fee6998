/** STU3 resources for exchanging and reporting (DocumentReference, OperationOutcome, Bundle), elements in FHIR order. */
import { backbone, domainResource, many, opt, req, resource, some } from "./define";

export const DocumentReferenceDef = domainResource("DocumentReference", {
  masterIdentifier: opt("Identifier"),
  identifier: many("Identifier"),
  status: req("code"),
  docStatus: opt("code"),
  type: req("CodeableConcept"),
  class: opt("CodeableConcept"),
  subject: opt("Reference"),
  created: opt("dateTime"),
  indexed: req("instant"),
  author: many("Reference"),
  authenticator: opt("Reference"),
  custodian: opt("Reference"),
  relatesTo: many(
    backbone({
      code: req("code"),
      target: req("Reference"),
    }),
  ),
  description: opt("string"),
  securityLabel: many("CodeableConcept"),
  content: some(
    backbone({
      attachment: req("Attachment"),
      format: opt("Coding"),
    }),
  ),
  context: opt(
    backbone({
      encounter: opt("Reference"),
      event: many("CodeableConcept"),
      period: opt("Period"),
      facilityType: opt("CodeableConcept"),
      practiceSetting: opt("CodeableConcept"),
      sourcePatientInfo: opt("Reference"),
      related: many(
        backbone({
          identifier: opt("Identifier"),
          ref: opt("Reference"),
        }),
      ),
    }),
  ),
});

export const OperationOutcomeDef = domainResource("OperationOutcome", {
  issue: some(
    backbone({
      severity: req("code"),
      code: req("code"),
      details: opt("CodeableConcept"),
      diagnostics: opt("string"),
      location: many("string"),
      expression: many("string"),
    }),
  ),
});

const bundleLink = backbone({
  relation: req("string"),
  url: req("uri"),
});

/** Bundle is a Resource, not a DomainResource: no text, contained or extensions at its root. */
export const BundleDef = resource("Bundle", {
  identifier: opt("Identifier"),
  type: req("code"),
  total: opt("unsignedInt"),
  link: many(bundleLink),
  entry: many(
    backbone({
      link: many(bundleLink),
      fullUrl: opt("uri"),
      resource: opt("Resource"),
      search: opt(
        backbone({
          mode: opt("code"),
          score: opt("decimal"),
        }),
      ),
      request: opt(
        backbone({
          method: req("code"),
          url: req("uri"),
          ifNoneMatch: opt("string"),
          ifModifiedSince: opt("instant"),
          ifMatch: opt("string"),
          ifNoneExist: opt("string"),
        }),
      ),
      response: opt(
        backbone({
          status: req("string"),
          location: opt("uri"),
          etag: opt("string"),
          lastModified: opt("instant"),
          outcome: opt("Resource"),
        }),
      ),
    }),
  ),
  signature: opt("Signature"),
});
