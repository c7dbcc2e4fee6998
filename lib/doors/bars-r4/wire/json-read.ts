/**
 * FHIR R4 JSON bodies. The nesting depth is measured by a scan of the text before JSON.parse runs, so a body
 * nested 100,000 deep (arrays, objects, or extension inside extension) is refused in linear time and never
 * reaches a recursive walk that could exhaust the stack.
 */
import { DEFAULT_R4_LIMITS, type ParseR4Result, type R4Limits, type R4Resource } from "./types";

/** The deepest `{`/`[` nesting in JSON text (strings skipped); stops counting once `limit` is passed. */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

export function parseR4Json(text: string, limits: R4Limits = {}): ParseR4Result {
  const { maxDepth } = { ...DEFAULT_R4_LIMITS, ...limits };
  const depth = jsonDepth(text, maxDepth);
  if (depth > maxDepth) return { ok: false, kind: "structure", detail: `the JSON is nested deeper than ${maxDepth} levels` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, kind: "structure", detail: `the body is not valid JSON (${(e as Error).message})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, kind: "invalid", detail: "the body is not a FHIR resource (a JSON object)" };
  const resourceType = (value as { resourceType?: unknown }).resourceType;
  if (typeof resourceType !== "string" || !resourceType) return { ok: false, kind: "invalid", detail: "the body has no resourceType" };
  return { ok: true, resource: value as R4Resource, warnings: [] };
}
