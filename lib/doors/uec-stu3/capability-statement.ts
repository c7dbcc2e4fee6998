/**
 * The CapabilityStatement served at `GET [base]/metadata` (UEC-BOOKING §1.4, §11).
 *
 * Shape of the NBA 2.0.4 template, with what TKW checks: publisher, fhirVersion 3.0.1, both FHIR formats,
 * exactly the 10 CareConnect profiles, exactly two rest resources (Appointment, Slot), Appointment searchParams
 * exactly identifier/_id/version each documented, Slot with the single search-type interaction, exactly three
 * searchParams (service token documented, status token, start date) and exactly six searchIncludes spelt as §1.4
 * lists them. Appointment also lists `vread` and `update` (cancel is a PUT); TKW only needs at least read,
 * create and search-type (its issue #9). `software` and `date` are filled because STU3 needs them to be useful.
 */
import type { CapabilityStatement } from "./model/registry";
import { PROFILE } from "./systems";

/** What the Slot resource says about paging: none; `_count` is ignored (lib/doors/uec-stu3/slot-search-params.ts). */
export const SLOT_SEARCH_PAGING =
  "Paging is not offered: a slot search answers every matching slot in one searchset Bundle, with no next link. _count is accepted and ignored.";

export interface CapabilityStatementInput {
  /** The public service root, e.g. `https://ed.example.nhs.uk/STU3/1` (no trailing slash needed). */
  publicBaseUrl: string;
  softwareVersion: string;
  /** When this statement was published: a Date, or a FHIR date/dateTime string. */
  date: Date | string;
  softwareName?: string;
  softwareReleaseDate?: Date | string;
  publisher?: string;
  /** The NHS Booking API version implemented (CapabilityStatement.version). */
  apiVersion?: string;
}

/** The ten profiles, in the order of the published template. */
export const CAPABILITY_PROFILES = [
  PROFILE.slot,
  PROFILE.healthcareService,
  PROFILE.schedule,
  PROFILE.appointment,
  PROFILE.patient,
  PROFILE.documentReference,
  PROFILE.practitioner,
  PROFILE.practitionerRole,
  PROFILE.organization,
  PROFILE.location,
] as const;

/** Exactly as §1.4 lists them (mixed `.`/`:` spelling included); the search accepts every spelling. */
export const CAPABILITY_SEARCH_INCLUDES = [
  "Slot.schedule",
  "Schedule:actor:Practitioner",
  "Schedule:actor:PractitionerRole",
  "Schedule:actor:HealthcareService",
  "HealthcareService.providedBy",
  "HealthcareService:location",
] as const;

export function capabilityStatement(input: CapabilityStatementInput): CapabilityStatement {
  const base = input.publicBaseUrl.replace(/\/+$/, "");
  const softwareName = input.softwareName ?? "ed-capacity";
  return {
    resourceType: "CapabilityStatement",
    url: `${base}/metadata`,
    version: input.apiVersion ?? "2.0.4",
    name: "Care Connect",
    status: "active",
    date: fhirDateTime(input.date),
    publisher: input.publisher ?? "ed-capacity",
    description: "Emergency Department arrival slots for NHS 111 under the UEC (NHS) Booking Standard: search free slots, book, read and cancel.",
    kind: "capability",
    software: {
      name: softwareName,
      version: input.softwareVersion,
      ...(input.softwareReleaseDate ? { releaseDate: fhirDateTime(input.softwareReleaseDate) } : {}),
    },
    implementation: { description: `${softwareName} FHIR STU3 booking provider`, url: base },
    fhirVersion: "3.0.1",
    acceptUnknown: "both",
    format: ["application/fhir+json", "application/fhir+xml"],
    profile: CAPABILITY_PROFILES.map((reference) => ({ reference })),
    rest: [
      {
        mode: "server",
        security: { cors: true },
        resource: [
          {
            type: "Appointment",
            profile: { reference: PROFILE.appointment },
            interaction: ["read", "vread", "create", "update", "search-type"].map((code) => ({ code })),
            versioning: "versioned-update",
            readHistory: false,
            updateCreate: false,
            searchParam: [
              { name: "identifier", type: "token", documentation: "NHS Number (i.e. https://fhir.nhs.uk/Id/nhs-number|123456789)" },
              { name: "_id", type: "token", documentation: "Unique identifier for an appointment" },
              { name: "version", type: "token", documentation: "The version identifier for the Appointment being requested." },
            ],
          },
          {
            type: "Slot",
            profile: { reference: PROFILE.slot },
            documentation: SLOT_SEARCH_PAGING,
            interaction: [{ code: "search-type" }],
            searchInclude: [...CAPABILITY_SEARCH_INCLUDES],
            searchParam: [
              {
                name: "service",
                type: "token",
                documentation:
                  "The service id of the Healthcare Service for which Slots are being requested (e.g. the DoS service id). Also accepted as schedule.actor:healthcareservice.",
              },
              { name: "status", type: "token", documentation: "Slot status: free, busy, or a comma-separated list." },
              { name: "start", type: "date", documentation: "Slot start, with prefixes: start=ge…&start=le… for a window." },
            ],
          },
        ],
      },
    ],
  };
}

function fhirDateTime(value: Date | string): string {
  if (typeof value === "string") return value;
  return value.toISOString().replace(/\.\d{3}Z$/, "+00:00");
}
