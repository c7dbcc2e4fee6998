// Interim JSON-only wire layer; replaced by the R4 model (JSON and XML from one model).
import { MAX_JSON_DEPTH, nestedDeeperThan } from "../../http/input-guards";

export type R4Format = "json" | "xml";
export type R4Resource = Record<string, unknown> & { resourceType: string };

export function parseR4Body(text: string, format: R4Format): { ok: true; resource: R4Resource } | { ok: false; kind: "structure" | "invalid"; detail: string } {
  if (format === "xml") return { ok: false, kind: "structure", detail: "XML is not supported yet" };
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) { depth++; if (depth > max) max = depth; if (max > MAX_JSON_DEPTH) return { ok: false, kind: "structure", detail: `The body is nested deeper than ${MAX_JSON_DEPTH} levels` }; }
    else if (c === 125 || c === 93) depth--;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, kind: "structure", detail: "The body is not valid JSON" };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || nestedDeeperThan(parsed, MAX_JSON_DEPTH)) return { ok: false, kind: "structure", detail: "The body is not a FHIR resource" };
  const resourceType = (parsed as Record<string, unknown>).resourceType;
  if (typeof resourceType !== "string") return { ok: false, kind: "invalid", detail: "The body has no resourceType" };
  return { ok: true, resource: parsed as R4Resource };
}

export function serialiseR4(resource: Record<string, unknown>, format: R4Format): string {
  if (format === "xml") throw new Error("XML is not supported yet");
  return JSON.stringify(resource);
}

function formatOf(v: string | null): R4Format | null {
  if (!v) return null;
  const t = v.toLowerCase();
  if (/xml/.test(t)) return "xml";
  if (/json/.test(t)) return "json";
  return null;
}

export function negotiateR4Format(format: string | null, accept: string | null, contentType: string | null): R4Format {
  return formatOf(format) ?? formatOf(accept) ?? formatOf(contentType) ?? "json";
}

export function requestBodyFormatR4(contentType: string | null): R4Format | "unsupported" {
  const t = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (t === "application/fhir+json" || t === "application/json+fhir") return "json";
  if (t === "application/fhir+xml" || t === "application/xml+fhir") return "xml";
  return "unsupported";
}
