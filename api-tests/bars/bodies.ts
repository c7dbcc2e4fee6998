// BaRS request bodies, re-expressed in TypeScript from TKW's request templates (book_appt_template.xml,
// referral_request_01_template.xml) and the transforms the APP1 receiver tests apply to them, with a synthetic
// patient (999-range NHS number) instead of TKW's. Nothing here imports product code.
import { randomUUID } from "node:crypto";
import { DOS, FROM_SERVICE, SERVICE, entriesOf, resourcesOf, type Resource } from "./client";

const LAST_UPDATED = "2021-10-11T15:01:30.8185338+00:00";
const meta = (...profile: string[]) => ({ lastUpdated: LAST_UPDATED, ...(profile.length ? { profile } : {}) });
const urn = () => `urn:uuid:${randomUUID()}`;
const nowSeconds = () => new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00");

export const PATIENT_NHS_NUMBER = "9990000018";
const RANK = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactRank";
const ROLE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
const USECASE = "https://fhir.nhs.uk/CodeSystem/usecases-categories-bars";
const EVENTS = "https://fhir.nhs.uk/CodeSystem/message-events-bars";
const REASONS = "https://fhir.nhs.uk/CodeSystem/message-reason-bars";
export const MD = {
  booking: "https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request",
  bookingCancelled: "https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request-cancelled",
  referral: "https://fhir.nhs.uk/MessageDefinition/bars-message-servicerequest-request-referral",
  referralCancelled: "https://fhir.nhs.uk/MessageDefinition/bars-message-servicerequest-request-cancelled",
} as const;

export type Bundle = { resourceType: "Bundle"; id: string; meta: Record<string, any>; type: string; timestamp: string; entry: { fullUrl: string; resource: Resource }[] };

/** The entry whose resource has this type (the first one). */
export const entry = (b: Bundle, type: string) => {
  const e = b.entry.find((x) => x.resource.resourceType === type);
  if (!e) throw new Error(`no ${type} entry`);
  return e;
};
export const res = (b: Bundle, type: string) => entry(b, type).resource;
export const dropEntries = (b: Bundle, ...types: string[]) => {
  b.entry = b.entry.filter((e) => !types.includes(e.resource.resourceType));
  return b;
};
export const clone = <T>(v: T): T => structuredClone(v);

// ---------------------------------------------------------------------------------------------------------------
// Patient: TKW's template patient (contacts ranked as APP1 "Contacts" asks), with a synthetic identity.

export interface PatientOptions {
  nhsNumber?: string | null;
  family?: string;
  given?: string;
  id?: string;
}

export function patient(o: PatientOptions = {}): Resource {
  const p: Resource = {
    resourceType: "Patient",
    ...(o.id ? { id: o.id } : {}),
    meta: meta("https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"),
    extension: [
      {
        url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory",
        valueCodeableConcept: { coding: [{ system: "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategory", code: "A", display: "British, Mixed British" }] },
      },
      {
        url: "http://hl7.org/fhir/StructureDefinition/patient-religion",
        valueCodeableConcept: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ReligiousAffiliation", code: "1041", display: "Roman Catholic Church" }] },
      },
    ],
    identifier:
      o.nhsNumber === null
        ? undefined
        : [
            {
              extension: [
                {
                  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus",
                  valueCodeableConcept: {
                    coding: [{ system: "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus", code: "number-present-and-verified", display: "Number present and verified" }],
                  },
                },
              ],
              system: "https://fhir.nhs.uk/Id/nhs-number",
              value: o.nhsNumber ?? PATIENT_NHS_NUMBER,
            },
          ],
    name: [{ use: "official", text: `Mx ${o.given ?? "Alex"} ${o.family ?? "Testpatient"}`, family: o.family ?? "Testpatient", given: [o.given ?? "Alex"], prefix: ["Mx"] }],
    gender: "unknown",
    birthDate: "1974-12-25",
    address: [{ use: "home", text: "12 Orchard Way, Wessexford WX2 7QT", line: ["12 Orchard Way", "Wessexford"], city: "Wessexford", postalCode: "WX2 7QT" }],
    contact: [
      {
        extension: [{ url: RANK, valuePositiveInt: 1 }],
        relationship: [{ coding: [{ system: ROLE, code: "ONESELF", display: "self" }] }],
        telecom: [
          { system: "phone", value: "01632960001", use: "home", rank: 2 },
          { system: "phone", value: "07700900001", use: "mobile", rank: 1 },
          { system: "email", value: "alex.testpatient@example.org", use: "home", rank: 3 },
        ],
      },
      {
        extension: [{ url: RANK, valuePositiveInt: 2 }],
        relationship: [{ coding: [{ system: ROLE, code: "NEPHEW" }] }],
        name: { family: "Grayson", given: ["Jack"] },
        telecom: [{ system: "phone", value: "07700900002", rank: 1 }],
        gender: "male",
      },
    ],
    communication: [{ language: { coding: [{ system: "https://fhir.hl7.org.uk/CodeSystem/UKCore-HumanLanguage", code: "en", display: "English" }] }, preferred: true }],
  };
  if (!p.identifier) delete p.identifier;
  return p;
}

