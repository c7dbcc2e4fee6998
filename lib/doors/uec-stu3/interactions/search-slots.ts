import { searchSlotsForConsumer } from "../../../capacity/find-slots-for-consumer";
import { db } from "../../../db/client";
import { metrics } from "../../../observability/metrics";
import { noteSlotSearch } from "../../../reports/search-demand";
import type { SlotSearchData } from "../domain-types";
import { slotSearchBundle, slotSearchJsonFrame, slotSearchJsonParts } from "../search-bundle";
import { fhirJsonToXml } from "../xml";
import { parseSlotSearchParams, slotSearchSelfQuery, slotStartWindow, type SlotSearchQuery } from "../slot-search-params";
import type { FhirContext, FhirResult } from "./fhir-route";
import { FhirHttpError } from "./fhir-http-error";

type Related = Omit<SlotSearchData, "slots">;

/**
 * What answers for one DoS id and base URL have in common while the database state (`signature`) stays the same:
 * the related resources the includes draw on, and each entry's JSON text. Every search reads the signature
 * afresh (see `searchSlotsForConsumer`), so nothing here outlives a change another instance made. Sites,
 * organisations and practitioners are edited only with their schedule or service, which bumps its version;
 * as a second guard the related data is re-read at least once a minute.
 */
interface KeptAnswer {
  signature: string;
  loadedAt: number;
  related: Related;
  fragments: Map<string, string>;
  /** Whole entry sections as bytes, by the slots answered (ids and statuses) and the canonical query. */
  bodies: Map<string, { total: number; selfUrl: string; entries: Buffer }>;
}

const MAX_BODIES = 64;
const utf8 = (s: string) => Buffer.from(s, "utf8");

const RELATED_MAX_AGE_MS = 60_000;
const MAX_KEPT = 200;
const kept = new Map<string, KeptAnswer>();

/**
 * GET /Slot: the free (and, when asked, busy) slots of the service 111 names by its DoS id, as the asking
 * organisation may book them right now, with the requested includes.
 */
export async function searchSlotsFromFhir(ctx: FhirContext): Promise<FhirResult> {
  const now = new Date();
  const parsed = parseSlotSearchParams(ctx.url.searchParams, { now });
  if (!parsed.ok) {
    const first = parsed.errors[0];
    const kind = first.kind === "missing-parameter" ? "missing-parameter" : first.kind === "window-in-past" ? "search-window-in-past" : "bad-parameter";
    throw new FhirHttpError(kind, parsed.errors.map((e) => e.message).join("; "), parsed.errors.map((e) => e.parameter));
  }
  const query = parsed.query;
  const window = slotStartWindow(query);
  const statuses = query.statuses === null ? [] : (query.statuses.filter((s) => s === "free" || s === "busy") as ("free" | "busy")[]);
  const wantsNothing = query.statuses !== null && statuses.length === 0;
  const found = await searchSlotsForConsumer({ dosId: query.serviceId, from: window.from, to: window.until, statuses, consumerOds: ctx.consumer.odsCode ?? null, now });
  if (found === null) throw new FhirHttpError("service-not-found", `No healthcare service here has the identifier ${query.serviceId}`, ["service"]);
  const slots = (wantsNothing ? [] : found.slots).map((s) => ({ id: s.id, scheduleId: s.scheduleId, start: s.start, end: s.end, status: s.status }));
  const answer = await keptAnswer(query.serviceId, ctx.config.fhirBaseUrl, found.signature, slots, query.includes.length > 0, now);
  const data: SlotSearchData = { slots, ...answer.related };
  metrics().slotSearches.inc({ result: slots.some((s) => s.status === "free") ? "found" : "none" });
  noteSlotSearch({ at: now, serviceId: found.slots[0]?.serviceId ?? null, dosId: query.serviceId, consumerOds: ctx.consumer.odsCode ?? null, freeCount: slots.reduce((n, s) => n + (s.status === "free" ? 1 : 0), 0) });
  const options = { baseUrl: ctx.config.fhirBaseUrl, now };
  return {
    status: 200,
    render: (format) => (format === "json" ? jsonBody(answer, data, query, options) : fhirJsonToXml(slotSearchBundle(data, query, options) as unknown as Record<string, unknown>)),
    audit: { entityType: "Slot", detail: { dosId: query.serviceId, returned: slots.length } },
  };
}

/**
 * The JSON answer as bytes. The same slots with the same statuses for the same query give the same entries, so
 * their bytes are kept and only the Bundle's id, time and frame are written per request. Byte for byte what
 * `JSON.stringify(slotSearchBundle(...))` gives (tested).
 */
