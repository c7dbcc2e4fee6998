import { describe, expect, it } from "vitest";
import { parseClinicalDocument } from "./cda/parse-clinical-document";
import { readFixture } from "../testing/fixtures/cda/build-envelope";
import { safeguardingSignals, safeguardingTermsIn } from "./safeguarding-signals";
import { summariseDocument } from "./document-summary";

describe("the safeguarding term list", () => {
  it.each([
    "Child is subject to a child protection plan.",
    "Known to social services; has a social worker.",
    "Mother reports domestic abuse at home",
    "Possible non-accidental injury",
    "Safeguarding concern raised by school",
    "Patient is a vulnerable adult living alone",
    "Concerns about neglect",
    "No injuries seen but child is on a CP plan",
    "Could not walk after being abused",
  ])("flags %j", (text) => {
    expect(safeguardingTermsIn(text)).not.toEqual([]);
  });

  it.each([
    "No child protection concerns",
    "No safeguarding concerns",
    "No safeguarding concerns identified.",
    "There are no known safeguarding concerns",
    "Safeguarding: none",
    "Safeguarding concerns: nil",
    "Safeguarding concerns were not identified",
    "Denies domestic abuse",
    "No evidence of neglect",
    "Not known to social services",
    "If you have any safeguarding concerns, call 999",
    "Fell from a stepladder, painful swollen left wrist.",
  ])("does not flag %j", (text) => {
    expect(safeguardingTermsIn(text)).toEqual([]);
  });

  it("reads each clause on its own: a negation in one does not hide a concern in the next", () => {
    expect(safeguardingTermsIn("No safeguarding concerns at school. Child is subject to a child protection plan")).toEqual(["child protection", "protection plan"]);
    expect(safeguardingTermsIn("No concerns about bruising, but a social worker is involved")).toEqual(["social services"]);
  });
});

describe("safeguarding signals in a report", () => {
  it("finds the Dx42 disposition and the special notes of the child-protection fixture, and the summary says possible concern", () => {
    const doc = parseClinicalDocument(readFixture("child-protection-dx42.xml"));
    const details = safeguardingSignals(doc).map((s) => s.detail);
    expect(details[0]).toMatch(/^111 disposition: Child protection \/ Vulnerable adult immediate referral.*\(Dx42\)$/);
    expect(details.some((d) => d.startsWith("Special Patient Notes mentions"))).toBe(true);
    // The care advice's "if you are worried about the safety of a child" is advice, not a concern.
    expect(details.some((d) => d.startsWith("Advice Given"))).toBe(false);
    expect(summariseDocument(doc)).toMatchObject({ safeguarding: "possible-concern" });
  });

  it("finds a coded safeguarding entry, and ignores the coded all-clear", () => {
    const xml = readFixture("iuc-report-v3.xml");
    const entry = (code: string, display: string) =>
      `<entry typeCode="COMP"><observation classCode="OBS" moodCode="EVN"><code code="CD" codeSystem="2.16.840.1.113883.2.1.3.2.4.17.540"/><value code="${code}" codeSystem="2.16.840.1.113883.2.1.3.2.4.15" displayName="${display}"/></observation></entry>`;
    const withEntry = (e: string) => xml.replace(/(<section classCode="DOCSECT" moodCode="EVN">\s*<id root="[^"]+"\/>)/, `$1${e}`);
    const concern = parseClinicalDocument(withEntry(entry("702953007", "Suspected victim of child neglect")));
    expect(concern.entryCodes.map((c) => c.code)).toContain("702953007");
    expect(safeguardingSignals(concern).map((s) => s.detail)).toContain("Coded in the report: Suspected victim of child neglect");
    const clear = parseClinicalDocument(withEntry(entry("861931000000100", "No safeguarding issues identified")));
    expect(clear.entryCodes.map((c) => c.code)).toContain("861931000000100");
    expect(safeguardingSignals(clear).filter((s) => s.source === "coded-entry")).toEqual([]);
  });

  it("a sign anywhere outweighs a safeguarding section that says none", () => {
    const xml = readFixture("nhs111-report-v2.xml")
      .replace("Caller reports frequent falls; lives with elderly spouse who is the carer.", "No safeguarding concerns")
      .replace('code="Dx03" displayName="Attend an Emergency Treatment Centre within 4 hours"', 'code="Dx42" displayName="Child protection / Vulnerable adult immediate referral"');
    expect(summariseDocument(parseClinicalDocument(xml)).safeguarding).toBe("possible-concern");
    const calm = xml.replace('code="Dx42" displayName="Child protection / Vulnerable adult immediate referral"', 'code="Dx03" displayName="Attend an Emergency Treatment Centre within 4 hours"');
    expect(summariseDocument(parseClinicalDocument(calm)).safeguarding).toBe("none-recorded");
  });
});
