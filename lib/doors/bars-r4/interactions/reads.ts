/**
 * GET /Appointment/{id}, GET /Appointment?patient:identifier=, and the same for ServiceRequest (BARS-RECEIVER
 * §2.9, §2.10): ids must be UUIDs (`/Appointment/` → 400 required, not a UUID → 400 value, unknown → 404); a
 * search needs an NHS number (missing → 400 required, malformed → 400 value). A query key that is itself
 * `system|value` is read as patient:identifier (§12 D13).
 */
import { randomUUID } from "node:crypto";
import { appointmentsOfPatient } from "../../../booking/appointments-of-patient";
import { readAppointment } from "../../../booking/read-appointment";
import { readReferral, referralByReference, referralIdOfBooking, referralsOfPatient, withLinkedBooking } from "../../../referrals/referrals";
import { now as clockNow } from "../../../time/clock";
import { r4Appointment } from "../appointment-r4";
import { barsRoute } from "../bars-route";
import { barsConfig } from "../config";
import { UUID } from "../headers";
import { bad, notFound } from "../rec-errors";
import { instant7 } from "../slot-bundle";

const NHS_SYSTEM = /^https?:\/\/fhir\.nhs\.uk\/id\/nhs-number$/i;

function idFrom(params: { id?: string[] | string }, type: string): string {
  const raw = Array.isArray(params.id) ? params.id.join("/") : (params.id ?? "");
  if (!raw) throw bad("required", `The ${type} id is required: GET /${type}/{id}`);
  if (!UUID.test(raw)) throw bad("value", `${raw.slice(0, 40)} is not a valid ${type} id: ids are UUIDs`);
  return raw.toLowerCase();
}

function patientIdentifier(params: URLSearchParams): string {
  let value: string | null = null;
  for (const [k, v] of params) {
    if (k === "patient:identifier" || k === "patient.identifier") value = v;
    else if (k.includes("|") && v === "") value = k;
  }
  if (value === null || value.split("|").pop()!.trim() === "") throw bad("required", "patient:identifier is required: https://fhir.nhs.uk/Id/nhs-number|<NHS number>");
  const bar = value.lastIndexOf("|");
  const system = bar >= 0 ? value.slice(0, bar) : "";
  const nhs = value.slice(bar + 1).trim();
  if ((system && !NHS_SYSTEM.test(system)) || !/^\d{10}$/.test(nhs)) throw bad("value", "patient:identifier must be https://fhir.nhs.uk/Id/nhs-number| followed by a 10-digit NHS number");
  return nhs;
}

/** A booking linked to a referral made after it (the referral named it in `supportingInfo`) names it in `basedOn`. */
function withBasedOn(appointment: Record<string, unknown>, referralId: string | null): Record<string, unknown> {
  if (!referralId) return appointment;
  const based = Array.isArray(appointment.basedOn) ? (appointment.basedOn as { reference?: string }[]) : [];
  if (based.some((b) => b?.reference === `ServiceRequest/${referralId}`)) return appointment;
  return { ...appointment, basedOn: [...based, { reference: `ServiceRequest/${referralId}` }] };
}

function searchset(type: string, resources: Record<string, unknown>[], url: URL): Record<string, unknown> {
  const base = barsConfig().baseUrl;
  return {
    resourceType: "Bundle",
    id: randomUUID(),
    meta: { lastUpdated: instant7(clockNow()) },
    type: "searchset",
    total: resources.length,
    link: [{ relation: "self", url: `${base}/${type}${url.search}` }],
    entry: resources.map((r) => ({ fullUrl: `${base}/${type}/${r.id}`, resource: r, search: { mode: "match" } })),
  };
}

export const readAppointmentRoute = barsRoute<{ id?: string[] }>({ id: "read-appointment", methods: ["GET"] }, async (ctx, params) => {
  const id = idFrom(params, "Appointment");
  const stored = await readAppointment(id, ctx.actor).catch((e) => {
    if ((e as Error).name === "NotFound") throw notFound(`No Appointment with id ${id}`);
    throw e;
  });
  return { status: 200, resource: withBasedOn(r4Appointment(stored), await referralIdOfBooking(id)), audit: { entityType: "Appointment", entityId: id, audited: true } };
});

export const searchAppointmentsRoute = barsRoute({ id: "search-appointment", methods: ["GET"] }, async (ctx) => {
  const nhs = patientIdentifier(ctx.url.searchParams);
  const found = await appointmentsOfPatient(nhs, ctx.actor);
  const resources = await Promise.all(found.map(async (a) => withBasedOn(r4Appointment(a), await referralIdOfBooking(a.id))));
  return { status: 200, resource: searchset("Appointment", resources, ctx.url), audit: { entityType: "Appointment", audited: true } };
});

export const readServiceRequestRoute = barsRoute<{ id?: string[] }>({ id: "read-servicerequest", methods: ["GET"] }, async (ctx, params) => {
  const id = idFrom(params, "ServiceRequest");
  const r = await readReferral(id, ctx.actor).catch((e) => {
    if ((e as Error).name === "NotFound") throw notFound(`No ServiceRequest with id ${id}`);
    throw e;
  });
  return { status: 200, resource: withLinkedBooking(r.resource, r.appointmentId), audit: { entityType: "ServiceRequest", entityId: id, audited: true } };
});

export const searchServiceRequestsRoute = barsRoute({ id: "search-servicerequest", methods: ["GET"] }, async (ctx) => {
  const identifier = ctx.url.searchParams.get("identifier");
  if (identifier && !ctx.url.searchParams.has("patient:identifier")) {
    const found = await referralByReference(identifier.split("|").pop()!.trim(), ctx.actor);
    return { status: 200, resource: searchset("ServiceRequest", found, ctx.url), audit: { entityType: "ServiceRequest", audited: true } };
  }
  const nhs = patientIdentifier(ctx.url.searchParams);
  return { status: 200, resource: searchset("ServiceRequest", await referralsOfPatient(nhs, ctx.actor), ctx.url), audit: { entityType: "ServiceRequest", audited: true } };
});
