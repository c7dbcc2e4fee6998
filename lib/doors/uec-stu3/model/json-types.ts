/**
 * The TypeScript types of the model, derived from the definitions. The derivation and the types it yields sit in
 * one module because they are mutually recursive (a resource's `contained` is any resource, an Extension's value
 * may be any datatype): split across the definitions and the registry, that recursion made the modules import
 * each other. Only types live here, and the definitions import nothing from this file.
 * Import these from "./registry" (or "@/lib/doors/uec-stu3/model"), which re-exports them.
 */
import type { BackboneType, ChoiceType, ComplexDef, DatatypeName, ElementDef, Elements, PrimitiveJson, PrimitiveType, ResourceName } from "./define";
import type * as dt from "./datatypes";
import type { AppointmentDef, HealthcareServiceDef, ScheduleDef, SlotDef } from "./resources-scheduling";
import type { LocationDef, OrganizationDef, PatientDef, PractitionerDef, PractitionerRoleDef } from "./resources-directory";
import type { BundleDef, DocumentReferenceDef, OperationOutcomeDef } from "./resources-exchange";
import type { CapabilityStatementDef } from "./resource-capability-statement";

// ---- type-level derivation ----------------------------------------------------------------------

/** What a primitive's `_name` companion may carry in JSON. */
export interface PrimitiveExtras {
  id?: string;
  extension?: DatatypeTypes["Extension"][];
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type JsonOf<T> = T extends PrimitiveType
  ? PrimitiveJson[T]
  : T extends DatatypeName
    ? DatatypeTypes[T]
    : T extends "Resource"
      ? AnyResource
      : T extends BackboneType<infer E>
        ? JsonObjectOf<E>
        : never;

type ValueOf<E extends ElementDef> = E["max"] extends "*" ? JsonOf<E["type"]>[] : JsonOf<E["type"]>;

type ChoicePairs<E extends Elements> = {
  [K in keyof E & string]: E[K]["type"] extends ChoiceType<infer Ts>
    ? { [I in keyof Ts & `${number}`]: [K, Ts[I]] }[keyof Ts & `${number}`]
    : never;
}[keyof E & string];

/** The JSON shape of an ordered element list: required and optional elements, choice variants, `_primitive` companions. */
export type JsonObjectOf<E extends Elements> = Simplify<
  { -readonly [K in keyof E as E[K]["type"] extends ChoiceType ? never : E[K]["min"] extends 1 ? K : never]: ValueOf<E[K]> } & {
    -readonly [K in keyof E as E[K]["type"] extends ChoiceType ? never : E[K]["min"] extends 1 ? never : K]?: ValueOf<E[K]>;
  } & { -readonly [P in ChoicePairs<E> as `${P[0]}${Capitalize<P[1]>}`]?: JsonOf<P[1]> } & {
    -readonly [K in keyof E & string as E[K] extends { xmlAttribute: true } ? never : E[K]["type"] extends PrimitiveType ? `_${K}` : never]?: E[K]["max"] extends "*"
      ? (PrimitiveExtras | null)[]
      : PrimitiveExtras;
  }
>;

export type ResourceJson<D extends ComplexDef> = Simplify<{ resourceType: D["name"] } & JsonObjectOf<D["elements"]>>;
export type DatatypeJson<D extends ComplexDef> = JsonObjectOf<D["elements"]>;

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

/** Datatype name -> its JSON type; JsonOf above looks types up here. */
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
