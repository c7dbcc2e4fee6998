/** Types shared by the R4 wire layer. */

/** A FHIR R4 resource as FHIR JSON. `resourceType` names one of R4_RESOURCE_TYPES once validated. */
export interface R4Resource {
  resourceType: string;
  id?: string;
  [element: string]: unknown;
}

export type R4Format = "json" | "xml";

/** Something the reader, writer or validator noticed; `path` is FHIRPath-like (`Bundle.entry[1].resource.name[0]`). */
export interface R4Issue {
  severity: "error" | "warning";
  kind: R4IssueKind;
  path: string;
  message: string;
}

export type R4IssueKind =
  | "unknown-resource" | "unknown-element" | "type" | "value" | "cardinality" | "required" | "choice" | "empty" | "dropped";

export type ParseR4Result =
  | { ok: true; resource: R4Resource; warnings: R4Issue[] }
  /** structure: not well-formed JSON/XML, or over a limit; invalid: parses, but is not an R4 resource. */
  | { ok: false; kind: "structure" | "invalid"; detail: string };

export interface R4Limits {
  /** Largest body in bytes (UTF-8). Default 5 MB; the door sets its own, smaller limit before this. */
  maxBytes?: number;
  /** Deepest nesting of JSON objects/arrays or XML elements. Default 64 (a full BaRS referral is under 20). */
  maxDepth?: number;
}

export const DEFAULT_R4_LIMITS: Required<R4Limits> = { maxBytes: 5 * 1024 * 1024, maxDepth: 64 };
