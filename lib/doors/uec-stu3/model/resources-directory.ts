/** STU3 people and places (Patient, Practitioner, PractitionerRole, Organization, Location), elements in FHIR order. */
import { backbone, choice, domainResource, many, opt, req } from "./define";
import { availabilityElements } from "./resources-scheduling";

export const PatientDef = domainResource("Patient", {
  identifier: many("Identifier"),
  active: opt("boolean"),
  name: many("HumanName"),
  telecom: many("ContactPoint"),
  gender: opt("code"),
  birthDate: opt("date"),
  deceased: opt(choice("boolean", "dateTime")),
  address: many("Address"),
  maritalStatus: opt("CodeableConcept"),
  multipleBirth: opt(choice("boolean", "integer")),
  photo: many("Attachment"),
  contact: many(
    backbone({
      relationship: many("CodeableConcept"),
      name: opt("HumanName"),
      telecom: many("ContactPoint"),
      address: opt("Address"),
      gender: opt("code"),
      organization: opt("Reference"),
      period: opt("Period"),
    }),
  ),
  animal: opt(
    backbone({
      species: req("CodeableConcept"),
      breed: opt("CodeableConcept"),
      genderStatus: opt("CodeableConcept"),
    }),
  ),
  communication: many(
    backbone({
      language: req("CodeableConcept"),
      preferred: opt("boolean"),
    }),
  ),
  generalPractitioner: many("Reference"),
  managingOrganization: opt("Reference"),
  link: many(
    backbone({
      other: req("Reference"),
      type: req("code"),
    }),
  ),
});

export const PractitionerDef = domainResource("Practitioner", {
  identifier: many("Identifier"),
  active: opt("boolean"),
  name: many("HumanName"),
  telecom: many("ContactPoint"),
  address: many("Address"),
  gender: opt("code"),
  birthDate: opt("date"),
  photo: many("Attachment"),
  qualification: many(
    backbone({
      identifier: many("Identifier"),
      code: req("CodeableConcept"),
      period: opt("Period"),
      issuer: opt("Reference"),
    }),
  ),
  communication: many("CodeableConcept"),
});

export const PractitionerRoleDef = domainResource("PractitionerRole", {
  identifier: many("Identifier"),
  active: opt("boolean"),
  period: opt("Period"),
  practitioner: opt("Reference"),
  organization: opt("Reference"),
  code: many("CodeableConcept"),
  specialty: many("CodeableConcept"),
  location: many("Reference"),
  healthcareService: many("Reference"),
  telecom: many("ContactPoint"),
  availableTime: many(availabilityElements.availableTime),
  notAvailable: many(availabilityElements.notAvailable),
  availabilityExceptions: opt("string"),
  endpoint: many("Reference"),
});

export const OrganizationDef = domainResource("Organization", {
  identifier: many("Identifier"),
  active: opt("boolean"),
  type: many("CodeableConcept"),
  name: opt("string"),
  alias: many("string"),
  telecom: many("ContactPoint"),
  address: many("Address"),
  partOf: opt("Reference"),
  contact: many(
    backbone({
      purpose: opt("CodeableConcept"),
      name: opt("HumanName"),
      telecom: many("ContactPoint"),
      address: opt("Address"),
    }),
  ),
  endpoint: many("Reference"),
});

export const LocationDef = domainResource("Location", {
  identifier: many("Identifier"),
  status: opt("code"),
  operationalStatus: opt("Coding"),
  name: opt("string"),
  alias: many("string"),
  description: opt("string"),
  mode: opt("code"),
  type: opt("CodeableConcept"),
  telecom: many("ContactPoint"),
  address: opt("Address"),
  physicalType: opt("CodeableConcept"),
  position: opt(
    backbone({
      longitude: req("decimal"),
      latitude: req("decimal"),
      altitude: opt("decimal"),
    }),
  ),
  managingOrganization: opt("Reference"),
  partOf: opt("Reference"),
  endpoint: many("Reference"),
});