const organization = (id: string | undefined, ods: string, name: string): Resource => ({
  resourceType: "Organization",
  ...(id ? { id } : {}),
  meta: meta("https://fhir.hl7.org.uk/StructureDefinition/UKCore-Organization"),
  // TKW's booking writes the ODS system with a lower-case `id` (sic).
  identifier: [{ system: "https://fhir.nhs.uk/id/ods-organization-code", value: ods }],
  name,
});

function messageHeader(o: { event: string; reason: string; definition: string; focus: string; receiver: string; sender: string; service?: string; cdss?: boolean }): Resource {
  return {
    resourceType: "MessageHeader",
    meta: meta(`https://fhir.nhs.uk/StructureDefinition/BARSMessageHeader-${o.event}`),
    ...(o.cdss
      ? {
          extension: [
            {
              url: "https://fhir.nhs.uk/StructureDefinition/CDSSExtension",
              extension: [
                { url: "RequesterCDSSsoftware", valueString: "Pathways" },
                { url: "RequesterCDSSversion", valueString: "30.2.0" },
              ],
            },
          ],
        }
      : {}),
    eventCoding: { system: EVENTS, code: o.event },
    destination: [{ endpoint: `${DOS}|${o.service ?? SERVICE}`, receiver: { reference: o.receiver } }],
    sender: { reference: o.sender },
    source: { name: "My organisation name", software: "My software name", version: "2.1.45", contact: { system: "phone", value: "+44 (0113) 123 4567" }, endpoint: `${DOS}|${FROM_SERVICE}` },
    reason: { coding: [{ system: REASONS, code: o.reason }] },
    focus: [{ reference: o.focus }],
    definition: o.definition,
  };
}

