/**
 * The vocabulary the STU3 model is written in. Every resource and datatype the API uses is declared once,
 * as an ordered object literal of element definitions (JavaScript keeps string keys in insertion order, so the
 * declaration order IS FHIR's fixed element order). From those declarations we derive:
 *  - the TypeScript types (json-types.ts),
 *  - structural validation of JSON (validate.ts),
 *  - XML <-> JSON conversion, including the element-order rule of FHIR XML (xml-read.ts, xml-write.ts).
 */

/** FHIR STU3 primitive types, and the JavaScript type each takes in JSON. */
export interface PrimitiveJson {
  boolean: boolean;
  integer: number;
  decimal: number;
  unsignedInt: number;
  positiveInt: number;
  string: string;
  markdown: string;
  code: string;
  id: string;
  uri: string;
  oid: string;
  base64Binary: string;
  instant: string;
  date: string;
  dateTime: string;
  time: string;
  /** Narrative.div: XHTML kept as a string in JSON, as real markup in XML. */
  xhtml: string;
}
export type PrimitiveType = keyof PrimitiveJson;

export const PRIMITIVE_TYPES: readonly PrimitiveType[] = [
  "boolean", "integer", "decimal", "unsignedInt", "positiveInt", "string", "markdown", "code", "id", "uri", "oid",
  "base64Binary", "instant", "date", "dateTime", "time", "xhtml",
];

/** The complex datatypes the API uses (see datatypes.ts). */
export type DatatypeName =
  | "Extension" | "Meta" | "Narrative" | "Identifier" | "Coding" | "CodeableConcept" | "Reference" | "HumanName"
  | "ContactPoint" | "Address" | "Period" | "Attachment" | "Quantity" | "Range" | "Signature" | "ContactDetail"
  | "UsageContext";

/** The resources the API uses (see resources-*.ts). */
export type ResourceName =
  | "Appointment" | "Slot" | "Schedule" | "HealthcareService" | "Practitioner" | "PractitionerRole" | "Organization"
  | "Location" | "Patient" | "DocumentReference" | "OperationOutcome" | "Bundle" | "CapabilityStatement";

export type ChoiceVariant = Exclude<PrimitiveType, "xhtml"> | DatatypeName;

/** A choice element such as `value[x]`: in JSON and XML its name carries the chosen type (`valueString`). */
export interface ChoiceType<T extends readonly ChoiceVariant[] = readonly ChoiceVariant[]> {
  readonly kind: "choice";
  readonly types: T;
}

/** An element whose type is defined inline (FHIR's BackboneElement), e.g. Appointment.participant. */
export interface BackboneType<E extends Elements = Elements> {
  readonly kind: "backbone";
  readonly elements: E;
}

/** "Resource": any resource of the model, e.g. `contained` or `Bundle.entry.resource`. */
export type TypeRef = PrimitiveType | DatatypeName | "Resource" | ChoiceType | BackboneType;

export interface ElementDef<T extends TypeRef = TypeRef, Min extends 0 | 1 = 0 | 1, Max extends 1 | "*" = 1 | "*"> {
  readonly type: T;
  readonly min: Min;
  readonly max: Max;
  /** Written as an XML attribute rather than a child element (Element.id, Extension.url). */
  readonly xmlAttribute?: true;
}

export type Elements = { readonly [name: string]: ElementDef };

export interface ComplexDef<N extends string = string, E extends Elements = Elements> {
  readonly name: N;
  readonly elements: E;
}

// ---- element helpers (cardinality) ------------------------------------------------------------

/** 0..1 */
export function opt<const T extends TypeRef>(type: T): ElementDef<T, 0, 1> {
  return { type, min: 0, max: 1 };
}
/** 1..1 */
export function req<const T extends TypeRef>(type: T): ElementDef<T, 1, 1> {
  return { type, min: 1, max: 1 };
}
/** 0..* */
export function many<const T extends TypeRef>(type: T): ElementDef<T, 0, "*"> {
  return { type, min: 0, max: "*" };
}
/** 1..* */
export function some<const T extends TypeRef>(type: T): ElementDef<T, 1, "*"> {
  return { type, min: 1, max: "*" };
}
export function choice<const T extends readonly ChoiceVariant[]>(...types: T): ChoiceType<T> {
  return { kind: "choice", types };
}

