/** STU3 scheduling resources (Appointment, Slot, Schedule, HealthcareService), elements in FHIR order. */
import { backbone, domainResource, many, opt, req, some } from "./define";

export const AppointmentDef = domainResource("Appointment", {
  identifier: many("Identifier"),
  status: req("code"),
  serviceCategory: opt("CodeableConcept"),
  serviceType: many("CodeableConcept"),
  specialty: many("CodeableConcept"),
  appointmentType: opt("CodeableConcept"),
  reason: many("CodeableConcept"),
  indication: many("Reference"),
  priority: opt("unsignedInt"),
  description: opt("string"),
  supportingInformation: many("Reference"),
  start: opt("instant"),
  end: opt("instant"),
  minutesDuration: opt("positiveInt"),
  slot: many("Reference"),
  created: opt("dateTime"),
  comment: opt("string"),
  incomingReferral: many("Reference"),
  participant: some(
    backbone({
      type: many("CodeableConcept"),
      actor: opt("Reference"),
      required: opt("code"),
      status: req("code"),
    }),
  ),
  requestedPeriod: many("Period"),
});

export const SlotDef = domainResource("Slot", {
  identifier: many("Identifier"),
  serviceCategory: opt("CodeableConcept"),
  serviceType: many("CodeableConcept"),
  specialty: many("CodeableConcept"),
  appointmentType: opt("CodeableConcept"),
  schedule: req("Reference"),
  status: req("code"),
  start: req("instant"),
  end: req("instant"),
  overbooked: opt("boolean"),
  comment: opt("string"),
});

export const ScheduleDef = domainResource("Schedule", {
  identifier: many("Identifier"),
  active: opt("boolean"),
  serviceCategory: opt("CodeableConcept"),
  serviceType: many("CodeableConcept"),
  specialty: many("CodeableConcept"),
  actor: some("Reference"),
  planningHorizon: opt("Period"),
  comment: opt("string"),
});

const availableTime = backbone({
  daysOfWeek: many("code"),
  allDay: opt("boolean"),
  availableStartTime: opt("time"),
  availableEndTime: opt("time"),
});
const notAvailable = backbone({
  description: req("string"),
  during: opt("Period"),
});

export const HealthcareServiceDef = domainResource("HealthcareService", {
  identifier: many("Identifier"),
  active: opt("boolean"),
  providedBy: opt("Reference"),
  category: opt("CodeableConcept"),
  type: many("CodeableConcept"),
  specialty: many("CodeableConcept"),
  location: many("Reference"),
  name: opt("string"),
  comment: opt("string"),
  extraDetails: opt("string"),
  photo: opt("Attachment"),
  telecom: many("ContactPoint"),
  coverageArea: many("Reference"),
  serviceProvisionCode: many("CodeableConcept"),
  eligibility: opt("CodeableConcept"),
  eligibilityNote: opt("string"),
  programName: many("string"),
  characteristic: many("CodeableConcept"),
  referralMethod: many("CodeableConcept"),
  appointmentRequired: opt("boolean"),
  availableTime: many(availableTime),
  notAvailable: many(notAvailable),
  availabilityExceptions: opt("string"),
  endpoint: many("Reference"),
});

/** Shared with PractitionerRole, which has the same availability elements. */
export const availabilityElements = { availableTime, notAvailable };
