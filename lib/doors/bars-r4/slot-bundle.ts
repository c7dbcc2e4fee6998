/**
 * The slot search's searchset Bundle (BARS-RECEIVER §2.3): the Slots (`match`), then each included Schedule,
 * HealthcareService, Location, Organization, Practitioner and PractitionerRole once (`include`). Slot ids are
 * the core's UUIDs (the same logical id as in the STU3 door), `Slot.schedule` is `Schedule/<id>`, `total` counts
 * the Slots, and times are London time with their offset.
 */
import { randomUUID } from "node:crypto";
import type { FoundSlot } from "../../capacity/find-slots-for-consumer";
import type { SlotSearchRelated } from "../../capacity/slot-search-related";
import { londonIsoWithOffset } from "../../time/london";
import { DOS_SERVICE_ID_SYSTEM } from "./service-id";

export const ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code";
const SERVICE_CATEGORY = { coding: [{ system: "http://terminology.hl7.org/CodeSystem/service-category", code: "14", display: "Emergency Department" }] };

type Json = Record<string, unknown>;

export function slotEntries(slots: readonly FoundSlot[], related: SlotSearchRelated, includes: readonly string[], baseUrl: string): Json[] {
  const entry = (resource: Json, mode: "match" | "include") => ({ fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`, resource, search: { mode } });
  const out: Json[] = slots.map((s) =>
    entry(
      {
        resourceType: "Slot",
        id: s.id,
        serviceCategory: [SERVICE_CATEGORY],
        appointmentType: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0276", code: "WALKIN", display: "A previously unscheduled walk-in visit" }] },
        schedule: { reference: `Schedule/${s.scheduleId}` },
        status: s.status,
        start: londonIsoWithOffset(s.start),
        end: londonIsoWithOffset(s.end),
      },
      "match",
    ),
  );
  const inc = new Set(includes);
  const scheduleIds = new Set(slots.map((s) => s.scheduleId));
  const schedules = related.schedules.filter((s) => scheduleIds.has(s.id));
  const serviceIds = new Set(schedules.map((s) => s.serviceId));
  const services = related.services.filter((s) => serviceIds.has(s.id));
  const sites = related.sites.filter((s) => services.some((v) => v.siteId === s.id));
  const orgIds = new Set([...services.map((s) => s.organisationId), ...sites.map((s) => s.organisationId)]);
  const practitionerIds = new Set(schedules.map((s) => s.practitionerId).filter(Boolean));
  const roleIds = new Set(schedules.map((s) => s.practitionerRoleId).filter(Boolean));
  if (inc.has("Slot:schedule")) {
    for (const s of schedules) {
      const actor: Json[] = [];
      if (s.practitionerId) actor.push({ reference: `Practitioner/${s.practitionerId}` });
      if (s.practitionerRoleId) actor.push({ reference: `PractitionerRole/${s.practitionerRoleId}` });
      actor.push({ reference: `HealthcareService/${s.serviceId}` });
      out.push(entry({ resourceType: "Schedule", id: s.id, active: s.active, serviceCategory: [SERVICE_CATEGORY], actor, comment: s.name }, "include"));
    }
  }
  if (inc.has("Schedule:actor:HealthcareService")) {
    for (const v of services) {
      const site = sites.find((s) => s.id === v.siteId);
      out.push(
        entry(
          {
            resourceType: "HealthcareService",
            id: v.id,
            identifier: v.dosServiceIds.map((d) => ({ system: DOS_SERVICE_ID_SYSTEM, value: d })),
            active: v.active,
            providedBy: { reference: `Organization/${v.organisationId}` },
            location: site ? [{ reference: `Location/${site.id}` }] : undefined,
            name: v.name,
            telecom: v.phone ? [{ system: "phone", value: v.phone, use: "work" }] : undefined,
          },
          "include",
        ),
      );
    }
  }
  if (inc.has("HealthcareService:location")) {
    for (const s of sites) {
      out.push(
        entry(
          {
            resourceType: "Location",
            id: s.id,
            identifier: s.odsSiteCode ? [{ system: ODS_SYSTEM, value: s.odsSiteCode }] : undefined,
            status: "active",
            name: s.name,
            telecom: s.phone ? [{ system: "phone", value: s.phone, use: "work" }] : undefined,
            address: { use: "work", type: "physical", line: s.addressLines, city: s.town, postalCode: s.postcode, country: "GB" },
            managingOrganization: { reference: `Organization/${s.organisationId}` },
          },
          "include",
        ),
      );
    }
  }
  if (inc.has("HealthcareService:providedBy")) {
    for (const o of related.organisations.filter((o) => orgIds.has(o.id))) {
      out.push(entry({ resourceType: "Organization", id: o.id, identifier: [{ system: ODS_SYSTEM, value: o.odsCode }], active: true, name: o.name }, "include"));
    }
  }
  if (inc.has("Schedule:actor:Practitioner")) {
    for (const p of related.practitioners.filter((p) => practitionerIds.has(p.id))) {
      out.push(
        entry(
          {
            resourceType: "Practitioner",
            id: p.id,
            identifier: p.sdsUserId ? [{ system: "https://fhir.nhs.uk/Id/sds-user-id", value: p.sdsUserId }] : undefined,
            name: [{ use: "official", family: p.family, given: p.given, prefix: p.prefix }],
          },
          "include",
        ),
      );
    }
  }
  if (inc.has("Schedule:actor:PractitionerRole")) {
    for (const r of related.practitionerRoles.filter((r) => roleIds.has(r.id))) {
      out.push(
        entry(
          {
            resourceType: "PractitionerRole",
            id: r.id,
            identifier: [{ system: "https://fhir.nhs.uk/Id/sds-role-profile-id", value: r.id }],
            practitioner: { reference: `Practitioner/${r.practitionerId}` },
            organization: { reference: `Organization/${r.organisationId}` },
            code: [{ coding: [{ system: "https://fhir.nhs.uk/CodeSystem/NHSDigital-SDS-JobRoleCode", code: r.roleCode, display: r.roleDisplay }] }],
          },
          "include",
        ),
      );
    }
  }
  return out.map(stripUndefined);
}

function stripUndefined(v: Json): Json {
  return JSON.parse(JSON.stringify(v));
}

export function slotSearchBundle(entries: Json[], slotCount: number, selfUrl: string, now: Date): Json {
  const outcome =
    slotCount === 0
      ? [{ resource: { resourceType: "OperationOutcome", id: randomUUID(), issue: [{ severity: "information", code: "informational", diagnostics: "No free slots for this service in the requested period" }] }, search: { mode: "outcome" } }]
      : [];
  return {
    resourceType: "Bundle",
    id: randomUUID(),
    meta: { lastUpdated: instant7(now) },
    type: "searchset",
    total: slotCount,
    link: [{ relation: "self", url: selfUrl }],
    entry: [...entries, ...outcome],
  };
}

/** An instant with seven fractional digits, as BaRS payloads carry them (the assurance tool looks for one). */
export function instant7(at: Date): string {
  return at.toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}0000Z`);
}
