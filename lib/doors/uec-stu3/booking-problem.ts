import type { FhirErrorKind } from "./operation-outcome";

/**
 * What the checks of a booking request report. Its own module because both the request's checks
 * (booking-request.ts) and the patient's (booking-patient.ts) report in it, and the request reads the patient.
 */
export interface BookingProblem {
  /** The error kind this problem answers with (see operation-outcome.ts). */
  kind: Extract<FhirErrorKind, "invalid-body" | "invalid-resource" | "invalid-nhs-number" | "client-assigned-id">;
  /** Which rule, for tests and logs: "structure", "two-rank-1", "nhs-number", "slot-reference"… */
  rule: string;
  path: string;
  message: string;
}

/** Something accepted but worth logging: a tolerated deviation or an ignored element. */
export type BookingWarning = Omit<BookingProblem, "kind">;
