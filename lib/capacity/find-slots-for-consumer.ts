/**
 * The slot search 111 makes (FHIR `GET /Slot`): DoS id → linked active schedules → their slots, each with the
 * status it has FOR THE ASKING ORGANISATION (`free` only if that organisation could book it now: see
 * `limits.ts`). Few queries, each an indexed lookup or range: the DoS id (unique), its schedule links
 * (index on dosId), the slots (unique index scheduleId+start+seq), then per service its limits, live
 * suspensions (serviceId+endsAt), quotas and today's-onwards bookings (serviceId+start).
 *
 * What the slot and limits queries load is kept per instance (slot-search-cache.ts) and reused only while the
 * database shows it is still current: every search re-reads the DoS id's active schedule links and each linked service's
 * `availabilityVersion`, which every change to what 111 can book (slots, bookings, cancellations, limits,
 * suspensions, quotas, schedules, DoS ids) bumps in the same transaction. Any difference, or another London
 * day, and the search loads afresh (a window wider than what is held widens it). So an instance never serves
 * availability another instance has changed. The verdicts themselves (past, notice, horizon, suspensions,
 * caps, quotas) are worked out on every search at its own `now`.
 */
import { db, type Db } from "../db/client";
import { probeDosLinks } from "../db/availability-probe";
import { loadCapacityContext } from "./load-capacity-context";
import { countingWindowStart, slotsAsSeenBy, slotsOfferedTo, type CapacityContext, type RefusalReason, type StoredSlotStatus } from "./limits";
import { dosSignature, slotSearchCache, type KeptSearch, type StoredSlot } from "./slot-search-cache";
import { now as clockNow } from "../time/clock";

export interface SlotSearch {
  dosId: string;
  from?: Date;
  to?: Date;
  /** Which statuses to return; empty means both (the search gave no `status`). */
  statuses: ("free" | "busy")[];
  consumerOds: string | null;
  now?: Date;
}

export interface FoundSlot {
  id: string;
  start: Date;
  end: Date;
  status: "free" | "busy";
  scheduleId: string;
  serviceId: string;
}

/** One slot with the verdict for the asking organisation: offered, or withheld and why (first reason first). */
export interface ExplainedSlot {
  slot: StoredSlot;
  offered: boolean;
  reasons: RefusalReason[];
}

interface Loaded {
  /** In start order. */
  slots: StoredSlot[];
  contexts: Map<string, CapacityContext>;
  /** The cache entry it was answered from; none when the DoS id has no active schedule or the window is empty. */
  kept?: KeptSearch;
}

/** Searches often slide their window with the clock: a load reaches this far past the end asked for. */
const LOAD_AHEAD_MS = 60 * 60_000;

/**
 * The slots of the DoS id's active schedules in the window, in start order, and the limits context of each
 * service they belong to. Null when no service has this DoS id. Slots that have already started are not
 * returned: nobody can book them, so the lower bound is never before `now`.
 */
async function loadSearch(search: Omit<SlotSearch, "statuses">, now: Date): Promise<Loaded | null> {
  const client = db();
  const dosId = search.dosId.trim();
  // Read on every search: the links decide which schedules are searched, the versions whether a kept load is current.
  const links = await probeDosLinks(dosId, client);
  if (!links) return null;
  const scheduleIds = links.map((l) => l.scheduleId);
  const from = (search.from && search.from > now ? search.from : now).getTime();
  const to = search.to ? search.to.getTime() : null;
  if (scheduleIds.length === 0 || (to !== null && to <= from)) return { slots: [], contexts: new Map() };
  const signature = dosSignature(links);
  const day = countingWindowStart(now).getTime();
  // Served only under the same signature; the related rows depend on nothing else, so they outlive a new day.
  const held = slotSearchCache.get(dosId, signature);
  const current = held && held.day === day ? held : undefined;
  let entry = current;
  if (!entry || entry.from > from || (entry.to !== null && (to === null || to > entry.to))) {
    // Still current but too narrow: widen it (never back before now). Otherwise load just this window.
    const loadFrom = current ? Math.max(now.getTime(), Math.min(from, current.from)) : from;
    const loadTo = to === null || current?.to === null ? null : Math.max(to, current?.to ?? to) + LOAD_AHEAD_MS;
    entry = { day, from: loadFrom, to: loadTo, ...(await loadFromDatabase(client, scheduleIds, loadFrom, loadTo, now)), related: held?.related };
    slotSearchCache.set(dosId, entry, signature);
  }
  // What is held may reach back before now (slots that have started since) and beyond the window asked for.
  const slots = entry.slots.filter((s) => s.start.getTime() >= from && (to === null || s.start.getTime() < to));
  if (slots.length === 0) return { slots: [], contexts: new Map(), kept: entry };
  const contexts = new Map([...entry.contexts].map(([id, c]) => [id, { ...c, now }] as const));
  return { slots, contexts, kept: entry };
}

