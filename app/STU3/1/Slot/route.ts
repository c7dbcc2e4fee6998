import { fhirMethodNotAllowed, fhirRoute } from "@/lib/fhir/http/fhir-route";
import { searchSlotsFromFhir } from "@/lib/fhir/http/search-slots";

export const dynamic = "force-dynamic";

/** Search for free slots: GET /Slot?schedule.actor:healthcareservice=<DoS id>&status=free&start=ge…&start=le…&_include=… */
export const GET = fhirRoute("search-slot", async (ctx) => searchSlotsFromFhir(ctx));

const notAllowed = fhirMethodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH };
