/**
 * Domain rows -> CareConnect STU3 resources for the slot search Bundle. Each resource carries its CareConnect
 * profile, references are relative (`Schedule/<id>`, as TKW requires for Slot.schedule), and there is no
 * narrative: nothing here would add information to the structured data.
 */
import type { HealthcareService, Location, Organization, Practitioner, PractitionerRole, Schedule, Slot } from "./model/registry";
import type { OrganisationInfo, PractitionerInfo, PractitionerRoleInfo, ScheduleInfo, ServiceInfo, SiteInfo, SlotRow } from "./domain-types";
import { EXTENSION, PROFILE, SYSTEM } from "./systems";

export function slotResource(row: SlotRow): Slot {
  return {
    resourceType: "Slot",
    id: row.id,
    meta: { profile: [PROFILE.slot] },
    ...(row.deliveryChannel ? { extension: [{ url: EXTENSION.deliveryChannel, valueCode: row.deliveryChannel }] } : {}),
    identifier: [{ system: SYSTEM.uuid, value: row.uuid ?? row.id }],
    schedule: { reference: `Schedule/${row.scheduleId}` },
    status: row.status,
    start: row.start.toISOString(),
    end: row.end.toISOString(),
  };
}

export function scheduleResource(schedule: ScheduleInfo, options: { baseUrl: string }): Schedule {
  const identifier = schedule.identifier ?? { system: `${trimBase(options.baseUrl)}/Id/schedule`, value: schedule.id };
  return {
    resourceType: "Schedule",
    id: schedule.id,
    meta: { profile: [PROFILE.schedule] },
    identifier: [identifier],
    ...(schedule.active !== undefined ? { active: schedule.active } : {}),
    actor: [
      { reference: `HealthcareService/${schedule.serviceId}` },
      ...(schedule.practitionerId ? [{ reference: `Practitioner/${schedule.practitionerId}` }] : []),
      ...(schedule.practitionerRoleId ? [{ reference: `PractitionerRole/${schedule.practitionerRoleId}` }] : []),
    ],
    ...(schedule.name ? { comment: schedule.name } : {}),
  };
}

/** `searchedDosId`: the service id the consumer searched by, carried as the one identifier when it is ours. */
export function healthcareServiceResource(service: ServiceInfo, options: { searchedDosId?: string; organisationName?: string } = {}): HealthcareService {
  const dosId = options.searchedDosId && service.dosServiceIds.includes(options.searchedDosId) ? options.searchedDosId : service.dosServiceIds[0];
  return {
    resourceType: "HealthcareService",
    id: service.id,
    meta: { profile: [PROFILE.healthcareService] },
    ...(dosId ? { identifier: [{ system: SYSTEM.dosServiceId, value: dosId }] } : {}),
    active: service.active ?? true,
    providedBy: { reference: `Organization/${service.organisationId}`, ...(options.organisationName ? { display: options.organisationName } : {}) },
    ...(service.siteId ? { location: [{ reference: `Location/${service.siteId}` }] } : {}),
    name: service.name,
    ...(service.phone ? { telecom: [{ system: "phone", value: service.phone, use: "work" }] } : {}),
  };
}

export function practitionerResource(p: PractitionerInfo): Practitioner {
  const identifier = [
    ...(p.sdsUserId ? [{ system: SYSTEM.sdsUserId, value: p.sdsUserId }] : []),
    ...(p.sdsRoleProfileId ? [{ system: SYSTEM.sdsRoleProfileId, value: p.sdsRoleProfileId }] : []),
  ];
  return {
    resourceType: "Practitioner",
    id: p.id,
    meta: { profile: [PROFILE.practitioner] },
    ...(identifier.length ? { identifier } : {}),
    name: [{ family: p.family, ...(p.given.length ? { given: p.given } : {}), ...(p.prefix?.length ? { prefix: p.prefix } : {}) }],
    ...(p.gender ? { gender: p.gender } : {}),
  };
}

export function practitionerRoleResource(role: PractitionerRoleInfo): PractitionerRole {
  return {
    resourceType: "PractitionerRole",
    id: role.id,
    meta: { profile: [PROFILE.practitionerRole] },
    practitioner: { reference: `Practitioner/${role.practitionerId}` },
    ...(role.organisationId ? { organization: { reference: `Organization/${role.organisationId}` } } : {}),
    code: [{ coding: [{ system: SYSTEM.sdsJobRoleName, code: role.roleCode, display: role.roleDisplay }] }],
  };
}

export function organizationResource(org: OrganisationInfo): Organization {
  return {
    resourceType: "Organization",
    id: org.id,
    meta: { profile: [PROFILE.organization] },
    identifier: [{ system: SYSTEM.odsOrganisation, value: org.odsCode }],
    type: [{ coding: [{ system: SYSTEM.organizationType, code: "prov", display: "Healthcare Provider" }] }],
    name: org.name,
    ...(org.phone ? { telecom: [{ system: "phone", value: org.phone, use: "work" }] } : {}),
  };
}

/** The hospital site, with its full address, so the patient is sent to the right building. */
export function locationResource(site: SiteInfo): Location {
  return {
    resourceType: "Location",
    id: site.id,
    meta: { profile: [PROFILE.location] },
    identifier: [{ system: SYSTEM.odsSite, value: site.odsSiteCode }],
    status: "active",
    name: site.name,
    ...(site.phone ? { telecom: [{ system: "phone", value: site.phone, use: "work" }] } : {}),
    address: {
      use: "work",
      type: "physical",
      text: [...site.addressLines, site.town, site.postcode].join(", "),
      line: site.addressLines,
      city: site.town,
      postalCode: site.postcode,
    },
    physicalType: { coding: [{ system: SYSTEM.locationPhysicalType, code: "bu", display: "Building" }] },
    managingOrganization: { reference: `Organization/${site.organisationId}` },
  };
}

function trimBase(url: string): string {
  return url.replace(/\/+$/, "");
}
