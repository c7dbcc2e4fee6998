/**
 * The model's index: every resource and datatype definition by name, and the TypeScript types derived from them.
 * Import resource types from here (or from "@/lib/doors/uec-stu3/model").
 */
import type { ComplexDef, DatatypeJson, DatatypeName, Elements, ResourceJson, ResourceName } from "./define";
import * as dt from "./datatypes";
import { AppointmentDef, HealthcareServiceDef, ScheduleDef, SlotDef } from "./resources-scheduling";
import { LocationDef, OrganizationDef, PatientDef, PractitionerDef, PractitionerRoleDef } from "./resources-directory";
import { BundleDef, DocumentReferenceDef, OperationOutcomeDef } from "./resources-exchange";
import { CapabilityStatementDef } from "./resource-capability-statement";

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

// ---- derived TypeScript types -----------------------------------------------------------------------

export type Extension = DatatypeJson<typeof dt.ExtensionDef>;
export type Meta = DatatypeJson<typeof dt.MetaDef>;
export type Narrative = DatatypeJson<typeof dt.NarrativeDef>;
export type Identifier = DatatypeJson<typeof dt.IdentifierDef>;
export type Coding = DatatypeJson<typeof dt.CodingDef>;
export type CodeableConcept = DatatypeJson<typeof dt.CodeableConceptDef>;
export type Reference = DatatypeJson<typeof dt.ReferenceDef>;
export type HumanName = DatatypeJson<typeof dt.HumanNameDef>;
export type ContactPoint = DatatypeJson<typeof dt.ContactPointDef>;
export type Address = DatatypeJson<typeof dt.AddressDef>;
export type Period = DatatypeJson<typeof dt.PeriodDef>;
export type Attachment = DatatypeJson<typeof dt.AttachmentDef>;
export type Quantity = DatatypeJson<typeof dt.QuantityDef>;
export type Range = DatatypeJson<typeof dt.RangeDef>;
export type Signature = DatatypeJson<typeof dt.SignatureDef>;
export type ContactDetail = DatatypeJson<typeof dt.ContactDetailDef>;
export type UsageContext = DatatypeJson<typeof dt.UsageContextDef>;

/** Datatype name -> its JSON type; the type-level derivation in define.ts looks types up here. */
export interface DatatypeTypes {
  Extension: Extension;
  Meta: Meta;
  Narrative: Narrative;
  Identifier: Identifier;
  Coding: Coding;
  CodeableConcept: CodeableConcept;
  Reference: Reference;
  HumanName: HumanName;
  ContactPoint: ContactPoint;
  Address: Address;
  Period: Period;
  Attachment: Attachment;
  Quantity: Quantity;
  Range: Range;
  Signature: Signature;
  ContactDetail: ContactDetail;
  UsageContext: UsageContext;
}

export type Appointment = ResourceJson<typeof AppointmentDef>;
export type Slot = ResourceJson<typeof SlotDef>;
export type Schedule = ResourceJson<typeof ScheduleDef>;
export type HealthcareService = ResourceJson<typeof HealthcareServiceDef>;
export type Practitioner = ResourceJson<typeof PractitionerDef>;
export type PractitionerRole = ResourceJson<typeof PractitionerRoleDef>;
export type Organization = ResourceJson<typeof OrganizationDef>;
export type Location = ResourceJson<typeof LocationDef>;
export type Patient = ResourceJson<typeof PatientDef>;
export type DocumentReference = ResourceJson<typeof DocumentReferenceDef>;
export type OperationOutcome = ResourceJson<typeof OperationOutcomeDef>;
export type Bundle = ResourceJson<typeof BundleDef>;
export type CapabilityStatement = ResourceJson<typeof CapabilityStatementDef>;

export interface ResourceTypes {
  Appointment: Appointment;
  Slot: Slot;
  Schedule: Schedule;
  HealthcareService: HealthcareService;
  Practitioner: Practitioner;
  PractitionerRole: PractitionerRole;
  Organization: Organization;
  Location: Location;
  Patient: Patient;
  DocumentReference: DocumentReference;
  OperationOutcome: OperationOutcome;
  Bundle: Bundle;
  CapabilityStatement: CapabilityStatement;
}

/** Any resource of the model, discriminated by `resourceType`. */
export type AnyResource = ResourceTypes[ResourceName];

export type BundleEntry = NonNullable<Bundle["entry"]>[number];
export type AppointmentParticipant = Appointment["participant"][number];
export type PatientContact = NonNullable<Patient["contact"]>[number];
export type OperationOutcomeIssue = OperationOutcome["issue"][number];
