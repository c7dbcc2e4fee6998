/**
 * FHIR R4 JSON -> XML, driven by the generated model: elements in FHIR's order whatever the JSON key order,
 * primitives as `value` attributes merged with their `_name` companions, Element.id and Extension.url as
 * attributes, each resource (root, contained, Bundle entries, Parameters) declaring the FHIR namespace,
 * Narrative.div as markup (checked and put in canonical form first). JSON properties the model does not know
 * cannot be written in FHIR XML: they are left out and listed in the warnings.
 */
import { escapeXmlAttr } from "@/lib/xml/safe-parse";
import { contentOf, formsOf, isR4ResourceType, kindOf, resourceElements, type ElementForm, type R4ElementData } from "../model";
import type { R4Issue } from "./types";
import { FHIR_NAMESPACE } from "./xml-read";
import { normaliseXhtmlString } from "./xhtml";

type Json = Record<string, unknown>;

export class R4WriteError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = "R4WriteError";
  }
}

export interface XmlWriteResult {
  xml: string;
  warnings: R4Issue[];
}

/** Throws R4WriteError when the JSON cannot be written (not a known resource, wrong JSON type for an element). */
export function writeR4Xml(resource: unknown, options: { declaration?: boolean } = {}): XmlWriteResult {
  const out: string[] = [];
  const warnings: R4Issue[] = [];
  if (options.declaration) out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  writeResource(out, warnings, resource, "");
  return { xml: out.join(""), warnings };
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function writeResource(out: string[], warnings: R4Issue[], value: unknown, path: string) {
  const type = isObject(value) ? value.resourceType : undefined;
  const elements = typeof type === "string" ? resourceElements(type) : undefined;
  if (!isObject(value) || !elements || !isR4ResourceType(type))
    throw new R4WriteError(path || "resource", `not an R4 resource the model knows (resourceType ${JSON.stringify(type)})`);
  const where = path || type;
  out.push(`<${type} xmlns="${FHIR_NAMESPACE}">`);
  writeContent(out, warnings, value, elements, where, true);
  out.push(`</${type}>`);
}

function writeContent(out: string[], warnings: R4Issue[], obj: Json, elements: readonly R4ElementData[], path: string, isResource: boolean) {
  const forms = formsOf(elements);
  const present: ElementForm[] = [];
  for (const key of Object.keys(obj)) {
    if (isResource && key === "resourceType") continue;
    const companion = key.startsWith("_");
    const form = forms.get(companion ? key.slice(1) : key);
    if (!form || (companion && (kindOf(form) !== "primitive" || form.el.attr === true))) {
      warnings.push({ severity: "warning", kind: "dropped", path: `${path}.${key}`, message: `'${key}' is not an R4 element here and is not written in XML` });
      continue;
    }
    // Attributes are written with the start tag; a value and its `_name` companion are one element.
    if (form.el.attr || (companion && obj[form.jsonName] !== undefined)) continue;
    present.push(form);
  }
  present.sort((a, b) => a.order - b.order);
  for (const form of present) writeElement(out, warnings, obj, form, path);
}

function writeElement(out: string[], warnings: R4Issue[], obj: Json, form: ElementForm, path: string) {
  const name = form.jsonName;
  const value = obj[name];
  const extras = obj[`_${name}`];
  if (form.el.max !== 1) {
    const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    const extraList = Array.isArray(extras) ? extras : [];
    const n = Math.max(values.length, extraList.length);
    for (let i = 0; i < n; i++) writeOne(out, warnings, form, values[i], extraList[i], `${path}.${name}[${i}]`);
  } else {
    writeOne(out, warnings, form, value, extras, `${path}.${name}`);
  }
}

function writeOne(out: string[], warnings: R4Issue[], form: ElementForm, value: unknown, extras: unknown, path: string) {
  const name = form.jsonName;
  if (form.type === "xhtml") {
    if (typeof value !== "string") throw new R4WriteError(path, "the narrative must be a string of XHTML");
    const div = normaliseXhtmlString(value);
    if ("error" in div) throw new R4WriteError(path, `the narrative ${div.error}`);
    out.push(div.xhtml);
    return;
  }
  const kind = kindOf(form);
  if (kind === "primitive") return writePrimitive(out, warnings, name, value, isObject(extras) ? extras : undefined, path);
  if (value === undefined || value === null) return;
  if (kind === "resource") {
    out.push(`<${name}>`);
    writeResource(out, warnings, value, path);
    out.push(`</${name}>`);
    return;
  }
  if (!isObject(value)) throw new R4WriteError(path, "expected an object");
  const elements = contentOf(form);
  const attrs = elements
    .filter((e) => e.attr && typeof value[e.n] === "string")
    .map((e) => ` ${e.n}="${escapeXmlAttr(value[e.n] as string)}"`)
    .join("");
  const start = out.length;
  out.push(`<${name}${attrs}>`);
  writeContent(out, warnings, value, elements, path, false);
  if (out.length === start + 1) out[start] = `<${name}${attrs}/>`;
  else out.push(`</${name}>`);
}

function writePrimitive(out: string[], warnings: R4Issue[], name: string, value: unknown, extras: Json | undefined, path: string) {
  const hasValue = value !== undefined && value !== null;
  if (!hasValue && !extras) return;
  if (hasValue && typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") throw new R4WriteError(path, "expected a primitive value");
  const id = typeof extras?.id === "string" ? ` id="${escapeXmlAttr(extras.id)}"` : "";
  const val = hasValue ? ` value="${escapeXmlAttr(String(value))}"` : "";
  const extensions = Array.isArray(extras?.extension) ? extras.extension : [];
  if (extensions.length === 0) {
    out.push(`<${name}${id}${val}/>`);
    return;
  }
  out.push(`<${name}${id}${val}>`);
  const form = EXTENSION_FORM;
  for (let i = 0; i < extensions.length; i++) writeOne(out, warnings, form, extensions[i], undefined, `${path}.extension[${i}]`);
  out.push(`</${name}>`);
}

const EXTENSION_FORM: ElementForm = { jsonName: "extension", el: { n: "extension", min: 0, max: "*", t: ["Extension"] }, type: "Extension", index: 0, order: 0, choice: false };
