import { fhirMethodNotAllowed, fhirRoute } from "@/lib/doors/uec-stu3/interactions/fhir-route";
import { appointmentHeaders } from "@/lib/doors/uec-stu3/interactions/resource-headers";
import { readAppointment } from "@/lib/booking/read-appointment";
import { cancelAppointmentFromFhir } from "@/lib/doors/uec-stu3/interactions/cancel-appointment";

export const dynamic = "force-dynamic";

/** Read a booking: the current version, with its ETag. */
export const GET = fhirRoute<{ id: string }>("read-appointment", async (ctx, { id }) => {
  const a = await readAppointment(id, ctx.consumer);
  return {
    status: 200,
    resource: a.resource,
    headers: appointmentHeaders(ctx.config.fhirBaseUrl, a.id, a.versionId, a.lastUpdated),
    audit: { entityType: "Appointment", entityId: a.id },
  };
});

/** Cancel: the consumer PUTs the booking back with only `status` changed to cancelled, and If-Match. */
export const PUT = fhirRoute<{ id: string }>("update-appointment", async (ctx, { id }) => cancelAppointmentFromFhir(ctx, id));

const notAllowed = fhirMethodNotAllowed(["GET", "PUT"]);
export { notAllowed as POST, notAllowed as DELETE, notAllowed as PATCH };
