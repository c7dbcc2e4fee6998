import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateResource } from "../validate";
import { fhirJsonToXml, fhirXmlToJson } from "../xml";
import { resourceOf } from "../../../testing/stu3-model-arbitrary";
import { RESOURCES } from "./registry";
import type { ResourceName } from "./define";

/**
 * Validation and XML conversion are derived from the same definitions, so they must agree: any resource built
 * from the model validates cleanly and comes back unchanged from XML, whatever it contains.
 */
describe("validation and XML agree with the model", () => {
  it.each(Object.keys(RESOURCES) as ResourceName[])("%s: generated resources validate and round-trip through XML", (name) => {
    fc.assert(
      fc.property(resourceOf(name), (resource) => {
        const result = validateResource(resource);
        expect(result.errors).toEqual([]);
        expect(result.warnings.filter((w) => w.kind !== "invariant")).toEqual([]);
        const xml = fhirJsonToXml(resource);
        expect(fhirXmlToJson(xml)).toStrictEqual(resource);
        expect(fhirJsonToXml(fhirXmlToJson(xml))).toBe(xml);
      }),
      { numRuns: 50 },
    );
  });
});
