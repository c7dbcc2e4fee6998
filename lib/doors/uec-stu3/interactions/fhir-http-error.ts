import type { FhirErrorKind } from "../operation-outcome";

/** Thrown by FHIR handlers (and the pipeline) to answer with a Spine OperationOutcome. */
export class FhirHttpError extends Error {
  constructor(
    readonly kind: FhirErrorKind,
    readonly diagnostics?: string,
    readonly location?: string[],
    /** Extra response headers, e.g. Retry-After */
    readonly headers?: Record<string, string>,
  ) {
    super(diagnostics ?? kind);
  }
}
