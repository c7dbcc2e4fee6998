import { describe, expect, it } from "vitest";
import { parseClinicalDocument } from "./cda/parse-clinical-document";
import { summariseDocument, dispositionDueAt } from "./document-summary";
import { testReportXml } from "../testing/test-report";
import { readFixture } from "../testing/fixtures/cda/build-envelope";

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

  it("works out when 111 said the patient should be seen by, and leaves it unknown without a time or a timeframe", () => {
    const doc = parseClinicalDocument(testReportXml({ documentId: "A1" }));
    // Encounter start 2026-07-14 09:10:44 BST (08:10:44 UTC) + Dx03's 4 hours.
    expect(dispositionDueAt(doc)?.toISOString()).toBe("2026-07-14T12:10:44.000Z");
    const noTime = parseClinicalDocument(testReportXml({ documentId: "A1" }).replace('<low value="20260714091044+0100" />', '<low value="20260714" />'));
    expect(dispositionDueAt(noTime)).toBeNull();
    const noTimeframe = parseClinicalDocument(
      testReportXml({ documentId: "A1" }).replace('displayName="Attend an Emergency Treatment Centre within 4 hours"', 'displayName="Speak to a clinician"').replace(/<title>Pathways Disposition<\/title>[\s\S]*?<\/section>/, "<title>Pathways Disposition</title><text>See above</text></section>"),
    );
    expect(noTimeframe.encounter?.disposition?.timeframeMinutes ?? null).toBeNull();
    expect(dispositionDueAt(noTimeframe)).toBeNull();
  });
});
