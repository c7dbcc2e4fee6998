import { describe, expect, it } from "vitest";
import { readFixture } from "../../testing/fixtures/cda/build-envelope";
import { withCallDetails } from "../../testing/fixtures/cda/call-details";
import { ClinicalDocumentRejected, documentIdKey, parseClinicalDocument } from "./parse-clinical-document";

const v3 = () => parseClinicalDocument(readFixture("iuc-report-v3.xml"));
const v2 = () => parseClinicalDocument(readFixture("nhs111-report-v2.xml"));

function rejection(xml: string) {
  try {
    parseClinicalDocument(xml);
  } catch (e) {
    if (e instanceof ClinicalDocumentRejected) return { reason: e.reason, message: e.message };
    throw e;
  }
  return null;
}

describe("parseClinicalDocument: IUC v3 report", () => {
  it("reads identity, version, time and type", () => {
    const d = v3();
    expect(d.id).toEqual({ root: "6F1C2A9E-3B4D-4E8A-9C71-2D5B8E0F4A13" });
    expect(d.setId).toBe("C0B7E3D2-91A4-4F6B-8D2E-7A3C5B1E9F08");
    expect(d.versionNumber).toBe(1);
    expect(d.reportVersion).toBe("iuc-report-v3");
    expect(d.title).toBe("Integrated Urgent Care Report");
    expect(d.effectiveTime!.instant!.toISOString()).toBe("2026-03-15T14:30:00.000Z");
    expect(d.messageType).toBe("POCD_MT200001GB02");
    expect(d.typeId).toBe("POCD_HD000040");
    expect(d.confidentiality).toBe("V");
    expect(d.replaces).toBeNull();
    expect(d.warnings).toEqual([]);
  });

  it("reads the patient, registered GP and the sending 111 service", () => {
    const d = v3();
    const p = d.patient!;
    expect(p.nhsNumber).toEqual({ value: "9993766984", verified: true, verification: "verified", problem: null });
    expect(p.identifiers.map((i) => i.kind)).toEqual(["nhs-number-verified", "local"]);
    expect(p.identifiers[1]).toMatchObject({ extension: "NZZ01-CASE-000417", assigningAuthorityName: "NZZ01:Northshire 111" });
    expect(p.name).toEqual({ prefix: ["Ms"], given: ["Priya", "Anne"], family: "O'Connell-Hart", text: "Ms Priya Anne O'Connell-Hart" });
    expect(p.birthDate).toBe("1984-03-07");
    expect(p.gender).toEqual({ code: "2", display: "Female", value: "female" });
    expect(p.addresses[0]).toMatchObject({ use: "H", postalCode: "ZZ1 1ZZ", text: "12 Larkspur Row, Eastbury, Northshire, ZZ1 1ZZ" });
    expect(p.telecoms).toEqual([
      { value: "tel:07700900417", use: "MC", kind: "phone", display: "07700900417" },
      { value: "mailto:priya.oconnell-hart@example.org", use: "H", kind: "email", display: "priya.oconnell-hart@example.org" },
    ]);
    expect(d.registeredGp).toEqual({ odsCode: "Z99123", name: "Larkspur Medical Practice", unknown: false });
    expect(d.sender).toEqual({ odsCode: "NZZ01", name: "Northshire 111" });
    expect(d.authors[0]).toMatchObject({ role: "Nurse Triage Practitioner", person: "Tomas Weller", organisation: { odsCode: "NZZ01" } });
  });

  it("reads who called (the informant) and 111's call-back number, and says so when they were not sent", () => {
    const d = parseClinicalDocument(withCallDetails(readFixture("iuc-report-v3.xml")));
    expect(d.informants).toEqual([
      {
        relationship: "Mother",
        name: "Marta Quell",
        telecoms: [{ value: "tel:07700900981", use: "MC", kind: "phone", display: "07700900981" }],
        addresses: [{ use: "HP", lines: ["4 Willow Close"], city: "Eastbury", postalCode: "ZZ1 4ZZ", text: "4 Willow Close, Eastbury, ZZ1 4ZZ" }],
      },
    ]);
    expect(d.callBack).toEqual({
      role: "Call Centre",
      name: "Clinical Supervisor",
      organisation: { odsCode: "NZZ01", name: "Northshire 111 Clinical Hub" },
      telecoms: [{ value: "tel:01632960999", kind: "phone", display: "01632960999" }],
    });
    expect(v3().informants).toEqual([]);
    expect(v3().callBack).toBeNull();
  });

  it("reads the encounter and derives the disposition timeframe", () => {
    const e = v3().encounter!;
    expect(e.start!.instant!.toISOString()).toBe("2026-03-15T14:05:00.000Z");
    expect(e.end!.instant!.toISOString()).toBe("2026-03-15T14:28:00.000Z");
    expect(e.journeyId).toBe("5E8D1C20-7A3B-4C9F-B2E1-0D6F4A8C3B75");
    expect(e.caseReference).toBe("NZZ01-REF-88231");
    expect(e.disposition).toEqual({
      code: "Dx02",
      codeSystem: "2.16.840.1.113883.2.1.3.2.4.17.325",
      displayName: "Attend an Emergency Treatment Centre within 1 hour",
      timeframeMinutes: 60,
      timeframeText: "within 1 hour",
      timeframeSource: "display",
    });
  });

  it("reads the appointment reference entry and the appointment link in a section", () => {
    const [entry, link] = v3().appointmentReferences;
    expect(entry).toMatchObject({
      source: "entry",
      url: "https://ed.example.org/STU3/1/Appointment/4b7e2c1a-5d3f-4a8b-9e6c-1f2a3b4c5d6e",
      appointmentId: "4b7e2c1a-5d3f-4a8b-9e6c-1f2a3b4c5d6e",
      location: { odsCode: "NZZ20", name: "Northshire General Hospital", description: "Emergency Department" },
    });
    expect(entry.start!.instant!.toISOString()).toBe("2026-03-15T15:30:00.000Z");
    expect(link).toMatchObject({ source: "section-link", appointmentId: "4b7e2c1a-5d3f-4a8b-9e6c-1f2a3b4c5d6e" });
  });

  it("lists every section in document order, classified by code, nested ones one level deeper", () => {
    const s = v3().sections;
    expect(s.map((x) => [x.kind, x.classifiedBy, x.depth])).toEqual([
      ["permission-to-view", "code", 0],
      ["reason-for-call", "code", 0],
      ["clinical-summary", "code", 0],
      ["disposition", "code", 0],
      ["care-advice", "code", 0],
      ["allergies", "code", 0],
      ["assessment", "code", 0],
      ["medications", "code", 0],
      ["information", "code", 0],
      ["information", "title", 1],
      ["appointment", "code", 0],
      ["appointment", "title", 0],
    ]);
    expect(s.map((x) => x.index)).toEqual(s.map((_, i) => i));
    expect(s[1]).toMatchObject({ title: "Primary Reason for Call", code: { code: "886891000000102" }, plainText: "Central chest tightness since 11:00, worse on climbing stairs." });
    expect(s[5].allergyStatus).toBe("no-known-allergies");
    expect(s[9]).toMatchObject({ title: "Access information", plainText: "Key safe by the front door." });
    expect(s.every((x) => x.problem === undefined && x.narrative?.sanitised === false)).toBe(true);
  });
});

