import { fhirMethodNotAllowed, fhirRoute } from "@/lib/doors/uec-stu3/interactions/fhir-route";
import { readAppointmentFromFhir } from "@/lib/doors/uec-stu3/interactions/read-appointment";

export const dynamic = "force-dynamic";

/** vread: one stored version of a booking (earlier versions are kept). */
export const GET = fhirRoute<{ id: string; vid: string }>("read-appointment", async (ctx, { id, vid }) => readAppointmentFromFhir(ctx, id, vid));

const notAllowed = fhirMethodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH, notAllowed as OPTIONS };
