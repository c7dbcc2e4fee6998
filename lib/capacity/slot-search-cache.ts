/**
 * The slot search's one per-instance cache: per DoS id, what searches loaded (the slots, each service's limits
 * context, and on first need the schedules, services, sites and people the slots belong to), stored under the
 * database state it was read from. That state is the DoS id's active schedule links with each linked service's
 * `availabilityVersion`, which every change to what 111 can book bumps in the same transaction
 * (lib/capacity/availability-change.ts); every search reads it afresh (lib/db/availability-probe.ts) and is
 * served from here only while it is the same, so an instance never answers from a state another has changed.
 */
import { declareInstanceCache, type DerivedValues } from "../cache/instance-cache";
import type { CandidateSlot, CapacityContext } from "./limits";
import type { SlotSearchRelated } from "./slot-search-related";

export interface StoredSlot extends CandidateSlot {
  scheduleId: string;
  serviceId: string;
}

export interface KeptSearch {
  /** Start of the London day the bookings were counted from (countingWindowStart): another day, another load. */
  day: number;
  /** The slots held start in [from, to); `to` null: no end. */
  from: number;
  to: number | null;
  /** In start order. */
  slots: StoredSlot[];
  contexts: Map<string, CapacityContext>;
  /** Loaded by the first search that needs it; kept while the state is the same, and re-read at least once a minute. */
  related?: KeptRelated;
}

export interface KeptRelated {
  loadedAt: number;
  scheduleIds: ReadonlySet<string>;
  data: SlotSearchRelated;
  /** What callers work out from this state and these related rows (a door's entry texts), dropped with them. */
  derived: DerivedValues;
}

/** The database state an entry is stored under: every active link with its service's availability version. */
export function dosSignature(links: readonly { scheduleId: string; serviceId: string; availabilityVersion: number }[]): string {
  return links
    .map((l) => `${l.scheduleId}:${l.serviceId}:${l.availabilityVersion}`)
    .sort()
    .join(",");
}

export const slotSearchCache = declareInstanceCache<KeptSearch>({
  name: "slot-search",
  maxEntries: 200,
  versionedBy: "the DoS id's active schedule links with each linked service's availabilityVersion (dosSignature)",
});
