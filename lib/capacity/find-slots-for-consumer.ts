/**
 * The slot search 111 makes (FHIR `GET /Slot`): DoS id → linked active schedules → their slots, each with the
 * status it has FOR THE ASKING ORGANISATION (`free` only if that organisation could book it now: see
 * `limits.ts`). Few queries, each an indexed lookup or range: the DoS id (unique), its schedule links
 * (index on dosId), the slots (unique index scheduleId+start+seq), then per service its limits, live
 * suspensions (serviceId+endsAt), quotas and today's-onwards bookings (serviceId+start).
 */
import { db } from "../db/client";
import { loadCapacityContext } from "./load-capacity-context";
import { slotsAsSeenBy, slotsOfferedTo, type CandidateSlot, type CapacityContext, type RefusalReason, type StoredSlotStatus } from "./limits";

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

interface StoredSlot extends CandidateSlot {
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
}

/**
 * The slots of the DoS id's active schedules in the window, in start order, and the limits context of each
 * service they belong to. Null when no service has this DoS id. Slots that have already started are not
 * loaded: nobody can book them, so the lower bound is never before `now`.
 */
async function loadSearch(search: Omit<SlotSearch, "statuses">, now: Date): Promise<Loaded | null> {
  const dos = await db().dosServiceId.findUnique({
    where: { value: search.dosId.trim() },
    select: { schedules: { where: { schedule: { active: true, service: { active: true } } }, select: { scheduleId: true } } },
  });
  if (!dos) return null;
  const none: Loaded = { slots: [], contexts: new Map() };
  const scheduleIds = dos.schedules.map((l) => l.scheduleId);
  const from = search.from && search.from > now ? search.from : now;
  if (scheduleIds.length === 0 || (search.to && search.to <= from)) return none;
  const rows = await db().slot.findMany({
    where: { scheduleId: { in: scheduleIds }, start: { gte: from, ...(search.to ? { lt: search.to } : {}) } },
    orderBy: [{ start: "asc" }, { scheduleId: "asc" }, { seq: "asc" }],
    select: { id: true, start: true, end: true, status: true, scheduleId: true, serviceId: true },
  });
  if (rows.length === 0) return none;
  const slots: StoredSlot[] = rows.map((r) => ({ ...r, status: storedStatus(r.status) }));
  const serviceIds = [...new Set(slots.map((s) => s.serviceId))];
  const contexts = new Map<string, CapacityContext>(
    await Promise.all(serviceIds.map(async (id) => [id, await loadCapacityContext(id, now)] as const)),
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
  const now = search.now ?? new Date();
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
  return out;
}

/**
 * The same search with the engine's verdict on every slot: offered (free to this organisation) or withheld,
 * with every reason (first reason first). For the clerk's "what 111 sees" preview.
 */
export async function explainSlotsForConsumer(search: Omit<SlotSearch, "statuses">): Promise<ExplainedSlot[] | null> {
  const now = search.now ?? new Date();
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
