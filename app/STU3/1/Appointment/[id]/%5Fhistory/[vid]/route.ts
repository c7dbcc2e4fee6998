import { fhirMethodNotAllowed, fhirRoute } from "@/lib/doors/uec-stu3/interactions/fhir-route";
import { FhirHttpError } from "@/lib/doors/uec-stu3/interactions/fhir-http-error";
import { appointmentHeaders } from "@/lib/doors/uec-stu3/interactions/resource-headers";
import { readAppointment } from "@/lib/booking/read-appointment";

export const dynamic = "force-dynamic";

/** vread: one stored version of a booking (earlier versions are kept). */
export const GET = fhirRoute<{ id: string; vid: string }>("read-appointment", async (ctx, { id, vid }) => {
  if (!/^\d{1,9}$/.test(vid)) throw new FhirHttpError("not-found", `Appointment ${id} has no version ${vid}`);
  const a = await readAppointment(id, ctx.consumer, Number(vid));
  return {
    status: 200,
    resource: a.resource,
    headers: appointmentHeaders(ctx.config.fhirBaseUrl, a.id, a.versionId, a.lastUpdated),
    audit: { entityType: "Appointment", entityId: a.id },
  };
});

const notAllowed = fhirMethodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
