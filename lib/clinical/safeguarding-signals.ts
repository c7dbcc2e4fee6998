import type { ClinicalDocument, Hl7Code } from "./cda/types";
import { OID } from "./cda/vocabulary";

/**
 * Signs in a 111 report that the patient may be at risk. Live 111 systems send no safeguarding section
 * (none of the public samples has one): the concern shows as the Pathways disposition (Dx42 "Child
 * protection / Vulnerable adult immediate referral"), as a coded entry, or in the words of Special Patient
 * Notes and the other sections. Any one sign makes the board say "Possible safeguarding concern: read the
 * summary" — a prompt to read, never a finding. The lists and the reasons for them are in
 * docs/clinical-safety/report-routing-and-safeguarding.md.
 */

/** Pathways dispositions that are themselves a safeguarding or child-protection referral. */
export const SAFEGUARDING_DISPOSITION_CODES: ReadonlySet<string> = new Set(["DX42"]);

/**
 * SNOMED CT safeguarding findings and situations (the national BaRS safeguarding code list). A coded
 * "No safeguarding issues identified" (861931000000100) is deliberately absent: it is not a concern.
 */
export const SAFEGUARDING_SNOMED_CODES: ReadonlySet<string> = new Set([
  "836881000000105", // Child is cause for safeguarding concern
  "297591000000108", // Alleged victim of sexual assault
  "736792008", // At risk of honour based violence
  "401206008", // At risk for deliberate self harm
  "702953007", // Suspected victim of child neglect
  "702579009", // Suspected victim of sexual abuse
  "707087005", // At risk of domestic violence
  "881081000000100", // Domestic abuse victim in household
  "838481000000106", // At risk of institutional abuse
  "697951004", // Suspected victim of emotional abuse
  "697950003", // Suspected domestic abuse
  "697949003", // Suspected victim of physical abuse
  "1054321000000100", // At risk of forced marriage
  "766969008", // At risk of radicalisation
  "761571000000106", // At risk of financial abuse
  "300731000000106", // Family is cause for concern
  "878111000000109", // Unborn child is cause for safeguarding concern
  "713201008", // At risk of female genital mutilation
  "919461000000108", // At risk of sexual exploitation
  "700254002", // Suspected victim of child sexual abuse
  "700253008", // Suspected victim of sexual grooming
  "700255001", // Suspected non-accidental injury to child
  "1076171000000100", // Carer behaviour is cause for safeguarding concern
  "416936003", // At risk of physical abuse
  "766561000000109", // Adult safeguarding concern
  "417361000", // At risk of sexual abuse
  "771983008", // At risk of psychological abuse
  "771984002", // At risk of emotional abuse
  "864491000000105", // Has child subject of child protection plan
  "417427001", // At risk of discriminatory abuse
  "417430008", // Vulnerable adult
  "104586100000100", // At risk of human trafficking
  "129707006", // At risk for other-directed violence
  "375041000000100", // Family member subject of child protection plan
  "248054003", // Self-neglect
  "162596006", // Suspected victim of child abuse
  "777996001", // Alleged being subjected to abuse
]);

/**
 * Words that on their own make a reader look again. Kept short and specific: a long list of loose words
 * ("worried", "risk") would flag most reports and teach people to ignore the flag.
 */
export const SAFEGUARDING_TERMS: readonly { term: string; pattern: RegExp }[] = [
  { term: "safeguarding", pattern: /\bsafeguarding\b/ },
  { term: "child protection", pattern: /\bchild protection\b/ },
  { term: "protection plan", pattern: /\b(cp|protection) plan\b/ },
  { term: "child in need", pattern: /\bchild in need\b/ },
  { term: "looked after child", pattern: /\blooked after child(ren)?\b/ },
  { term: "vulnerable adult", pattern: /\bvulnerable (adult|child)\b/ },
  { term: "social services", pattern: /\b(social services|social worker|childrens services)\b/ },
  { term: "non-accidental injury", pattern: /\bnon accidental injur(y|ies)\b/ },
  { term: "abuse", pattern: /\b(abuse|abused|abusive)\b/ },
  { term: "domestic violence", pattern: /\bdomestic (violence|abuse)\b/ },
  { term: "neglect", pattern: /\bneglect(ed)?\b/ },
  { term: "female genital mutilation", pattern: /\b(female genital mutilation|fgm)\b/ },
  { term: "exploitation", pattern: /\b(sexual|criminal) exploitation\b|\bgrooming\b/ },
  { term: "trafficking", pattern: /\b(trafficking|trafficked|modern slavery)\b/ },
  { term: "forced marriage", pattern: /\bforced marriage\b/ },
  { term: "sexual assault", pattern: /\b(sexual assault|sexually assaulted|rape)\b/ },
];

