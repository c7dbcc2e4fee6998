/**
 * FHIR STU3 XML <-> JSON. Both directions are driven by the one model in ./model, so they agree with
 * validation on names, types, cardinality and FHIR's fixed element order.
 *  - fhirXmlToJson: reads a resource; throws FhirXmlError (not well formed, not FHIR, out of order, bad value).
 *  - fhirJsonToXml: writes a resource in FHIR order; unknown JSON properties are left out.
 * Decimals travel as JavaScript numbers, so trailing zeros ("1.50") are not preserved.
 */
import type { XmlLimits } from "@/lib/xml/safe-parse";
import type { AnyResource } from "./model/registry";
import { readFhirXml } from "./xml-read";
import { writeFhirXml, type FhirXmlWriteOptions } from "./xml-write";

export { FhirXmlError, readFhirXml, type FhirXmlErrorKind, type FhirXmlReadResult, type FhirXmlWarning } from "./xml-read";
export type { FhirXmlWriteOptions } from "./xml-write";

/** Reads one FHIR XML resource into FHIR JSON. Unknown elements are dropped; use readFhirXml to see them. */
export function fhirXmlToJson(text: string, limits?: XmlLimits): AnyResource {
  return readFhirXml(text, limits).resource;
}

/** Writes one FHIR JSON resource as FHIR XML. */
export function fhirJsonToXml(resource: AnyResource | Record<string, unknown>, options: FhirXmlWriteOptions = {}): string {
  return writeFhirXml(resource, options);
}
