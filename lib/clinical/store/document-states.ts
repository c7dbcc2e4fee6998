/** Every stored clinical document is in exactly one of these states. */
export const DOCUMENT_STATES = ["linked", "awaiting-booking", "referral-without-booking", "needs-review", "superseded", "booking-cancelled", "information", "closed-no-action"] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

/** Why a person must look at a document. The first five come from matchDocument. */
export type ReviewReason =
  | "multiple-candidates"
  | "booking-not-active"
  | "references-disagree"
  | "demographics-disagree"
  | "demographics-incomplete"
  | "conflicting-redelivery"
  | "unlinked"
  /** A later version of a report already attached to a booking, saying something different: a person confirms it. */
  | "replaces-linked-report";

export const REVIEW_REASON_TEXT: Record<ReviewReason, string> = {
  "multiple-candidates": "More than one active booking could belong to this report",
  "booking-not-active": "The only booking found for this report is no longer active",
  "references-disagree": "The report and the booking point at different bookings",
  "demographics-disagree": "The patient in the report and in the booking differ",
  "demographics-incomplete": "The report lacks the details needed to confirm the patient",
  "conflicting-redelivery": "A different report arrived with the same id",
  unlinked: "A member of staff took this report off the booking it was attached to",
  "replaces-linked-report": "111 sent a changed version of a report already attached to a booking",
};

export const DOCUMENT_STATE_TEXT: Record<DocumentState, string> = {
  linked: "Attached to a booking",
  "awaiting-booking": "Waiting for its booking",
  "referral-without-booking": "Expected walk-in (no booking)",
  "needs-review": "Needs checking",
  superseded: "Replaced by a later version",
  "booking-cancelled": "Its booking was cancelled (kept for the record, not a referral)",
  information: "For information (not an expected walk-in)",
  "closed-no-action": "Closed by a clinician: no further action",
};

/** States from which a person may still attach the document to a booking. */
export const LINKABLE_STATES: readonly DocumentState[] = ["needs-review", "awaiting-booking", "referral-without-booking", "booking-cancelled", "information", "closed-no-action"];
