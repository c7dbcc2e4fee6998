import { fhirUnknownPath } from "@/lib/doors/uec-stu3/interactions/fhir-route";

export const dynamic = "force-dynamic";

/** Every address under the FHIR base that is not an interaction: an OperationOutcome, never Next.js's web page. */
export { fhirUnknownPath as GET, fhirUnknownPath as POST, fhirUnknownPath as PUT, fhirUnknownPath as DELETE, fhirUnknownPath as PATCH, fhirUnknownPath as OPTIONS, fhirUnknownPath as HEAD };
