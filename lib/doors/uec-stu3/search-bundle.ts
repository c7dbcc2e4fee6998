/**
 * Search answers as searchset Bundles (UEC-BOOKING §2.1, §11): `total` counts the matching Slots only (FHIR's
 * meaning; the NBA sample counting every entry is inconsistent), `link` self is the canonical query, entries
 * carry `fullUrl` `${base}/Type/id` and `search.mode` match/include, every related resource appears once, and
 * only resources related to the returned Slots are included (none when there are no Slots). An include whose
 * data is not held is simply left out (§11 item 5).
 */
import type { AnyResource, Bundle, BundleEntry } from "./model/registry";
import {
  healthcareServiceResource,
  locationResource,
  organizationResource,
  practitionerResource,
  practitionerRoleResource,
  scheduleResource,
  slotResource,
} from "./careconnect-resources";
import type { SlotRow, SlotSearchData } from "./domain-types";
import { slotSearchSelfQuery, slotStartMatches, type SlotSearchQuery } from "./slot-search-params";
import { now as clockNow } from "../../time/clock";

export interface SearchsetInput {
  baseUrl: string;
  /** Absolute URL of this search, for link self. */
  selfUrl: string;
  matches: AnyResource[];
  includes?: AnyResource[];
  /** Defaults to the number of matches. */
  total?: number;
  id?: string;
  lastUpdated?: Date;
}

export function searchsetBundle(input: SearchsetInput): Bundle {
  const base = input.baseUrl.replace(/\/+$/, "");
  const seen = new Set<string>();
  const entries: BundleEntry[] = [];
  const add = (resource: AnyResource, mode: "match" | "include") => {
    const key = `${resource.resourceType}/${resource.id}`;
    if (!resource.id) throw new Error(`a ${resource.resourceType} in a search Bundle needs an id`);
    if (seen.has(key)) return;
    seen.add(key);
    entries.push({ fullUrl: `${base}/${key}`, resource, search: { mode } });
  };
  input.matches.forEach((r) => add(r, "match"));
  (input.includes ?? []).forEach((r) => add(r, "include"));
  return {
    resourceType: "Bundle",
    id: input.id ?? crypto.randomUUID(),
    meta: { lastUpdated: (input.lastUpdated ?? clockNow()).toISOString() },
    type: "searchset",
    total: input.total ?? input.matches.length,
    link: [{ relation: "self", url: input.selfUrl }],
    ...(entries.length ? { entry: entries } : {}),
  };
}

export interface SlotSearchBundleOptions {
  /** The public service root, e.g. https://ed.example.nhs.uk/STU3/1 */
  baseUrl: string;
  id?: string;
  now?: Date;
}

/** Does a slot row answer the query's status and start filters? (The database narrows; this decides.) */
export function slotRowMatches(row: SlotRow, query: SlotSearchQuery): boolean {
  if (query.statuses !== null && !query.statuses.includes(row.status)) return false;
  return slotStartMatches(query, row.start);
}

/** One entry of a slot search answer, known by its key before its resource is built. */
export interface PlannedEntry {
  /** `Type/id`: the entry's identity in the Bundle (each appears once) and its fullUrl below the base. */
  key: string;
  mode: "match" | "include";
  make: () => AnyResource;
  /** For matches: the slot row (its fragment depends on nothing else). */
  slot?: SlotRow;
}

export interface SlotSearchPlan {
  base: string;
  selfUrl: string;
  total: number;
  entries: PlannedEntry[];
}

/**
 * What the slot search answer holds, in order: every matching Slot in start order (no paging: `_count` is ignored,
 * so `total` is the number of Slot entries), then the requested related resources, each once. Both renderings below use it.
 */