describe("parseClinicalDocument: v2 NHS 111 report", () => {
  it("reads a v2 report with uncoded sections, a +01 offset and an unverified NHS number", () => {
    const d = v2();
    expect(d.reportVersion).toBe("nhs111-report-v2");
    expect(d.id.root).toBe("d3a5f0c2-8e71-4b6a-a9d4-5c2e1f7b3a90");
    expect(documentIdKey(d.id.root)).toBe("D3A5F0C2-8E71-4B6A-A9D4-5C2E1F7B3A90");
    expect(d.messageType).toBe("POCD_MT200001GB02");
    expect(d.effectiveTime!.instant!.toISOString()).toBe("2026-07-14T08:35:12.000Z");
    expect(d.patient!.nhsNumber).toMatchObject({ value: "9999492304", verified: false, verification: "unverified", problem: null });
    expect(d.patient!.birthDate).toBe("1957-11-30");
    expect(d.registeredGp).toEqual({ odsCode: "Z10000", name: "UNKNOWN", unknown: true });
    expect(d.sender).toEqual({ odsCode: "NZZ01", name: "Northshire 111 (Westford site)" });
    expect(d.encounter!.localCaseId).toBe("NZZ01-7731");
    expect(d.encounter!.disposition).toMatchObject({ code: "Dx03", timeframeMinutes: 240, timeframeSource: "display" });
    expect(d.appointmentReferences).toEqual([]);
    expect(d.warnings).toEqual([]);
  });

  it("classifies the live v2 section titles", () => {
    expect(v2().sections.map((s) => [s.title, s.kind, s.classifiedBy])).toEqual([
      ["Patient's Reported Condition", "reason-for-call", "title"],
      ["Pathways Disposition", "disposition", "title"],
      ["Consultation Summary", "clinical-summary", "title"],
      ["Pathways Assessment", "assessment", "title"],
      ["Advice Given", "care-advice", "title"],
      ["Safeguarding Concerns", "safeguarding", "title"],
      ["Special Patient Notes", "information", "title"],
    ]);
  });

  it("takes the timeframe from the disposition section when the coded disposition has no wording", () => {
    const xml = readFixture("nhs111-report-v2.xml").replace(` displayName="Attend an Emergency Treatment Centre within 4 hours"`, "");
    expect(parseClinicalDocument(xml).encounter!.disposition).toMatchObject({ code: "Dx03", displayName: null, timeframeMinutes: 240, timeframeSource: "section" });
  });

  it("warns about an unusable NHS number, an unknown document code and a missing message type", () => {
    const xml = readFixture("nhs111-report-v2.xml")
      .replace(`extension="9999492304"`, `extension="0000000000"`)
      .replace(`code="819551000000100"`, `code="000000000000000"`)
      .replace(`<title>NHS 111 Report</title>`, `<title>Report</title>`)
      .replace(/<messageType[^>]*\/>/, "");
    const d = parseClinicalDocument(xml);
    expect(d.patient!.nhsNumber!.problem).toBe("placeholder");
    expect(d.reportVersion).toBe("unknown");
    expect(d.warnings).toEqual([
      "Document code 000000000000000 is not a known NHS 111 or IUC report code",
      "Message type is missing, expected POCD_MT200001GB02",
      "NHS number 0000000000 is not usable (placeholder)",
    ]);
  });

  it("reads which report a replacement replaces", () => {
    const xml = readFixture("nhs111-report-v2.xml").replace(
      "<recordTarget",
      `<relatedDocument typeCode="RPLC"><parentDocument><id root="AAAA0000-0000-4000-8000-000000000000"/><setId root="E4F5A6B7-C8D9-4E0F-A1B2-C3D4E5F6A7B8"/><versionNumber value="1"/></parentDocument></relatedDocument><recordTarget`,
    );
    expect(parseClinicalDocument(xml).replaces).toEqual({ id: "AAAA0000-0000-4000-8000-000000000000", setId: "E4F5A6B7-C8D9-4E0F-A1B2-C3D4E5F6A7B8", versionNumber: 1 });
  });
});

