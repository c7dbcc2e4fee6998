/**
 * The shape of the generated R4 model (r4-elements.generated.ts). Each complex type and resource lists its
 * elements in FHIR's fixed order, as the HL7 R4 snapshot gives them (inherited elements included).
 */

/** One element. `value[x]`-style names are choice elements: `t` lists the allowed types. */
export interface R4ElementData {
  /** Name as in the StructureDefinition path, e.g. `status`, `value[x]`. */
  n: string;
  min: number;
  max: number | "*";
  /** Type codes (`string`, `Reference`, `BackboneElement`, `Resource`…). Absent when `ref` is given. */
  t?: string[];
  /** Children of a BackboneElement (or of an Element-typed inline element). */
  e?: R4ElementData[];
  /** contentReference: this element has the same content as the element at this path (e.g. `Questionnaire.item`). */
  ref?: string;
  /** Written as an XML attribute (Element.id, Extension.url). */
  attr?: true;
}

export interface R4PrimitiveData {
  /** The JavaScript type the value takes in FHIR JSON. */
  json: "string" | "number" | "boolean";
  /** The specification's regular expression for the value, where it gives one. */
  regex?: string;
}

export interface R4TypeData {
  kind: "resource" | "complex";
  elements: R4ElementData[];
}

export interface R4ModelData {
  fhirVersion: string;
  source: string;
  primitives: Record<string, R4PrimitiveData>;
  types: Record<string, R4TypeData>;
}