/**
 * A term is read as negated when one of these comes at most two words before it in the same clause ("no
 * child protection concerns", "denies domestic abuse", "no evidence of neglect") or when the clause answers
 * it with a bare "none" ("Safeguarding: none"). The window is short on purpose: "could not walk after being
 * abused" must still be flagged. A clause that starts with "if" is advice, not a finding.
 */
const NEGATION_BEFORE = /\b(no|not|nil|none|never|denies|denied|without|negative for|absence of|if|unless|whether)\b(\s+\S+){0,2}\s*$/;
/** Advice rather than findings: "If you are worried about…", "Should there be any safeguarding concerns…". */
const HYPOTHETICAL_CLAUSE = /^(if|should|in case|unless)\b/;
const ANSWERED_NONE = /^\s*(concerns?|issues?|needs?)?\s*[:-]?\s*(none|nil|no|n a|not applicable|not known|none known|none identified|none raised|none reported)\s*$/;
const ANSWERED_NOT_FOUND = /^\s*(concerns?|issues?)?\s*(were|was|are|is|has been|have been)?\s*(not|never)\s+(identified|raised|reported|present|known|indicated)\b/;

export interface SafeguardingSignal {
  source: "disposition" | "coded-entry" | "text";
  /** Plain English for the clinician: what was found and where. */
  detail: string;
}

/** Lower case, letters and digits only, so "Child-Protection" and "child protection" read alike. */
function normalise(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’'`]/g, "")
    .replace(/[^a-z0-9:;.,!?\n-]+/g, " ")
    .replace(/-/g, " ");
}

/** Clauses: sentence ends, line breaks, semicolons and turns such as "but", "however", "apart from". */
function clauses(text: string): string[] {
  return normalise(text)
    .split(/[.;!?\n]+|,\s*(?=but\b|however\b|although\b)|\b(?:but|however|although|except|apart from|other than)\b/)
    .map((c) => c.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

/** The safeguarding terms a text mentions in earnest (not negated, not hypothetical). */
export function safeguardingTermsIn(text: string): string[] {
  const found = new Set<string>();
  for (const clause of clauses(text)) {
    if (HYPOTHETICAL_CLAUSE.test(clause)) continue;
    for (const { term, pattern } of SAFEGUARDING_TERMS) {
      const global = new RegExp(pattern.source, "g");
      for (const m of clause.matchAll(global)) {
        const before = clause.slice(0, m.index);
        const after = clause.slice(m.index + m[0].length);
        const negated = NEGATION_BEFORE.test(before) || ANSWERED_NONE.test(after) || ANSWERED_NOT_FOUND.test(after);
        if (!negated) found.add(term);
      }
    }
  }
  return [...found];
}

function isSafeguardingCode(c: Hl7Code): boolean {
  return !!c.code && (!c.codeSystem || c.codeSystem === OID.snomed) && SAFEGUARDING_SNOMED_CODES.has(c.code);
}

/** Every sign of a possible safeguarding concern in the report, each said once. */
export function safeguardingSignals(doc: Pick<ClinicalDocument, "encounter" | "sections" | "entryCodes">): SafeguardingSignal[] {
  const out: SafeguardingSignal[] = [];
  const d = doc.encounter?.disposition;
  if (d) {
    const label = `${d.displayName ?? "Disposition"}${d.code ? ` (${d.code})` : ""}`;
    if (d.code && SAFEGUARDING_DISPOSITION_CODES.has(d.code.trim().toUpperCase())) out.push({ source: "disposition", detail: `111 disposition: ${label}` });
    else if (d.displayName && safeguardingTermsIn(d.displayName).length) out.push({ source: "disposition", detail: `111 disposition: ${label}` });
  }
  for (const c of doc.entryCodes ?? []) {
    if (isSafeguardingCode(c)) out.push({ source: "coded-entry", detail: `Coded in the report: ${c.displayName ?? `SNOMED ${c.code}`}` });
  }
  for (const s of doc.sections) {
    if (s.kind === "safeguarding") continue; // A safeguarding section is read on its own terms (document-summary.ts).
    const terms = safeguardingTermsIn(s.plainText);
    if (terms.length) out.push({ source: "text", detail: `${s.title ?? "Untitled section"} mentions ${terms.map((t) => `“${t}”`).join(", ")}` });
  }
  return out.filter((s, i) => out.findIndex((o) => o.detail === s.detail) === i);
}
