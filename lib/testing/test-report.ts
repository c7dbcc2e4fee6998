import { readFileSync } from "node:fs";
import path from "node:path";
import { withCallDetails } from "./fixtures/cda/call-details";

/**
 * Test and demo support: a synthetic NHS 111 Report (v2) with the details a test needs, built from the
 * clinical-document fixture. Invented patients only (999-range NHS numbers).
 */
export interface TestReportOptions {
  documentId: string;
  setId?: string;
  versionNumber?: number;
  nhsNumber?: string | null;
  verified?: boolean;
  given?: string;
  family?: string;
  /** "YYYY-MM-DD" */
  birthDate?: string;
  /** administrativeGenderCode: "1" male (the fixture's), "2" female, "0" not known, "9" not specified. */
  sex?: "0" | "1" | "2" | "9";
  /** Absolute Appointment URL put in an appointment reference entry. */
  appointmentUrl?: string;
  /** Extra narrative placed in the reason-for-call section (e.g. hostile markup for safety tests). */
  reasonXml?: string;
  /** Leave out the allergies section entirely (the v2 fixture has none). */
  allergiesXml?: string;
  /** Add a caller (informant) and a 111 call-back number (fixtures/cda/call-details.ts). */
  callDetails?: boolean;
  /** The encounter's start and end (HL7 TS) and the disposition, for deadline tests. */
  callStart?: string;
  callEnd?: string;
  disposition?: { code: string; displayName: string };
  /** When the 111 call began (the document time follows 25 minutes later); the fixture's own times when absent. */
  encounterStart?: Date;
}

/** An HL7 TS in UTC: 20201029131333+0000. */
export function hl7Utc(d: Date): string {
  return `${d.toISOString().replace(/[-:T]/g, "").slice(0, 14)}+0000`;
}

const FIXTURE = path.join(process.cwd(), "lib/testing/fixtures/cda/nhs111-report-v2.xml");

export function testReportXml(o: TestReportOptions): string {
  let xml = readFileSync(FIXTURE, "utf8");
  xml = xml.replace('<id root="d3a5f0c2-8e71-4b6a-a9d4-5c2e1f7b3a90" />', `<id root="${o.documentId}" />`);
  xml = xml.replace('<setId root="E4F5A6B7-C8D9-4E0F-A1B2-C3D4E5F6A7B8" />', `<setId root="${o.setId ?? o.documentId}" />`);
  xml = xml.replace('<versionNumber value="1" />', `<versionNumber value="${o.versionNumber ?? 1}" />`);
  const idLine = '<id extension="9999492304" root="2.16.840.1.113883.2.1.3.2.4.18.23" />';
  if (o.nhsNumber === null) xml = xml.replace(idLine, "");
  else xml = xml.replace(idLine, `<id extension="${o.nhsNumber ?? "9999492304"}" root="${o.verified === false ? "2.16.840.1.113883.2.1.3.2.4.18.23" : "2.16.840.1.113883.2.1.4.1"}" />`);
  if (o.given) xml = xml.replace("<given>Daniel</given>", `<given>${o.given}</given>`);
  if (o.family) xml = xml.replace("<family>Fenwick</family>", `<family>${o.family}</family>`);
  if (o.sex && o.sex !== "1") {
    const display = { "0": "Not Known", "2": "Female", "9": "Not Specified" }[o.sex];
    xml = xml.replace('displayName="Male" code="1" />', `displayName="${display}" code="${o.sex}" />`);
  }
  if (o.birthDate) xml = xml.replace('<birthTime value="19571130" />', `<birthTime value="${o.birthDate.replace(/-/g, "")}" />`);
  if (o.reasonXml) xml = xml.replace("<text><content>Fell from a stepladder, painful swollen left wrist.</content><br /></text>", `<text>${o.reasonXml}</text>`);
  if (o.encounterStart) {
    const sent = hl7Utc(new Date(o.encounterStart.getTime() + 25 * 60_000));
    xml = xml.replace('<low value="20260714091044+0100" />', `<low value="${hl7Utc(o.encounterStart)}" />`);
    xml = xml.replace('<high value="20260714093500+0100" />', `<high value="${sent}" />`);
    xml = xml.replace('<effectiveTime value="20260714093512+01" />', `<effectiveTime value="${sent}" />`);
  }
  const extra: string[] = [];
  if (o.allergiesXml !== undefined) {
    extra.push(`<component typeCode="COMP" contextConductionInd="true"><section classCode="DOCSECT" moodCode="EVN"><title>Allergies and Adverse Reactions</title><text>${o.allergiesXml}</text></section></component>`);
  }
  if (o.appointmentUrl) {
    extra.push(
      `<component typeCode="COMP" contextConductionInd="true"><section classCode="DOCSECT" moodCode="EVN"><title>Appointment Reference</title><text><linkHtml href="${o.appointmentUrl}">${o.appointmentUrl}</linkHtml></text></section></component>`,
    );
  }
  if (o.callDetails) xml = withCallDetails(xml);
  if (o.callStart) xml = xml.replace('<low value="20260714091044+0100" />', `<low value="${o.callStart}" />`);
  if (o.callEnd) xml = xml.replace('<high value="20260714093500+0100" />', `<high value="${o.callEnd}" />`);
  if (o.disposition) xml = xml.replace('code="Dx03" displayName="Attend an Emergency Treatment Centre within 4 hours"', `code="${o.disposition.code}" displayName="${o.disposition.displayName}"`);
  if (extra.length) {
    // Appended inside the outer section that holds the others.
    const marker = "        </section>\n      </component>\n    </structuredBody>";
    if (!xml.includes(marker)) throw new Error("fixture layout changed");
    xml = xml.replace(marker, `${extra.join("\n")}\n${marker}`);
  }
  return xml;
}
