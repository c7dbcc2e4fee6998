/**
 * Structural validation of FHIR STU3 JSON against the model: element names, types, cardinality, choice types,
 * `_primitive` companions and contained resources. Unknown elements are warnings, never errors, because the
 * provider must accept content it does not understand (CapabilityStatement `acceptUnknown: both`).
 * Profile rules (CareConnect, the booking overrides) are not checked here; see booking-request.ts.
 */
import { choiceJsonName, elementForms, isPrimitiveType, type ElementForm, type Elements, type ResourceName, type TypeRef } from "./model/define";
import { DATATYPES, isResourceName, RESOURCES, type AnyResource, type ResourceTypes } from "./model/registry";
import { primitiveProblem } from "./model/primitives";
import { xhtmlProblem } from "./xhtml";

export type ValidationIssueKind =
  | "unknown-element" | "type" | "cardinality" | "required" | "choice" | "resource-type" | "invariant" | "empty";

export interface ValidationIssue {
  severity: "error" | "warning";
  kind: ValidationIssueKind;
  /** FHIRPath-like location, e.g. `Appointment.contained[1].telecom[0].rank`. */
  path: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

export interface ValidateOptions {
  /** Report an error unless the resource is of this type. */
  expectedType?: ResourceName;
}

/** Validates one resource (and everything inside it) against the STU3 model. */
export function validateResource(value: unknown, options: ValidateOptions = {}): ValidationResult {
  const ctx: Ctx = { errors: [], warnings: [] };
  const root = isObject(value) && typeof value.resourceType === "string" ? value.resourceType : "Resource";
  if (options.expectedType && root !== options.expectedType) {
    issue(ctx, "error", "resource-type", root, `expected resourceType ${options.expectedType}, got ${describe(value)}`);
  } else {
    checkResource(value, "", ctx, "root");
  }
  return { valid: ctx.errors.length === 0, errors: ctx.errors, warnings: ctx.warnings };
}

/** Narrows after a successful validation. */
export function isValidResource<N extends ResourceName>(value: unknown, type: N): value is ResourceTypes[N] {
  return validateResource(value, { expectedType: type }).valid;
}

/** Throws with every error listed, for places where invalid content is a programming error (our own builders). */
export function assertValidResource<R extends AnyResource>(value: R): R {
  const result = validateResource(value);
  if (!result.valid) throw new Error(`Invalid ${value.resourceType}: ${result.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`);
  return value;
}

// ---- walking ----------------------------------------------------------------------------------------

interface Ctx {
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

type Json = Record<string, unknown>;

function issue(ctx: Ctx, severity: ValidationIssue["severity"], kind: ValidationIssueKind, path: string, message: string) {
  (severity === "error" ? ctx.errors : ctx.warnings).push({ severity, kind, path, message });
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (v === null) return "null";
  if (isObject(v)) return typeof v.resourceType === "string" ? `resourceType ${v.resourceType}` : "an object";
  return `a ${typeof v}`;
}

type Nesting = "root" | "contained" | "entry";

function checkResource(value: unknown, path: string, ctx: Ctx, nesting: Nesting) {
  const where = path || "Resource";
  if (!isObject(value)) return issue(ctx, "error", "type", where, `must be a resource (a JSON object), got ${describe(value)}`);
  const type = value.resourceType;
  if (typeof type !== "string") return issue(ctx, "error", "resource-type", where, "resourceType is missing");
  if (!isResourceName(type)) return issue(ctx, "error", "resource-type", where, `resource type '${type}' is not supported`);
  const here = path || type;
  checkObject(value, RESOURCES[type].elements, here, ctx, true);
  if (nesting !== "contained") return;
  // FHIR dom-2 / dom-1 / dom-4: contained resources are bare.
  if (Array.isArray(value.contained) && value.contained.length)
    issue(ctx, "error", "invariant", `${here}.contained`, "a contained resource must not contain resources (dom-2)");
  if (value.text !== undefined) issue(ctx, "warning", "invariant", `${here}.text`, "a contained resource should not carry a narrative (dom-1)");
  const meta = value.meta;
  if (isObject(meta) && (meta.versionId !== undefined || meta.lastUpdated !== undefined))
    issue(ctx, "warning", "invariant", `${here}.meta`, "a contained resource should not carry versionId or lastUpdated (dom-4)");
}

const PRIMITIVE_EXTRAS: Elements = { id: { type: "string", min: 0, max: 1 }, extension: { type: "Extension", min: 0, max: "*" } };

function checkObject(obj: Json, elements: Elements, path: string, ctx: Ctx, isResource: boolean) {
  const forms = elementForms(elements);
  for (const [key, val] of Object.entries(obj)) {
    if (isResource && key === "resourceType") continue;
    if (key.startsWith("_")) {
      const form = forms.get(key.slice(1));
      if (form && isPrimitiveType(form.type) && !form.def.xmlAttribute) checkExtras(obj, key, val, form, path, ctx);
      else issue(ctx, "warning", "unknown-element", `${path}.${key}`, `unknown element '${key}' (ignored)`);
      continue;
    }
    const form = forms.get(key);
    if (!form) {
      issue(ctx, "warning", "unknown-element", `${path}.${key}`, `unknown element '${key}' (ignored)`);
      continue;
    }
    checkElement(obj, key, val, form, path, ctx);
  }
  for (const [name, def] of Object.entries(elements)) {
    const t = def.type;
    if (typeof t === "object" && t.kind === "choice") {
      const present = t.types.filter((v) => obj[choiceJsonName(name, v)] !== undefined);
      if (present.length > 1)
        issue(ctx, "error", "choice", `${path}.${name}[x]`, `only one of ${present.map((v) => choiceJsonName(name, v)).join(", ")} may be given`);
      if (def.min === 1 && present.length === 0) issue(ctx, "error", "required", `${path}.${name}[x]`, "required element is missing");
      continue;
    }
    if (def.min !== 1) continue;
    const v = obj[name];
    const hasValue = v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
    const hasExtras = isPrimitiveType(t) && obj[`_${name}`] !== undefined;
    if (!hasValue && !hasExtras) issue(ctx, "error", "required", `${path}.${name}`, "required element is missing");
  }
}

function checkElement(obj: Json, key: string, val: unknown, form: ElementForm, path: string, ctx: Ctx) {
  const p = `${path}.${key}`;
  if (form.def.max === "*") {
    if (!Array.isArray(val)) return issue(ctx, "error", "cardinality", p, `must be an array (the element repeats), got ${describe(val)}`);
    if (val.length === 0) issue(ctx, "warning", "empty", p, "empty arrays are not allowed in FHIR JSON; leave the element out");
    const extras = obj[`_${key}`];
    val.forEach((item, i) => {
      if (item === null) {
        const covered = isPrimitiveType(form.type) && Array.isArray(extras) && extras[i] != null;
        if (!covered) issue(ctx, "error", "type", `${p}[${i}]`, `null is only allowed when _${key}[${i}] carries an id or extension`);
        return;
      }
      checkValue(item, form, `${p}[${i}]`, ctx);
    });
    return;
  }
  if (Array.isArray(val)) return issue(ctx, "error", "cardinality", p, "must be a single value, not an array (the element does not repeat)");
  if (val === null) return issue(ctx, "error", "type", p, "must not be null");
  checkValue(val, form, p, ctx);
}

function checkValue(val: unknown, form: ElementForm, path: string, ctx: Ctx) {
  const type: TypeRef = form.type;
  if (isPrimitiveType(type)) {
    const problem = primitiveProblem(type, val) ?? (type === "xhtml" ? xhtmlProblem(val as string) : null);
    if (problem) issue(ctx, "error", "type", path, `${type} ${problem}`);
    return;
  }
  if (type === "Resource") return checkResource(val, path, ctx, form.jsonName === "contained" ? "contained" : "entry");
  if (!isObject(val)) {
    const name = typeof type === "string" ? type : "BackboneElement";
    return issue(ctx, "error", "type", path, `must be a JSON object (${name}), got ${describe(val)}`);
  }
  if (typeof type === "string") {
    checkObject(val, DATATYPES[type as keyof typeof DATATYPES].elements, path, ctx, false);
    if (type === "Extension" && Object.keys(val).some((k) => k.startsWith("value")) && Array.isArray(val.extension) && val.extension.length)
      issue(ctx, "warning", "invariant", path, "an extension has either a value or nested extensions, not both (ext-1)");
    return;
  }
  if (type.kind === "backbone") checkObject(val, type.elements, path, ctx, false);
}

function checkExtras(obj: Json, key: string, val: unknown, form: ElementForm, path: string, ctx: Ctx) {
  const p = `${path}.${key}`;
  if (form.def.max === "*") {
    if (!Array.isArray(val)) return issue(ctx, "error", "cardinality", p, "must be an array matching the repeating element");
    const main = obj[key.slice(1)];
    if (Array.isArray(main) && main.length !== val.length)
      issue(ctx, "error", "cardinality", p, `must have the same length as ${key.slice(1)} (${main.length})`);
    val.forEach((item, i) => {
      if (item === null) return;
      if (!isObject(item)) return issue(ctx, "error", "type", `${p}[${i}]`, "must be an object with id and/or extension, or null");
      checkObject(item, PRIMITIVE_EXTRAS, `${p}[${i}]`, ctx, false);
    });
    return;
  }
  if (!isObject(val)) return issue(ctx, "error", "type", p, "must be an object with id and/or extension");
  checkObject(val, PRIMITIVE_EXTRAS, p, ctx, false);
}
