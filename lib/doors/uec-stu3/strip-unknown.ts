/**
 * Unknown elements are accepted (CapabilityStatement `acceptUnknown: both`) but never stored or served back: an
 * Appointment returned with `fooBar` in it is not valid STU3, and the XML form of the same version (written from
 * the model) could not carry it anyway. This walks a resource against the model, as `validate.ts` does, and keeps
 * only the elements the model knows, so the JSON and XML answers of one version say the same thing.
 */
import { elementForms, isPrimitiveType, type ElementForm, type Elements } from "./model/define";
import { DATATYPES, isResourceName, RESOURCES } from "./model/registry";

type Json = Record<string, unknown>;

export interface StripResult<T> {
  value: T;
  /** FHIRPath-like locations of what was left out, e.g. `Appointment.fooBar`, `Appointment.contained[1].constructor`. */
  removed: string[];
}

const PRIMITIVE_EXTRAS: Elements = { id: { type: "string", min: 0, max: 1 }, extension: { type: "Extension", min: 0, max: "*" } };

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A copy of `resource` without the elements the STU3 model does not define; the input is not changed. */
export function stripUnknownElements<T extends Json>(resource: T): StripResult<T> {
  const removed: string[] = [];
  const value = stripResource(resource, "", removed) as T;
  return { value, removed };
}

function stripResource(value: unknown, path: string, removed: string[]): unknown {
  if (!isObject(value)) return value;
  const type = value.resourceType;
  // Not a resource we model: left as it is (validation refuses it before anything is stored).
  if (typeof type !== "string" || !isResourceName(type)) return value;
  return stripObject(value, RESOURCES[type].elements, path || type, removed, true);
}

function stripObject(obj: Json, elements: Elements, path: string, removed: string[], isResource: boolean): Json {
  const forms = elementForms(elements);
  const out: Json = {};
  for (const [key, val] of Object.entries(obj)) {
    if (isResource && key === "resourceType") {
      out[key] = val;
      continue;
    }
    if (key.startsWith("_")) {
      const form = forms.get(key.slice(1));
      if (form && isPrimitiveType(form.type) && !form.def.xmlAttribute) out[key] = stripExtras(val, `${path}.${key}`, removed);
      else removed.push(`${path}.${key}`);
      continue;
    }
    const form = forms.get(key);
    if (!form) {
      removed.push(`${path}.${key}`);
      continue;
    }
    out[key] = Array.isArray(val) ? val.map((item, i) => stripValue(item, form, `${path}.${key}[${i}]`, removed)) : stripValue(val, form, `${path}.${key}`, removed);
  }
  return out;
}

function stripValue(val: unknown, form: ElementForm, path: string, removed: string[]): unknown {
  const type = form.type;
  if (isPrimitiveType(type) || !isObject(val)) return val;
  if (type === "Resource") return stripResource(val, path, removed);
  if (typeof type === "string") return stripObject(val, DATATYPES[type as keyof typeof DATATYPES].elements, path, removed, false);
  if (type.kind === "backbone") return stripObject(val, type.elements, path, removed, false);
  return val;
}

function stripExtras(val: unknown, path: string, removed: string[]): unknown {
  if (Array.isArray(val)) return val.map((item, i) => (isObject(item) ? stripObject(item, PRIMITIVE_EXTRAS, `${path}[${i}]`, removed, false) : item));
  return isObject(val) ? stripObject(val, PRIMITIVE_EXTRAS, path, removed, false) : val;
}
