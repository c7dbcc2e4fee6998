/**
 * Structural validation of FHIR R4 JSON against the generated model: resource types, element names, JSON types,
 * primitive formats (the specification's regular expressions), cardinality, choice types, `_name` companions,
 * contained and entry resources. Unknown elements are warnings, not errors (the FHIR default: a receiver
 * accepts content it does not understand). Profiles (UK Core, BaRS) and invariants are not checked here.
 */
import { contentOf, formsOf, isR4ResourceType, kindOf, primitiveOf, resourceElements, type ElementForm, type R4ElementData } from "../model";
import type { R4Issue, R4IssueKind } from "./types";
import { normaliseXhtmlString } from "./xhtml";

export interface R4ValidationResult {
  errors: R4Issue[];
  warnings: R4Issue[];
}

/** Deeper than this is refused rather than walked (JSON from parseR4Body is already limited to 64). */
const MAX_DEPTH = 128;

interface Ctx extends R4ValidationResult {
  depth: number;
}

type Json = Record<string, unknown>;

export function validateR4(resource: unknown): R4ValidationResult {
  const ctx: Ctx = { errors: [], warnings: [], depth: 0 };
  checkResource(ctx, resource, "");
  return { errors: ctx.errors, warnings: ctx.warnings };
}

/** A hostile body could otherwise yield one issue per node; the first ones are what anyone reads. */
export const MAX_ISSUES = 200;

function issue(ctx: Ctx, severity: R4Issue["severity"], kind: R4IssueKind, path: string, message: string) {
  const list = severity === "error" ? ctx.errors : ctx.warnings;
  if (list.length < MAX_ISSUES) list.push({ severity, kind, path, message });
  else if (list.length === MAX_ISSUES) list.push({ severity, kind, path, message: `more than ${MAX_ISSUES} issues; the rest are not listed` });
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  return Array.isArray(v) ? "an array" : v === null ? "null" : isObject(v) ? "an object" : `a ${typeof v}`;
}

function checkResource(ctx: Ctx, value: unknown, path: string) {
  if (!isObject(value)) return issue(ctx, "error", "type", path || "Resource", `expected a resource (an object), got ${describe(value)}`);
  const type = value.resourceType;
  const where = path || (typeof type === "string" ? type : "Resource");
  if (typeof type !== "string") return issue(ctx, "error", "required", where, "resourceType is missing");
  const elements = resourceElements(type);
  if (!elements || !isR4ResourceType(type)) return issue(ctx, "error", "unknown-resource", where, `resource type '${type}' is not supported`);
  checkContent(ctx, value, elements, where, true);
}

function checkContent(ctx: Ctx, obj: Json, elements: readonly R4ElementData[], path: string, isResource: boolean) {
  if (++ctx.depth > MAX_DEPTH) {
    ctx.depth--;
    return issue(ctx, "error", "value", path, `nested deeper than ${MAX_DEPTH} levels`);
  }
  const forms = formsOf(elements);
  const choices = new Map<number, string[]>();
  const present = new Set<number>();
  let keys = 0;
  for (const [key, value] of Object.entries(obj)) {
    if (isResource && key === "resourceType") continue;
    keys++;
    const companion = key.startsWith("_");
    const name = companion ? key.slice(1) : key;
    const form = forms.get(name);
    const at = `${path}.${key}`;
    if (!form || (companion && (kindOf(form) !== "primitive" || form.el.attr))) {
      issue(ctx, "warning", "unknown-element", at, `'${key}' is not an R4 element here`);
      continue;
    }
    present.add(form.index);
    if (form.choice && !companion) choices.set(form.index, [...(choices.get(form.index) ?? []), name]);
    checkValue(ctx, form, value, at, companion, obj[companion ? name : `_${name}`] !== undefined);
  }
  if (keys === 0 && !isResource) issue(ctx, "error", "empty", path, "an element must have a value or children");
  for (const names of choices.values())
    if (names.length > 1) issue(ctx, "error", "choice", path, `only one of ${names.join(", ")} may be given`);
  elements.forEach((el, index) => {
    if (el.min > 0 && !present.has(index)) issue(ctx, "error", "required", `${path}.${el.n.replace("[x]", "")}`, `${el.n} is required (min ${el.min})`);
  });
  ctx.depth--;
}