function bundle(entries: { fullUrl: string; resource: Resource }[], id: string = randomUUID()): Bundle {
  return {
    resourceType: "Bundle",
    id,
    meta: { versionId: "1.0.0", lastUpdated: "2021-10-11T15:01:31.8185338+00:00", profile: ["https://fhir.nhs.uk/StructureDefinition/BARSBundleMessage"] },
    type: "message",
    timestamp: "2021-10-11T12:15:10+00:00",
    entry: entries,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Booking (book_appt_template.xml ∘ remove_appt_id.xslt), filled from our slot search as TKW's extractor does.

export interface SlotPick {
  slot: Resource;
  schedule: Resource;
  healthcareService: Resource;
  practitioner?: Resource;
  practitionerRole?: Resource;
  location?: Resource;
  organizationIds: string[];
}

/** The slot TKW would book: the first free Slot of the search not yet used in this run, with the included resources. */
export function pickSlot(searchset: any, used: Set<string> = new Set()): SlotPick {
  const slot = resourcesOf(searchset, "Slot").find((s) => s.status === "free" && !used.has(s.id));
  if (!slot) throw new Error("no free slot left in the search response");
  used.add(slot.id);
  const scheduleId = String(slot.schedule?.reference ?? "").slice("Schedule/".length);
  const all = entriesOf(searchset).map((e) => e.resource);
  const schedule = all.find((r) => r.resourceType === "Schedule" && r.id === scheduleId) ?? resourcesOf(searchset, "Schedule")[0];
  return {
    slot,
    schedule,
    healthcareService: resourcesOf(searchset, "HealthcareService")[0],
    practitioner: resourcesOf(searchset, "Practitioner")[0],
    practitionerRole: resourcesOf(searchset, "PractitionerRole")[0],
    location: resourcesOf(searchset, "Location")[0],
    organizationIds: resourcesOf(searchset, "Organization").map((o) => o.id).filter(Boolean).slice(0, 3),
  };
}

export interface BookingOptions {
  patient?: PatientOptions;
  bundleId?: string;
  appointmentStatus?: string;
  /** Relative reference to a referral we issued (`ServiceRequest/<id>`), for a booking made after the referral. */
  basedOn?: string;
}

export function bookingBody(pick: SlotPick, o: BookingOptions = {}): Bundle {
  const u = { appt: urn(), patient: urn(), gp: urn(), slot: urn(), schedule: urn(), hs: urn(), pract: urn(), role: urn(), loc: urn(), receiver: urn(), sender: urn() };
  const [org1, org2, org3] = pick.organizationIds;
  const p = patient(o.patient);
  p.generalPractitioner = [{ reference: u.gp }];
  const entries: { fullUrl: string; resource: Resource }[] = [
    { fullUrl: urn(), resource: messageHeader({ event: "booking-request", reason: "new", definition: MD.booking, focus: u.appt, receiver: u.receiver, sender: u.sender }) },
    {
      fullUrl: u.appt,
      resource: {
        resourceType: "Appointment",
        meta: meta("http://hl7.org/fhir/StructureDefinition/Appointment", "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Appointment"),
        ...(o.basedOn ? { basedOn: [{ reference: o.basedOn }] } : {}),
        status: o.appointmentStatus ?? "booked",
        serviceCategory: [{ coding: [{ system: USECASE, code: "a1t1", display: "111 to ED" }] }],
        description: "Reason for calling-",
        start: pick.slot.start,
        end: pick.slot.end,
        slot: [{ reference: u.slot }],
        created: nowSeconds(),
        participant: [{ actor: { reference: u.patient }, status: "accepted" }],
      },
    },
    { fullUrl: u.patient, resource: p },
    { fullUrl: u.gp, resource: organization(org1, "G82080", "Patient's Surgery") },
    {
      fullUrl: u.slot,
      resource: {
        resourceType: "Slot",
        // TKW: __SLOT_ID__ + __IDENTIFIER_VALUE__, first 36 characters; our Slot ids are 36-character UUIDs.
        id: String(pick.slot.id).slice(0, 36),
        meta: meta("http://hl7.org/fhir/StructureDefinition/Slot", "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Slot"),
        serviceCategory: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/service-category", code: "14", display: "Emergency Department" }] }],
        appointmentType: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0276", code: "EMERGENCY", display: "Emergency appointment" }] },
        schedule: { reference: u.schedule },
        status: "busy",
        start: pick.slot.start,
        end: pick.slot.end,
      },
    },
    {
      fullUrl: u.schedule,
      resource: {
        resourceType: "Schedule",
        id: pick.schedule.id,
        meta: meta("http://hl7.org/fhir/StructureDefinition/Schedule", "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Schedule"),
        identifier: [{ system: "https://system.supplier.co.uk/Diary/id", value: "8622dfdb-dc6a-47b6-b3a7-2eb2829db287" }],
        actor: [{ reference: u.hs }, { reference: u.role }, { reference: u.pract }],
      },
    },
    {
      fullUrl: u.hs,
      resource: {
        resourceType: "HealthcareService",
        id: pick.healthcareService.id,
        meta: meta("http://hl7.org/fhir/StructureDefinition/HealthcareService", "https://fhir.hl7.org.uk/StructureDefinition/UKCore-HealthcareService"),
        // Not the DoS id: TKW's supplier-local identifier (D32).
        identifier: [{ system: "https://system.supplier.co.uk/My/Healthcare/Services", value: "100" }],
        location: [{ reference: u.loc }],
        name: "Healthcare Service Name",
      },
    },
    {
      fullUrl: u.pract,
      resource: {
        resourceType: "Practitioner",
        ...(pick.practitioner?.id ? { id: pick.practitioner.id } : {}),
        meta: meta("https://fhir.hl7.org.uk/StructureDefinition/UKCore-Practitioner"),
        identifier: [{ system: "https://fhir.nhs.uk/Id/sds-user-id", value: "G13579135" }],
        name: [{ family: "Bloggs", given: ["Joe"], prefix: ["Dr"] }],
      },
    },
    {
      fullUrl: u.role,
      resource: {
        resourceType: "PractitionerRole",
        ...(pick.practitionerRole?.id ? { id: pick.practitionerRole.id } : {}),
        meta: meta("https://fhir.hl7.org.uk/StructureDefinition/UKCore-PractitionerRole"),
        practitioner: { reference: u.pract },
        organization: { reference: u.receiver },
      },
    },
    {
      fullUrl: u.loc,
      resource: {
        resourceType: "Location",
        ...(pick.location?.id ? { id: pick.location.id } : {}),
        meta: meta("https://fhir.hl7.org.uk/StructureDefinition/UKCore-Location"),
        name: "Emergency Department",
      },
    },
    { fullUrl: u.receiver, resource: organization(org2, "H82080", "ORIGINAL Receiving/performing Organization") },
    { fullUrl: u.sender, resource: organization(org3, "I82080", "Sender Organization") },
  ];
  return bundle(entries, o.bundleId);
}

// --- TKW's booking transforms -----------------------------------------------------------------------------------

const contacts = (b: Bundle) => res(b, "Patient").contact as any[];
const rankOf = (c: any) => c.extension?.find((e: any) => e.url === RANK)?.valuePositiveInt;

/** remove_appt_id_and_change_rank.xslt: every ContactRank set to 1. */
export const twoRank1 = (b: Bundle) => {
  for (const c of contacts(b)) for (const e of c.extension ?? []) if (e.url === RANK) e.valuePositiveInt = 1;
  return b;
};
/** remove_appt_id_and_rank1.xslt: the rank-1 contact removed. */
export const noRank1 = (b: Bundle) => {
  res(b, "Patient").contact = contacts(b).filter((c) => rankOf(c) !== 1);
  return b;
};
/** remove_appt_id_and_change_relationship_to_brother.xslt: the rank-1 contact is the patient's brother, not the patient. */
export const rank1NotOneself = (b: Bundle) => {
  for (const c of contacts(b)) if (rankOf(c) === 1) c.relationship = [{ coding: [{ system: ROLE, code: "BRO", display: "brother" }] }];
  return b;
};
/** remove_appt_id_and_nhs_no.xslt / create_service_request_no_nhs_no.xslt: Patient.identifier removed. */
export const noNhsNumber = (b: Bundle) => {
  delete res(b, "Patient").identifier;
  return b;
};
/** *_invalidate_event_code.xslt. */
export const invalidEvent = (b: Bundle, code: string) => {
  res(b, "MessageHeader").eventCoding.code = code;
  return b;
};
/** *_invalidate_reason_code.xslt. */
export const invalidReason = (b: Bundle) => {
  res(b, "MessageHeader").reason.coding[0].code = "xxxxxxxxxxxxxxxxxxx";
  return b;
};
/** *_versionid.xslt: Bundle.meta.versionId removed. */
export const noVersionId = (b: Bundle) => {
  delete b.meta.versionId;
  return b;
};
/** booking_request_basic.xslt: optional content stripped (GP, Practitioner, PractitionerRole, Location, created). */
export const bookingBasic = (b: Bundle) => {
  const p = res(b, "Patient");
  delete p.generalPractitioner;
  const keep = new Set(b.entry.filter((e) => !["Practitioner", "PractitionerRole", "Location"].includes(e.resource.resourceType)).map((e) => e.fullUrl));
  const schedule = res(b, "Schedule");
  schedule.actor = schedule.actor.filter((a: any) => keep.has(a.reference));
  delete res(b, "HealthcareService").location;
  delete res(b, "Appointment").created;
  return dropEntries(b, "Practitioner", "PractitionerRole", "Location");
};

// --- Booking cancel (cancel_appointment.xslt), from our booking response -----------------------------------------

/**
 * TKW's cancel: the booking rebuilt with the ids we returned, reason `update`, the cancelled definition, Appointment
 * `id` ours and `status` cancelled, the Slot, Schedule, HealthcareService, Practitioner(Role) and Location entries
 * removed (Appointment.slot left dangling), and a new Bundle.id.
 */
export function cancelBody(booking: Bundle, response: any, o: { status?: string; participant?: string } = {}): Bundle {
  const b = clone(booking);
  b.id = randomUUID();
  const ours = (type: string) => resourcesOf(response, type);
  const appt = res(b, "Appointment");
  appt.id = ours("Appointment")[0]?.id;
  appt.status = o.status ?? "cancelled";
  const created = ours("Appointment")[0]?.created;
  if (created) appt.created = created;
  const pat = res(b, "Patient");
  const ourPatient = ours("Patient")[0];
  if (ourPatient?.id) pat.id = ourPatient.id;
  const orgs = b.entry.filter((e) => e.resource.resourceType === "Organization");
  ours("Organization").forEach((org, i) => {
    if (orgs[i] && org.id) orgs[i].resource.id = org.id;
  });
  const mh = res(b, "MessageHeader");
  mh.reason.coding[0].code = "update";
  mh.definition = MD.bookingCancelled;
  // cancel_appointment_and_change_details.xslt: the participant is someone else.
  if (o.participant) appt.participant[0].actor.reference = o.participant;
  return dropEntries(b, "Slot", "Schedule", "HealthcareService", "Practitioner", "PractitionerRole", "Location");
}

// ---------------------------------------------------------------------------------------------------------------
// Referral (referral_request_01_template.xml ∘ create_service_request.xslt ≈ IG REFREQ01, 111 → ED).

export interface ReferralOptions {
  patient?: PatientOptions;
  bundleId?: string;
  /** Sender-supplied ids on every resource (Ignore_IDs: TKW's placeholders, which are not valid FHIR ids). */
  senderIds?: (name: string) => string | undefined;
  /** `Appointment/<id>` of a booking we issued, when the booking was made first. */
  appointment?: string;
}

export function referralBody(o: ReferralOptions = {}): Bundle {
  const id = (name: string) => (o.senderIds ? { id: o.senderIds(name) } : {});
  const u = {
    sr: urn(), patient: urn(), enc: urn(), cp: urn(), consent: urn(), flagSg: urn(), flagRa: urn(), flagRs: urn(), qrRejected: urn(), qrInfo: urn(),
    obsHousehold: urn(), obsWishes: urn(), med: urn(), allergy: urn(), practitioner: urn(), role: urn(), hs: urn(), receiver: urn(), sender: urn(), gp: urn(), loc: urn(),
  };
  const p: Resource = { ...patient(o.patient), ...id("PATIENT") };
  p.generalPractitioner = [{ reference: u.gp }];
  const subject = { reference: u.patient };
  const lu = meta();
  const entries: { fullUrl: string; resource: Resource }[] = [
    { fullUrl: urn(), resource: messageHeader({ event: "servicerequest-request", reason: "new", definition: MD.referral, focus: u.sr, receiver: u.receiver, sender: u.sender, cdss: true }) },
    {
      fullUrl: u.sr,
      resource: {
        resourceType: "ServiceRequest",
        ...id("SERVICE_REQUEST"),
        meta: meta("https://fhir.nhs.uk/StructureDefinition/BARSServiceRequest-request-referral"),
        basedOn: [{ reference: u.cp }],
        status: "active",
        intent: "plan",
        category: [
          { coding: [{ system: "https://fhir.nhs.uk/CodeSystem/message-category-servicerequest", code: "referral", display: "Transfer of Care" }] },
          { coding: [{ system: USECASE, code: "a1t1", display: "111 to ED" }] },
        ],
        priority: "routine",
        subject,
        encounter: { reference: u.enc },
        occurrencePeriod: { start: "2022-02-25T14:38:26+07:00", end: "2022-02-25T18:38:26+07:00" },
        authoredOn: "2022-02-25T13:38:26+00:00",
        requester: { reference: u.role },
        performer: [{ reference: u.hs }],
        locationReference: [{ reference: u.loc }],
        reasonCode: [{ coding: [{ system: "http://snomed.info/sct", code: "422400008", display: "Vomiting" }] }],
        supportingInfo: [{ reference: u.qrRejected }, { reference: u.flagRs }, ...(o.appointment ? [{ reference: o.appointment }] : [])],
        patientInstruction: "Please attend the Emergency Department within the next hour.",
      },
    },
    { fullUrl: u.patient, resource: p },
    {
      fullUrl: u.enc,
      resource: {
        resourceType: "Encounter",
        ...id("ENCOUNTER"),
        meta: lu,
        identifier: [{ system: "https://sender.url/Id/case-number", value: "CASE-0001" }],
        status: "finished",
        class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "EMER", display: "emergency" },
        subject,
        episodeOfCare: [{ reference: "EpisodeOfCare/d877b820-e72b-44d1-a627-195f54bfc606" }],
        period: { start: "2022-02-25T13:00:00+00:00", end: "2022-02-25T13:38:26+00:00" },
      },
    },
    {
      fullUrl: u.cp,
      resource: {
        resourceType: "CarePlan",
        ...id("CAREPLAN"),
        meta: lu,
        status: "completed",
        intent: "plan",
        subject,
        encounter: { reference: u.enc },
        activity: [
          {
            outcomeCodeableConcept: [
              { coding: [{ system: "https://fhir.nhs.uk/CodeSystem/pathways-sd-codes", code: "4389" }] },
              { coding: [{ system: "https://fhir.nhs.uk/CodeSystem/pathways-dx-codes", code: "DX02", display: "The individual needs to attend an emergency treatment centre within 1 hour." }] },
              { coding: [{ system: "https://fhir.nhs.uk/CodeSystem/pathways-pathway-codes", code: "PA21" }] },
              { coding: [{ system: "https://fhir.nhs.uk/CodeSystem/pathways-sg-codes", code: "1010" }] },
              { text: "Pathways assessment report: vomiting for two days, unable to keep fluids down." },
            ],
          },
        ],
      },
    },
    {
      fullUrl: u.consent,
      resource: {
        resourceType: "Consent",
        ...id("CONSENT"),
        meta: lu,
        status: "active",
        scope: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/consentscope", code: "patient-privacy" }] },
        category: [{ coding: [{ system: "https://fhir.nhs.uk/CodeSystem/consent-categories-bars", code: "DRC", display: "Direct Care" }] }],
        patient: subject,
        dateTime: "2022-02-25T13:38:26+00:00",
        policyRule: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "IMPLIED" }] },
      },
    },
    {
      fullUrl: u.flagSg,
      resource: {
        resourceType: "Flag", ...id("FLAG1"), meta: lu, status: "active",
        category: [{ coding: [{ system: "https://fhir.nhs.uk/CodeSystem/flag-categories-bars", code: "SG", display: "Safeguarding Concern" }] }],
        code: { coding: [{ system: "https://fhir.nhs.uk/CodeSystem/safeguarding-codes-bars", code: "836881000000105", display: "Child is cause for safeguarding concern (finding)" }] },
        subject,
      },
    },
    {
      fullUrl: u.flagRa,
      resource: {
        resourceType: "Flag", ...id("FLAG2"), meta: lu, status: "active",
        category: [{ coding: [{ system: "https://fhir.nhs.uk/CodeSystem/flag-categories-bars", code: "RA", display: "Reasonable Adjustment" }] }],
        code: { coding: [{ system: "https://fhir.nhs.uk/CodeSystem/reasonable-adjustment-codes-bars", code: "adjustforneedlephobia" }] },
        subject,
      },
    },
    {
      fullUrl: u.flagRs,
      resource: {
        resourceType: "Flag", ...id("FLAG3"), meta: lu, status: "active",
        category: [{ coding: [{ system: "https://fhir.nhs.uk/CodeSystem/flag-categories-bars", code: "RS", display: "Rejected Services" }] }],
        code: { coding: [{ system: "http://snomed.info/sct", code: "718941000000104", display: "Patient choice" }] },
        subject,
      },
    },
    {
      fullUrl: u.qrRejected,
      resource: {
        resourceType: "QuestionnaireResponse", ...id("QUESTIONNAIRE_RESPONSE1"), meta: lu,
        extension: [{ url: "http://hl7.org/fhir/StructureDefinition/questionnaireresponse-reason", valueCodeableConcept: { text: "Rejected Services" } }],
        status: "completed", subject: { reference: u.flagRs },
        item: [{ linkId: "RejectedServices", text: "Rejected Services", item: [
          { linkId: "ServiceId", answer: [{ valueString: "2000000002" }] },
          { linkId: "ServiceName", answer: [{ valueString: "Wessexford Urgent Treatment Centre" }] },
          { linkId: "RejectionReason", answer: [{ valueCoding: { system: "https://fhir.nhs.uk/CodeSystem/dos-rejected-reasons-bars", code: "26", display: "Patient choice" } }] },
          { linkId: "RejectionComment", answer: [{ valueString: "Patient prefers the ED" }] },
        ] }],
      },
    },
    {
      fullUrl: u.qrInfo,
      resource: {
        resourceType: "QuestionnaireResponse", ...id("QUESTIONNAIRE_RESPONSE2"), meta: lu,
        extension: [{ url: "http://hl7.org/fhir/StructureDefinition/questionnaireresponse-reason", valueCodeableConcept: { text: "Additional Information Sources" } }],
        status: "completed", subject,
        item: [{ linkId: "SpecialPatientNotes", text: "Special Patient Notes", answer: [{ valueString: "None recorded" }] }],
      },
    },
    {
      fullUrl: u.obsHousehold,
      resource: {
        resourceType: "Observation", ...id("OBSERVATION1"), meta: lu, status: "final",
        code: { coding: [{ system: "https://fhir.nhs.uk/CodeSystem/household-composition-bars", code: "LivesAlone" }] },
        subject,
        valueCodeableConcept: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-LivingArrangement", code: "N" }] },
      },
    },
    {
      fullUrl: u.obsWishes,
      resource: { resourceType: "Observation", ...id("OBSERVATION2"), meta: lu, status: "final", code: { text: "Expectations and wishes" }, subject, valueString: "Wants to be seen today" },
    },
    {
      fullUrl: u.med,
      resource: {
        resourceType: "MedicationStatement", ...id("MEDICATION_STATEMENT"), meta: lu, status: "active",
        medicationCodeableConcept: { coding: [{ system: "http://snomed.info/sct", code: "322236009", display: "Paracetamol 500mg tablets" }] },
        subject,
      },
    },
    {
      fullUrl: u.allergy,
      resource: {
        resourceType: "AllergyIntolerance", ...id("ALLERGY_INTOLERANCE"), meta: lu,
        clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code: "active" }] },
        code: { coding: [{ system: "http://snomed.info/sct", code: "91936005", display: "Allergy to penicillin" }] },
        patient: subject,
      },
    },
    {
      fullUrl: u.practitioner,
      resource: { resourceType: "Practitioner", ...id("PRACTITIONER1"), meta: lu, identifier: [{ system: "https://fhir.nhs.uk/Id/sds-user-id", value: "G13579135" }], name: [{ family: "Assessor", given: ["Sam"] }] },
    },
    {
      fullUrl: u.role,
      resource: { resourceType: "PractitionerRole", ...id("PRACTITIONER_ROLE1"), meta: lu, practitioner: { reference: u.practitioner }, organization: { reference: u.sender } },
    },
    {
      fullUrl: u.hs,
      resource: {
        resourceType: "HealthcareService", ...id("HEALTHCARE_SERVICE"), meta: lu,
        // A hard-coded value in TKW's template, not our service id (D32).
        identifier: [{ system: "http://fhir.nhs.uk/Id/dos-service-id", value: "111111111" }],
        providedBy: { reference: u.receiver }, name: "Emergency Department",
      },
    },
    { fullUrl: u.loc, resource: { resourceType: "Location", meta: lu, name: "Patient's current location", address: { text: "12 Orchard Way, Wessexford WX2 7QT" } } },
    { fullUrl: u.gp, resource: { ...organization(undefined, "G82080", "Patient's Surgery"), ...id("ORG1") } },
    { fullUrl: u.receiver, resource: { ...organization(undefined, "H82080", "Receiving Organization"), ...id("ORG2") } },
    { fullUrl: u.sender, resource: { ...organization(undefined, "I82080", "Sender Organization"), ...id("ORG3") } },
  ];
  return bundle(entries, o.bundleId);
}

