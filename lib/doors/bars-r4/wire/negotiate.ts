/**
 * Content negotiation for the BaRS R4 door.
 *
 * Response format (negotiateR4Format): `_format` first (TKW sends `_format=application/fhir+xml` with a JSON Accept
 * and expects XML), then Accept (highest q, ties in header order), then the request's Content-Type, then JSON.
 * A `_format` or Accept the door cannot serve does not decide; the next rule does (r4FormatParameter tells the
 * caller that a `_format` was not understood, should it want to answer 415 instead).
 *
 * Request bodies (requestBodyFormatR4): only FHIR media types, with or without `charset=utf-8`:
 * application/fhir+json, application/fhir+xml and the older application/json+fhir, application/xml+fhir.
 * Anything else, application/xml and application/json included, is unsupported (415; TKW
 * `BookAppointment_UnsupportedMediaType` sends application/xml).
 *
 * Version (acceptVersionR4): BaRS versions the API in the Accept `version` parameter; only the major counts.
 * Major 2 or above is too new (406, decision D2); absent, 1.x or an unreadable value is accepted.
 */
import { parseMediaType } from "../../http/media-type";
import type { R4Format } from "./types";

export const R4_CONTENT_TYPE: Readonly<Record<R4Format, string>> = {
  json: "application/fhir+json;charset=utf-8",
  xml: "application/fhir+xml;charset=utf-8",
};

const FORMAT_PARAMETER: Readonly<Record<string, R4Format>> = {
  json: "json",
  xml: "xml",
  "application/fhir+json": "json",
  "application/fhir+xml": "xml",
  "application/json+fhir": "json",
  "application/xml+fhir": "xml",
  "application/json": "json",
  "application/xml": "xml",
  "text/xml": "xml",
};

const ACCEPT_TYPES: Readonly<Record<string, R4Format>> = {
  "application/fhir+json": "json",
  "application/fhir+xml": "xml",
  "application/json+fhir": "json",
  "application/xml+fhir": "xml",
  "application/json": "json",
  "application/xml": "xml",
  "text/xml": "xml",
};

const BODY_TYPES: Readonly<Record<string, R4Format>> = {
  "application/fhir+json": "json",
  "application/fhir+xml": "xml",
  "application/json+fhir": "json",
  "application/xml+fhir": "xml",
};

export interface R4NegotiationInput {
  /** The `_format` query parameter as URLSearchParams decoded it (null or undefined when absent). */
  format?: string | null;
  accept?: string | null;
  contentType?: string | null;
}

/**
 * The `_format` value as a format; null when absent or not understood. Tolerates what query strings do to it:
 * `%2B` left encoded, or an unencoded `+` decoded to a space (`application/fhir xml`), and parameters.
 */
export function r4FormatParameter(value: string | null | undefined): R4Format | null {
  if (!value?.trim()) return null;
  const decoded = value.replace(/%2b/gi, "+").replace(/%2f/gi, "/").split(";")[0].trim().toLowerCase().replace(/\s+/g, "+");
  return FORMAT_PARAMETER[decoded] ?? null;
}

export function negotiateR4Format(input: R4NegotiationInput): R4Format {
  return r4FormatParameter(input.format) ?? acceptedFormat(input.accept) ?? bodyFormat(input.contentType) ?? "json";
}

function bodyFormat(contentType: string | null | undefined): R4Format | null {
  const f = requestBodyFormatR4(contentType);
  return f === "unsupported" ? null : f;
}

/** The preferred format an Accept header names; null when it names none we serve (or only wildcards). */
export function acceptedFormat(accept: string | null | undefined): R4Format | null {
  if (!accept?.trim()) return null;
  let best: { format: R4Format; q: number } | null = null;
  for (const part of accept.split(",")) {
    const { type, params } = parseMediaType(part);
    const format = ACCEPT_TYPES[type];
    if (!format) continue;
    const q = params.q === undefined ? 1 : Number(params.q);
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { format, q };
  }
  return best?.format ?? null;
}

export function requestBodyFormatR4(contentType: string | null | undefined): R4Format | "unsupported" {
  if (!contentType?.trim()) return "unsupported";
  const { type, params } = parseMediaType(contentType);
  const charset = params.charset?.toLowerCase();
  if (charset && charset !== "utf-8" && charset !== "utf8") return "unsupported";
  return BODY_TYPES[type] ?? "unsupported";
}

export type AcceptVersion = "ok" | "too-new";

/** Highest major version in the Accept header's `version` parameters (decision D2: major >= 2 -> 406). */
export function acceptVersionR4(accept: string | null | undefined, supportedMajor = 1): AcceptVersion {
  if (!accept) return "ok";
  for (const part of accept.split(",")) {
    const version = parseMediaType(part).params.version;
    const major = version === undefined ? null : /^\s*v?(\d+)(?:\.\d+){0,2}(?:-[0-9A-Za-z.]+)?\s*$/.exec(version)?.[1];
    if (major != null && Number(major) > supportedMajor) return "too-new";
  }
  return "ok";
}
