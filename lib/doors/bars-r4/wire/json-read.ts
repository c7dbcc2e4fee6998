/**
 * FHIR R4 JSON bodies. The nesting depth is measured by a scan of the text before JSON.parse runs, so a body
 * nested 100,000 deep (arrays, objects, or extension inside extension) is refused in linear time and never
 * reaches a recursive walk that could exhaust the stack. The same scan refuses duplicate keys.
 */
import { DEFAULT_R4_LIMITS, type ParseR4Result, type R4Limits, type R4Resource } from "./types";

/** The deepest `{`/`[` nesting in JSON text (strings skipped); stops counting once `limit` is passed. */
export function jsonDepth(text: string, limit = Infinity): number {
  return scanJson(text, limit).depth;
}

interface Scan {
  depth: number;
  /** The first key that appears twice in one object, if any. */
  duplicateKey?: string;
}

/**
 * One linear pass over JSON text, before JSON.parse: nesting depth (stops once past `limit`) and duplicate keys
 * (JSON.parse would silently keep the last of two `value`s; a clinical message must not be read two ways).
 * Text that is not well-formed JSON gives a meaningless scan; JSON.parse then refuses it.
 */
export function scanJson(text: string, limit = Infinity): Scan {
  const keys: (Set<string> | null)[] = [];
  let expectKey = false;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const start = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
      const top = keys[keys.length - 1];
      if (expectKey && top) {
        const key = text.slice(start, i + 1);
        if (top.has(key)) return { depth: max, duplicateKey: safeKey(key) };
        top.add(key);
      }
      expectKey = false;
    } else if (c === 0x7b || c === 0x5b) {
      keys.push(c === 0x7b ? new Set() : null);
      expectKey = c === 0x7b;
      if (keys.length > max && (max = keys.length) > limit) return { depth: max };
    } else if (c === 0x7d || c === 0x5d) {
      keys.pop();
      expectKey = false;
    } else if (c === 0x2c) expectKey = keys[keys.length - 1] !== null && keys.length > 0;
  }
  return { depth: max };
}

function safeKey(quoted: string): string {
  try {
    return String(JSON.parse(quoted)).slice(0, 60);
  } catch {
    return quoted.slice(1, 61);
  }
}

export function parseR4Json(text: string, limits: R4Limits = {}): ParseR4Result {
  const { maxDepth } = { ...DEFAULT_R4_LIMITS, ...limits };
  const scan = scanJson(text, maxDepth);
  if (scan.depth > maxDepth) return { ok: false, kind: "structure", detail: `the JSON is nested deeper than ${maxDepth} levels` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, kind: "structure", detail: `the body is not valid JSON (${(e as Error).message})` };
  }
  if (scan.duplicateKey !== undefined) return { ok: false, kind: "invalid", detail: `the JSON gives "${scan.duplicateKey}" twice in one object` };
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, kind: "invalid", detail: "the body is not a FHIR resource (a JSON object)" };
  const resourceType = (value as { resourceType?: unknown }).resourceType;
  if (typeof resourceType !== "string" || !resourceType) return { ok: false, kind: "invalid", detail: "the body has no resourceType" };
  return { ok: true, resource: value as R4Resource, warnings: [] };
}
