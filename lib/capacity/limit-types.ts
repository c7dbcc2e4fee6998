/**
 * The inputs and outcomes of the capacity-limits engine (`limits.ts`). Plain values only: the caller loads
 * them from the database for ONE service (inside the booking transaction when booking) and passes them in.
 */
import type { PatientKey } from "./patient-key";

/** The service's own limits (HealthcareService columns). `null` means "no limit". */
export interface ServiceLimits {
  /** A slot is bookable only if it starts at least this many minutes after now (0: from now on). */
  minNoticeMinutes: number;
  /** A slot is bookable only if it starts at most this many hours after now. */
  maxAheadHours: number | null;
  /** At most this many active bookings whose slot starts in one London wall-clock hour. */
  capPerHour: number | null;
  /** At most this many active bookings whose slot starts on one London date. */
  capPerDay: number | null;
}

/**
 * A surge-switch row as stored (Suspension). Pass every row whose `endsAt` is after now; the engine itself
 * ignores rows that were lifted, so stale rows do no harm.
 */
export interface ActiveSuspension {
  id?: string;
  /** Slots starting at or after this instant … */
  startsAt: Date;
  /** … and strictly before this one are suspended. Bookings reopen by themselves once it passes. */
  endsAt: Date;
  /** Set when a clerk lifted the suspension early; from that instant it no longer applies. */
  liftedAt: Date | null;
  reason: string;
}

/** A per-organisation limit (ConsumerQuota), keyed on the 111 organisation's ODS code. */
export interface QuotaRule {
  orgOds: string;
  perHour: number | null;
  perDay: number | null;
}

/** FHIR Appointment.status values the app stores. Only `booked` counts towards caps and quotas. */
export type BookingStatus = "booked" | "cancelled" | "entered-in-error";

/** A booking at the same service, as the limits need it. */
export interface ExistingBooking {
  /** Start of the booked slot (caps and quotas count by the slot's London hour and day). */
  start: Date;
  status: BookingStatus;
  /** ODS code of the organisation that made it; null for bookings made by ED staff. */
  orgOds: string | null;
  /** From `patientKey(...)`; null when the patient cannot be identified. */
  patient: PatientKey | null;
  /** The booked slot, when known: an active booking makes its slot taken whatever the slot row says. */
  slotId?: string;
}

/** Slot.status as stored. `blocked` is a place a clerk withdrew; `busy` is a place already booked. */
export type StoredSlotStatus = "free" | "busy" | "blocked";

/** A published slot of the service. */
export interface CandidateSlot {
  id: string;
  start: Date;
  end: Date;
  status: StoredSlotStatus;
}

/** Who is asking: the 111 organisation from the JWT (`requesting_organization`). */
export interface ConsumerContext {
  /** ODS code; null when unknown (then no quota applies). Compared case-insensitively. */
  odsCode: string | null;
  /**
   * Only for the staff preview "where could this patient be moved": when set, the rebook exemption is
   * applied to the offer. The FHIR slot search has no patient and never sets it.
   */
  patient?: PatientKey | null;
}

/** Everything the limits depend on for one service at one instant. */
export interface CapacityContext {
  now: Date;
  limits: ServiceLimits;
  suspensions: readonly ActiveSuspension[];
  quotas: readonly QuotaRule[];
  /**
   * The service's active bookings. Enough: every booking starting at or after `countingWindowStart(now)` (the
   * start of today in London). That covers the counts for any slot still bookable and, for the rebook
   * exemption, the requesting organisation's future bookings on any day. Extra or cancelled rows do no harm.
   */
  bookings: readonly ExistingBooking[];
}

/** A booking attempt: who books, for whom. */
export interface BookingRequest {
  orgOds: string | null;
  patient: PatientKey | null;
}

/**
 * Why a slot is not offered or cannot be booked, most fundamental first. When several apply, the first in
 * this order is the one reported as `reason`.
 */
export const REFUSAL_REASONS = [
  "past",
  "blocked",
  "taken",
  "suspended",
  "min-notice",
  "beyond-horizon",
  "cap-hour",
  "cap-day",
  "quota-hour",
  "quota-day",
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Refusals the rebook exemption waives: counts of existing bookings. */
export const COUNTED_REASONS: readonly RefusalReason[] = ["cap-hour", "cap-day", "quota-hour", "quota-day"];

/** Plain-English explanations for the clerk's "what 111 sees" preview and for monitoring. */
export const REFUSAL_DESCRIPTIONS: Record<RefusalReason, string> = {
  past: "The slot has already started",
  blocked: "The slot has been blocked by the department",
  taken: "The slot is already booked",
  suspended: "Bookings are suspended for this time",
  "min-notice": "The slot starts too soon (minimum notice)",
  "beyond-horizon": "The slot is too far ahead (booking horizon)",
  "cap-hour": "The limit of bookings for this hour has been reached",
  "cap-day": "The limit of bookings for this day has been reached",
  "quota-hour": "This organisation's limit of bookings for this hour has been reached",
  "quota-day": "This organisation's limit of bookings for this day has been reached",
};

/** A slot that was not offered, with every reason that applies (`reason` is the first of them). */
export interface WithheldSlot {
  slot: CandidateSlot;
  reason: RefusalReason;
  reasons: RefusalReason[];
}

export interface Offer {
  /** Slots this organisation could book right now, in the order given. */
  offered: CandidateSlot[];
  /** All the others, in the order given. */
  withheld: WithheldSlot[];
}

export type BookableCheck =
  | { ok: true; /** true when a cap or quota was waived because this is a rebook */ rebookExemptionApplied: boolean }
  | { ok: false; reason: RefusalReason; reasons: RefusalReason[] };

/** What a slot looks like to one organisation in a FHIR search: free only if it could book it now. */
export type ConsumerSlotStatus = "free" | "busy";
