/**
 * What every clerk use case on capacity shares: who may act, and how a lost race is explained. Locking the
 * service and telling every instance that what 111 can book has changed is `withAvailabilityChange`.
 */
import type { StaffActor } from "../auth/actor";
import { Forbidden } from "../errors";

export function assertCapacityStaff(actor: StaffActor): void {
  if (actor.role !== "clerk" && actor.role !== "admin") throw new Forbidden("Only ED clerks and administrators can change capacity");
}

export const CONFLICT_MESSAGE = (what: string) =>
  `Someone else changed ${what} while you were looking at it. Check the latest details below and try again.`;
