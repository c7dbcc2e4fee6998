/**
 * Request and response bodies in either FHIR format, with failures already sorted into the error kinds of
 * operation-outcome.ts: unparseable -> malformed-body (400), parseable but not FHIR (wrong namespace, elements
 * out of order, bad values) -> invalid-body (400), over the size limit -> body-too-large (413).
 * Parsing does not validate the resource; booking-request.ts and validate.ts do that.
 */
import { DEFAULT_XML_LIMITS } from "@/lib/xml/safe-parse";
import type { AnyResource } from "./model/registry";
import type { FhirFormat } from "./negotiate";
import type { FhirErrorKind } from "./operation-outcome";
import { FhirXmlError, fhirJsonToXml, readFhirXml } from "./xml";

export type ParsedBody =
  | { ok: true; resource: Record<string, unknown>; warnings: { path: string; message: string }[] }
  | { ok: false; kind: Extract<FhirErrorKind, "malformed-body" | "invalid-body" | "body-too-large">; message: string };

export interface ParseBodyOptions {
  /** Largest accepted body in bytes; default 5 MB (the XML reader's limit). */
  maxBytes?: number;
}

export function parseFhirBody(text: string, format: FhirFormat, options: ParseBodyOptions = {}): ParsedBody {
  const maxBytes = options.maxBytes ?? DEFAULT_XML_LIMITS.maxBytes;
  if (Buffer.byteLength(text, "utf8") > maxBytes) return { ok: false, kind: "body-too-large", message: `the body is larger than ${maxBytes} bytes` };
  const body = text.replace(/^\uFEFF/, "");
  if (!body.trim()) return { ok: false, kind: "malformed-body", message: "the body is empty" };
  return format === "json" ? parseJson(body) : parseXmlBody(body, maxBytes);
}

function parseJson(text: string): ParsedBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, kind: "malformed-body", message: `the body is not valid JSON (${(e as Error).message})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, kind: "invalid-body", message: "the body is not a FHIR resource (a JSON object)" };
  if (typeof (value as { resourceType?: unknown }).resourceType !== "string") return { ok: false, kind: "invalid-body", message: "the body has no resourceType" };
  return { ok: true, resource: value as Record<string, unknown>, warnings: [] };
}

function parseXmlBody(text: string, maxBytes: number): ParsedBody {
  try {
    const { resource, warnings } = readFhirXml(text, { maxBytes });
    return { ok: true, resource, warnings };
  } catch (e) {
    if (!(e instanceof FhirXmlError)) throw e;
    const kind = e.kind === "not-well-formed" ? "malformed-body" : e.kind === "too-large" ? "body-too-large" : "invalid-body";
    return { ok: false, kind, message: e.message };
  }
}

/** A resource as response text in the negotiated format. */
export function serializeFhir(resource: AnyResource, format: FhirFormat, options: { pretty?: boolean } = {}): string {
  if (format === "xml") return fhirJsonToXml(resource, { pretty: options.pretty, declaration: true });
  return JSON.stringify(resource, null, options.pretty ? 2 : undefined);
}
