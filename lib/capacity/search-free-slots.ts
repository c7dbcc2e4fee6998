/**
 * A consumer's slot search, the one use case every door that offers slots calls: the slots of the service a
 * DoS id names as the asking organisation may book them right now (find-slots-for-consumer.ts), with, when the
 * caller asks, what those slots belong to (slot-search-related.ts), and the search noted for the demand report.
 *
 * Everything it loads is held in the slot search's one per-instance cache (slot-search-cache.ts), current only
 * while the DoS id's links and services' availability versions read by this very search are the same. Sites,
 * organisations and practitioners are edited only with their schedule or service, which bumps its version; as
 * a second guard the related rows are re-read at least once a minute.
 */
import { DerivedValues } from "../cache/instance-cache";
import { metrics } from "../observability/metrics";
import { noteSlotSearch } from "../reports/search-demand";
import { now as clockNow } from "../time/clock";
import { searchSlotsForConsumer, type FoundSlot } from "./find-slots-for-consumer";
import type { KeptRelated, KeptSearch } from "./slot-search-cache";
import { loadSlotSearchRelated, NO_RELATED, type SlotSearchRelated } from "./slot-search-related";

export interface FreeSlotsQuery {
  dosId: string;
  from?: Date;
  to?: Date;
  /** The statuses to answer with; empty answers none (the service is still looked up and the search noted). */
  statuses: readonly ("free" | "busy")[];
  /** Load what the slots belong to (schedules, services, sites, organisations, practitioners)? */
  withRelated: boolean;
  now?: Date;
}

export interface FreeSlots {
  /** In start order. */
  slots: FoundSlot[];
  /**
   * At least what the slots returned belong to when `withRelated`; it may hold more (other searches' schedules
   * under the same database state).
   */
  related: SlotSearchRelated;
  /**
   * Values a door works out from this answer's state (its rendering of entries, say): kept with the cached state
   * and dropped with it, so the same slots with the same related rows always find the same values.
   */
  derived: DerivedValues;
}

const RELATED_MAX_AGE_MS = 60_000;

/** Null when no service has this DoS id. */
export async function freeSlotsVisibleTo(consumer: { odsCode?: string | null }, query: FreeSlotsQuery): Promise<FreeSlots | null> {
  const now = query.now ?? clockNow();
  const consumerOds = consumer.odsCode ?? null;
  const found = await searchSlotsForConsumer({ dosId: query.dosId, from: query.from, to: query.to, statuses: [...query.statuses], consumerOds, now });
  if (found === null) return null;
  const slots = query.statuses.length === 0 ? [] : found.slots;
  const related = await keptRelated(found.kept, query.withRelated ? slots : [], now);
  let freeCount = 0;
  for (const s of slots) if (s.status === "free") freeCount++;
  metrics().slotSearches.inc({ result: freeCount > 0 ? "found" : "none" });
  noteSlotSearch({ at: now, serviceId: found.slots[0]?.serviceId ?? null, dosId: query.dosId, consumerOds, freeCount });
  return { slots, related: related.data, derived: related.derived };
}

/**
 * The related rows held with the cached state when they cover these slots' schedules; otherwise loaded for
 * them together with those held, so searches alternating between schedules settle on one load.
 */
async function keptRelated(kept: KeptSearch | undefined, slots: readonly FoundSlot[], now: Date): Promise<Pick<KeptRelated, "data" | "derived">> {
  // No cached state: the DoS id has no active schedule or the window is empty, so there are no slots either.
  if (!kept) return { data: NO_RELATED, derived: new DerivedValues() };
  const wanted = new Set(slots.map((s) => s.scheduleId));
  const held = kept.related && now.getTime() - kept.related.loadedAt < RELATED_MAX_AGE_MS ? kept.related : undefined;
  if (held && [...wanted].every((id) => held.scheduleIds.has(id))) return held;
  const ids = [...new Set([...(held?.scheduleIds ?? []), ...wanted])].sort();
  const fresh: KeptRelated = { loadedAt: held?.loadedAt ?? now.getTime(), scheduleIds: new Set(ids), data: await loadSlotSearchRelated(ids), derived: new DerivedValues() };
  kept.related = fresh;
  return fresh;
}
