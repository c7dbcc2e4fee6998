import { fhirMethodNotAllowed, fhirRoute } from "@/lib/doors/uec-stu3/interactions/fhir-route";
import { searchSlotsFromFhir } from "@/lib/doors/uec-stu3/interactions/search-slots";

export const dynamic = "force-dynamic";

/** Search for free slots: GET /Slot?schedule.actor:healthcareservice=<DoS id>&status=free&start=ge…&start=le…&_include=… */
export const GET = fhirRoute("search-slot", async (ctx) => searchSlotsFromFhir(ctx));

const notAllowed = fhirMethodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as DELETE, notAllowed as PATCH, notAllowed as OPTIONS };