// --- TKW's referral transforms ----------------------------------------------------------------------------------

/** create_service_request_not_direct_care.xslt. */
export const notDirectCare = (b: Bundle) => {
  res(b, "Consent").category = [{ coding: [{ system: "https://fhir.nhs.uk/CodeSystem/consent-categories-bars", code: "NDRC", display: "Not Direct Care" }] }];
  return b;
};
/** create_service_request_change_careplan_status_active.xslt. */
export const carePlanNotComplete = (b: Bundle) => {
  res(b, "CarePlan").status = "active";
  return b;
};
/** create_service_request_change_encounter_status.xslt. */
export const encounterChanged = (b: Bundle) => {
  res(b, "Encounter").status = "planned";
  return b;
};
/** *_change_category.xslt: every ServiceRequest.category code → `nonsense`. */
export const changeCategory = (b: Bundle) => {
  for (const c of res(b, "ServiceRequest").category) for (const coding of c.coding) coding.code = "nonsense";
  return b;
};
/** create_service_request_basic.xslt: optional clinical content stripped. */
export const referralBasic = (b: Bundle) => {
  const sr = res(b, "ServiceRequest");
  delete sr.locationReference;
  delete sr.supportingInfo;
  return dropEntries(b, "Location", "MedicationStatement", "AllergyIntolerance", "Flag", "QuestionnaireResponse", "Observation");
};
/** TKW's `__NAME_ID__` placeholders as the referral template names them (create_service_request_leave_ids.xslt leaves them in). */
export const placeholderIds = (name: string) => `__${name}_ID__`;

