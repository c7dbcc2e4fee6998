import { randomUUID } from "node:crypto";
import { SYSTEM, type Actor } from "../auth/actor";
import { rematchAfterCancellation } from "../clinical/rematch-after-cancellation";
import { bookingStore } from "../db/booking-store";
import { InvalidInput } from "../errors";
import { metrics } from "../observability/metrics";
import { now as clockNow } from "../time/clock";
import type { BookOptions } from "./book-appointment";
import { cancelInStore, type CancelInput, type CancelResult, type SequenceContext } from "./booking-sequence";

export type { CancelInput, CancelResult } from "./booking-sequence";

/**
 * The one cancellation use case, by 111 (through a door) or by the ED: the sequence in booking-sequence.ts over
 * the database's store, then counted. The ED must give a reason. Then what follows a cancellation: the booking's
 * 111 reports are matched again (another booking of the same patient, or a person), so none drops out of view.
 */
export async function cancelAppointment(input: CancelInput, actor: Actor, now = clockNow(), options: BookOptions = {}): Promise<CancelResult> {
  if (input.by === "ed" && !input.reason?.trim()) throw new InvalidInput("Enter a reason for cancelling", { reason: "Enter a reason for cancelling" });
  const store = options.store ?? bookingStore();
  const ctx: SequenceContext = { now, newId: options.newId ?? randomUUID };
  const result = await store.transaction((tx) => cancelInStore(tx, input, actor, ctx));
  metrics().cancellations.inc({ by: input.by });
  if (!options.store) await rematchAfterCancellation(input.appointmentId, SYSTEM, now);
  return result;
}
