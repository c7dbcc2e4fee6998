import { readAppointment } from "../../../booking/read-appointment";
import { crossOrgAccess } from "../../../booking/cross-org-access";
import { stu3Appointment } from "../appointment-for-consumer";
import type { FhirContext, FhirResult } from "./fhir-route";
import { FhirHttpError } from "./fhir-http-error";
import { appointmentHeaders } from "./resource-headers";
import { stripUnknownElements } from "../strip-unknown";

/**
 * GET /Appointment/{id} (the current version) and GET /Appointment/{id}/_history/{vid} (vread: one stored
 * version; earlier versions are kept), each with its ETag. The view is audited by `readAppointment`.
 */
export async function readAppointmentFromFhir(ctx: FhirContext, id: string, vid?: string): Promise<FhirResult> {
  if (vid !== undefined && !/^\d{1,9}$/.test(vid)) throw new FhirHttpError("not-found", `Appointment ${id} has no version ${vid}`);
  const access = await crossOrgAccess(id, ctx.consumer, vid === undefined ? "read" : "vread", ctx.config.crossOrgAccess);
  if (access && ctx.config.crossOrgAccess === "audit-only") ctx.log.warn({ appointmentId: id, bookingOrgOds: access.bookingOrgOds, accessingOrgOds: access.accessingOrgOds }, "consumer read another organisation's booking");
  const a = await readAppointment(id, ctx.consumer, vid === undefined ? undefined : Number(vid));
  // Versions stored before unknown elements were left out are served without them too; a booking made through the
  // BaRS door is written here as CareConnect from its facts.
  return { status: 200, resource: stripUnknownElements(stu3Appointment(a)).value, headers: appointmentHeaders(ctx.config.fhirBaseUrl, a.id, a.versionId, a.lastUpdated) };
}
