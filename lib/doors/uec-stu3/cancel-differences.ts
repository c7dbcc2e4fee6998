/**
 * Cancel = PUT of the whole Appointment with only `status` changed (UEC-BOOKING §2.4). Consumers rebuild the
 * body rather than echo the read byte for byte (TKW rebuilds it from its booking template), so the comparison is
 * semantic: `meta` and `text` are ignored everywhere, the root `id` (checked against the URL by the edge) and
 * `status` are ignored, strings are compared with whitespace trimmed and collapsed, instants by the moment they
 * denote (`Z` = `+00:00`, with or without milliseconds), arrays regardless of order, and an empty value equals
 * an absent one. Any remaining difference is a path in the result, and the edge answers 422.
 */
import { isInstantLike } from "./model/primitives";
import type { Appointment } from "./model/registry";
import type { FhirErrorKind } from "./operation-outcome";
import { wrapScalarsInArrays } from "./normalise-shapes";
import { validateResource } from "./validate";

type Json = Record<string, unknown>;

export type CancelValidation =
  | { ok: true; resource: Appointment; warnings: { path: string; message: string }[] }
  | { ok: false; kind: Extract<FhirErrorKind, "invalid-body" | "invalid-resource" | "cancel-differences">; problems: { path: string; message: string }[] };

/**
 * The body of a cancel, checked after the edge has dealt with If-Match (412, then 409, as §11 orders them):
 * a structurally valid Appointment whose id is the one in the URL (FHIR update: else 400), with status
 * `cancelled` (the only change this API supports; else 422), and no other differences (else 422).
 * On success, `resource` is what to store as the new version (arrays normalised, otherwise as submitted).
 */
export function validateCancelRequest(stored: Appointment, submitted: unknown, urlId: string): CancelValidation {
  if (!isObject(submitted) || submitted.resourceType !== "Appointment")
    return { ok: false, kind: "invalid-body", problems: [{ path: "Appointment", message: "the body must be an Appointment resource" }] };
  const { value, wrapped } = wrapScalarsInArrays(submitted as Appointment);
  const structure = validateResource(value, { expectedType: "Appointment" });
  if (!structure.valid) return { ok: false, kind: "invalid-body", problems: structure.errors.map(({ path, message }) => ({ path, message })) };
  if (value.id !== urlId)
    return { ok: false, kind: "invalid-body", problems: [{ path: "Appointment.id", message: `the body's id must be the id in the URL (${urlId})` }] };
  if (value.status !== "cancelled")
    return { ok: false, kind: "invalid-resource", problems: [{ path: "Appointment.status", message: `only cancellation is supported: status must be 'cancelled', not '${value.status}'` }] };
  const differences = cancelDifferences(stored, value);
  if (differences.length)
    return { ok: false, kind: "cancel-differences", problems: differences.map((path) => ({ path, message: "differs from the booking; only status may change" })) };
  const warnings = [
    ...wrapped.map((path) => ({ path, message: "a single value was sent where FHIR JSON needs an array; accepted" })),
    ...structure.warnings.map(({ path, message }) => ({ path, message })),
  ];
  return { ok: true, resource: value, warnings };
}

const IGNORED_EVERYWHERE = new Set(["meta", "text"]);
const IGNORED_AT_ROOT = new Set(["id", "status", ...IGNORED_EVERYWHERE]);

/** FHIRPath-like paths of every difference other than status (empty: the submitted body only cancels). */
export function cancelDifferences(stored: unknown, submitted: unknown): string[] {
  const out: string[] = [];
  const root = isObject(stored) && typeof stored.resourceType === "string" ? stored.resourceType : "Resource";
  compareObjects(asObject(stored), asObject(submitted), root, out, IGNORED_AT_ROOT);
  return out;
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function asObject(v: unknown): Json {
  return isObject(v) ? v : {};
}

function isAbsent(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === "string") return v.trim() === "";
  if (Array.isArray(v)) return v.every(isAbsent);
  if (isObject(v)) return Object.entries(v).every(([k, x]) => IGNORED_EVERYWHERE.has(k) || isAbsent(x));
  return false;
}

function compare(a: unknown, b: unknown, path: string, out: string[]) {
  const absentA = isAbsent(a);
  const absentB = isAbsent(b);
  if (absentA && absentB) return;
  if (absentA !== absentB) return void out.push(path);
  if (Array.isArray(a) || Array.isArray(b)) return compareArrays(toArray(a), toArray(b), path, out);
  if (isObject(a) && isObject(b)) return compareObjects(a, b, path, out, IGNORED_EVERYWHERE);
  if (!samePrimitive(a, b)) out.push(path);
}

function toArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v.filter((x) => !isAbsent(x)) : [v];
}

function compareObjects(a: Json, b: Json, path: string, out: string[], ignored: ReadonlySet<string>) {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !ignored.has(k));
  for (const k of keys) compare(a[k], b[k], `${path}.${k}`, out);
}

function compareArrays(a: unknown[], b: unknown[], path: string, out: string[]) {
  if (sameMultiset(a, b)) return;
  if (path.endsWith(".contained")) return compareContained(a, b, path, out);
  if (a.length === b.length) {
    // Same length, different content: report inside each differing item, not the whole array.
    a.forEach((item, i) => compare(item, b[i], `${path}[${i}]`, out));
    return;
  }
  out.push(path);
}

/** Contained resources are matched by type and id, so a difference is reported inside the right one. */
function compareContained(a: unknown[], b: unknown[], path: string, out: string[]) {
  const key = (r: unknown) => (isObject(r) ? `${String(r.resourceType)}/${String(r.id)}` : JSON.stringify(r));
  const byKey = new Map(b.map((r) => [key(r), r]));
  const seen = new Set<string>();
  for (const r of a) {
    const k = key(r);
    seen.add(k);
    const other = byKey.get(k);
    const where = isObject(r) ? `${path}.where(id='${String(r.id)}')` : path;
    if (other === undefined) out.push(where);
    else compare(r, other, where, out);
  }
  for (const r of b) if (!seen.has(key(r))) out.push(isObject(r) ? `${path}.where(id='${String(r.id)}')` : path);
}

function sameMultiset(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  const used = new Array<boolean>(b.length).fill(false);
  return a.every((x) => {
    const i = b.findIndex((y, j) => !used[j] && semanticallyEqual(x, y));
    if (i < 0) return false;
    used[i] = true;
    return true;
  });
}

function semanticallyEqual(a: unknown, b: unknown): boolean {
  const out: string[] = [];
  compare(a, b, "", out);
  return out.length === 0;
}

function samePrimitive(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") {
    if (isInstantLike(a.trim()) && isInstantLike(b.trim())) return new Date(a.trim()).getTime() === new Date(b.trim()).getTime();
    return a.trim().replace(/\s+/g, " ") === b.trim().replace(/\s+/g, " ");
  }
  // A number or boolean that arrived as text (e.g. a lenient converter) still means the same value.
  return String(a).trim() === String(b).trim();
}
