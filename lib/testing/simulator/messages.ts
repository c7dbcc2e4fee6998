import type { SimulatedService, SyntheticPatient } from "./synthetic";
import { now as clockNow } from "../../time/clock";
import { stu3BookingBody, type BookingSlot } from "../stu3-booking-body";

/**
 * The two messages a 111 service sends an ED for one patient: the FHIR booking (contained Slot, Patient and
 * DocumentReference, CareConnect profiles) and, over ITK, the clinical report (IUC v3 CDA). The report's id
 * is the DocumentReference identifier of the booking, and it carries an AppointmentReference entry naming the
 * Appointment URL, so the provider can link the two (lib/clinical/match-document.ts), with the same NHS
 * number, birth date and family name.
 */
export type FreeSlot = BookingSlot;

export function bookingBody(slot: FreeSlot, patient: SyntheticPatient, documentId: string, now = clockNow()): Record<string, unknown> {
  return stu3BookingBody({
    slot,
    patient: {
      nhsNumber: patient.nhsNumber,
      given: patient.given,
      family: patient.family,
      prefix: patient.prefix,
      phone: { value: patient.phone, use: "mobile", rank: 1 },
      gender: patient.gender,
      birthDate: patient.birthDate,
      address: { text: `${patient.line}, ${patient.town} ${patient.postcode}`, line: [patient.line, patient.town], city: patient.town, postalCode: patient.postcode },
    },
    documentId,
    description: patient.reason,
    now,
  });
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** HL7 TS in UTC: 20261124093000+0000 */
function hl7Time(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace(/[-:T]/g, "")}+0000`;
}

export interface ReportInput {
  documentId: string;
  setId: string;
  patient: SyntheticPatient;
  service: SimulatedService;
  /** The Appointment's absolute URL (Location without /_history). */
  appointmentUrl: string;
  appointmentStart: string;
  /** ODS code of the receiving ED; the ITK door refuses a report addressed elsewhere, so it defaults to RZZ01, the site every seed profile creates. */
  recipientOds?: string;
  now?: Date;
}

/** An IUC v3 "Integrated Urgent Care Report" for the booking, invented content only. */
export function clinicalDocument(r: ReportInput): string {
  const now = r.now ?? clockNow();
  const p = r.patient;
  const s = r.service;
  const gender = p.gender === "female" ? { code: "2", display: "Female" } : { code: "1", display: "Male" };
  const callStart = new Date(now.getTime() - 20 * 60_000);
  return `<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:npfitlc="NPFIT:HL7:Localisation" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" classCode="DOCCLIN" moodCode="EVN">
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
  <npfitlc:messageType root="2.16.840.1.113883.2.1.3.2.4.18.17" extension="POCD_MT200001GB02"/>
  <id root="${r.documentId.toUpperCase()}"/>
  <code code="1066271000000101" codeSystem="2.16.840.1.113883.2.1.3.2.4.15" displayName="Integrated Urgent Care Report"/>
  <title>Integrated Urgent Care Report</title>
  <effectiveTime value="${hl7Time(now)}"/>
  <confidentialityCode code="V" displayName="very restricted" codeSystem="2.16.840.1.113883.1.11.16926"/>
  <setId root="${r.setId.toUpperCase()}"/>
  <versionNumber value="1"/>
  <recordTarget typeCode="RCT" contextControlCode="OP">
    <npfitlc:contentId root="2.16.840.1.113883.2.1.3.2.4.18.16" extension="COCD_TP145201GB01#PatientRole"/>
    <patientRole classCode="PAT">
      <templateId root="2.16.840.1.113883.2.1.3.2.4.18.2" extension="COCD_TP145201GB01#PatientRole"/>
      <id root="2.16.840.1.113883.2.1.4.1" extension="${p.nhsNumber}"/>
      <addr use="H">
        <streetAddressLine>${xml(p.line)}</streetAddressLine>
        <city>${xml(p.town)}</city>
        <postalCode>${xml(p.postcode)}</postalCode>
      </addr>
      <telecom value="tel:${p.phone.replace(/\s/g, "")}" use="MC"/>
      <patient classCode="PSN" determinerCode="INSTANCE">
        <templateId root="2.16.840.1.113883.2.1.3.2.4.18.2" extension="COCD_TP145201GB01#patientPatient"/>
        <name><prefix>${xml(p.prefix)}</prefix><given>${xml(p.given)}</given><family>${xml(p.family)}</family></name>
        <administrativeGenderCode code="${gender.code}" codeSystem="2.16.840.1.113883.2.1.3.2.4.16.25" displayName="${gender.display}"/>
        <birthTime value="${p.birthDate.replace(/-/g, "")}"/>
      </patient>
    </patientRole>
  </recordTarget>
  <author typeCode="AUT" contextControlCode="OP">
    <npfitlc:contentId root="2.16.840.1.113883.2.1.3.2.4.18.16" extension="COCD_TP145200GB01#AssignedAuthor"/>
    <functionCode code="OA" displayName="Originating Author" codeSystem="2.16.840.1.113883.2.1.3.2.4.17.178"/>
    <time value="${hl7Time(now)}"/>
    <assignedAuthor classCode="ASSIGNED">
      <templateId root="2.16.840.1.113883.2.1.3.2.4.18.2" extension="COCD_TP145200GB01#AssignedAuthor"/>
      <id root="2.16.840.1.113883.2.1.3.2.4.18.24" extension="${xml(s.practitioner.sdsUserId)}"/>
      <code code="T1" codeSystem="2.16.840.1.113883.2.1.3.2.4.17.196" displayName="Nurse Triage Practitioner"/>
      <assignedPerson classCode="PSN" determinerCode="INSTANCE">
        <name><given>${xml(s.practitioner.given)}</given><family>${xml(s.practitioner.family)}</family></name>
      </assignedPerson>
      <representedOrganization classCode="ORG" determinerCode="INSTANCE">
        <id root="2.16.840.1.113883.2.1.3.2.4.19.1" extension="${s.ods}"/>
        <name>${xml(s.name)}</name>
      </representedOrganization>
    </assignedAuthor>
  </author>
  <custodian typeCode="CST">
    <npfitlc:contentId root="2.16.840.1.113883.2.1.3.2.4.18.16" extension="COCD_TP145018UK03#AssignedCustodian"/>
    <assignedCustodian classCode="ASSIGNED">
      <representedCustodianOrganization classCode="ORG" determinerCode="INSTANCE">
        <id root="2.16.840.1.113883.2.1.3.2.4.19.1" extension="${s.ods}"/>
        <name>${xml(s.name)}</name>
      </representedCustodianOrganization>
    </assignedCustodian>
  </custodian>
  <componentOf typeCode="COMP">
    <npfitlc:contentId root="2.16.840.1.113883.2.1.3.2.4.18.16" extension="COCD_TP146232GB01#EncompassingEncounter"/>
    <encompassingEncounter classCode="ENC" moodCode="EVN">
      <templateId root="2.16.840.1.113883.2.1.3.2.4.18.2" extension="COCD_TP146232GB01#EncompassingEncounter"/>
      <id root="2.16.840.1.113883.2.1.3.2.4.18.34" extension="${s.ods}-REF-${r.setId.slice(0, 8).toUpperCase()}"/>
      <code code="NHS111Encounter" codeSystem="2.16.840.1.113883.2.1.3.2.4.17.326" displayName="NHS111 Encounter"/>
      <effectiveTime><low value="${hl7Time(callStart)}"/><high value="${hl7Time(now)}"/></effectiveTime>
      <dischargeDispositionCode code="Dx03" codeSystem="2.16.840.1.113883.2.1.3.2.4.17.325" displayName="Attend an Emergency Treatment Centre within 4 hours"/>
    </encompassingEncounter>
  </componentOf>
  <component typeCode="COMP" contextConductionInd="true">
    <structuredBody classCode="DOCBODY" moodCode="EVN">
      <component typeCode="COMP" contextConductionInd="true">
        <section classCode="DOCSECT" moodCode="EVN">
          <id root="${r.setId.toUpperCase().slice(0, 24)}000000000001"/>
          <entry typeCode="COMP" contextConductionInd="true">
            <npfitlc:contentId root="2.16.840.1.113883.2.1.3.2.4.18.16" extension="COCD_TP146093GB01#AppointmentReference"/>
            <encounter classCode="ENC" moodCode="APT">
              <templateId root="2.16.840.1.113883.2.1.3.2.4.18.2" extension="COCD_TP146093GB01#AppointmentReference"/>
              <id root="2.16.840.1.113883.2.1.3.2.4.17.541" extension="${xml(r.appointmentUrl)}"/>
              <code code="01" codeSystem="2.16.840.1.113883.2.1.3.2.4.17.542" displayName="Patient convenience appointment"/>
              <effectiveTime value="${hl7Time(new Date(r.appointmentStart))}"/>
            </encounter>
          </entry>
          <component typeCode="COMP" contextConductionInd="true">
            <section classCode="DOCSECT" moodCode="EVN">
              <id root="${r.setId.toUpperCase().slice(0, 24)}000000000002"/>
              <title>Patient's Reported Condition</title>
              <text><content>${xml(p.reason)}.</content></text>
            </section>
          </component>
          <component typeCode="COMP" contextConductionInd="true">
            <section classCode="DOCSECT" moodCode="EVN">
              <id root="${r.setId.toUpperCase().slice(0, 24)}000000000003"/>
              <title>Pathways Disposition</title>
              <text>Attend an Emergency Treatment Centre within 4 hours (Dx03)</text>
            </section>
          </component>
          <component typeCode="COMP" contextConductionInd="true">
            <section classCode="DOCSECT" moodCode="EVN">
              <id root="${r.setId.toUpperCase().slice(0, 24)}000000000004"/>
              <title>Advice Given</title>
              <text>Attend at the booked arrival time. Call 111 again if things get worse.</text>
            </section>
          </component>
        </section>
      </component>
    </structuredBody>
  </component>
</ClinicalDocument>`;
}

export const SEND_IUC_REPORT_V3 = "urn:nhs-itk:services:201005:SendNHS111Report-v3-0";

/** ITK 2.2: SOAP 1.1 with WS-Addressing, a DistributionEnvelope with one inline CDA payload. */
export function itkSoapMessage(o: { document: string; service: SimulatedService; messageId: string; trackingId: string; payloadId: string; to: string; recipientOds?: string }): string {
  const s = o.service;
  return `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsa="http://www.w3.org/2005/08/addressing">
  <soap:Header>
    <wsa:MessageID>uuid:${o.messageId.toUpperCase()}</wsa:MessageID>
    <wsa:Action>${SEND_IUC_REPORT_V3}</wsa:Action>
    <wsa:To>${xml(o.to)}</wsa:To>
    <wsa:From><wsa:Address>https://nzz${s.index + 1}.nhs111.example/itk</wsa:Address></wsa:From>
  </soap:Header>
  <soap:Body>
    <itk:DistributionEnvelope xmlns:itk="urn:nhs-itk:ns:201005">
      <itk:header service="${SEND_IUC_REPORT_V3}" trackingid="${o.trackingId.toUpperCase()}">
        <itk:addresslist><itk:address uri="urn:nhs-uk:addressing:ods:${o.recipientOds ?? "RZZ01"}"/></itk:addresslist>
        <itk:auditIdentity><itk:id uri="urn:nhs-uk:identity:ods:${s.ods}"/></itk:auditIdentity>
        <itk:manifest count="1">
          <itk:manifestitem id="uuid_${o.payloadId.toUpperCase()}" mimetype="text/xml" profileid="urn:nhs-en:profile:IntegratedUrgentCareReport-v3-0"/>
        </itk:manifest>
        <itk:senderAddress uri="urn:nhs-uk:addressing:ods:${s.ods}"/>
        <itk:handlingSpecification>
          <itk:spec key="urn:nhs-itk:ns:201005:interaction" value="urn:nhs-itk:interaction:primaryEmergencyDepartmentRecipientNHS111CDADocument-v2-0"/>
        </itk:handlingSpecification>
      </itk:header>
      <itk:payloads count="1">
        <itk:payload id="uuid_${o.payloadId.toUpperCase()}">${o.document}</itk:payload>
      </itk:payloads>
    </itk:DistributionEnvelope>
  </soap:Body>
</soap:Envelope>`;
}
