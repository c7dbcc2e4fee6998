import { describe, expect, it } from "vitest";
import { parseClinicalDocument } from "./cda/parse-clinical-document";
import { changedParts, contentDigest } from "./content-digest";
import { describeChangedParts } from "./changed-parts";
import { testReportXml } from "../testing/test-report";

const digestOf = (o: Parameters<typeof testReportXml>[0]) => contentDigest(parseClinicalDocument(testReportXml(o)));

describe("what changed between two versions of a 111 report", () => {
  it("names a new allergy, and nothing for a copy that differs only in its ids and version", () => {
    const v1 = digestOf({ documentId: "A1", setId: "S", versionNumber: 1, allergiesXml: "No known allergies" });
    const v2 = digestOf({ documentId: "A2", setId: "S", versionNumber: 2, allergiesXml: "Penicillin: anaphylaxis" });
    const copy = digestOf({ documentId: "A3", setId: "S", versionNumber: 3, allergiesXml: "No known allergies" });
    expect(changedParts(v1, v2)).toEqual(["allergies"]);
    expect(changedParts(v1, copy)).toEqual([]);
    expect(v1.clinical).toBe(copy.clinical);
  });

  it("says when only the rest of the report changed", () => {
    const v1 = digestOf({ documentId: "B1", reasonXml: "Fell from a ladder" });
    const v2 = digestOf({ documentId: "B2", reasonXml: "Fell from a ladder, hit head" });
    expect(changedParts(v1, v2)).toEqual(["other"]);
  });

  it("lists what changed in plain words", () => {
    expect(describeChangedParts(["allergies", "safeguarding", "disposition"])).toBe("allergies, safeguarding and disposition");
    expect(describeChangedParts(["allergies"])).toBe("allergies");
  });
});