export function planSlotSearch(data: SlotSearchData, query: SlotSearchQuery, baseUrl: string): SlotSearchPlan {
  const base = baseUrl.replace(/\/+$/, "");
  const matching = data.slots.filter((s) => slotRowMatches(s, query)).sort((a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id));
  const shown = matching;
  const want = new Set(query.includes);

  const byId = <T extends { id: string }>(rows: readonly T[] | undefined) => new Map((rows ?? []).map((r) => [r.id, r]));
  const schedules = byId(data.schedules);
  const services = byId(data.services);
  const practitioners = byId(data.practitioners);
  const roles = byId(data.practitionerRoles);
  const organisations = byId(data.organisations);
  const sites = byId(data.sites);
  const present = <T>(xs: (T | undefined)[]) => [...new Set(xs.filter((x): x is T => x !== undefined))];

  const usedSchedules = present(shown.map((s) => schedules.get(s.scheduleId)));
  const usedServices = present(usedSchedules.map((s) => services.get(s.serviceId)));
  const entries: PlannedEntry[] = shown.map((s) => ({ key: `Slot/${s.id}`, mode: "match", make: () => slotResource(s), slot: s }));
  const include = <T extends { id: string }>(type: string, rows: T[], make: (row: T) => AnyResource) =>
    rows.forEach((r) => entries.push({ key: `${type}/${r.id}`, mode: "include", make: () => make(r) }));
  if (want.has("Slot:schedule")) include("Schedule", usedSchedules, (s) => scheduleResource(s, { baseUrl: base }));
  if (want.has("Schedule:actor:HealthcareService"))
    include("HealthcareService", usedServices, (s) => healthcareServiceResource(s, { searchedDosId: query.serviceId, organisationName: organisations.get(s.organisationId)?.name }));
  if (want.has("Schedule:actor:Practitioner")) include("Practitioner", present(usedSchedules.map((s) => (s.practitionerId ? practitioners.get(s.practitionerId) : undefined))), practitionerResource);
  if (want.has("Schedule:actor:PractitionerRole")) include("PractitionerRole", present(usedSchedules.map((s) => (s.practitionerRoleId ? roles.get(s.practitionerRoleId) : undefined))), practitionerRoleResource);
  if (want.has("HealthcareService:providedBy")) include("Organization", present(usedServices.map((s) => organisations.get(s.organisationId))), organizationResource);
  if (want.has("HealthcareService:location")) include("Location", present(usedServices.map((s) => (s.siteId ? sites.get(s.siteId) : undefined))), locationResource);
  return { base, selfUrl: `${base}/Slot?${slotSearchSelfQuery(query)}`, total: matching.length, entries };
}

/** The whole slot search answer as a Bundle (see `planSlotSearch`). */
export function slotSearchBundle(data: SlotSearchData, query: SlotSearchQuery, options: SlotSearchBundleOptions): Bundle {
  const plan = planSlotSearch(data, query, options.baseUrl);
  return searchsetBundle({
    baseUrl: plan.base,
    selfUrl: plan.selfUrl,
    matches: plan.entries.filter((e) => e.mode === "match").map((e) => e.make()),
    includes: plan.entries.filter((e) => e.mode === "include").map((e) => e.make()),
    total: plan.total,
    id: options.id,
    lastUpdated: options.now,
  });
}

/** The parts of a slot search answer's JSON that depend on the slots and the query, not on the moment. */
export interface SlotSearchJsonParts {
  total: number;
  selfUrl: string;
  /** The entries' JSON texts joined with commas (empty when there are none). */
  entries: string;
}

/**
 * Each entry's JSON text, from `fragments` when held there. `fragments` is kept by the caller per database state
 * and search (see `planSlotSearch` keys: a Slot's text depends on its row and status, an include's on the data
 * loaded with it and the DoS id searched).
 */
export function slotSearchJsonParts(data: SlotSearchData, query: SlotSearchQuery, baseUrl: string, fragments: Map<string, string>): SlotSearchJsonParts {
  const plan = planSlotSearch(data, query, baseUrl);
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const e of plan.entries) {
    if (seen.has(e.key)) continue;
    seen.add(e.key);
    const cacheKey = e.slot ? `${e.key}|${e.slot.status}` : e.key;
    let text = fragments.get(cacheKey);
    if (text === undefined) {
      const resource = e.make();
      if (!resource.id) throw new Error(`a ${resource.resourceType} in a search Bundle needs an id`);
      text = JSON.stringify({ fullUrl: `${plan.base}/${e.key}`, resource, search: { mode: e.mode } });
      fragments.set(cacheKey, text);
    }
    parts.push(text);
  }
  return { total: plan.total, selfUrl: plan.selfUrl, entries: parts.join(",") };
}

/** The opening of the Bundle's JSON up to where the entries go, and the closing after them. */
export function slotSearchJsonFrame(parts: Pick<SlotSearchJsonParts, "total" | "selfUrl">, options: Pick<SlotSearchBundleOptions, "id" | "now">, withEntries: boolean): { open: string; close: string } {
  const head = JSON.stringify({
    resourceType: "Bundle",
    id: options.id ?? crypto.randomUUID(),
    meta: { lastUpdated: (options.now ?? clockNow()).toISOString() },
    type: "searchset",
    total: parts.total,
    link: [{ relation: "self", url: parts.selfUrl }],
  });
  return withEntries ? { open: `${head.slice(0, -1)},"entry":[`, close: "]}" } : { open: head, close: "" };
}

/** The same answer as `JSON.stringify(slotSearchBundle(...))`, byte for byte, assembled from entry texts. */
export function slotSearchBundleJson(data: SlotSearchData, query: SlotSearchQuery, options: SlotSearchBundleOptions, fragments: Map<string, string>): string {
  const parts = slotSearchJsonParts(data, query, options.baseUrl, fragments);
  const frame = slotSearchJsonFrame(parts, options, parts.entries !== "");
  return frame.open + parts.entries + frame.close;
}