function checkValue(ctx: Ctx, form: ElementForm, value: unknown, path: string, companion: boolean, hasPartner: boolean) {
  const many = form.el.max !== 1;
  if (value === null) return issue(ctx, "error", "empty", path, "null is not allowed");
  if (!many) {
    if (Array.isArray(value)) return issue(ctx, "error", "cardinality", path, `at most one value is allowed (max 1), got an array`);
    return checkItem(ctx, form, value, path, companion);
  }
  if (!Array.isArray(value)) return issue(ctx, "error", "cardinality", path, `must be an array (max ${form.el.max})`);
  if (value.length === 0) return issue(ctx, "error", "empty", path, "an array must not be empty");
  if (typeof form.el.max === "number" && value.length > form.el.max)
    issue(ctx, "error", "cardinality", path, `at most ${form.el.max} values are allowed, got ${value.length}`);
  value.forEach((item, i) => {
    // null holds a place in a primitive array when the `_name` companion carries the id/extensions.
    if (item === null && hasPartner && kindOf(form) === "primitive") return;
    if (item === null) return issue(ctx, "error", "empty", `${path}[${i}]`, "null is not allowed");
    checkItem(ctx, form, item, `${path}[${i}]`, companion);
  });
}

const COMPANION: readonly R4ElementData[] = [
  { n: "id", min: 0, max: 1, t: ["string"] },
  { n: "extension", min: 0, max: "*", t: ["Extension"] },
];

function checkItem(ctx: Ctx, form: ElementForm, value: unknown, path: string, companion: boolean) {
  if (companion) {
    if (!isObject(value)) return issue(ctx, "error", "type", path, `expected an object with id/extension, got ${describe(value)}`);
    return checkContent(ctx, value, COMPANION, path, false);
  }
  const kind = kindOf(form);
  if (kind === "resource") return checkResource(ctx, value, path);
  if (kind === "primitive") return checkPrimitive(ctx, form.type, value, path);
  if (!isObject(value)) return issue(ctx, "error", "type", path, `expected ${form.type} (an object), got ${describe(value)}`);
  checkContent(ctx, value, contentOf(form), path, false);
}

const regexCache = new Map<string, RegExp>();

function checkPrimitive(ctx: Ctx, type: string, value: unknown, path: string) {
  const spec = primitiveOf(type);
  const json = spec?.json ?? "string";
  if (typeof value !== json) return issue(ctx, "error", "type", path, `expected ${type} (a JSON ${json}), got ${describe(value)}`);
  if (json === "number") {
    const n = value as number;
    if (!Number.isFinite(n)) return issue(ctx, "error", "value", path, `not a valid ${type}`);
    if (type !== "decimal" && !Number.isInteger(n)) return issue(ctx, "error", "value", path, `${type} must be a whole number`);
    if ((type === "positiveInt" && n < 1) || (type === "unsignedInt" && n < 0)) return issue(ctx, "error", "value", path, `${n} is not a valid ${type}`);
    if (type === "integer" && (n > 2147483647 || n < -2147483648)) return issue(ctx, "error", "value", path, `${n} is outside the 32-bit range of integer`);
    return;
  }
  if (json !== "string") return;
  const s = value as string;
  if (s === "") return issue(ctx, "error", "value", path, "a string must not be empty");
  if (type === "xhtml") {
    const div = normaliseXhtmlString(s);
    if ("error" in div) issue(ctx, "error", "value", path, `the narrative ${div.error}`);
    return;
  }
  if (!spec?.regex) return;
  let re = regexCache.get(type);
  if (!re) regexCache.set(type, (re = new RegExp(`^(?:${spec.regex})$`)));
  if (!re.test(s)) issue(ctx, "error", "value", path, `'${s.length > 40 ? `${s.slice(0, 40)}…` : s}' is not a valid ${type}`);
}