function jsonBody(answer: KeptAnswer, data: SlotSearchData, query: SlotSearchQuery, options: { baseUrl: string; now: Date }): Buffer {
  let key = slotSearchSelfQuery(query) + "\u0000";
  for (const s of data.slots) key += s.status === "free" ? `${s.id}+` : `${s.id}-`;
  let body = answer.bodies.get(key);
  if (!body) {
    const parts = slotSearchJsonParts(data, query, options.baseUrl, answer.fragments);
    body = { total: parts.total, selfUrl: parts.selfUrl, entries: utf8(parts.entries) };
    if (answer.bodies.size >= MAX_BODIES) answer.bodies.delete(answer.bodies.keys().next().value!);
    answer.bodies.set(key, body);
  }
  const frame = slotSearchJsonFrame(body, options, body.entries.length > 0);
  return Buffer.concat([utf8(frame.open), body.entries, utf8(frame.close)]);
}

/** The kept answer parts for this DoS id, base URL and database state, loading the related data when needed. */
async function keptAnswer(dosId: string, baseUrl: string, signature: string, slots: SlotSearchData["slots"], withRelated: boolean, now: Date): Promise<KeptAnswer> {
  const key = `${dosId}\u0000${baseUrl}`;
  const scheduleIds = withRelated ? [...new Set(slots.map((s) => s.scheduleId))].sort() : [];
  const held = kept.get(key);
  const current = held && held.signature === signature && now.getTime() - held.loadedAt < RELATED_MAX_AGE_MS ? held : undefined;
  const heldIds = new Set(current?.related.schedules.map((s) => s.id) ?? []);
  if (current && scheduleIds.every((id) => heldIds.has(id))) return current;
  // Same state but schedules not loaded yet: load them together with those held, so alternating searches settle.
  const ids = [...new Set([...heldIds, ...scheduleIds])].sort();
  const entry: KeptAnswer = { signature, loadedAt: current?.loadedAt ?? now.getTime(), related: await loadRelated(ids), fragments: current?.fragments ?? new Map(), bodies: new Map() };
  kept.delete(key);
  kept.set(key, entry);
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
  return entry;
}

/** The schedules, services, practitioners, roles, organisations and sites the slots' includes draw on. */
async function loadRelated(scheduleIds: string[]): Promise<Related> {
  if (scheduleIds.length === 0) return { schedules: [], services: [] };
  const schedules = await db().schedule.findMany({
    where: { id: { in: scheduleIds } },
    include: {
      practitioner: true,
      practitionerRole: true,
      service: { include: { dosIds: true, site: { include: { organisation: true } } } },
    },
  });
  const services = new Map(schedules.map((s) => [s.service.id, s.service]));
  const orgs = new Map([...services.values()].map((s) => [s.site.organisation.id, s.site.organisation]));
  return {
    schedules: schedules.map((s) => ({
      id: s.id,
      serviceId: s.serviceId,
      practitionerId: s.practitionerId ?? undefined,
      practitionerRoleId: s.practitionerRoleId ?? undefined,
      name: s.name,
      active: s.active,
    })),
    services: [...services.values()].map((s) => ({
      id: s.id,
      name: s.name,
      dosServiceIds: s.dosIds.map((d) => d.value),
      organisationId: s.site.organisationId,
      siteId: s.siteId,
      active: s.active,
      phone: s.site.phone ?? undefined,
    })),
    practitioners: schedules
      .filter((s) => s.practitioner)
      .map((s) => ({
        id: s.practitioner!.id,
        family: s.practitioner!.family,
        given: [s.practitioner!.given],
        prefix: s.practitioner!.prefix ? [s.practitioner!.prefix] : undefined,
        sdsUserId: s.practitioner!.sdsUserId ?? undefined,
        sdsRoleProfileId: s.practitioner!.sdsRoleProfileId ?? undefined,
      })),
    practitionerRoles: schedules
      .filter((s) => s.practitionerRole)
      .map((s) => ({ id: s.practitionerRole!.id, practitionerId: s.practitionerRole!.practitionerId, organisationId: s.practitionerRole!.organisationId, roleCode: s.practitionerRole!.roleCode, roleDisplay: s.practitionerRole!.roleDisplay })),
    organisations: [...orgs.values()].map((o) => ({ id: o.id, odsCode: o.odsCode, name: o.name })),
    sites: [...services.values()].map((s) => ({
      id: s.site.id,
      name: s.site.name,
      odsSiteCode: s.site.odsSiteCode,
      addressLines: [s.site.addressLine1, s.site.addressLine2].filter((l): l is string => !!l),
      town: s.site.town,
      postcode: s.site.postcode,
      phone: s.site.phone ?? undefined,
      organisationId: s.site.organisationId,
    })),
  };
}
