/**
 * FHIR STU3 XML -> JSON, driven by the model. Follows the XML rules of the specification:
 * namespace http://hl7.org/fhir; primitives as `value` attributes (typed per the model in JSON); `id` and
 * Extension `url` as attributes; `_name` companions for primitive ids/extensions; `contained`/`resource` wrap
 * one resource element; Narrative.div kept as an XHTML string; repeated elements become arrays.
 * Elements must appear in FHIR's fixed order: one out of order is rejected (TKW `BookAppointment_Invalid`
 * puts <language> after <participant> and expects 400). Unknown elements are skipped with a warning.
 */
import { parseXml, XmlRejected, type XmlElement, type XmlLimits } from "@/lib/xml/safe-parse";
import { elementForms, isPrimitiveType, type ElementForm, type Elements, type PrimitiveType } from "./model/define";
import { DATATYPES, isResourceName, RESOURCES, type AnyResource, type PrimitiveExtras } from "./model/registry";
import { primitiveFromXml } from "./model/primitives";
import { FHIR_NAMESPACE, XHTML_NAMESPACE } from "./systems";
import { serializeXhtml, xhtmlElementProblem } from "./xhtml";

export type FhirXmlErrorKind =
  | "not-well-formed" | "too-large" | "not-fhir" | "unknown-resource" | "out-of-order" | "invalid-value" | "cardinality" | "unexpected-content";

/** The XML cannot be read as a FHIR resource. `path` is FHIRPath-like (`Appointment.participant[0]`). */
export class FhirXmlError extends Error {
  constructor(
    readonly kind: FhirXmlErrorKind,
    readonly path: string,
    message: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = "FhirXmlError";
  }
}

export interface FhirXmlWarning {
  path: string;
  message: string;
}

export interface FhirXmlReadResult {
  resource: AnyResource;
  warnings: FhirXmlWarning[];
}

/** Reads one FHIR XML resource. Throws FhirXmlError; unknown elements are dropped and listed in `warnings`. */
export function readFhirXml(text: string, limits?: XmlLimits): FhirXmlReadResult {
  let root: XmlElement;
  try {
    root = parseXml(text, limits);
  } catch (e) {
    if (e instanceof XmlRejected) {
      const kind = e.reason === "too-large" || e.reason === "too-deep" || e.reason === "too-many-nodes" ? "too-large" : "not-well-formed";
      throw new FhirXmlError(kind, "", e.message);
    }
    throw e;
  }
  const warnings: FhirXmlWarning[] = [];
  const resource = readResource(root, "", warnings);
  return { resource, warnings };
}

type Json = Record<string, unknown>;
type Value = unknown;

function readResource(el: XmlElement, path: string, warnings: FhirXmlWarning[]): AnyResource {
  const where = path || el.local;
  if (el.ns !== FHIR_NAMESPACE) throw new FhirXmlError("not-fhir", where, `<${el.name}> is not in the FHIR namespace (${FHIR_NAMESPACE})`);
  if (!isResourceName(el.local)) throw new FhirXmlError("unknown-resource", where, `resource type '${el.local}' is not supported`);
  for (const name of Object.keys(el.attrs)) if (!isIgnorableAttribute(name)) warnings.push({ path: where, message: `attribute '${name}' ignored` });
  const obj: Json = { resourceType: el.local };
  readContent(el, RESOURCES[el.local].elements, obj, path || el.local, warnings);
  return obj as AnyResource;
}

function isIgnorableAttribute(name: string): boolean {
  return name.startsWith("xmlns") || name.startsWith("xml:") || name.startsWith("xsi:");
}

interface Bucket {
  form: ElementForm;
  values: Value[];
  extras: (PrimitiveExtras | null)[];
}

