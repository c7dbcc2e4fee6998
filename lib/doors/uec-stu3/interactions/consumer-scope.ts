import type { ConsumerActor } from "../../../auth/actor";

/** Idempotency keys are scoped per consumer: its ASID, else its organisation. */
export function consumerScope(consumer: ConsumerActor): string {
  return consumer.asid ? `asid:${consumer.asid}` : `ods:${consumer.odsCode ?? "unknown"}`;
}
