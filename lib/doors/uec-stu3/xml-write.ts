/**
 * FHIR STU3 JSON -> XML, driven by the model: elements written in FHIR's fixed order whatever the JSON key
 * order, primitives as `value` attributes merged with their `_name` companions, `id`/`url` as attributes,
 * resources (root, contained, Bundle entries) each declaring the FHIR namespace, Narrative.div as markup.
 * JSON properties the model does not know are left out (reported through `onUnknown`).
 */
import { escapeXmlAttr } from "@/lib/xml/safe-parse";
import { choiceJsonName, elementForms, isPrimitiveType, type ElementDef, type Elements, type TypeRef } from "./model/define";
import { DATATYPES, isResourceName, RESOURCES, type PrimitiveExtras } from "./model/registry";
import { primitiveToXml } from "./model/primitives";
import { FHIR_NAMESPACE } from "./systems";
import { normaliseXhtml } from "./xhtml";

export interface FhirXmlWriteOptions {
  /** Indent with two spaces per level, one element per line. Default false (compact). */
  pretty?: boolean;
  /** Start with `<?xml version="1.0" encoding="UTF-8"?>`. Default false. */
  declaration?: boolean;
  /** Called for each JSON property the model does not know (it is not written). */
  onUnknown?: (path: string) => void;
}

type Json = Record<string, unknown>;

export function writeFhirXml(resource: unknown, options: FhirXmlWriteOptions = {}): string {
  const w = new Writer(options);
  if (options.declaration) w.line(0, `<?xml version="1.0" encoding="UTF-8"?>`);
  writeResource(w, resource, 0, "");
  return w.text();
}

class Writer {
  private readonly out: string[] = [];
  constructor(readonly options: FhirXmlWriteOptions) {}
  line(depth: number, text: string) {
    this.out.push(this.options.pretty ? `${"  ".repeat(depth)}${text}` : text);
  }
  text(): string {
    return this.out.join(this.options.pretty ? "\n" : "");
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function writeResource(w: Writer, value: unknown, depth: number, path: string) {
  if (!isObject(value) || !isResourceName(value.resourceType))
    throw new Error(`${path || "resource"}: not a supported FHIR resource (resourceType ${JSON.stringify(isObject(value) ? value.resourceType : undefined)})`);
  const name = value.resourceType;
  const body = new Writer(w.options);
  writeContent(body, value, RESOURCES[name].elements, depth + 1, path || name, true);
  const inner = body.text();
  if (!inner) return w.line(depth, `<${name} xmlns="${FHIR_NAMESPACE}"/>`);
  w.line(depth, `<${name} xmlns="${FHIR_NAMESPACE}">`);
  w.line(0, inner);
  w.line(depth, `</${name}>`);
}

function writeContent(w: Writer, obj: Json, elements: Elements, depth: number, path: string, isResource: boolean) {
  const forms = elementForms(elements);
  if (w.options.onUnknown) {
    for (const key of Object.keys(obj)) {
      if (isResource && key === "resourceType") continue;
      const form = forms.get(key.startsWith("_") ? key.slice(1) : key);
      if (!form || (key.startsWith("_") && !isPrimitiveType(form.type))) w.options.onUnknown(`${path}.${key}`);
    }
  }
  for (const [elementName, def] of Object.entries(elements)) {
    if (def.xmlAttribute) continue;
    const t = def.type;
    if (typeof t === "object" && t.kind === "choice") {
      for (const variant of t.types) writeElement(w, obj, choiceJsonName(elementName, variant), variant, def, depth, path);
    } else {
      writeElement(w, obj, elementName, t, def, depth, path);
    }
  }
}

function writeElement(w: Writer, obj: Json, json: string, type: TypeRef, def: ElementDef, depth: number, path: string) {
  const value = obj[json];
  const extras = obj[`_${json}`];
  if (value === undefined && extras === undefined) return;
  if (def.max === "*") {
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    const extraList = Array.isArray(extras) ? extras : [];
    const n = Math.max(values.length, extraList.length);
    for (let i = 0; i < n; i++) writeOne(w, json, type, values[i], extraList[i], depth, `${path}.${json}[${i}]`);
  } else {
    writeOne(w, json, type, value, extras, depth, `${path}.${json}`);
  }
}

function writeOne(w: Writer, name: string, type: TypeRef, value: unknown, extras: unknown, depth: number, path: string) {
  if (type === "xhtml") {
    if (typeof value === "string") w.line(depth, normaliseXhtml(value));
    return;
  }
  if (isPrimitiveType(type)) return writePrimitive(w, name, value, isObject(extras) ? (extras as PrimitiveExtras) : undefined, depth, path);
  if (value === undefined || value === null) return;
  if (type === "Resource") {
    w.line(depth, `<${name}>`);
    writeResource(w, value, depth + 1, path);
    w.line(depth, `</${name}>`);
    return;
  }
  if (!isObject(value)) throw new Error(`${path}: expected an object`);
  const elements = typeof type === "string" ? DATATYPES[type as keyof typeof DATATYPES].elements : type.kind === "backbone" ? type.elements : {};
  const attrs = Object.entries(elements)
    .filter(([attr, d]) => d.xmlAttribute && typeof value[attr] === "string")
    .map(([attr]) => ` ${attr}="${escapeXmlAttr(value[attr] as string)}"`)
    .join("");
  const body = new Writer(w.options);
  writeContent(body, value, elements, depth + 1, path, false);
  const inner = body.text();
  if (!inner) return w.line(depth, `<${name}${attrs}/>`);
  w.line(depth, `<${name}${attrs}>`);
  w.line(0, inner);
  w.line(depth, `</${name}>`);
}

function writePrimitive(w: Writer, name: string, value: unknown, extras: PrimitiveExtras | undefined, depth: number, path: string) {
  const hasValue = value !== undefined && value !== null;
  if (!hasValue && !extras) return;
  if (hasValue && typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
    throw new Error(`${path}: expected a primitive value`);
  const id = typeof extras?.id === "string" ? ` id="${escapeXmlAttr(extras.id)}"` : "";
  const val = hasValue ? ` value="${escapeXmlAttr(primitiveToXml(value as string | number | boolean))}"` : "";
  const extensions = Array.isArray(extras?.extension) ? extras.extension : [];
  if (extensions.length === 0) return w.line(depth, `<${name}${id}${val}/>`);
  w.line(depth, `<${name}${id}${val}>`);
  for (let i = 0; i < extensions.length; i++) writeOne(w, "extension", "Extension", extensions[i], undefined, depth + 1, `${path}.extension[${i}]`);
  w.line(depth, `</${name}>`);
}
