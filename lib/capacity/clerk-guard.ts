/**
 * What every clerk use case on capacity shares: who may act, locking the service, and telling every
 * instance that what 111 can book has changed.
 */
import type { StaffActor } from "../auth/actor";
import type { Tx } from "../db/client";
import { Forbidden, NotFound } from "../errors";

export function assertCapacityStaff(actor: StaffActor): void {
  if (actor.role !== "clerk" && actor.role !== "admin") throw new Forbidden("Only ED clerks and administrators can change capacity");
}

/**
 * Locks the service row for the rest of the transaction (bookings lock it too, so a booking commits either
 * before this change, and is then counted in it, or after, and then sees it), and bumps
 * `availabilityVersion` so any cache of what 111 can book is invalidated.
 */
export async function lockAndBumpService(tx: Tx, serviceId: string): Promise<{ name: string }> {
  const { count } = await tx.healthcareService.updateMany({
    where: { id: serviceId },
    data: { availabilityVersion: { increment: 1 }, bookingSeq: { increment: 0 } },
  });
  if (count !== 1) throw new NotFound("Service not found");
  return tx.healthcareService.findUniqueOrThrow({ where: { id: serviceId }, select: { name: true } });
}

export const CONFLICT_MESSAGE = (what: string) =>
  `Someone else changed ${what} while you were looking at it. Check the latest details below and try again.`;
