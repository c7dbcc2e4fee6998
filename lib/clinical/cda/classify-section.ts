import type { AllergyStatus, Hl7Code, SectionKind } from "./types";
import { OID } from "./vocabulary";

/**
 * What a text section is about. Codes first (IUC v3 sends SNOMED section codes), then the title, because
 * live v2 messages mostly send only titles and suppliers word them differently.
 */
const BY_SNOMED: Record<string, SectionKind> = {
  "886891000000102": "reason-for-call", // Presenting complaints or issues / Patient's Reported Condition
  "887181000000106": "clinical-summary",
  "38651000000103": "information", // Additional Patient Notes
  "913341000000104": "disposition",
  "1052951000000105": "care-advice", // Information and advice given
  "886921000000105": "allergies",
  "4281000179108": "assessment", // Triage Report (Pathways questions and answers)
  "933361000000108": "medications", // Prescribed Items
  "887031000000108": "permission-to-view",
  "749001000000101": "appointment",
};

/** NHS111AdditionalNotesType (OID …17.422). */
const BY_NOTES_TYPE: Record<string, SectionKind> = {
  PRC: "reason-for-call",
  SPN: "information",
  LAI: "information",
  OAN: "information",
  RAT: "information",
};

/** Order matters: "Information and advice given" is advice, not information. */
const BY_TITLE: Array<[RegExp, SectionKind]> = [
  [/allerg|adverse reaction/, "allergies"],
  [/safeguard|child protection|vulnerable (adult|child)/, "safeguarding"],
  [/reason for (call|contact)|reported condition|presenting complaint|chief complaint/, "reason-for-call"],
  [/disposition/, "disposition"],
  [/advice/, "care-advice"],
  [/medication|prescribed items|prescription/, "medications"],
  [/pathways assessment|triage|assessment/, "assessment"],
  [/clinical summary|consultation summary|case summary/, "clinical-summary"],
  [/permission to view/, "permission-to-view"],
  [/consent/, "consent"],
  [/appointment/, "appointment"],
  [/notes|information|repeat caller/, "information"],
];

export function normaliseTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/^componenttitle\s*-\s*/, "") // placeholder prefix in a supplier conformance template
    .replace(/[’'`]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export function classifySection(code: Hl7Code | null, title: string | null): { kind: SectionKind; classifiedBy: "code" | "title" | "none" } {
  if (code?.code) {
    const system = code.codeSystem;
    if (!system || system === OID.snomed) {
      const kind = BY_SNOMED[code.code];
      if (kind) return { kind, classifiedBy: "code" };
    }
    if (system === OID.additionalNotesType) {
      const kind = BY_NOTES_TYPE[code.code.toUpperCase()];
      if (kind) return { kind, classifiedBy: "code" };
    }
  }
  if (title) {
    const t = normaliseTitle(title);
    for (const [re, kind] of BY_TITLE) if (re.test(t)) return { kind, classifiedBy: "title" };
  }
  return { kind: "other", classifiedBy: "none" };
}

const NO_KNOWN_ALLERGIES = [
  /^no known (drug )?allerg(y|ies)( or adverse reactions?)?$/,
  /^no known (drug )?allerg(y|ies) (or|and) adverse drug reactions?$/,
  /^nka$/,
  /^nkda$/,
];

const NOT_RECORDED = [
  /^(allergies )?not (recorded|known|asked|available|stated|documented)$/,
  /^unknown$/,
  /^none recorded$/,
  /^no (information|details|data)( available| recorded)?$/,
];

/**
 * An allergies section's meaning. Only an explicit "no known allergies" (whole text, nothing else) is
 * an all-clear; empty or "not recorded" stays not-recorded; anything else is shown as recorded.
 */
export function allergyStatusOf(plainText: string): AllergyStatus {
  const t = plainText
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[.!;:,\s]+$/, "")
    .trim();
  if (t === "") return "not-recorded";
  if (NOT_RECORDED.some((re) => re.test(t))) return "not-recorded";
  if (NO_KNOWN_ALLERGIES.some((re) => re.test(t))) return "no-known-allergies";
  return "recorded";
}
