/**
 * What the slots of a search belong to: their schedules, the services and sites they are at, the organisations
 * providing them and any practitioner named on a schedule. A door answering a slot search may include these
 * beside the slots (FHIR `_include`), so the search loads them with the slots' own state (search-free-slots.ts).
 */
import { db, type Db } from "../db/client";

export interface SlotSchedule {
  id: string;
  serviceId: string;
  practitionerId?: string;
  practitionerRoleId?: string;
  name: string;
  active: boolean;
}

export interface SlotService {
  id: string;
  name: string;
  /** The Directory of Services ids that find the service. */
  dosServiceIds: string[];
  organisationId: string;
  siteId: string;
  active: boolean;
  /** The site's phone number. */
  phone?: string;
}

export interface SlotPractitioner {
  id: string;
  family: string;
  given: string[];
  prefix?: string[];
  sdsUserId?: string;
  sdsRoleProfileId?: string;
}

export interface SlotPractitionerRole {
  /** The SDS role profile id. */
  id: string;
  practitionerId: string;
  organisationId: string;
  roleCode: string;
  roleDisplay: string;
}

export interface SlotOrganisation {
  id: string;
  odsCode: string;
  name: string;
}

export interface SlotSite {
  id: string;
  name: string;
  odsSiteCode: string;
  addressLines: string[];
  town: string;
  postcode: string;
  phone?: string;
  organisationId: string;
}

export interface SlotSearchRelated {
  schedules: SlotSchedule[];
  services: SlotService[];
  practitioners: SlotPractitioner[];
  practitionerRoles: SlotPractitionerRole[];
  organisations: SlotOrganisation[];
  sites: SlotSite[];
}

export const NO_RELATED: SlotSearchRelated = Object.freeze({ schedules: [], services: [], practitioners: [], practitionerRoles: [], organisations: [], sites: [] });

/** The schedules with these ids and everything they point at. */
export async function loadSlotSearchRelated(scheduleIds: readonly string[], client: Db = db()): Promise<SlotSearchRelated> {
  if (scheduleIds.length === 0) return NO_RELATED;
  const schedules = await client.schedule.findMany({
    where: { id: { in: [...scheduleIds] } },
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
