/**
 * FHIR R4 XML -> FHIR JSON, driven by the generated model. The FHIR XML rules: namespace http://hl7.org/fhir;
 * primitives as `value` attributes, typed from the model (boolean, number, string); Element.id and Extension.url
 * as attributes; a primitive's own id/extensions go to the `_name` companion; `contained`/`resource` wrap one
 * resource; Narrative.div kept as an XHTML string; max cardinality decides array or single value.
 * Lenient where FHIR allows it to be: element order is not enforced on input. Elements the model does not know
 * are kept in JSON as read (a generic reading) and listed as warnings. No DTDs (lib/xml/safe-parse refuses any
 * DOCTYPE, so no entity declarations), and size and depth are bounded while parsing.
 */
import { parseXml, XmlRejected, type XmlElement } from "@/lib/xml/safe-parse";
import { contentOf, formsOf, isR4ResourceType, kindOf, primitiveOf, resourceElements, type ElementForm, type R4ElementData } from "../model";
import { DEFAULT_R4_LIMITS, type ParseR4Result, type R4Issue, type R4Limits, type R4Resource } from "./types";
import { xhtmlProblem, xhtmlToString, XHTML_NAMESPACE } from "./xhtml";

export const FHIR_NAMESPACE = "http://hl7.org/fhir";
/** Warnings kept from one body (a hostile body could give one per node). */
const MAX_WARNINGS = 200;

