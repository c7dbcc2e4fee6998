/**
 * Repairs one known deviation of older consumers before validation: a single value where FHIR JSON requires an
 * array. The NBA 1.0.6-alpha examples (still in use by consumers certified at that version) send
 * `meta.profile`, `name.given`, `name.prefix` and `DocumentReference.identifier` as scalars. Driven by the model,
 * so it applies wherever an element repeats. Returns a deep copy and the paths it changed.
 */
import { elementForms, isPrimitiveType, type Elements, type TypeRef } from "./model/define";
import { DATATYPES, isResourceName, RESOURCES } from "./model/registry";

type Json = Record<string, unknown>;

export interface NormalisedShape<T> {
  value: T;
  /** FHIRPath-like paths of the values that were wrapped in an array. */
  wrapped: string[];
}

export function wrapScalarsInArrays<T>(resource: T): NormalisedShape<T> {
  const wrapped: string[] = [];
  const value = normaliseResource(resource, "", wrapped) as T;
  return { value, wrapped };
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function normaliseResource(value: unknown, path: string, wrapped: string[]): unknown {
  if (!isObject(value) || !isResourceName(value.resourceType)) return structuredClone(value);
  return normaliseObject(value, RESOURCES[value.resourceType].elements, path || value.resourceType, wrapped);
}

function normaliseObject(obj: Json, elements: Elements, path: string, wrapped: string[]): Json {
  const forms = elementForms(elements);
  const out: Json = {};
  for (const [key, val] of Object.entries(obj)) {
    if (key.startsWith("_")) {
      // The companion of a repeating primitive repeats with it.
      const base = forms.get(key.slice(1));
      out[key] = base && base.def.max === "*" && isObject(val) ? [structuredClone(val)] : structuredClone(val);
      continue;
    }
    const form = forms.get(key);
    if (!form || val === null || val === undefined) {
      out[key] = structuredClone(val);
      continue;
    }
    const p = `${path}.${key}`;
    if (form.def.max === "*" && !Array.isArray(val)) {
      wrapped.push(p);
      out[key] = [normaliseValue(val, form.type, p, wrapped)];
    } else if (Array.isArray(val)) {
      out[key] = val.map((item, i) => normaliseValue(item, form.type, form.def.max === "*" ? `${p}[${i}]` : p, wrapped));
    } else {
      out[key] = normaliseValue(val, form.type, p, wrapped);
    }
  }
  return out;
}

function normaliseValue(value: unknown, type: Exclude<TypeRef, { kind: "choice" }>, path: string, wrapped: string[]): unknown {
  if (value === null || isPrimitiveType(type)) return structuredClone(value);
  if (type === "Resource") return normaliseResource(value, path, wrapped);
  if (!isObject(value)) return structuredClone(value);
  const elements = typeof type === "string" ? DATATYPES[type as keyof typeof DATATYPES].elements : type.kind === "backbone" ? type.elements : {};
  return normaliseObject(value, elements, path, wrapped);
}