function readContent(el: XmlElement, elements: Elements, target: Json, path: string, warnings: FhirXmlWarning[]) {
  const forms = elementForms(elements);
  for (const child of el.children) {
    if (child.kind === "text" && child.text.trim() !== "")
      throw new FhirXmlError("unexpected-content", path, `text is not allowed here (found "${child.text.trim().slice(0, 40)}")`);
  }
  const buckets = new Map<string, Bucket>();
  let last: ElementForm | null = null;
  for (const child of el.children) {
    if (child.kind !== "element") continue;
    const form = forms.get(child.local);
    const expectedNs = form && form.type === "xhtml" ? XHTML_NAMESPACE : FHIR_NAMESPACE;
    if (!form || form.def.xmlAttribute || child.ns !== expectedNs) {
      const why = child.ns !== FHIR_NAMESPACE && child.ns !== XHTML_NAMESPACE ? " (not in the FHIR namespace)" : "";
      warnings.push({ path: `${path}.${child.local}`, message: `unknown element <${child.name}> ignored${why}` });
      continue;
    }
    if (last && form.index < last.index)
      throw new FhirXmlError("out-of-order", path, `<${child.local}> is out of order: FHIR requires it before <${last.jsonName}>`);
    if (last && form.index === last.index && form.jsonName !== last.jsonName)
      throw new FhirXmlError("cardinality", path, `only one of <${last.jsonName}> and <${child.local}> may be given`);
    let bucket = buckets.get(form.jsonName);
    if (bucket && form.def.max === 1) throw new FhirXmlError("cardinality", `${path}.${form.jsonName}`, `<${child.local}> may appear only once`);
    if (!bucket) buckets.set(form.jsonName, (bucket = { form, values: [], extras: [] }));
    const childPath = form.def.max === "*" ? `${path}.${form.jsonName}[${bucket.values.length}]` : `${path}.${form.jsonName}`;
    const { value, extras } = readElement(child, form, childPath, warnings);
    bucket.values.push(value ?? null);
    bucket.extras.push(extras ?? null);
    last = form;
  }
  for (const [json, { form, values, extras }] of buckets) {
    const hasValue = values.some((v) => v !== null);
    const hasExtras = extras.some((x) => x !== null);
    if (form.def.max === "*") {
      if (hasValue) target[json] = values;
      if (hasExtras) target[`_${json}`] = extras;
    } else {
      if (hasValue) target[json] = values[0];
      if (hasExtras) target[`_${json}`] = extras[0];
    }
  }
}

function readElement(el: XmlElement, form: ElementForm, path: string, warnings: FhirXmlWarning[]): { value?: Value; extras?: PrimitiveExtras } {
  const type = form.type;
  if (type === "xhtml") {
    const problem = xhtmlElementProblem(el);
    if (problem) throw new FhirXmlError("invalid-value", path, `narrative ${problem}`);
    return { value: serializeXhtml(el) };
  }
  if (isPrimitiveType(type)) return readPrimitive(el, type, path, warnings);
  if (type === "Resource") {
    const inner = el.children.filter((c): c is XmlElement => c.kind === "element");
    if (el.children.some((c) => c.kind === "text" && c.text.trim() !== "") || inner.length !== 1)
      throw new FhirXmlError("unexpected-content", path, `<${el.local}> must contain exactly one resource`);
    return { value: readResource(inner[0], path, warnings) };
  }
  if ("value" in el.attrs) throw new FhirXmlError("unexpected-content", path, `<${el.local}> is a complex element and cannot have a value attribute`);
  const obj: Json = {};
  const elements = typeof type === "string" ? DATATYPES[type].elements : type.kind === "backbone" ? type.elements : {};
  for (const [name, value] of Object.entries(el.attrs)) {
    const attrForm = elements[name];
    if (attrForm?.xmlAttribute) obj[name] = value;
    else if (!isIgnorableAttribute(name)) warnings.push({ path, message: `attribute '${name}' ignored` });
  }
  readContent(el, elements, obj, path, warnings);
  return { value: obj };
}

function readPrimitive(el: XmlElement, type: PrimitiveType, path: string, warnings: FhirXmlWarning[]): { value?: Value; extras?: PrimitiveExtras } {
  const extras: PrimitiveExtras = {};
  if (el.attrs.id !== undefined) extras.id = el.attrs.id;
  for (const name of Object.keys(el.attrs))
    if (name !== "id" && name !== "value" && !isIgnorableAttribute(name)) warnings.push({ path, message: `attribute '${name}' ignored` });
  const extensionHolder: Json = {};
  readContent(el, { extension: { type: "Extension", min: 0, max: "*" } }, extensionHolder, path, warnings);
  if (extensionHolder.extension) extras.extension = extensionHolder.extension as PrimitiveExtras["extension"];
  const hasExtras = extras.id !== undefined || extras.extension !== undefined;
  const raw = el.attrs.value;
  if (raw === undefined) {
    if (!hasExtras) throw new FhirXmlError("invalid-value", path, `<${el.local}> needs a value attribute (or extensions)`);
    return { extras };
  }
  const converted = primitiveFromXml(type, raw);
  if ("error" in converted) throw new FhirXmlError("invalid-value", path, `value '${raw}' ${converted.error}`);
  return hasExtras ? { value: converted.value, extras } : { value: converted.value };
}
