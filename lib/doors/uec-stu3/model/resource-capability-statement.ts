/** STU3 CapabilityStatement, elements in FHIR order. */
import { backbone, domainResource, many, opt, req, some } from "./define";

const searchParam = backbone({
  name: req("string"),
  definition: opt("uri"),
  type: req("code"),
  documentation: opt("string"),
});

const restInteraction = backbone({
  code: req("code"),
  documentation: opt("markdown"),
});

export const CapabilityStatementDef = domainResource("CapabilityStatement", {
  url: opt("uri"),
  version: opt("string"),
  name: opt("string"),
  title: opt("string"),
  status: req("code"),
  experimental: opt("boolean"),
  date: req("dateTime"),
  publisher: opt("string"),
  contact: many("ContactDetail"),
  description: opt("markdown"),
  useContext: many("UsageContext"),
  jurisdiction: many("CodeableConcept"),
  purpose: opt("markdown"),
  copyright: opt("markdown"),
  kind: req("code"),
  instantiates: many("uri"),
  software: opt(
    backbone({
      name: req("string"),
      version: opt("string"),
      releaseDate: opt("dateTime"),
    }),
  ),
  implementation: opt(
    backbone({
      description: req("string"),
      url: opt("uri"),
    }),
  ),
  fhirVersion: req("id"),
  acceptUnknown: req("code"),
  format: some("code"),
  patchFormat: many("code"),
  implementationGuide: many("uri"),
  profile: many("Reference"),
  rest: many(
    backbone({
      mode: req("code"),
      documentation: opt("markdown"),
      security: opt(
        backbone({
          cors: opt("boolean"),
          service: many("CodeableConcept"),
          description: opt("markdown"),
          certificate: many(
            backbone({
              type: opt("code"),
              blob: opt("base64Binary"),
            }),
          ),
        }),
      ),
      resource: many(
        backbone({
          type: req("code"),
          profile: opt("Reference"),
          documentation: opt("markdown"),
          interaction: some(restInteraction),
          versioning: opt("code"),
          readHistory: opt("boolean"),
          updateCreate: opt("boolean"),
          conditionalCreate: opt("boolean"),
          conditionalRead: opt("code"),
          conditionalUpdate: opt("boolean"),
          conditionalDelete: opt("code"),
          referencePolicy: many("code"),
          searchInclude: many("string"),
          searchRevInclude: many("string"),
          searchParam: many(searchParam),
        }),
      ),
      interaction: many(restInteraction),
      searchParam: many(searchParam),
      operation: many(
        backbone({
          name: req("string"),
          definition: req("Reference"),
        }),
      ),
      compartment: many("uri"),
    }),
  ),
  messaging: many(
    backbone({
      endpoint: many(
        backbone({
          protocol: req("Coding"),
          address: req("uri"),
        }),
      ),
      reliableCache: opt("unsignedInt"),
      documentation: opt("string"),
      supportedMessage: many(
        backbone({
          mode: req("code"),
          definition: req("Reference"),
        }),
      ),
      event: many(
        backbone({
          code: req("Coding"),
          category: opt("code"),
          mode: req("code"),
          focus: req("code"),
          request: req("Reference"),
          response: req("Reference"),
          documentation: opt("string"),
        }),
      ),
    }),
  ),
  document: many(
    backbone({
      mode: req("code"),
      documentation: opt("string"),
      profile: req("Reference"),
    }),
  ),
});