/**
 * cancel_service_request.xslt: the referral rebuilt with our ids (ServiceRequest, Patient, Organizations), reason
 * `update`, the cancelled definition, status `revoked`, the clinical resources removed, a new Bundle.id.
 */
export function revokeBody(referral: Bundle, response: any, o: { status?: string } = {}): Bundle {
  const b = clone(referral);
  b.id = randomUUID();
  const ours = (type: string) => resourcesOf(response, type);
  const sr = res(b, "ServiceRequest");
  sr.id = ours("ServiceRequest")[0]?.id;
  sr.status = o.status ?? "revoked";
  delete sr.supportingInfo;
  delete sr.basedOn;
  delete sr.encounter;
  delete sr.requester;
  delete sr.performer;
  delete sr.locationReference;
  const pat = res(b, "Patient");
  if (ours("Patient")[0]?.id) pat.id = ours("Patient")[0].id;
  const orgs = b.entry.filter((e) => e.resource.resourceType === "Organization");
  ours("Organization").forEach((org, i) => {
    if (orgs[i] && org.id) orgs[i].resource.id = org.id;
  });
  const mh = res(b, "MessageHeader");
  mh.reason.coding[0].code = "update";
  mh.definition = MD.referralCancelled;
  return dropEntries(
    b, "Encounter", "CarePlan", "HealthcareService", "PractitionerRole", "Practitioner", "MedicationStatement", "AllergyIntolerance",
    "Flag", "QuestionnaireResponse", "Observation", "Consent", "Task", "Condition", "Location",
  );
}

