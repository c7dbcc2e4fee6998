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
    meta: { lastUpdated: (input.lastUpdated ?? new Date()).toISOString() },
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

/**
 * The whole slot search answer: matching Slots in start order (at most `_count` entries, `total` still counting
 * them all), then the requested related resources.
 */
export function slotSearchBundle(data: SlotSearchData, query: SlotSearchQuery, options: SlotSearchBundleOptions): Bundle {
  const base = options.baseUrl.replace(/\/+$/, "");
  const matching = data.slots.filter((s) => slotRowMatches(s, query)).sort((a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id));
  const shown = query.count !== undefined ? matching.slice(0, query.count) : matching;
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
  const includes: AnyResource[] = [];
  if (want.has("Slot:schedule")) includes.push(...usedSchedules.map((s) => scheduleResource(s, { baseUrl: base })));
  if (want.has("Schedule:actor:HealthcareService"))
    includes.push(...usedServices.map((s) => healthcareServiceResource(s, { searchedDosId: query.serviceId, organisationName: organisations.get(s.organisationId)?.name })));
  if (want.has("Schedule:actor:Practitioner")) includes.push(...present(usedSchedules.map((s) => (s.practitionerId ? practitioners.get(s.practitionerId) : undefined))).map(practitionerResource));
  if (want.has("Schedule:actor:PractitionerRole")) includes.push(...present(usedSchedules.map((s) => (s.practitionerRoleId ? roles.get(s.practitionerRoleId) : undefined))).map(practitionerRoleResource));
  if (want.has("HealthcareService:providedBy")) includes.push(...present(usedServices.map((s) => organisations.get(s.organisationId))).map(organizationResource));
  if (want.has("HealthcareService:location")) includes.push(...present(usedServices.map((s) => (s.siteId ? sites.get(s.siteId) : undefined))).map(locationResource));

  return searchsetBundle({
    baseUrl: base,
    selfUrl: `${base}/Slot?${slotSearchSelfQuery(query)}`,
    matches: shown.map(slotResource),
    includes,
    total: matching.length,
    id: options.id,
    lastUpdated: options.now,
  });
}
