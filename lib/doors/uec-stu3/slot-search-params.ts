/**
 * `GET [base]/Slot?…` parameters, parsed into a typed query (UEC-BOOKING §2.1, §4.5, §11 items 3-4).
 *  - service: `service`, `schedule.actor:healthcareservice`, `Schedule.actor:HealthcareService` (chain matched
 *    case-insensitively); a `system|value` token is accepted. Required.
 *  - status: slot status codes, comma lists are OR; repeating the parameter is AND (FHIR).
 *  - start: repeatable, with prefixes, every offset form (see search-date.ts).
 *  - _include / _include:iterate / _include:recurse, with `.` or `:` separators and the spellings the published
 *    material uses, normalised to the six canonical includes; unsupported include values are ignored (never an
 *    error) and left out of the self link. `_revinclude` (TKW sends all six) and `_format` are ignored here.
 *  - `_count` is accepted and ignored, whatever its value: paging is not offered (the UEC Booking Standard does not
 *    require it), so every matching slot is in the one Bundle and no `next` link is ever needed. It is left out of the
 *    self link, like every other ignored parameter.
 * Anything else is an error naming the parameter: TKW `SFFSInvalid` sends a misspelt `startXXXXXXX` and expects 400.
 */
import { matchesSearchDate, parseSearchDate, searchDateWindow, type SearchDate } from "./search-date";

export type SlotStatus = "busy" | "free" | "busy-unavailable" | "busy-tentative" | "entered-in-error";
export const SLOT_STATUSES: readonly SlotStatus[] = ["busy", "free", "busy-unavailable", "busy-tentative", "entered-in-error"];

/** The six includes the CapabilityStatement offers, in FHIR's own spelling. */
export type CanonicalInclude =
  | "Slot:schedule" | "Schedule:actor:Practitioner" | "Schedule:actor:PractitionerRole" | "Schedule:actor:HealthcareService"
  | "HealthcareService:providedBy" | "HealthcareService:location";
export const CANONICAL_INCLUDES: readonly CanonicalInclude[] = [
  "Slot:schedule", "Schedule:actor:Practitioner", "Schedule:actor:PractitionerRole", "Schedule:actor:HealthcareService",
  "HealthcareService:providedBy", "HealthcareService:location",
];

export interface SlotSearchQuery {
  /** The service identifier (e.g. the DoS service id) to find schedules by. */
  serviceId: string;
  /** Set when the value was sent as a `system|value` token. */
  serviceSystem?: string;
  /** How the client spelt the service parameter, kept for the self link. */
  serviceParameter: string;
  /** Allowed statuses; null means no status filter. An empty list matches nothing (e.g. status=free&status=busy). */
  statuses: SlotStatus[] | null;
  start: SearchDate[];
  includes: CanonicalInclude[];
  /** Include values we do not support: ignored, and left out of the self link. */
  ignoredIncludes: string[];
}

export type SlotSearchErrorKind = "unknown-parameter" | "invalid-value" | "missing-parameter" | "conflicting-values" | "window-in-past";

export interface SlotSearchParamError {
  parameter: string;
  kind: SlotSearchErrorKind;
  message: string;
}

export type SlotSearchParse = { ok: true; query: SlotSearchQuery } | { ok: false; errors: SlotSearchParamError[] };

export interface SlotSearchParseOptions {
  /** When given, a window that ends at or before `now` is an error ("end of search in the past" -> 400). */
  now?: Date;
}

const SERVICE_PARAMETERS = new Set(["service", "schedule.actor:healthcareservice"]);
/** `_count`: no paging is offered, so every match is answered (see the CapabilityStatement's Slot documentation). */
const IGNORED = new Set(["_format", "_pretty", "_count"]);

