/**
 * The one way to change what 111 can book: slots, the rules and overrides that make them, a service's limits,
 * suspensions, quotas, and the schedules and DoS ids that decide what a search finds. Every instance keeps slot
 * search answers keyed on each service's `availabilityVersion` (lib/db/availability-probe.ts), so the version
 * must move in the same transaction as the change; a change committed without it is served stale until the
 * next unrelated bump. availability-version.test.ts fails on a write to that data made any other way.
 */
import type { Tx } from "../db/client";
import { NotFound } from "../errors";

declare const bookable: unique symbol;

/**
 * A transaction in which the services' `availabilityVersion` has already been bumped. Code that writes bookable
 * data on a transaction it is handed asks for this type, so its callers cannot skip the bump.
 */
export type BookableTx = Tx & { readonly [bookable]: true };

export interface AvailabilityChange {
  /** The same transaction, typed as one that may now write bookable data. */
  tx: BookableTx;
  /** The services locked and bumped, in id order. */
  services: { id: string; name: string }[];
}

/**
 * Locks each service's row for the rest of `tx` and bumps its `availabilityVersion`. Call it before the writes:
 * bookings lock the same row, so a booking in flight commits either before the change (and is counted in it) or
 * after it (and sees it). Rows are locked in id order so that two changes to overlapping services cannot
 * deadlock. A rollback (a version conflict thrown later, say) takes the bump with it.
 */
export async function withAvailabilityChange(tx: Tx, serviceIds: string | readonly string[]): Promise<AvailabilityChange> {
  const ids = [...new Set(typeof serviceIds === "string" ? [serviceIds] : serviceIds)].sort();
  const services: AvailabilityChange["services"] = [];
  for (const id of ids) {
    const [service] = await tx.healthcareService.updateManyAndReturn({
      where: { id },
      data: { availabilityVersion: { increment: 1 } },
      select: { id: true, name: true },
    });
    if (!service) throw new NotFound("Service not found");
    services.push(service);
  }
  return { tx: tx as BookableTx, services };
}
