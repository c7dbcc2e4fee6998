/**
 * The FHIR R4 model the BaRS door's wire layer reads, writes and validates against. The data comes from the
 * HL7 R4 StructureDefinitions (r4-elements.generated.ts); this file only indexes it:
 *  - `formsOf(elements)`: JSON property name -> element, with choice types expanded (`value[x]` -> `valueString`…)
 *    and each element's position, so XML can be written in FHIR's order;
 *  - `contentOf(form)`: the child elements of a complex datatype, backbone element or contentReference.
 */
import type { R4ElementData, R4PrimitiveData } from "./model-types";
import { R4_MODEL_DATA } from "./r4-elements.generated";

export type { R4ElementData, R4ModelData, R4PrimitiveData, R4TypeData } from "./model-types";
export { R4_MODEL_DATA };

export const R4_FHIR_VERSION = R4_MODEL_DATA.fhirVersion;

/** Resource types the model knows, in alphabetical order. */
export const R4_RESOURCE_TYPES: readonly string[] = Object.keys(R4_MODEL_DATA.types).filter((n) => R4_MODEL_DATA.types[n].kind === "resource");
const RESOURCE_SET = new Set(R4_RESOURCE_TYPES);

export function isR4ResourceType(name: unknown): name is string {
  return typeof name === "string" && RESOURCE_SET.has(name);
}

export function resourceElements(name: string): readonly R4ElementData[] | undefined {
  return RESOURCE_SET.has(name) ? R4_MODEL_DATA.types[name].elements : undefined;
}

export function primitiveOf(type: string): R4PrimitiveData | undefined {
  return Object.prototype.hasOwnProperty.call(R4_MODEL_DATA.primitives, type) ? R4_MODEL_DATA.primitives[type] : undefined;
}

/** One JSON property of an element list: `type` is the single type it carries (one variant of a choice). */
export interface ElementForm {
  jsonName: string;
  /** The element (for a contentReference, the element it refers to, with this element's min/max). */
  el: R4ElementData;
  type: string;
  /** Position in FHIR order; the variants of one choice share it. */
  index: number;
  /** Position among all forms of the list (choice variants in declared order): the XML writing order. */
  order: number;
  choice: boolean;
}

const formCache = new WeakMap<readonly R4ElementData[], Map<string, ElementForm>>();

export function formsOf(elements: readonly R4ElementData[]): Map<string, ElementForm> {
  let forms = formCache.get(elements);
  if (forms) return forms;
  forms = new Map();
  let order = 0;
  elements.forEach((declared, index) => {
    const el = declared.ref ? { ...resolveRef(declared.ref), n: declared.n, min: declared.min, max: declared.max } : declared;
    const types = el.t ?? [];
    if (el.n.endsWith("[x]")) {
      const base = el.n.slice(0, -3);
      for (const t of types) {
        const jsonName = base + t[0].toUpperCase() + t.slice(1);
        forms!.set(jsonName, { jsonName, el, type: t, index, order: order++, choice: true });
      }
    } else {
      forms!.set(el.n, { jsonName: el.n, el, type: types[0] ?? "BackboneElement", index, order: order++, choice: false });
    }
  });
  formCache.set(elements, forms);
  return forms;
}

/** The JSON names a choice element can take, in the order its types are declared. */
export function choiceNames(el: R4ElementData): string[] {
  const base = el.n.slice(0, -3);
  return (el.t ?? []).map((t) => base + t[0].toUpperCase() + t.slice(1));
}

const refCache = new Map<string, R4ElementData>();

/** `Questionnaire.item` -> that element (contentReference targets are always backbone elements). */
export function resolveRef(ref: string): R4ElementData {
  const hit = refCache.get(ref);
  if (hit) return hit;
  const [typeName, ...steps] = ref.split(".");
  let list: readonly R4ElementData[] | undefined = R4_MODEL_DATA.types[typeName]?.elements;
  let found: R4ElementData | undefined;
  for (const step of steps) {
    found = list?.find((e) => e.n === step);
    list = found?.e;
  }
  if (!found) throw new Error(`contentReference ${ref} does not resolve in the R4 model`);
  refCache.set(ref, found);
  return found;
}

export type ContentKind = "primitive" | "resource" | "complex";

export function kindOf(form: ElementForm): ContentKind {
  if (form.el.e) return "complex";
  if (form.type === "Resource" || RESOURCE_SET.has(form.type)) return "resource";
  if (primitiveOf(form.type)) return "primitive";
  return "complex";
}

/** The child elements of a complex element: inline (backbone) children, else the datatype's elements. */
export function contentOf(form: ElementForm): readonly R4ElementData[] {
  if (form.el.e) return form.el.e;
  const t = R4_MODEL_DATA.types[form.type];
  if (!t) throw new Error(`type ${form.type} is not in the R4 model`);
  return t.elements;
}