const xmlId = { type: "string", min: 0, max: 1, xmlAttribute: true } as const satisfies ElementDef;

/** Every element of a datatype or backbone element starts with these (Element). */
const elementBase = { id: xmlId, extension: many("Extension") };
/** …and a backbone element adds modifierExtension. */
const backboneBase = { ...elementBase, modifierExtension: many("Extension") };
/** Resource (Bundle extends this directly). */
const resourceBase = { id: opt("id"), meta: opt("Meta"), implicitRules: opt("uri"), language: opt("code") };
/** DomainResource (every other resource in the model). */
const domainResourceBase = {
  ...resourceBase,
  text: opt("Narrative"),
  contained: many("Resource"),
  extension: many("Extension"),
  modifierExtension: many("Extension"),
};

export function backbone<const E extends Elements>(elements: E): BackboneType<typeof backboneBase & E> {
  return { kind: "backbone", elements: { ...backboneBase, ...elements } };
}
export function datatype<const N extends DatatypeName, const E extends Elements>(name: N, elements: E): ComplexDef<N, typeof elementBase & E> {
  return { name, elements: { ...elementBase, ...elements } };
}
/** Extension is the one datatype whose `url` is an XML attribute. */
export function extensionDatatype<const E extends Elements>(elements: E) {
  return datatype("Extension", { url: { type: "uri", min: 1, max: 1, xmlAttribute: true } as const, ...elements });
}
export function resource<const N extends ResourceName, const E extends Elements>(name: N, elements: E): ComplexDef<N, typeof resourceBase & E> {
  return { name, elements: { ...resourceBase, ...elements } };
}
export function domainResource<const N extends ResourceName, const E extends Elements>(
  name: N,
  elements: E,
): ComplexDef<N, typeof domainResourceBase & E> {
  return { name, elements: { ...domainResourceBase, ...elements } };
}

// ---- runtime helpers ------------------------------------------------------------------------------

export function isPrimitiveType(t: TypeRef): t is PrimitiveType {
  return typeof t === "string" && (PRIMITIVE_TYPES as readonly string[]).includes(t);
}

/** JSON property name of one variant of a choice element: ("value", "dateTime") -> "valueDateTime". */
export function choiceJsonName(base: string, variant: string): string {
  return base + variant.charAt(0).toUpperCase() + variant.slice(1);
}

/** One way an element can appear in JSON/XML: a plain element, or one variant of a choice. */
export interface ElementForm {
  /** Name in JSON and XML (`valueString`, `status`). */
  jsonName: string;
  /** Name in the definition (`value`, `status`); the definition's index gives FHIR's order. */
  elementName: string;
  index: number;
  def: ElementDef;
  /** The concrete type of this form (a choice is resolved to its variant). */
  type: Exclude<TypeRef, ChoiceType>;
}

const formCache = new WeakMap<Elements, Map<string, ElementForm>>();

/** Every JSON/XML name an element list accepts, in FHIR order. Cached per element list. */
export function elementForms(elements: Elements): Map<string, ElementForm> {
  let forms = formCache.get(elements);
  if (forms) return forms;
  forms = new Map();
  Object.entries(elements).forEach(([elementName, def], index) => {
    const t = def.type;
    if (typeof t === "object" && t.kind === "choice") {
      for (const variant of t.types) forms!.set(choiceJsonName(elementName, variant), { jsonName: choiceJsonName(elementName, variant), elementName, index, def, type: variant });
    } else {
      forms!.set(elementName, { jsonName: elementName, elementName, index, def, type: t as Exclude<TypeRef, ChoiceType> });
    }
  });
  formCache.set(elements, forms);
  return forms;
}
