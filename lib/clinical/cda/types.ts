import type { NhsNumberProblem } from "../../nhs/nhs-number";
import type { Narrative } from "../narrative";
import type { Hl7Time } from "./hl7-time";
import type { Hl7Code, Hl7Id } from "./read-xml";

export type { Hl7Code, Hl7Id } from "./read-xml";
export type { Hl7Time } from "./hl7-time";

/** Which report: v2 "NHS 111 Report" (live), v3 "Integrated Urgent Care Report", or not recognised. */
export type ReportVersion = "nhs111-report-v2" | "iuc-report-v3" | "unknown";

export interface NhsNumberInfo {
  /** Ten digits, as sent (spaces removed). */
  value: string;
  /** From the OID: verified (PDS-traced, …2.4.1) or unverified (…18.23). */
  verified: boolean;
  verification: "verified" | "unverified";
  /** Why the value is not a usable NHS number (placeholder such as 0000000000, bad check digit), or null. */
  problem: NhsNumberProblem | null;
}

export type IdentifierKind = "nhs-number-verified" | "nhs-number-unverified" | "local" | "other";

export interface PatientIdentifier extends Hl7Id {
  kind: IdentifierKind;
  assigningAuthorityName?: string;
}

export interface PersonName {
  prefix: string[];
  given: string[];
  family: string | null;
  /** How a person would read it: "Ms Priya Anne O'Connell-Hart". */
  text: string;
}

export interface PostalAddress {
  use?: string;
  lines: string[];
  city?: string;
  postalCode?: string;
  text: string;
}

export interface Telecom {
  value: string;
  use?: string;
  kind: "phone" | "email" | "other";
  /** Without its scheme: "07700900417". */
  display: string;
}

export interface Organisation {
  odsCode: string | null;
  name: string | null;
}

export interface Patient {
  /** The NHS number to use: verified first. Null when none was sent. */
  nhsNumber: NhsNumberInfo | null;
  /** True when a verified and an unverified NHS number were both sent and differ. */
  nhsNumberConflict: boolean;
  identifiers: PatientIdentifier[];
  name: PersonName | null;
  /** "YYYY-MM-DD" as written. */
  birthDate: string | null;
  gender: { code: string | null; display: string | null; value: "male" | "female" | "not-specified" | "not-known" | null };
  addresses: PostalAddress[];
  telecoms: Telecom[];
}

export interface RegisteredGp extends Organisation {
  /** The ODS code is a "no/unknown practice" placeholder such as Z10000. */
  unknown: boolean;
}

export interface Author {
  role: string | null;
  person: string | null;
  organisation: Organisation | null;
  time: Hl7Time | null;
}

/** The person who rang 111 (the patient, a parent, a carer, a professional), from the report's informant. */
export interface Informant {
  relationship: string | null;
  name: string | null;
  telecoms: Telecom[];
  addresses: PostalAddress[];
}

/** How the ED reaches the 111 service about this call. */
export interface CallBack {
  role: string | null;
  name: string | null;
  organisation: Organisation | null;
  telecoms: Telecom[];
}

export interface Disposition {
  code: string | null;
  codeSystem: string | null;
  displayName: string | null;
  /** How soon the patient should be seen, when the disposition says ("within 1 hour" → 60). */
  timeframeMinutes: number | null;
  /** The words the timeframe was read from, e.g. "within 1 hour". */
  timeframeText: string | null;
  timeframeSource: "display" | "section" | null;
}

export interface Encounter {
  start: Hl7Time | null;
  end: Hl7Time | null;
  journeyId: string | null;
  caseReference: string | null;
  localCaseId: string | null;
  disposition: Disposition | null;
}

