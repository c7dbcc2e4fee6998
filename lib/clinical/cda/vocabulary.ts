/**
 * Namespaces, OIDs and codes of the NHS 111 / IUC CDA report (POCD_MT200001GB02), in one place.
 * Values are those of the NHS 111 DMS v2.0 and IUC DMS v3.0 and the live supplier messages.
 */
export const NS = {
  hl7: "urn:hl7-org:v3",
  npfitlc: "NPFIT:HL7:Localisation",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
  soap11: "http://schemas.xmlsoap.org/soap/envelope/",
  soap12: "http://www.w3.org/2003/05/soap-envelope",
  wsa: "http://www.w3.org/2005/08/addressing",
  wsse: "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
  wsu: "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
  itk: "urn:nhs-itk:ns:201005",
} as const;

export const OID = {
  snomed: "2.16.840.1.113883.2.1.3.2.4.15",
  nhsNumberVerified: "2.16.840.1.113883.2.1.4.1",
  nhsNumberUnverified: "2.16.840.1.113883.2.1.3.2.4.18.23",
  localPatientId: "2.16.840.1.113883.2.1.3.2.4.18.24",
  odsOrganisation: "2.16.840.1.113883.2.1.3.2.4.19.1",
  odsSite: "2.16.840.1.113883.2.1.3.2.4.19.2",
  messageType: "2.16.840.1.113883.2.1.3.2.4.18.17",
  templateId: "2.16.840.1.113883.2.1.3.2.4.18.2",
  journeyId: "2.16.840.1.113883.2.1.3.2.4.18.49",
  caseReference: "2.16.840.1.113883.2.1.3.2.4.18.34",
  localCaseId: "2.16.840.1.113883.2.1.3.2.4.18.35",
  pathwaysDisposition: "2.16.840.1.113883.2.1.3.2.4.17.325",
  appointmentReference: "2.16.840.1.113883.2.1.3.2.4.17.541",
  additionalNotesType: "2.16.840.1.113883.2.1.3.2.4.17.422",
  sex: "2.16.840.1.113883.2.1.3.2.4.16.25",
} as const;

/** ClinicalDocument/code/@code: which report this is. */
export const DOCUMENT_CODE = {
  nhs111ReportV2: "819551000000100",
  iucReportV3: "1066271000000101",
} as const;

export const MESSAGE_TYPE_111_REPORT = "POCD_MT200001GB02";

export const TEMPLATE = {
  appointmentReference: "COCD_TP146093GB01#AppointmentReference",
} as const;

/** Administrative gender (NHS "Sex" vocabulary, OID …16.25). */
export const GENDER: Record<string, "male" | "female" | "not-specified" | "not-known"> = {
  "0": "not-known",
  "1": "male",
  "2": "female",
  "9": "not-specified",
};

/** ODS codes used as "no registered GP" placeholders. */
export const UNKNOWN_GP_ODS = new Set(["Z10000", "V81997", "V81998", "V81999"]);
