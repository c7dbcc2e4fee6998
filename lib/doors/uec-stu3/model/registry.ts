/**
 * The model's index: every resource and datatype definition by name, and the TypeScript types derived from them.
 * Import resource types from here (or from "@/lib/doors/uec-stu3/model").
 */
import type { ComplexDef, DatatypeName, Elements, ResourceName } from "./define";
import * as dt from "./datatypes";
import { AppointmentDef, HealthcareServiceDef, ScheduleDef, SlotDef } from "./resources-scheduling";
import { LocationDef, OrganizationDef, PatientDef, PractitionerDef, PractitionerRoleDef } from "./resources-directory";
import { BundleDef, DocumentReferenceDef, OperationOutcomeDef } from "./resources-exchange";
import { CapabilityStatementDef } from "./resource-capability-statement";

export type * from "./json-types";

export const DATATYPES: { readonly [N in DatatypeName]: ComplexDef<N, Elements> } = {
  Extension: dt.ExtensionDef,
  Meta: dt.MetaDef,
  Narrative: dt.NarrativeDef,
  Identifier: dt.IdentifierDef,
  Coding: dt.CodingDef,
  CodeableConcept: dt.CodeableConceptDef,
  Reference: dt.ReferenceDef,
  HumanName: dt.HumanNameDef,
  ContactPoint: dt.ContactPointDef,
  Address: dt.AddressDef,
  Period: dt.PeriodDef,
  Attachment: dt.AttachmentDef,
  Quantity: dt.QuantityDef,
  Range: dt.RangeDef,
  Signature: dt.SignatureDef,
  ContactDetail: dt.ContactDetailDef,
  UsageContext: dt.UsageContextDef,
};

export const RESOURCES: { readonly [N in ResourceName]: ComplexDef<N, Elements> } = {
  Appointment: AppointmentDef,
  Slot: SlotDef,
  Schedule: ScheduleDef,
  HealthcareService: HealthcareServiceDef,
  Practitioner: PractitionerDef,
  PractitionerRole: PractitionerRoleDef,
  Organization: OrganizationDef,
  Location: LocationDef,
  Patient: PatientDef,
  DocumentReference: DocumentReferenceDef,
  OperationOutcome: OperationOutcomeDef,
  Bundle: BundleDef,
  CapabilityStatement: CapabilityStatementDef,
};

export function isResourceName(name: unknown): name is ResourceName {
  return typeof name === "string" && Object.prototype.hasOwnProperty.call(RESOURCES, name);
}

export function isDatatypeName(name: unknown): name is DatatypeName {
  return typeof name === "string" && Object.prototype.hasOwnProperty.call(DATATYPES, name);
}