class ReadError extends Error {
  constructor(
    readonly kind: "structure" | "invalid",
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

export function parseR4Xml(text: string, limits: R4Limits = {}): ParseR4Result {
  const { maxBytes, maxDepth } = { ...DEFAULT_R4_LIMITS, ...limits };
  let root: XmlElement;
  try {
    root = parseXml(text, { maxBytes, maxDepth });
  } catch (e) {
    if (e instanceof XmlRejected) return { ok: false, kind: "structure", detail: e.message };
    throw e;
  }
  const warnings: R4Issue[] = [];
  try {
    const resource = readResource(root, "", warnings);
    if (warnings.length > MAX_WARNINGS) {
      const more = warnings.length - MAX_WARNINGS;
      warnings.length = MAX_WARNINGS;
      warnings.push({ severity: "warning", kind: "unknown-element", path: warnings[0].path, message: `${more} more warnings not listed` });
    }
    return { ok: true, resource, warnings };
  } catch (e) {
    if (e instanceof ReadError) return { ok: false, kind: e.kind, detail: e.message };
    throw e;
  }
}

function isIgnorableAttribute(name: string): boolean {
  return name === "xmlns" || name.startsWith("xmlns:") || name.startsWith("xml:") || name.startsWith("xsi:");
}

function readResource(el: XmlElement, path: string, warnings: R4Issue[]): R4Resource {
  const where = path || el.local;
  if (el.ns !== FHIR_NAMESPACE) throw new ReadError("invalid", `${where}: <${el.name}> is not in the FHIR namespace (${FHIR_NAMESPACE})`);
  const elements = resourceElements(el.local);
  if (!elements || !isR4ResourceType(el.local)) throw new ReadError("invalid", `${where}: resource type '${el.local}' is not supported`);
  warnAttributes(el, NO_ATTRIBUTES, where, warnings);
  const obj: Json = { resourceType: el.local };
  readContent(el, elements, obj, path || el.local, warnings);
  return obj as R4Resource;
}

function warnAttributes(el: XmlElement, known: ReadonlySet<string>, path: string, warnings: R4Issue[]) {
  for (const name of Object.keys(el.attrs))
    if (!known.has(name) && !isIgnorableAttribute(name)) warnings.push({ severity: "warning", kind: "unknown-element", path, message: `attribute '${name}' ignored` });
}

interface Bucket {
  form: ElementForm | null;
  values: unknown[];
  extras: (Json | null)[];
}

function readContent(el: XmlElement, elements: readonly R4ElementData[], target: Json, path: string, warnings: R4Issue[]) {
  const forms = formsOf(elements);
  const buckets = new Map<string, Bucket>();
  const choiceTaken = new Map<number, string>();
  for (const child of el.children) {
    if (child.kind === "text") {
      // FHIR XML has no text outside the narrative; senders' stray characters (a TKW template has one) are dropped.
      if (child.text.trim() !== "") warnings.push({ severity: "warning", kind: "dropped", path, message: `text "${child.text.trim().slice(0, 40)}" is not allowed here and was ignored` });
      continue;
    }
    const found = forms.get(child.local);
    const form = found && !found.el.attr && child.ns === (found.type === "xhtml" ? XHTML_NAMESPACE : FHIR_NAMESPACE) ? found : null;
    const name = form ? form.jsonName : child.local;
    let bucket = buckets.get(name);
    if (!bucket) buckets.set(name, (bucket = { form, values: [], extras: [] }));
    const childPath = form && form.el.max !== 1 ? `${path}.${name}[${bucket.values.length}]` : `${path}.${name}`;
    if (!form) {
      warnings.push({ severity: "warning", kind: "unknown-element", path: childPath, message: `element <${child.name}> is not in FHIR R4 here; kept as read` });
      bucket.values.push(readGeneric(child));
      bucket.extras.push(null);
      continue;
    }
    if (form.el.max === 1 && bucket.values.length > 0) throw new ReadError("invalid", `${childPath}: <${child.local}> may appear only once`);
    if (form.choice) {
      const taken = choiceTaken.get(form.index);
      if (taken && taken !== name) throw new ReadError("invalid", `${path}: only one of <${taken}> and <${name}> may be given`);
      choiceTaken.set(form.index, name);
    }
    const { value, extras } = readElement(child, form, childPath, warnings);
    bucket.values.push(value ?? null);
    bucket.extras.push(extras ?? null);
  }
  for (const [name, { form, values, extras }] of buckets) {
    const array = form ? form.el.max !== 1 : values.length > 1;
    const hasValue = values.some((v) => v !== null);
    const hasExtras = extras.some((x) => x !== null);
    if (hasValue) target[name] = array ? values : values[0];
    if (hasExtras) target[`_${name}`] = array ? extras : extras[0];
  }
}

function readElement(el: XmlElement, form: ElementForm, path: string, warnings: R4Issue[]): { value?: unknown; extras?: Json } {
  if (form.type === "xhtml") {
    const problem = xhtmlProblem(el);
    if (problem) throw new ReadError("invalid", `${path}: the narrative ${problem}`);
    return { value: xhtmlToString(el) };
  }
  const kind = kindOf(form);
  if (kind === "primitive") return readPrimitive(el, form, path, warnings);
  if (kind === "resource") {
    const inner = el.children.filter((c): c is XmlElement => c.kind === "element");
    if (inner.length !== 1 || el.children.some((c) => c.kind === "text" && c.text.trim() !== ""))
      throw new ReadError("invalid", `${path}: <${el.local}> must contain exactly one resource`);
    return { value: readResource(inner[0], path, warnings) };
  }
  if ("value" in el.attrs) throw new ReadError("invalid", `${path}: <${el.local}> is a complex element and cannot have a value attribute`);
  const elements = contentOf(form);
  const obj: Json = {};
  const attrNames = attributeNames(elements);
  for (const name of attrNames) if (el.attrs[name] !== undefined) obj[name] = el.attrs[name];
  warnAttributes(el, attrNames, path, warnings);
  readContent(el, elements, obj, path, warnings);
  return { value: obj };
}

const attributeCache = new WeakMap<readonly R4ElementData[], ReadonlySet<string>>();

function attributeNames(elements: readonly R4ElementData[]): ReadonlySet<string> {
  let names = attributeCache.get(elements);
  if (!names) attributeCache.set(elements, (names = new Set(elements.filter((e) => e.attr).map((e) => e.n))));
  return names;
}

const EXTENSION_ONLY: readonly R4ElementData[] = [{ n: "extension", min: 0, max: "*", t: ["Extension"] }];
const PRIMITIVE_ATTRIBUTES: ReadonlySet<string> = new Set(["id", "value"]);
const NO_ATTRIBUTES: ReadonlySet<string> = new Set();

function readPrimitive(el: XmlElement, form: ElementForm, path: string, warnings: R4Issue[]): { value?: unknown; extras?: Json } {
  const extras: Json = {};
  if (el.attrs.id !== undefined) extras.id = el.attrs.id;
  warnAttributes(el, PRIMITIVE_ATTRIBUTES, path, warnings);
  if (el.children.length > 0) readContent(el, EXTENSION_ONLY, extras, path, warnings);
  const hasExtras = Object.keys(extras).length > 0;
  const raw = el.attrs.value;
  if (raw === undefined) {
    if (!hasExtras) throw new ReadError("invalid", `${path}: <${el.local}> needs a value attribute (or extensions)`);
    return { extras };
  }
  const value = typedPrimitive(form.type, raw);
  if (value === undefined) throw new ReadError("invalid", `${path}: '${raw.slice(0, 40)}' is not a valid ${form.type}`);
  return hasExtras ? { value, extras } : { value };
}

const NUMBER_TEXT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** The JSON value of an XML `value` attribute for a primitive type; undefined when it cannot be one. */
export function typedPrimitive(type: string, raw: string): string | number | boolean | undefined {
  const json = primitiveOf(type)?.json ?? "string";
  if (json === "boolean") return raw === "true" ? true : raw === "false" ? false : undefined;
  if (json === "number") {
    if (!NUMBER_TEXT.test(raw)) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || (type !== "decimal" && !Number.isSafeInteger(n))) return undefined;
    return n;
  }
  return raw;
}

/** An element the model does not know: `value` attribute -> string, else an object of its children. */
function readGeneric(el: XmlElement): unknown {
  const children = el.children.filter((c): c is XmlElement => c.kind === "element");
  if (children.length === 0 && el.attrs.value !== undefined) return el.attrs.value;
  const obj: Json = {};
  for (const [k, v] of Object.entries(el.attrs)) if (!isIgnorableAttribute(k)) obj[k] = v;
  for (const c of children) {
    const v = readGeneric(c);
    const prev = obj[c.local];
    obj[c.local] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return obj;
}
