/**
 * The demo's 111 reports: NHS 111 Report (v2) ClinicalDocuments, as a 111 system sends them over ITK, for
 * invented patients only (999-range NHS numbers, fictional places, Ofcom drama-range phone numbers). Built in
 * code so `npm start` on a fresh machine shows the product's central feature, a 111 clinical summary beside
 * the arrival time, on most demo bookings.
 */
export interface DemoReportSection {
  title: string;
  /** Narrative text; lines are separated by "\n". Plain words only: escaped here. */
  text: string;
}

export interface DemoReport {
  documentId: string;
  setId: string;
  versionNumber: number;
  nhsNumber: string;
  verified: boolean;
  given: string;
  family: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: "male" | "female";
  addressLines: string[];
  postcode: string;
  phone: string;
  callStartedAt: Date;
  disposition: { code: string; text: string };
  caseRef: string;
  sections: DemoReportSection[];
}

const escapeXml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An HL7 TS in UTC: 20270112091044+0000. */
function ts(d: Date): string {
  return `${d.toISOString().replace(/[-:T]/g, "").slice(0, 14)}+0000`;
}

function section(i: number, s: DemoReportSection): string {
  const text = s.text.split("\n").map((line) => `${escapeXml(line)}<br />`).join("");
  return `<component typeCode="COMP" contextConductionInd="true"><section classCode="DOCSECT" moodCode="EVN"><id root="F0000003-0000-4000-8000-${String(i).padStart(12, "0")}" /><title>${escapeXml(s.title)}</title><text>${text}</text></section></component>`;
}

export function demoReportXml(r: DemoReport): string {
  const sentAt = new Date(r.callStartedAt.getTime() + 22 * 60_000);
  const gender = r.gender === "female" ? { code: "2", display: "Female" } : { code: "1", display: "Male" };
  const nhsRoot = r.verified ? "2.16.840.1.113883.2.1.4.1" : "2.16.840.1.113883.2.1.3.2.4.18.23";
  return `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument classCode="DOCCLIN" moodCode="EVN" xmlns="urn:hl7-org:v3">
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040" />
  <messageType xmlns="NPFIT:HL7:Localisation" root="2.16.840.1.113883.2.1.3.2.4.18.17" extension="POCD_MT200001GB02" />
  <id root="${r.documentId}" />
  <code code="819551000000100" codeSystem="2.16.840.1.113883.2.1.3.2.4.15" />
  <title>NHS 111 Report</title>
  <effectiveTime value="${ts(sentAt)}" />
  <confidentialityCode code="N" displayName="normal" codeSystem="2.16.840.1.113883.1.11.16926" />
  <setId root="${r.setId}" />
  <versionNumber value="${r.versionNumber}" />
  <recordTarget typeCode="RCT" contextControlCode="OP">
    <patientRole classCode="PAT">
      <templateId extension="COCD_TP145201GB01#PatientRole" root="2.16.840.1.113883.2.1.3.2.4.18.2" />
      <id extension="${r.nhsNumber}" root="${nhsRoot}" />
      <id extension="${escapeXml(r.caseRef)}" root="2.16.840.1.113883.2.1.3.2.4.18.24" assigningAuthorityName="NZZ01:Wessex Vale NHS 111 (demo)" />
      <addr use="H">${r.addressLines.map((l) => `<streetAddressLine>${escapeXml(l)}</streetAddressLine>`).join("")}<postalCode>${escapeXml(r.postcode)}</postalCode></addr>
      <telecom value="tel:${r.phone.replace(/\s/g, "")}" use="MC" />
      <patient classCode="PSN" determinerCode="INSTANCE">
        <name><given>${escapeXml(r.given)}</given><family>${escapeXml(r.family)}</family></name>
        <administrativeGenderCode codeSystem="2.16.840.1.113883.2.1.3.2.4.16.25" displayName="${gender.display}" code="${gender.code}" />
        <birthTime value="${r.birthDate.replace(/-/g, "")}" />
      </patient>
      <providerOrganization classCode="ORG" determinerCode="INSTANCE">
        <id extension="Z99901" root="2.16.840.1.113883.2.1.3.2.4.19.1" />
        <name>Orchard Way Surgery (demo)</name>
      </providerOrganization>
    </patientRole>
  </recordTarget>
  <author typeCode="AUT" contextControlCode="OP">
    <functionCode code="OA" displayName="Originating Author" codeSystem="2.16.840.1.113883.2.1.3.2.4.17.178" />
    <time value="${ts(sentAt)}" />
    <assignedAuthor classCode="ASSIGNED">
      <id extension="CALLH21" root="2.16.840.1.113883.2.1.3.2.4.18.24" />
      <code codeSystem="2.16.840.1.113883.2.1.3.2.4.17.339" code="CALLHANDLER" displayName="Call Handler" />
      <assignedPerson classCode="PSN" determinerCode="INSTANCE"><name><given>Morgan</given><family>Ellery</family></name></assignedPerson>
      <representedOrganization classCode="ORG" determinerCode="INSTANCE">
        <id extension="NZZ01" root="2.16.840.1.113883.2.1.3.2.4.19.1" />
        <name>Wessex Vale NHS 111 (demo)</name>
      </representedOrganization>
    </assignedAuthor>
  </author>
  <custodian typeCode="CST">
    <assignedCustodian classCode="ASSIGNED">
      <representedCustodianOrganization classCode="ORG" determinerCode="INSTANCE">
        <id extension="NZZ01" root="2.16.840.1.113883.2.1.3.2.4.19.2" />
        <name>Wessex Vale NHS 111 (demo)</name>
      </representedCustodianOrganization>
    </assignedCustodian>
  </custodian>
  <componentOf typeCode="COMP">
    <encompassingEncounter classCode="ENC" moodCode="EVN">
      <id extension="NZZ01-${escapeXml(r.caseRef)}" root="2.16.840.1.113883.2.1.3.2.4.18.35" />
      <code code="NHS111Encounter" codeSystem="2.16.840.1.113883.2.1.3.2.4.17.326" displayName="NHS111 Encounter" />
      <effectiveTime><low value="${ts(r.callStartedAt)}" /><high value="${ts(sentAt)}" /></effectiveTime>
      <dischargeDispositionCode codeSystem="2.16.840.1.113883.2.1.3.2.4.17.325" code="${r.disposition.code}" displayName="${escapeXml(r.disposition.text)}" />
    </encompassingEncounter>
  </componentOf>
  <component typeCode="COMP" contextConductionInd="true">
    <structuredBody classCode="DOCBODY" moodCode="EVN">
      <component typeCode="COMP" contextConductionInd="true">
        <section classCode="DOCSECT" moodCode="EVN">
          <id root="F0000003-0000-4000-8000-000000000000" />
          ${r.sections.map((s, i) => section(i + 1, s)).join("\n          ")}
        </section>
      </component>
    </structuredBody>
  </component>
</ClinicalDocument>
`;
}
