/**
 * The plain shapes the FHIR mappers take: what the database layer reads for a slot search, independent of
 * Prisma. Ids are the FHIR logical ids the API exposes (≤ 64 characters of [A-Za-z0-9-.], stable for ever).
 */
import type { SlotOrganisation, SlotPractitioner, SlotSite } from "../../capacity/slot-search-related";
import type { DeliveryChannel } from "./systems";

/** One bookable slot. */
export interface SlotRow {
  /** Slot logical id; the consumer sends it back as the contained Slot's id when booking. */
  id: string;
  /** Slot.identifier value (system rfc4122). Defaults to `id`, which is already a UUID. */
  uuid?: string;
  scheduleId: string;
  start: Date;
  end: Date;
  /** What the consumer may see. Capacity that is blocked or suspended is either left out or shown as busy. */
  status: "free" | "busy";
  /** Only when actually known: providers must not default the delivery channel. */
  deliveryChannel?: DeliveryChannel;
}

/** A schedule: the actors whose slots are offered. */
export interface ScheduleInfo {
  id: string;
  /** The HealthcareService actor (exactly one, as the assurance checks require). */
  serviceId: string;
  /** Optional Practitioner actor. */
  practitionerId?: string;
  /** Optional PractitionerRole actor (its id is the SDS role profile id). */
  practitionerRoleId?: string;
  /** Schedule.identifier (CareConnect requires one); defaults to `${baseUrl}/Id/schedule` | id. */
  identifier?: { system: string; value: string };
  /** Shown as Schedule.comment, e.g. "ED arrivals – main site". */
  name?: string;
  active?: boolean;
}

/** A bookable service at a site (Emergency Department, UTC, SDEC). */
export interface ServiceInfo {
  id: string;
  name: string;
  /**
   * Directory of Services ids that find this service. CareConnect allows one HealthcareService.identifier, so the
   * resource carries the id the consumer searched by when it is one of these, else the first.
   */
  dosServiceIds: string[];
  /** The providing organisation (HealthcareService.providedBy). */
  organisationId: string;
  /** The hospital site (HealthcareService.location). */
  siteId?: string;
  active?: boolean;
  phone?: string;
}

/** The core's practitioner; `sdsRoleProfileId` must equal the id of their PractitionerRole (the assurance checks pair them). */
export type PractitionerInfo = SlotPractitioner & { gender?: "male" | "female" | "other" | "unknown" };

export interface PractitionerRoleInfo {
  /** The SDS role profile id. */
  id: string;
  practitionerId: string;
  organisationId?: string;
  /** SDS job role code and display, e.g. R0090 "Consultant". */
  roleCode: string;
  roleDisplay: string;
}

export type OrganisationInfo = SlotOrganisation & { phone?: string };

/** A hospital site: where the patient must go (the core's row: the full address matters for multi-site trusts). */
export type SiteInfo = SlotSite;

/** Everything a slot search answer may draw on. Related rows may be missing: includes are then left out. */
export interface SlotSearchData {
  slots: SlotRow[];
  schedules: ScheduleInfo[];
  services: ServiceInfo[];
  practitioners?: PractitionerInfo[];
  practitionerRoles?: PractitionerRoleInfo[];
  organisations?: OrganisationInfo[];
  sites?: SiteInfo[];
}
