import { freeSlotsVisibleTo } from "../../../capacity/search-free-slots";
import { now as clockNow } from "../../../time/clock";
import { barsRoute } from "../bars-route";
import { refuseIfBlocked } from "../sender-standing";
import { barsConfig } from "../config";
import { notFound } from "../rec-errors";
import { parseBarsSlotParams } from "../slot-search-params";
import { slotEntries, slotSearchBundle } from "../slot-bundle";

/** `JSON.stringify(bundle)` with the entries' text already written (tested to be the same bytes). */
export function jsonWithEntries(bundle: Record<string, unknown>, entriesJson: string): string {
  const { entry: _entry, ...frame } = bundle;
  const head = JSON.stringify(frame);
  return `${head.slice(0, -1)},"entry":[${entriesJson}]}`;
}

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
  const entries = found.derived.get(key, () => {
    const list = slotEntries(found.slots, found.related, query.includes, cfg.baseUrl);
    return { list, json: list.map((e) => JSON.stringify(e)).join(",") };
  });
  const bundle = slotSearchBundle(entries.list, found.slots.length, `${cfg.baseUrl}/Slot?${query.selfQuery}`, now);
  return {
    status: 200,
    resource: bundle,
    // JSON: the entries' text is kept with the search's cached state; only the Bundle's frame is written per answer.
    render: (format) => (format === "json" && found.slots.length > 0 ? jsonWithEntries(bundle, entries.json) : null),
    audit: { entityType: "Slot", detail: { dosId: query.serviceId, returned: found.slots.length } },
  };
});
