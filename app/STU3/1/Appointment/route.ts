import { fhirMethodNotAllowed, fhirRoute } from "@/lib/doors/uec-stu3/interactions/fhir-route";
import { bookAppointmentFromFhir } from "@/lib/doors/uec-stu3/interactions/book-appointment";
import { searchAppointmentsFromFhir } from "@/lib/doors/uec-stu3/interactions/search-appointments";

export const dynamic = "force-dynamic";

/** Book: POST an Appointment with contained Slot, Patient and DocumentReference. */
export const POST = fhirRoute("create-appointment", async (ctx) => bookAppointmentFromFhir(ctx));

/** A patient's future bookings made by the requesting organisation (the unused "Registry" search, kept minimal). */
export const GET = fhirRoute("search-appointment", async (ctx) => searchAppointmentsFromFhir(ctx));

const notAllowed = fhirMethodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH, notAllowed as OPTIONS };