describe("parseClinicalDocument: hostile and broken input", () => {
  it("keeps hostile narrative as sanitised text, reports the unreadable section, and never treats an empty allergies section as an all-clear", () => {
    const d = parseClinicalDocument(readFixture("hostile-narrative.xml"));
    const [reason, disposition, allergies, notes] = d.sections;
    expect(reason.narrative!.sanitised).toBe(true);
    expect(reason.narrative!.removed).toEqual(expect.arrayContaining(["element script", "attribute onmouseover on content", "link javascript:", "link data:"]));
    expect(disposition).toMatchObject({ kind: "disposition", narrative: null, problem: "Section text is encoded (B64) and cannot be shown" });
    expect(allergies).toMatchObject({ kind: "allergies", allergyStatus: "not-recorded", plainText: "" });
    expect(notes.narrative!.sanitised).toBe(true);
    expect(d.effectiveTime).toMatchObject({ zone: "assumed-london" });
    expect(d.encounter!.disposition!.timeframeMinutes).toBe(12 * 60);
  });

  it("refuses malformed XML with a clear message", () => {
    expect(rejection("<ClinicalDocument xmlns='urn:hl7-org:v3'><id root='x'></ClinicalDocument>")).toMatchObject({ reason: "malformed", message: expect.stringMatching(/not well formed/) });
    expect(rejection("")).toMatchObject({ reason: "malformed" });
    expect(rejection("just text")).toMatchObject({ reason: "malformed" });
  });

  it("refuses an XXE attempt and an entity bomb before anything is expanded", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE ClinicalDocument [<!ENTITY x SYSTEM "file:///etc/passwd">]><ClinicalDocument xmlns="urn:hl7-org:v3"><id root="1"/><title>&x;</title></ClinicalDocument>`;
    expect(rejection(xxe)).toEqual({ reason: "doctype", message: "XML with a DOCTYPE is not accepted" });
    const bomb = `<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>`;
    expect(rejection(bomb)).toMatchObject({ reason: "doctype" });
  });

  it("refuses XML that is not an HL7 ClinicalDocument, or has no id", () => {
    expect(rejection(readFixture("itk-soap-inline.xml"))).toMatchObject({ reason: "not-a-clinical-document", message: expect.stringContaining("{http://schemas.xmlsoap.org/soap/envelope/}Envelope") });
    expect(rejection(`<ClinicalDocument><id root="1"/></ClinicalDocument>`)).toMatchObject({ reason: "not-a-clinical-document" });
    expect(rejection(`<ClinicalDocument xmlns="urn:hl7-org:v3"><title>x</title></ClinicalDocument>`)).toMatchObject({ reason: "missing-id" });
  });

  it("reports a non-XML body as a section that cannot be shown", () => {
    const d = parseClinicalDocument(`<ClinicalDocument xmlns="urn:hl7-org:v3"><id root="1"/><component><nonXMLBody><text mediaType="application/pdf">JVBERi0=</text></nonXMLBody></component></ClinicalDocument>`);
    expect(d.sections).toHaveLength(1);
    expect(d.sections[0].problem).toMatch(/nonXMLBody/);
    expect(d.warnings).toEqual(expect.arrayContaining(["The document has no patient (recordTarget/patientRole)", "The document has no effective time"]));
  });
});
