import { randomUUID } from "node:crypto";
import type { Actor } from "../auth/actor";
import { linkAwaitingDocuments } from "../clinical/link-awaiting-documents";
import { bookingStore } from "../db/booking-store";
import { DuplicateRequest, SlotUnavailable } from "../errors";
import { metrics } from "../observability/metrics";
import { now as clockNow } from "../time/clock";
import type { BookingStore } from "./booking-store";
import { bookInStore, type BookingInput, type BookingResult, type SequenceContext } from "./booking-sequence";

export type { BookingInput, BookingResult, PatientInput } from "./booking-sequence";

export interface BookOptions {
  /** Tests: another store, or fixed ids (the two-stores comparison). */
  store?: BookingStore;
  newId?: SequenceContext["newId"];
}

/**
 * The one booking use case, whichever door it comes through: the slot resolved and checked against what the caller
 * described, the limits re-checked, one booking per slot, patient, booking, FHIR version 1, idempotency key and
 * audit written together (booking-sequence.ts over the database's store). Then what follows a booking: a 111 report
 * that arrived before it is linked now, and the booking is counted.
 */
export async function bookAppointment(input: BookingInput, actor: Actor, now = clockNow(), options: BookOptions = {}): Promise<BookingResult> {
  const store = options.store ?? bookingStore();
  const ctx: SequenceContext = { now, newId: options.newId ?? randomUUID };
  let result: BookingResult;
  try {
    result = await store.transaction((tx) => bookInStore(tx, input, actor, ctx));
  } catch (e) {
    if (e instanceof SlotUnavailable) metrics().refusals.inc({ reason: e.reason ?? "slot-unavailable" });
    // Two requests with one X-Request-ID for slots of different services do not queue on one lock: the second
    // finds out only from the key's unique index, when the first has committed. Name the booking the first made.
    if (e instanceof DuplicateRequest && !e.existingId && input.idempotency) {
      const { scope, requestId } = input.idempotency;
      const made = await store.transaction(async (tx) => tx.idempotencyKey(scope, requestId)).catch(() => null);
      if (made?.appointmentId) throw new DuplicateRequest(e.message, made.appointmentId);
    }
    throw e;
  }
  metrics().bookings.inc({ source: input.source });
  if (!options.store) await linkAwaitingDocuments(result.appointmentId, undefined, now, { documentRefId: input.documentRefId ?? null });
  return result;
}
