import { findSlotsForConsumer } from "../../capacity/find-slots-for-consumer";
import { db } from "../../db/client";
import { metrics } from "../../observability/metrics";
import { noteSlotSearch } from "../../reports/search-demand";
import type { SlotSearchData } from "../domain-types";
import { slotSearchBundle } from "../search-bundle";
import { parseSlotSearchParams, slotStartWindow } from "../slot-search-params";
import type { FhirContext, FhirResult } from "./fhir-route";
import { FhirHttpError } from "./fhir-http-error";

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
  const found = await findSlotsForConsumer({ dosId: query.serviceId, from: window.from, to: window.until, statuses, consumerOds: ctx.consumer.odsCode ?? null, now });
  if (found === null) throw new FhirHttpError("service-not-found", `No healthcare service here has the identifier ${query.serviceId}`, ["service"]);
  const slots = wantsNothing ? [] : found;
  const data = await loadSlotSearchData(slots.map((s) => ({ id: s.id, scheduleId: s.scheduleId, start: s.start, end: s.end, status: s.status })), query.includes.length > 0);
  metrics().slotSearches.inc({ result: slots.some((s) => s.status === "free") ? "found" : "none" });
  noteSlotSearch({ at: now, serviceId: found[0]?.serviceId ?? null, dosId: query.serviceId, consumerOds: ctx.consumer.odsCode ?? null, freeCount: slots.reduce((n, s) => n + (s.status === "free" ? 1 : 0), 0) });
  return {
    status: 200,
    resource: slotSearchBundle(data, query, { baseUrl: ctx.config.fhirBaseUrl, now }) as unknown as Record<string, unknown>,
    audit: { entityType: "Slot", detail: { dosId: query.serviceId, returned: slots.length } },
  };
}

/** The schedules, services, practitioners, roles, organisations and sites the slots' includes draw on. */
async function loadSlotSearchData(slots: SlotSearchData["slots"], withRelated: boolean): Promise<SlotSearchData> {
  const scheduleIds = [...new Set(slots.map((s) => s.scheduleId))];
  if (!withRelated || scheduleIds.length === 0) return { slots, schedules: [], services: [] };
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
    slots,
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