export function parseSlotSearchParams(params: URLSearchParams, options: SlotSearchParseOptions = {}): SlotSearchParse {
  const errors: SlotSearchParamError[] = [];
  const err = (parameter: string, kind: SlotSearchErrorKind, message: string) => errors.push({ parameter, kind, message });
  let service: { id: string; system?: string; parameter: string } | undefined;
  let statuses: SlotStatus[] | null = null;
  const start: SearchDate[] = [];
  const includes = new Set<CanonicalInclude>();
  const ignoredIncludes: string[] = [];

  for (const [name, rawValue] of params.entries()) {
    const value = rawValue.trim();
    if (!name && !value) continue;
    const lower = name.toLowerCase();
    if (IGNORED.has(lower) || /^_revinclude(:(iterate|recurse))?$/.test(lower)) continue;
    if (/^_include(:(iterate|recurse))?$/.test(lower)) {
      for (const v of value.split(",").map((s) => s.trim()).filter(Boolean)) {
        const canonical = canonicalIncludes(v);
        if (canonical.length) canonical.forEach((c) => includes.add(c));
        else ignoredIncludes.push(v);
      }
      continue;
    }
    if (!value) {
      err(name, "invalid-value", `Search parameter '${name}' has no value`);
      continue;
    }
    if (SERVICE_PARAMETERS.has(lower)) {
      const bar = value.lastIndexOf("|");
      const id = bar >= 0 ? value.slice(bar + 1).trim() : value;
      const system = bar > 0 ? value.slice(0, bar).trim() : undefined;
      if (!id) err(name, "invalid-value", `Search parameter '${name}' has no service identifier`);
      else if (id.includes(",")) err(name, "invalid-value", `Search parameter '${name}' takes a single service identifier`);
      else if (service && service.id !== id) err(name, "conflicting-values", `More than one service asked for ('${service.id}' and '${id}')`);
      else service = { id, ...(system ? { system } : {}), parameter: service?.parameter ?? name };
    } else if (name === "status") {
      const codes = value.split(",").map((s) => s.trim());
      const bad = codes.filter((c) => !SLOT_STATUSES.includes(c as SlotStatus));
      if (bad.length) err(name, "invalid-value", `Unknown slot status '${bad.join(", ")}' (use ${SLOT_STATUSES.join(", ")})`);
      else statuses = statuses === null ? [...new Set(codes as SlotStatus[])] : statuses.filter((s) => codes.includes(s));
    } else if (name === "start") {
      const parsed = parseSearchDate(value);
      if ("error" in parsed) err(name, "invalid-value", `Search parameter 'start': ${parsed.error}`);
      else start.push(parsed);
    } else {
      err(name, "unknown-parameter", `Unknown search parameter '${name}'`);
    }
  }

  if (!service && !errors.some((e) => SERVICE_PARAMETERS.has(e.parameter.toLowerCase())))
    err("service", "missing-parameter", "The service to search is required (service or schedule.actor:healthcareservice)");
  if (options.now && start.length) {
    const { until } = searchDateWindow(start);
    if (until && until.getTime() <= options.now.getTime()) err("start", "window-in-past", "The search window ends in the past");
  }
  if (errors.length || !service) return { ok: false, errors };
  return {
    ok: true,
    query: {
      serviceId: service.id,
      ...(service.system ? { serviceSystem: service.system } : {}),
      serviceParameter: service.parameter,
      statuses,
      start,
      includes: CANONICAL_INCLUDES.filter((c) => includes.has(c)),
      ignoredIncludes,
    },
  };
}

/** Maps one include value, in any accepted spelling, to the canonical includes it asks for. */
export function canonicalIncludes(value: string): CanonicalInclude[] {
  const key = value.split(/[.:]/).map((s) => s.trim().toLowerCase()).join(":");
  switch (key) {
    case "*":
      return [...CANONICAL_INCLUDES];
    case "slot:schedule":
    case "slot:schedule:schedule":
      return ["Slot:schedule"];
    case "schedule:actor":
      return ["Schedule:actor:Practitioner", "Schedule:actor:PractitionerRole", "Schedule:actor:HealthcareService"];
    case "schedule:actor:practitioner":
      return ["Schedule:actor:Practitioner"];
    case "schedule:actor:practitionerrole":
      return ["Schedule:actor:PractitionerRole"];
    case "schedule:actor:healthcareservice":
      return ["Schedule:actor:HealthcareService"];
    case "healthcareservice:providedby":
    case "healthcareservice:organization":
    case "healthcareservice:providedby:organization":
      return ["HealthcareService:providedBy"];
    case "healthcareservice:location":
    case "healthcareservice:location:location":
      return ["HealthcareService:location"];
    default:
      return [];
  }
}

/** Does a slot start satisfy every `start` filter of the query? */
export function slotStartMatches(query: Pick<SlotSearchQuery, "start">, start: Date): boolean {
  return query.start.every((f) => matchesSearchDate(f, start));
}

/** The [from, until) window of the `start` filters, for the database query. */
export function slotStartWindow(query: Pick<SlotSearchQuery, "start">): { from?: Date; until?: Date } {
  return searchDateWindow(query.start);
}

/** The canonical query string for Bundle.link self: what was understood, ignored includes left out. */
export function slotSearchSelfQuery(query: SlotSearchQuery): string {
  const pairs: [string, string][] = [[query.serviceParameter, query.serviceSystem ? `${query.serviceSystem}|${query.serviceId}` : query.serviceId]];
  for (const s of query.start) pairs.push(["start", s.text]);
  if (query.statuses !== null) pairs.push(["status", query.statuses.join(",")]);
  for (const i of query.includes) pairs.push(["_include", i]);
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}
