import { describe, expect, it } from "vitest";
import { parseClinicalDocument } from "./cda/parse-clinical-document";
import { summariseDocument } from "./document-summary";
import { testReportXml } from "../testing/test-report";
import { readFixture } from "./fixtures/build-envelope";

describe("what the board shows of a report", () => {
  it("never turns a missing allergies section into an all-clear", () => {
    const s = summariseDocument(parseClinicalDocument(testReportXml({ documentId: "A1" })));
    expect(s.allergies).toBe("not-sent");
    expect(s.disposition).toMatchObject({ code: "Dx03", timeframeMinutes: 240 });
  });

  it("keeps empty, recorded and explicit no-known-allergies apart", () => {
    const allergies = (text: string) => summariseDocument(parseClinicalDocument(testReportXml({ documentId: "A1", allergiesXml: text }))).allergies;
    expect(allergies("")).toBe("not-recorded");
    expect(allergies("Penicillin: rash")).toBe("recorded");
    expect(allergies("No known allergies")).toBe("no-known-allergies");
  });

  it("flags a safeguarding section with content as a possible concern, and says when none was sent", () => {
    expect(summariseDocument(parseClinicalDocument(testReportXml({ documentId: "A1" }))).safeguarding).toBe("possible-concern");
    expect(summariseDocument(parseClinicalDocument(readFixture("hostile-narrative.xml"))).safeguarding).toBe("not-sent");
  });
});