async function loadFromDatabase(client: Db, scheduleIds: string[], from: number, to: number | null, now: Date): Promise<Pick<KeptSearch, "slots" | "contexts">> {
  const rows = await client.slot.findMany({
    where: { scheduleId: { in: scheduleIds }, start: { gte: new Date(from), ...(to !== null ? { lt: new Date(to) } : {}) } },
    orderBy: [{ start: "asc" }, { scheduleId: "asc" }, { seq: "asc" }],
    select: { id: true, start: true, end: true, status: true, scheduleId: true, serviceId: true },
  });
  if (rows.length === 0) return { slots: [], contexts: new Map() };
  const slots: StoredSlot[] = rows.map((r) => ({ ...r, status: storedStatus(r.status) }));
  const serviceIds = [...new Set(slots.map((s) => s.serviceId))];
  const contexts = new Map<string, CapacityContext>(
    await Promise.all(serviceIds.map(async (id) => [id, await loadCapacityContext(id, now, client)] as const)),
  );
  return { slots, contexts };
}

function byService(slots: StoredSlot[]): Map<string, StoredSlot[]> {
  const out = new Map<string, StoredSlot[]>();
  for (const s of slots) {
    const list = out.get(s.serviceId);
    if (list) list.push(s);
    else out.set(s.serviceId, [s]);
  }
  return out;
}

/** The FHIR slot search. Null when no service has this DoS id. */
export async function findSlotsForConsumer(search: SlotSearch): Promise<FoundSlot[] | null> {
  return (await searchSlotsForConsumer(search))?.slots ?? null;
}

/**
 * The FHIR slot search with the cache entry it was answered from (see slot-search-cache.ts), for what the
 * slot search use case keeps beside it. Null when no service has this DoS id.
 */
export async function searchSlotsForConsumer(search: SlotSearch): Promise<{ slots: FoundSlot[]; kept?: KeptSearch } | null> {
  const now = search.now ?? clockNow();
  const loaded = await loadSearch(search, now);
  if (!loaded) return null;
  const statuses = search.statuses.length ? search.statuses : (["free", "busy"] as const);
  const seen = new Map<string, "free" | "busy">();
  for (const [serviceId, own] of byService(loaded.slots)) {
    for (const s of slotsAsSeenBy({ odsCode: search.consumerOds }, own, loaded.contexts.get(serviceId)!, statuses)) seen.set(s.slot.id, s.status);
  }
  const out: FoundSlot[] = [];
  for (const { id, start, end, scheduleId, serviceId } of loaded.slots) {
    const status = seen.get(id);
    if (status) out.push({ id, start, end, status, scheduleId, serviceId });
  }
  return { slots: out, kept: loaded.kept };
}

/**
 * The same search with the engine's verdict on every slot: offered (free to this organisation) or withheld,
 * with every reason (first reason first). For the clerk's "what 111 sees" preview.
 */
export async function explainSlotsForConsumer(search: Omit<SlotSearch, "statuses">): Promise<ExplainedSlot[] | null> {
  const now = search.now ?? clockNow();
  const loaded = await loadSearch(search, now);
  if (!loaded) return null;
  const verdicts = new Map<string, RefusalReason[]>();
  for (const [serviceId, own] of byService(loaded.slots)) {
    const offer = slotsOfferedTo({ odsCode: search.consumerOds }, own, loaded.contexts.get(serviceId)!);
    for (const s of offer.offered) verdicts.set(s.id, []);
    for (const w of offer.withheld) verdicts.set(w.slot.id, w.reasons);
  }
  return loaded.slots.map((slot) => {
    const reasons = verdicts.get(slot.id) ?? [];
    return { slot, offered: reasons.length === 0, reasons };
  });
}

/** Unknown stored values are treated as not bookable. */
function storedStatus(s: string): StoredSlotStatus {
  return s === "free" || s === "busy" ? s : "blocked";
}