/**
 * The referral rebuilt from our response ("referral_request_01_extracted"): our ids on the resources we returned.
 * TKW uses it for NotDirectCare and the resend tests.
 */
export function extractedReferral(response: any, bundleId: string = randomUUID()): Bundle {
  const b = clone(response) as Bundle;
  b.id = bundleId;
  // Only the request's own entries: drop our secondary (planned) Encounter.
  const srEnc = resourcesOf(response, "ServiceRequest")[0]?.encounter?.reference;
  b.entry = b.entry.filter((e) => !(e.resource.resourceType === "Encounter" && e.resource.status === "planned" && e.fullUrl !== srEnc));
  return b;
}

// ---------------------------------------------------------------------------------------------------------------
// A small FHIR JSON → XML serialiser, for the XML tests (FHIR XML rules: primitives as `value` attributes, arrays as
// repeated elements, `url` of extensions and element `id`s as attributes, resources wrapped in their type).

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function xmlValue(name: string, v: any, indent: string, inResourceRoot = false): string {
  if (Array.isArray(v)) return v.map((x) => xmlValue(name, x, indent)).join("");
  if (v === null || v === undefined) return "";
  if (typeof v !== "object") return `${indent}<${name} value="${esc(String(v))}"/>\n`;
  if (name === "resource" || (v.resourceType && !inResourceRoot)) {
    const inner = xmlResource(v, `${indent}  `);
    return name === "resource" || name === "contained" ? `${indent}<${name}>\n${inner}${indent}</${name}>\n` : inner;
  }
  const attrs = [v.url !== undefined ? ` url="${esc(v.url)}"` : "", typeof v.id === "string" ? ` id="${esc(v.id)}"` : ""].join("");
  const children = Object.entries(v)
    .filter(([k]) => k !== "url" && k !== "id")
    .map(([k, x]) => xmlValue(k, x, `${indent}  `))
    .join("");
  return children ? `${indent}<${name}${attrs}>\n${children}${indent}</${name}>\n` : `${indent}<${name}${attrs}/>\n`;
}

function xmlResource(r: Resource, indent: string, root = false): string {
  const { resourceType, ...rest } = r;
  const ns = root ? ' xmlns="http://hl7.org/fhir"' : "";
  const children = Object.entries(rest).map(([k, x]) => xmlValue(k, x, `${indent}  `, true)).join("");
  return `${indent}<${resourceType}${ns}>\n${children}${indent}</${resourceType}>\n`;
}

export const toXml = (r: Resource) => `<?xml version="1.0" encoding="UTF-8"?>\n${xmlResource(r, "", true)}`;
