/**
 * R4 bodies in either format. parseR4Body sorts failures into the two answers the door gives:
 * `structure` (not well-formed JSON/XML, too deep, too large: 400 `structure`) and `invalid` (well formed but not an
 * R4 resource the model knows, or an XML value that cannot be typed: 400 `invalid`). It does not validate;
 * call validateR4 on the result.
 */
import { parseR4Json } from "./json-read";
import { DEFAULT_R4_LIMITS, type ParseR4Result, type R4Format, type R4Issue, type R4Limits, type R4Resource } from "./types";
import { parseR4Xml } from "./xml-read";
import { writeR4Xml } from "./xml-write";

export function parseR4Body(text: string, format: R4Format, limits: R4Limits = {}): ParseR4Result {
  const maxBytes = limits.maxBytes ?? DEFAULT_R4_LIMITS.maxBytes;
  // One UTF-16 unit is at most 3 UTF-8 bytes: count bytes exactly only when the text could be over the limit.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, "utf8") > maxBytes))
    return { ok: false, kind: "structure", detail: `the body is larger than ${maxBytes} bytes` };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.trim()) return { ok: false, kind: "structure", detail: "the body is empty" };
  return format === "json" ? parseR4Json(body, limits) : parseR4Xml(body, limits);
}

export interface SerialiseOptions {
  /** JSON: indent with two spaces. Default false. */
  pretty?: boolean;
  /** XML: start with `<?xml version="1.0" encoding="UTF-8"?>`. Default true. */
  declaration?: boolean;
  /** Told of every JSON property left out of XML output (elements FHIR R4 does not have there). */
  onWarning?: (issue: R4Issue) => void;
}

/** A resource as response text. XML leaves out what R4 has no element for (see onWarning). */
export function serialiseR4(resource: R4Resource, format: R4Format, options: SerialiseOptions = {}): string {
  return serialiseR4WithWarnings(resource, format, options).text;
}

export function serialiseR4WithWarnings(resource: R4Resource, format: R4Format, options: SerialiseOptions = {}): { text: string; warnings: R4Issue[] } {
  if (format === "json") return { text: JSON.stringify(resource, null, options.pretty ? 2 : undefined), warnings: [] };
  const { xml, warnings } = writeR4Xml(resource, { declaration: options.declaration ?? true });
  if (options.onWarning) for (const w of warnings) options.onWarning(w);
  return { text: xml, warnings };
}
