import { freeSlotsVisibleTo } from "../../../capacity/search-free-slots";
import { now as clockNow } from "../../../time/clock";
import { barsRoute } from "../bars-route";
import { refuseIfBlocked } from "../sender-standing";
import { barsConfig } from "../config";
import { notFound } from "../rec-errors";
import { parseBarsSlotParams } from "../slot-search-params";
import { slotEntries, slotSearchBundle } from "../slot-bundle";

/**
 * GET /Slot: the same slots, limits and per-organisation verdicts as the STU3 door (one use case,
 * `freeSlotsVisibleTo`), in real time, written as R4. The rendered entries of one answer state are kept with the
 * search's cached state, so a repeated search writes only the Bundle's frame.
 */
export const searchSlotsRoute = barsRoute({ id: "search-slot", methods: ["GET"] }, async (ctx) => {
  const cfg = barsConfig();
  const now = clockNow();
  const query = parseBarsSlotParams(ctx.url.searchParams, { requiredIncludes: cfg.requiredIncludes, acceptedOffsets: cfg.acceptedOffsets, maxWindowDays: cfg.maxWindowDays });
  await refuseIfBlocked(ctx.actor);
  const found = await freeSlotsVisibleTo({ odsCode: ctx.actor.odsCode }, { dosId: query.serviceId, from: query.from, to: query.until, statuses: query.statuses, withRelated: true, now });
  if (!found) throw notFound(`No service here has the Directory of Services id ${query.serviceId}`);
  let key = `bars ${cfg.baseUrl} ${query.includes.join(",")}\u0000`;
  for (const s of found.slots) key += s.status === "free" ? `${s.id}+` : `${s.id}-`;
  const entries = found.derived.get(key, () => slotEntries(found.slots, found.related, query.includes, cfg.baseUrl));
  return {
    status: 200,
    resource: slotSearchBundle(entries, found.slots.length, `${cfg.baseUrl}/Slot?${query.selfQuery}`, now),
    audit: { entityType: "Slot", detail: { dosId: query.serviceId, returned: found.slots.length } },
  };
});
