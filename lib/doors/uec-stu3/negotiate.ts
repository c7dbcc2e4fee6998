/**
 * Content negotiation for the FHIR API.
 *
 * Response format: `_format` (json, xml, any FHIR/plain JSON or XML mime type, also with its `+` decoded to a
 * space) overrides `Accept`; else the best supported type in `Accept`; else the request's Content-Type;
 * else JSON (TKW issue #6: JSON is the default). An unsupported `_format`, or an Accept header that names only
 * unsupported types, gives `{ ok: false }`, which the edge answers with 415 (UEC: unsupported format -> 415).
 *
 * Request body format, from Content-Type:
 *  - application/fhir+json, application/fhir+xml, and the pre-STU3 application/json+fhir, application/xml+fhir;
 *  - application/json is accepted as JSON: it cannot be mistaken for anything else and some HTTP clients send it;
 *  - application/xml and text/xml are refused (415): TKW BookAppointment_UnsupportedMediaType expects exactly that;
 *  - a charset other than UTF-8 is refused (the API is UTF-8 only).
 */

import { parseMediaType } from "../http/media-type";

export type FhirFormat = "json" | "xml";

/** Response Content-Type values: UTF-8 declared, no space before `charset` (as the standard asks). */
export const FHIR_CONTENT_TYPE: Readonly<Record<FhirFormat, string>> = {
  json: "application/fhir+json;charset=utf-8",
  xml: "application/fhir+xml;charset=utf-8",
};

export function contentTypeFor(format: FhirFormat): string {
  return FHIR_CONTENT_TYPE[format];
}

export type NegotiationFailure = {
  ok: false;
  reason: "unsupported-format" | "unsupported-media-type" | "missing-content-type" | "unsupported-charset";
  /** What was asked for, for the OperationOutcome diagnostics. */
  detail: string;
};
export type NegotiationResult = { ok: true; format: FhirFormat } | NegotiationFailure;

export interface ResponseFormatInput {
  /** The `_format` query parameter as URLSearchParams decoded it (null when absent). */
  format?: string | null;
  accept?: string | null;
  /** The request's Content-Type, used when neither `_format` nor Accept decides. */
  contentType?: string | null;
}

/** `_format` values and mime types the API can produce, by FHIR format. */
const MIME_FORMAT: Readonly<Record<string, FhirFormat>> = {
  json: "json",
  "application/fhir+json": "json",
  "application/json+fhir": "json",
  "application/json": "json",
  xml: "xml",
  "application/fhir+xml": "xml",
  "application/xml+fhir": "xml",
  "application/xml": "xml",
  "text/xml": "xml",
};

/** Decides the response format. */
export function responseFormat(input: ResponseFormatInput): NegotiationResult {
  const requested = input.format?.trim();
  if (requested) {
    const format = MIME_FORMAT[normaliseFormatParameter(requested)];
    return format ? { ok: true, format } : { ok: false, reason: "unsupported-format", detail: `_format=${requested}` };
  }
  const fromAccept = acceptPreference(input.accept);
  if (fromAccept === "unsupported") return { ok: false, reason: "unsupported-format", detail: `Accept: ${input.accept}` };
  if (fromAccept) return { ok: true, format: fromAccept };
  const body = input.contentType ? requestBodyFormat(input.contentType) : null;
  return { ok: true, format: body?.ok ? body.format : "json" };
}

/** The format of a request body, from its Content-Type. */
export function requestBodyFormat(contentType: string | null | undefined): NegotiationResult {
  if (!contentType?.trim()) return { ok: false, reason: "missing-content-type", detail: "no Content-Type header" };
  const { type, params } = parseMediaType(contentType);
  const charset = params.charset?.toLowerCase();
  if (charset && charset !== "utf-8" && charset !== "utf8") return { ok: false, reason: "unsupported-charset", detail: `charset=${params.charset}` };
  const format = BODY_TYPES[type];
  return format ? { ok: true, format } : { ok: false, reason: "unsupported-media-type", detail: `Content-Type: ${contentType}` };
}

const BODY_TYPES: Readonly<Record<string, FhirFormat>> = {
  "application/fhir+json": "json",
  "application/json+fhir": "json",
  "application/json": "json",
  "application/fhir+xml": "xml",
  "application/xml+fhir": "xml",
};

/**
 * `_format` as it reaches us: `application/fhir%2Bjson` is decoded to `application/fhir+json`, but an unencoded
 * `+` in a query string decodes to a space (`application/fhir json`); a doubly encoded value still shows `%2B`.
 */
export function normaliseFormatParameter(value: string): string {
  const decoded = value.replace(/%2b/gi, "+").replace(/%2f/gi, "/");
  return decoded.trim().toLowerCase().replace(/\s+/g, "+").split(";")[0];
}

interface MediaRange {
  type: string;
  q: number;
  order: number;
}

/** The preferred supported format in an Accept header; null when it expresses no preference (absent, wildcards). */
function acceptPreference(accept: string | null | undefined): FhirFormat | "unsupported" | null {
  if (!accept?.trim()) return null;
  const ranges: MediaRange[] = accept
    .split(",")
    .map((part, order) => {
      const { type, params } = parseMediaType(part);
      const q = params.q === undefined ? 1 : Number(params.q);
      return { type, q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((r) => r.type && r.q > 0);
  if (ranges.length === 0) return "unsupported";
  const supported = ranges
    .filter((r) => MIME_FORMAT[r.type] && r.type !== "json" && r.type !== "xml")
    .sort((a, b) => b.q - a.q || a.order - b.order);
  if (supported.length) return MIME_FORMAT[supported[0].type];
  const wildcard = ranges.some((r) => r.type === "*/*" || r.type === "application/*" || r.type === "*");
  return wildcard ? null : "unsupported";
}
