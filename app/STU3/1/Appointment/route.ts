import { fhirMethodNotAllowed, fhirRoute } from "@/lib/fhir/http/fhir-route";
import { bookAppointmentFromFhir } from "@/lib/fhir/http/book-appointment";

export const dynamic = "force-dynamic";

/** Book: POST an Appointment with contained Slot, Patient and DocumentReference. */
export const POST = fhirRoute("create-appointment", async (ctx) => bookAppointmentFromFhir(ctx));

const notAllowed = fhirMethodNotAllowed(["POST"]);
export { notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