export interface AppointmentReference {
  /** The coded entry (COCD_TP146093GB01) or a linkHtml in a section. */
  source: "entry" | "section-link";
  /** Absolute https Appointment URL, without any /_history/ part. */
  url: string | null;
  /** The Appointment's logical id (from the URL, or the bare identifier a sender used instead). */
  appointmentId: string | null;
  /** The identifier exactly as sent (id/@extension or href). */
  raw: string;
  start: Hl7Time | null;
  location: { odsCode: string | null; name: string | null; description: string | null } | null;
  problem?: string;
}

export type SectionKind =
  | "reason-for-call"
  | "disposition"
  | "clinical-summary"
  | "assessment"
  | "care-advice"
  | "medications"
  | "allergies"
  | "safeguarding"
  | "information"
  | "permission-to-view"
  | "consent"
  | "appointment"
  | "other";

/**
 * What an allergies section says. "not-recorded" (sent empty or saying it was not recorded) is never
 * the same as "no-known-allergies" (an explicit all-clear).
 */
export type AllergyStatus = "no-known-allergies" | "recorded" | "not-recorded";

export interface ClinicalSection {
  /** Position in document order, from 0. */
  index: number;
  /** 0 for a top-level text section, 1 for a section nested in it, … */
  depth: number;
  id: string | null;
  code: Hl7Code | null;
  title: string | null;
  kind: SectionKind;
  classifiedBy: "code" | "title" | "none";
  /** Null when the section has no text, or it could not be read (see problem). */
  narrative: Narrative | null;
  plainText: string;
  allergyStatus?: AllergyStatus;
  /** Set when the section could not be read; the clinician is told rather than shown nothing. */
  problem?: string;
}

export interface ReplacedDocument {
  id: string | null;
  setId: string | null;
  versionNumber: number | null;
}

/**
 * A BaRS Flag as 111 sent it (category and code), read for the board: a safeguarding concern, the coded "no
 * safeguarding issues identified", a reasonable adjustment, rejected services, or another category shown verbatim.
 */
export interface SentFlag {
  kind: "safeguarding-concern" | "no-safeguarding-concern" | "reasonable-adjustment" | "rejected-services" | "other";
  /** The category as a person reads it ("Safeguarding Concern"), or its code when 111 sent no wording. */
  category: string;
  categoryCode: string | null;
  /** What the flag says (every coding's wording, or its text). */
  text: string;
  status: string | null;
}

export interface ClinicalDocument {
  /** Where the summary came from: a CDA report (absent) or a BaRS referral's FHIR R4 resources. */
  origin?: "bars";
  /** BaRS only: the Flags 111 sent (absent for CDA reports, which carry no Flags). */
  flags?: SentFlag[];
  /** BaRS only: where the referral stands (active, revoked, entered-in-error, completed) and when it ended. */
  referral?: { status: string; endedAt: string | null };
  id: Hl7Id;
  setId: string | null;
  versionNumber: number | null;
  /** relatedDocument[@typeCode='RPLC']/parentDocument: the report this one replaces. */
  replaces: ReplacedDocument | null;
  reportVersion: ReportVersion;
  documentCode: Hl7Code | null;
  title: string | null;
  effectiveTime: Hl7Time | null;
  messageType: string | null;
  typeId: string | null;
  templateIds: string[];
  confidentiality: string | null;
  patient: Patient | null;
  registeredGp: RegisteredGp | null;
  /** Who triaged and wrote the report (role and name). */
  authors: Author[];
  /** Who rang 111; empty when the report does not say. */
  informants: Informant[];
  /** 111's call-back number for this case; null when not sent. */
  callBack: CallBack | null;
  custodian: Organisation | null;
  /** The 111 service that sent the report: custodian first, else the first author's organisation. */
  sender: Organisation | null;
  encounter: Encounter | null;
  appointmentReferences: AppointmentReference[];
  sections: ClinicalSection[];
  /** Codes and values of the body's coded entries (discriminators, flags), for safety checks such as safeguarding. */
  entryCodes: Hl7Code[];
  /** Things a reader should know that did not stop the document being read. */
  warnings: string[];
}
