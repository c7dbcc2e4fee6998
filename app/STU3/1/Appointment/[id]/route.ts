import { fhirMethodNotAllowed, fhirRoute } from "@/lib/doors/uec-stu3/interactions/fhir-route";
import { readAppointmentFromFhir } from "@/lib/doors/uec-stu3/interactions/read-appointment";
import { cancelAppointmentFromFhir } from "@/lib/doors/uec-stu3/interactions/cancel-appointment";

export const dynamic = "force-dynamic";

/** Read a booking: the current version, with its ETag. */
export const GET = fhirRoute<{ id: string }>("read-appointment", async (ctx, { id }) => readAppointmentFromFhir(ctx, id));

/** Cancel: the consumer PUTs the booking back with only `status` changed to cancelled, and If-Match. */
export const PUT = fhirRoute<{ id: string }>("update-appointment", async (ctx, { id }) => cancelAppointmentFromFhir(ctx, id));

const notAllowed = fhirMethodNotAllowed(["GET", "PUT"]);
export { notAllowed as POST, notAllowed as DELETE, notAllowed as PATCH, notAllowed as OPTIONS };
