import { readAppointment } from "../../../booking/read-appointment";
import { stu3Appointment } from "../appointment-for-consumer";
import type { FhirContext, FhirResult } from "./fhir-route";
import { FhirHttpError } from "./fhir-http-error";
import { appointmentHeaders } from "./resource-headers";

/**
 * GET /Appointment/{id} (the current version) and GET /Appointment/{id}/_history/{vid} (vread: one stored
 * version; earlier versions are kept), each with its ETag. The view is audited by `readAppointment`.
 */
export async function readAppointmentFromFhir(ctx: FhirContext, id: string, vid?: string): Promise<FhirResult> {
  if (vid !== undefined && !/^\d{1,9}$/.test(vid)) throw new FhirHttpError("not-found", `Appointment ${id} has no version ${vid}`);
  const a = await readAppointment(id, ctx.consumer, vid === undefined ? undefined : Number(vid));
  return { status: 200, resource: stu3Appointment(a), headers: appointmentHeaders(ctx.config.fhirBaseUrl, a.id, a.versionId, a.lastUpdated) };
}
