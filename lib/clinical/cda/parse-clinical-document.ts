import { InvalidInput } from "../../errors";
import { parseXml, XmlRejected, type XmlElement, type XmlLimits, type XmlRejection } from "../../xml/safe-parse";
import { readAppointmentReferences } from "./appointment-reference";
import { withTimeframeFromSections } from "./disposition";
import { parseHl7Time } from "./hl7-time";
import { readAuthors, readCustodian, readEncounter } from "./read-encounter";
import { readCallBack, readInformants } from "./read-participants";
import { readPatient, readRegisteredGp } from "./read-patient";
import { readEntryCodes } from "./read-entry-codes";
import { readSections } from "./read-sections";
import { attr, cleanText, hl7Child, hl7Children, hl7Path, readCode, readId, templateIdsOf } from "./read-xml";
import type { ClinicalDocument, Hl7Code, ReplacedDocument, ReportVersion } from "./types";
import { DOCUMENT_CODE, MESSAGE_TYPE_111_REPORT, NS } from "./vocabulary";

export type ClinicalDocumentRejection = XmlRejection | "not-a-clinical-document" | "missing-id";

/** The input cannot be read as a 111/IUC clinical document at all. Nothing was stored. */
export class ClinicalDocumentRejected extends InvalidInput {
  constructor(
    readonly reason: ClinicalDocumentRejection,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads an NHS 111 Report (v2) or Integrated Urgent Care Report (v3), message type POCD_MT200001GB02.
 *
 * Accepts the XML text (parsed with the safe reader: no DOCTYPE, bounded size/depth/nodes) or an element
 * already parsed from an ITK payload. Throws ClinicalDocumentRejected only when there is no usable
 * document (malformed XML, DOCTYPE, not a ClinicalDocument, no id); everything else that is odd becomes a
 * warning or a section `problem`, because a partly readable referral is still worth a clinician's eyes.
 */
export function parseClinicalDocument(input: string | XmlElement, limits?: XmlLimits): ClinicalDocument {
  const root = typeof input === "string" ? parseSafely(input, limits) : input;
  if (root.local !== "ClinicalDocument" || root.ns !== NS.hl7) {
    const found = root.ns ? `{${root.ns}}${root.local}` : root.local;
    throw new ClinicalDocumentRejected("not-a-clinical-document", `Expected an HL7 ClinicalDocument (urn:hl7-org:v3) but found ${found}`);
  }
  const id = readId(hl7Child(root, "id"));
  if (!id) throw new ClinicalDocumentRejected("missing-id", "The ClinicalDocument has no id/@root, so it cannot be matched or stored");

  const warnings: string[] = [];
  const documentCode = readCode(hl7Child(root, "code")) ?? null;
  const title = cleanText(hl7Child(root, "title")) ?? null;
  const reportVersion = reportVersionOf(documentCode, title);
  if (reportVersion === "unknown") warnings.push(`Document code ${documentCode?.code ?? "(none)"} is not a known NHS 111 or IUC report code`);

  const messageTypeEl = root.children.find((c): c is XmlElement => c.kind === "element" && c.local === "messageType" && c.ns === NS.npfitlc);
  const messageType = attr(messageTypeEl, "extension") ?? null;
  if (messageType !== MESSAGE_TYPE_111_REPORT) warnings.push(`Message type is ${messageType ?? "missing"}, expected ${MESSAGE_TYPE_111_REPORT}`);

  const effectiveTime = parseHl7Time(attr(hl7Child(root, "effectiveTime"), "value"));
  if (!effectiveTime) warnings.push("The document has no effective time");
  else if (effectiveTime.problem) warnings.push(`Document time: ${effectiveTime.problem}`);

  const versionNumber = integer(attr(hl7Child(root, "versionNumber"), "value"));
  const patientRole = hl7Path(root, "recordTarget", "patientRole");
  const patient = readPatient(patientRole);
  if (!patient) warnings.push("The document has no patient (recordTarget/patientRole)");
  else {
    if (!patient.nhsNumber) warnings.push("No NHS number was sent");
    else if (patient.nhsNumber.problem) warnings.push(`NHS number ${patient.nhsNumber.value} is not usable (${patient.nhsNumber.problem})`);
    if (patient.nhsNumberConflict) warnings.push("The verified and unverified NHS numbers sent differ");
  }

  const authors = readAuthors(root);
  const custodian = readCustodian(root);
  const body = hl7Child(root, "component");
  const sections = readSections(body);
  if (!body) warnings.push("The document has no body");
  const encounter = readEncounter(hl7Path(root, "componentOf", "encompassingEncounter"));
  if (encounter?.disposition) encounter.disposition = withTimeframeFromSections(encounter.disposition, sections);
  for (const t of [encounter?.start, encounter?.end]) if (t?.problem) warnings.push(`Call time: ${t.problem}`);
  const appointmentReferences = readAppointmentReferences(body);
  for (const ref of appointmentReferences) if (ref.problem) warnings.push(ref.problem);

  return {
    id,
    setId: attr(hl7Child(root, "setId"), "root") ?? null,
    versionNumber,
    replaces: readReplaced(root),
    reportVersion,
    documentCode,
    title,
    effectiveTime,
    messageType,
    typeId: attr(hl7Child(root, "typeId"), "extension") ?? null,
    templateIds: templateIdsOf(root),
    confidentiality: attr(hl7Child(root, "confidentialityCode"), "code") ?? null,
    patient,
    registeredGp: readRegisteredGp(patientRole),
    authors,
    informants: readInformants(root),
    callBack: readCallBack(root),
    custodian,
    sender: custodian ?? authors.find((a) => a.organisation)?.organisation ?? null,
    encounter,
    appointmentReferences,
    sections,
    entryCodes: readEntryCodes(body),
    warnings,
  };
}

function parseSafely(text: string, limits?: XmlLimits): XmlElement {
  try {
    return parseXml(text, limits);
  } catch (e) {
    if (e instanceof XmlRejected) throw new ClinicalDocumentRejected(e.reason, e.message);
    throw e;
  }
}

function reportVersionOf(code: Hl7Code | null, title: string | null): ReportVersion {
  if (code?.code === DOCUMENT_CODE.nhs111ReportV2) return "nhs111-report-v2";
  if (code?.code === DOCUMENT_CODE.iucReportV3) return "iuc-report-v3";
  // One supplier sends 000000000000000 as the code; the title still says which report it is.
  if (title && /integrated urgent care report/i.test(title)) return "iuc-report-v3";
  if (title && /nhs ?111 report/i.test(title)) return "nhs111-report-v2";
  return "unknown";
}

function integer(value: string | undefined): number | null {
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

function readReplaced(root: XmlElement): ReplacedDocument | null {
  const related = hl7Children(root, "relatedDocument").find((r) => attr(r, "typeCode") === "RPLC");
  const parent = hl7Child(related, "parentDocument");
  if (!parent) return null;
  return {
    id: attr(hl7Child(parent, "id"), "root") ?? null,
    setId: attr(hl7Child(parent, "setId"), "root") ?? null,
    versionNumber: integer(attr(hl7Child(parent, "versionNumber"), "value")),
  };
}

/** A document id in the form bookings store it: trimmed, upper case (UUIDs arrive in either case). */
export function documentIdKey(id: string): string {
  return id.trim().toUpperCase();
}
